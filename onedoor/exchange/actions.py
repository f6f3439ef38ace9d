"""Writes of the exchange: verifications with their log, connector settings, deep links."""

import logging
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onedoor.core.actions import raise_alert
from onedoor.core.audit import actor_label, record_event
from onedoor.core.errors import DomainError, ErrorCode
from onedoor.exchange.connectors import connectors
from onedoor.exchange.models import ConnectorConfig, DeepLink, ExchangeLog
from onedoor.exchange.queries import get_connector_settings
from onedoor.exchange.services.breaker import breaker_for
from onedoor.exchange.services.verification import (
    Answer,
    FactRequest,
    Outcome,
    Question,
    ask_systems,
    check_purpose,
    check_request,
)
from onedoor.registry.models import DataAccess, Organisation, Person

logger = logging.getLogger(__name__)

DEMO_CLIENT = "onedoor"
CONFIG_FIELDS = ("base_url", "credentials", "timeout_seconds", "enabled")


def verify(
    subject: str,
    fact: str,
    params: dict[str, Any] | None = None,
    *,
    purpose: str,
    requester: Any,
    case_number: str = "",
) -> Answer:
    """Ask the fact's department system whether ``fact`` holds for ``subject``; log it."""
    request = FactRequest(subject, fact, dict(params or {}))
    return verify_many([request], purpose=purpose, requester=requester, case_number=case_number)[0]


def verify_many(
    requests: Sequence[FactRequest],
    *,
    purpose: str,
    requester: Any,
    case_number: str = "",
    registered: Sequence[Person | Organisation] = (),
) -> list[Answer]:
    """Ask every question at once, in parallel; one answer per request, in order.

    Refuses a bad request (``unknown_fact``, ``invalid_id_number``, ``invalid_uscc``,
    ``invalid_input``) before asking anything. A system that cannot answer gives "unknown".
    Each verification writes one exchange-log row, and one data-access row when its subject is
    in the person or organisation registry, so that the person sees who verified what and why.
    Call it outside a long transaction: the answers can take up to the systems' timeout.
    ``registered``: subjects the caller has already read from the registry (a case's
    parties), whose ids are not looked up again.
    """
    case_number = (case_number or "").strip()
    purpose = check_purpose(purpose, case_number)
    questions = [check_request(request) for request in requests]
    if not questions:
        return []
    outcomes = ask_systems(questions, get_connector_settings({q.source for q in questions}))
    log_verifications(
        questions,
        outcomes,
        purpose=purpose,
        requester=requester,
        case_number=case_number,
        registered=registered,
    )
    opened = {q.source for q, o in zip(questions, outcomes, strict=True) if o.opened_circuit}
    for system in sorted(opened):
        _alert_circuit_open(system)
    return [outcome.answer for outcome in outcomes]


def log_verifications(
    questions: Sequence[Question],
    outcomes: Sequence[Outcome],
    *,
    purpose: str,
    requester: Any,
    case_number: str = "",
    registered: Sequence[Person | Organisation] = (),
) -> None:
    """Write the exchange-log rows (one insert) and the data-access rows (one insert).

    The exchange log is itself the trail of verifications, so no audit event is written beside
    it: an event per question would double the cost of every case submission. The rows go in
    as plain multi-row INSERTs with statements compiled once per process: this runs on every
    case submission, and compiling the ORM's bulk inserts costs more than the database work.
    """
    accessor = actor_label(requester)[:120]
    at = connection.ops.adapt_datetimefield_value(timezone.now())
    persons, organisations = _registered_ids(questions, registered)
    log_rows, access_rows = [], []
    for question, outcome in zip(questions, outcomes, strict=True):
        answer = outcome.answer
        log_rows.append(
            (at, question.source, question.fact.code, question.subject, accessor, purpose,
             case_number, answer.answer, answer.latency_ms, answer.cached, outcome.request_hash,
             outcome.response_hash, answer.error)
        )  # fmt: skip
        person_id = persons.get(question.subject)
        organisation_id = organisations.get(question.subject)
        if person_id is not None or organisation_id is not None:
            detail = _detail(question)[:200]
            access_rows.append(
                (person_id, organisation_id, accessor, "verify", purpose, detail, at)
            )
    own_transaction = not connection.in_atomic_block
    if own_transaction and _log_in_one_round_trip(log_rows, access_rows):
        return
    with transaction.atomic():
        if own_transaction and connection.vendor == "postgresql":
            # Waiting for the WAL flush would cost more than everything else here. The rows
            # still become durable with the next synchronous commit (a case submission's, right
            # after), and a crash can lose at most the last fraction of a second of them.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        _insert(ExchangeLog, LOG_COLUMNS, log_rows)
        _insert(DataAccess, ACCESS_COLUMNS, access_rows)


LOG_COLUMNS = ("at", "system", "fact", "subject", "requester", "purpose", "case_number", "answer",
               "latency_ms", "cached", "request_hash", "response_hash", "error")  # fmt: skip
ACCESS_COLUMNS = ("person", "organisation", "accessor", "action", "purpose", "detail", "at")


# Rows per INSERT statement: well inside every database's limit on parameters.
_ROWS_PER_INSERT = 500


def _insert(
    model: type[models.Model], fields: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    """One multi-row INSERT (per 500 rows)."""
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _ROWS_PER_INSERT):
            chunk = rows[start : start + _ROWS_PER_INSERT]
            cursor.execute(
                _insert_sql(model, fields, len(chunk)), [v for row in chunk for v in row]
            )


@lru_cache(maxsize=64)
def _insert_sql(model: type[models.Model], fields: tuple[str, ...], rows: int) -> str:
    quote = connection.ops.quote_name
    concrete = [model._meta.get_field(name) for name in fields]
    columns = ", ".join(quote(str(field.column)) for field in concrete)  # type: ignore[union-attr]  # concrete fields only
    values = ", ".join(["(" + ", ".join(["%s"] * len(fields)) + ")"] * rows)
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES {values}"  # noqa: S608  # names from the model, values are parameters


def _log_in_one_round_trip(
    log_rows: list[tuple[Any, ...]], access_rows: list[tuple[Any, ...]]
) -> bool:
    """On PostgreSQL, send ``SET LOCAL`` and both inserts as one simple query, which runs as
    one implicit transaction (one round trip instead of five); False where that cannot be."""
    if connection.vendor != "postgresql" or max(len(log_rows), len(access_rows)) > _ROWS_PER_INSERT:
        return False
    from psycopg import ClientCursor  # PostgreSQL's driver, present when it is the database

    statements = ["SET LOCAL synchronous_commit TO OFF"]
    params: list[Any] = []
    for model, fields, rows in (
        (ExchangeLog, LOG_COLUMNS, log_rows),
        (DataAccess, ACCESS_COLUMNS, access_rows),
    ):
        if rows:
            statements.append(_insert_sql(model, fields, len(rows)))
            params.extend(v for row in rows for v in row)
    with connection.cursor() as cursor:
        if not isinstance(cursor.cursor, ClientCursor):
            return False
        cursor.execute("; ".join(statements), params)
    return True


def _registered_ids(
    questions: Sequence[Question], registered: Sequence[Person | Organisation] = ()
) -> tuple[dict[str, int], dict[str, int]]:
    """The registry ids of the subjects that are registered persons and organisations."""
    found: dict[str, dict[str, int]] = {"p": {}, "o": {}}
    for party in registered:
        if isinstance(party, Person):
            found["p"][party.id_number] = party.pk
        else:
            found["o"][party.uscc] = party.pk
    persons = sorted({q.subject for q in questions if q.holder == "person"} - found["p"].keys())
    organisations = sorted(
        {q.subject for q in questions if q.holder == "organisation"} - found["o"].keys()
    )
    if persons or organisations:
        with connection.cursor() as cursor:
            sql = _lookup_sql(len(persons), len(organisations))
            cursor.execute(sql, [*persons, *organisations])
            rows = cursor.fetchall()
        for kind, code, pk in rows:
            found[kind][code] = pk
    return found["p"], found["o"]


@lru_cache(maxsize=64)
def _lookup_sql(persons: int, organisations: int) -> str:
    quote = connection.ops.quote_name
    parts = []
    if persons:
        parts.append(
            f"SELECT 'p', id_number, id FROM {quote(Person._meta.db_table)} "  # noqa: S608  # table name from the model
            f"WHERE id_number IN ({', '.join(['%s'] * persons)})"
        )
    if organisations:
        parts.append(
            f"SELECT 'o', uscc, id FROM {quote(Organisation._meta.db_table)} "  # noqa: S608  # table name from the model
            f"WHERE uscc IN ({', '.join(['%s'] * organisations)})"
        )
    return " UNION ALL ".join(parts)


def _detail(question: Question) -> str:
    params = " ".join(f"{name}={value}" for name, value in sorted(question.params.items()))
    return f"{question.fact.code} {params}".strip()


def _alert_circuit_open(system: str) -> None:
    raise_alert(
        key=f"exchange.circuit_open:{system}",
        kind="exchange_circuit_open",
        message=str(
            _("部门系统 %(system)s 连续失败，已暂停调用；恢复后自动重试。") % {"system": system}
        ),
    )


def ensure_default_connectors(
    base_url: str | None = None, *, actor: Any = "system"
) -> list[ConnectorConfig]:
    """Create the missing connector settings with the sandbox's demo values; returns those made.

    Each system answers under ``<base_url>/<code>`` with the demo client ``onedoor`` and the key
    ``onedoor-<code>-demo-key`` (docs/sandbox.md). Rows that exist are left as they are.
    """
    base = (base_url or settings.SANDBOX_URL).rstrip("/")
    created = []
    with transaction.atomic():
        existing = set(ConnectorConfig.objects.values_list("system", flat=True))
        for connector in connectors:
            code = connector.plugin_id
            if code in existing:
                continue
            config, made = ConnectorConfig.objects.get_or_create(
                system=code,
                defaults={
                    "base_url": f"{base}/{code}",
                    "credentials": connector.demo_credentials(
                        DEMO_CLIENT, f"{DEMO_CLIENT}-{code}-demo-key"
                    ),
                },
            )
            if made:
                created.append(config)
        if created:
            record_event(
                actor=actor,
                action="exchange.connectors_created",
                object_type="exchange.connectorconfig",
                object_id=",".join(c.system for c in created),
                payload={"systems": [c.system for c in created], "base_url": base},
            )
    return created


def configure_connector(
    *,
    actor: Any,
    system: str,
    base_url: str,
    credentials: dict[str, Any],
    timeout_seconds: float,
    enabled: bool,
) -> ConnectorConfig:
    """Create or change a system's connector settings; its circuit closes so calls resume.

    The audit event names the fields that changed, never the credentials' values.
    """
    if system not in connectors:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("没有这个部门系统的接口：%(system)s") % {"system": system},
            details={"fields": {"system": "unknown"}},
        )
    values = {
        "base_url": (base_url or "").strip(),
        "credentials": {str(k): str(v) for k, v in (credentials or {}).items()},
        "timeout_seconds": float(timeout_seconds),
        "enabled": bool(enabled),
    }
    with transaction.atomic():
        config = ConnectorConfig.objects.select_for_update().filter(system=system).first()
        created = config is None
        config = config or ConnectorConfig(system=system)
        changed = [name for name in CONFIG_FIELDS if getattr(config, name) != values[name]]
        for name in changed:
            setattr(config, name, values[name])
        _check_valid(config)
        if created or changed:
            config.save()
            record_event(
                actor=actor,
                action="exchange.connector_configured",
                obj=config,
                payload={"fields": changed, "created": created, "enabled": config.enabled},
            )
        transaction.on_commit(breaker_for(system).reset)
    return config


def _check_valid(obj: ConnectorConfig | DeepLink) -> None:
    try:
        obj.full_clean()
    except ValidationError as error:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("配置不正确。"),
            details={"fields": {k: "; ".join(map(str, v)) for k, v in error.message_dict.items()}},
        ) from None


def save_deep_link(*, actor: Any, link: DeepLink) -> DeepLink:
    """Create or change a deep link into a higher-level system."""
    with transaction.atomic():
        created = link.pk is None
        _check_valid(link)
        link.save()
        record_event(
            actor=actor,
            action="exchange.deep_link_saved",
            obj=link,
            payload={"created": created, "url": link.url, "matters": link.matters},
        )
    return link


def delete_deep_link(*, actor: Any, link: DeepLink) -> None:
    with transaction.atomic():
        record_event(
            actor=actor,
            action="exchange.deep_link_deleted",
            obj=link,
            payload={"name": link.name, "url": link.url},
        )
        link.delete()
