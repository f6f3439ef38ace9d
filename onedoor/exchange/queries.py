"""Reads of the exchange: connector settings, the exchange log, deep links, systems' health."""

import datetime as dt
import json
from collections.abc import Iterable
from concurrent.futures import wait
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onedoor.accounts.models import Role, User
from onedoor.catalog.models import MatterVersion
from onedoor.core.db import repeating_cursor
from onedoor.core.errors import PermissionDenied
from onedoor.core.plugins import ConfigProblem
from onedoor.exchange.choices import AnswerValue, ErrorKind, System
from onedoor.exchange.connectors import ConnectorSettings, ExchangeFailure, connectors
from onedoor.exchange.connectors.base import problem_for
from onedoor.exchange.models import ConnectorConfig, DeepLink, ExchangeLog
from onedoor.exchange.services.breaker import BreakerStatus, breaker_for
from onedoor.exchange.services.pool import executor
from onedoor.registry.queries import is_staff_user

# The window of recent calls the health page sums up.
RECENT = dt.timedelta(hours=1)


def get_connector_settings(systems: Iterable[str] | None = None) -> dict[str, ConnectorSettings]:
    """The stored settings of these systems (all when None), by code, in one query."""
    wanted = None if systems is None else sorted(set(systems))
    if wanted == []:
        return {}
    with repeating_cursor() as cursor:
        cursor.execute(_settings_sql(None if wanted is None else len(wanted)), wanted or [])
        rows = cursor.fetchall()
    return {
        system: ConnectorSettings(
            system=system,
            base_url=base_url,
            credentials=dict((json.loads(stored) if isinstance(stored, str) else stored) or {}),
            timeout_seconds=timeout_seconds,
            enabled=bool(enabled),
        )
        for system, base_url, stored, timeout_seconds, enabled in rows
    }


@lru_cache(maxsize=16)
def _settings_sql(systems: int | None) -> str:
    # Plain SQL, prepared: every verification reads these few columns.
    table = ConnectorConfig._meta.db_table
    where = "" if systems is None else f" WHERE system IN ({', '.join(['%s'] * systems)})"
    return (
        f"SELECT system, base_url, credentials, timeout_seconds, enabled FROM {table}{where} "  # noqa: S608  # names from the model
        "ORDER BY system"
    )


def check_can_verify(user: Any) -> None:
    """Only staff ask department systems; raises ``permission_denied`` otherwise."""
    if not is_staff_user(user):
        raise PermissionDenied(_("只有工作人员可以核验部门系统的数据。"))


def is_supervisor(user: Any) -> bool:
    return (
        isinstance(user, User)
        and user.is_active
        and (user.is_superuser or user.has_role(Role.SUPERVISOR))
    )


def check_can_read_exchange_log(user: Any, *, case: str = "") -> None:
    """Any staff member may read one case's verifications; everything else is supervisors'."""
    if is_supervisor(user):  # loads the role grants once, for is_staff_user too
        return
    if not is_staff_user(user):
        raise PermissionDenied(_("只有工作人员可以查看交换日志。"))
    if not case:
        raise PermissionDenied(_("请按办件编号查询；查看全部交换日志须为监察人员。"))


def get_exchange_log(
    user: Any, *, case: str = "", subject: str = "", limit: int = 50, offset: int = 0
) -> tuple[int, list[ExchangeLog]]:
    """Verifications, newest first, filtered by case and subject: (total, one page)."""
    case, subject = case.strip(), "".join(subject.split()).upper()
    check_can_read_exchange_log(user, case=case)
    entries = ExchangeLog.objects.all()
    if case:
        entries = entries.filter(case_number=case)
    if subject:
        entries = entries.filter(subject=subject)
    return entries.count(), list(entries.order_by("-at", "-id")[offset : offset + limit])


def deep_links_for(matter_code: str) -> list[DeepLink]:
    """The deep links a clerk sees on a matter's screens: the matter's own and its department's."""
    departments = set(
        MatterVersion.objects.filter(matter__code=matter_code).values_list(
            "department__code", flat=True
        )
    )
    links = DeepLink.objects.select_related("department")
    return [link for link in links if link.applies_to(matter_code, departments)]


@dataclass(frozen=True, slots=True)
class RecentCalls:
    calls: int = 0
    unknown: int = 0
    average_latency_ms: int | None = None


@dataclass(frozen=True, slots=True)
class SystemHealth:
    system: str
    name: str
    facts: list[str]
    configured: bool
    enabled: bool
    base_url: str
    timeout_seconds: float | None
    problems: list[ConfigProblem]
    circuit: BreakerStatus
    recent: RecentCalls = field(default_factory=RecentCalls)

    @property
    def healthy(self) -> bool:
        return self.configured and self.enabled and not self.problems


def get_systems_health(*, probe: bool = True) -> list[SystemHealth]:
    """Every department system: its configuration, a live probe, its circuit, its last hour.

    Two queries; the probes run in parallel, each within its system's timeout.
    """
    configs = get_connector_settings()
    recent = _recent_calls()
    problems = _probe_all(configs) if probe else {}
    report = []
    for code in connectors.ids():
        connector, config = connectors.get(code), configs.get(code)
        found = problems.get(code, [])
        if config is None:
            found = [
                ConfigProblem(str(_("尚未配置该系统的接口")), str(_("在管理后台添加接口配置")))
            ]
        report.append(
            SystemHealth(
                system=code,
                name=str(System(code).label)
                if code in System.values
                else str(connector.verbose_name),
                facts=sorted(connector.facts),
                configured=config is not None,
                enabled=config is not None and config.enabled,
                base_url=config.base_url if config else "",
                timeout_seconds=config.timeout_seconds if config else None,
                problems=found,
                circuit=breaker_for(code).status(),
                recent=recent.get(code, RecentCalls()),
            )
        )
    return report


def _probe_all(configs: dict[str, ConnectorSettings]) -> dict[str, list[ConfigProblem]]:
    futures = {
        code: executor().submit(connectors.get(code).check, config)
        for code, config in configs.items()
        if code in connectors
    }
    longest = max((c.timeout_seconds for c in configs.values()), default=0.0)
    wait(futures.values(), timeout=longest + 1.0)
    report = {}
    for code, future in futures.items():
        if not future.done():
            report[code] = [problem_for(ExchangeFailure(ErrorKind.TIMEOUT))]
        elif future.exception() is not None:
            report[code] = [ConfigProblem(f"check failed: {type(future.exception()).__name__}")]
        else:
            report[code] = future.result()
    return report


def _recent_calls() -> dict[str, RecentCalls]:
    since = timezone.now() - RECENT
    rows = (
        ExchangeLog.objects.filter(at__gte=since)
        .values("system")
        .annotate(
            calls=Count("id"),
            unknown=Count("id", filter=Q(answer=AnswerValue.UNKNOWN)),
            latency=Avg("latency_ms", filter=Q(cached=False)),
        )
        .order_by()
    )
    return {
        row["system"]: RecentCalls(
            row["calls"], row["unknown"], None if row["latency"] is None else round(row["latency"])
        )
        for row in rows
    }
