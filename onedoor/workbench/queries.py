"""What the workbench screens read, composed from the domain apps' queries.

Nothing here writes a domain row; reading a person's or an organisation's data goes through the
registry's permission getters, which log the read with its purpose.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onedoor.accounts.models import Role, User
from onedoor.cases.choices import (
    OPEN_STATUSES,
    CaseStatus,
    ClockColor,
    CommitmentKind,
    Decision,
    MaterialState,
    Outcome,
    TaskDecision,
    TaskStatus,
)
from onedoor.cases.models import Case, CaseMaterial, ReviewTask
from onedoor.cases.queries import (
    case_events,
    cases_of_person,
    clock_of,
    masked_actor,
    open_tasks_for,
)
from onedoor.cases.services.clock import ClockView
from onedoor.catalog.models import MatterFormField
from onedoor.catalog.queries import get_bundle, get_guide
from onedoor.core.identifiers import (
    check_id_number,
    check_uscc,
    mask_id_number,
    normalize_uscc,
    parse_id_number,
)
from onedoor.counter.models import ServicePoint
from onedoor.credit.queries import is_blacklisted
from onedoor.licences.choices import LicenceStatus
from onedoor.licences.models import Licence
from onedoor.licences.queries import get_wallet
from onedoor.registry.models import Organisation, Person
from onedoor.registry.queries import (
    RelatedPerson,
    access_organisation,
    access_person,
    age_on,
    get_person_organisations,
    get_relations,
)

ADULT_AGE = 18
EXPIRING_DAYS = 30
WINDOW_PURPOSE = "窗口受理"  # the purpose logged for every read at the window (registry log)


# ------------------------------------------------------------------ the applicant at the window


@dataclass(frozen=True, slots=True)
class ApplicantRef:
    """Who stands at the window, as kept in the clerk's session between screens."""

    kind: str  # person or organisation
    code: str  # ID number or USCC
    name: str = ""  # for a person not yet in the registry

    def as_session(self) -> dict[str, str]:
        return {"kind": self.kind, "code": self.code, "name": self.name}

    @classmethod
    def from_session(cls, value: Any) -> "ApplicantRef | None":
        if not isinstance(value, dict) or value.get("kind") not in ("person", "organisation"):
            return None
        return cls(str(value["kind"]), str(value.get("code", "")), str(value.get("name", "")))

    @property
    def masked(self) -> str:
        return mask_id_number(self.code) if self.kind == "person" else self.code


def identify(raw: str, name: str = "") -> ApplicantRef:
    """The applicant named by an ID number or a USCC; raises ``invalid_id_number`` (or
    ``invalid_uscc`` when the text has letters, as only a credit code has) when neither."""
    text = "".join(raw.split()).upper()
    parsed = parse_id_number(text)
    if parsed is not None:
        return ApplicantRef("person", parsed.value, name.strip()[:60])
    uscc = normalize_uscc(text)
    if uscc is not None:
        return ApplicantRef("organisation", uscc)
    if any(char.isalpha() for char in text[:-1]):
        check_uscc(text)
    check_id_number(text)
    raise AssertionError("check_id_number raises on what parse_id_number refused")


@dataclass
class Vault:
    """What the platform holds for the applicant (私人数据库), as the window clerk sees it."""

    ref: ApplicantRef
    person: Person | None = None
    organisation: Organisation | None = None
    age: int | None = None
    relations: list[RelatedPerson] = field(default_factory=list)
    organisations: list[Any] = field(default_factory=list)
    licences: list[Licence] = field(default_factory=list)
    open_cases: list[Case] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)

    @property
    def registered(self) -> bool:
        return self.person is not None or self.organisation is not None

    @property
    def name(self) -> str:
        holder = self.person or self.organisation
        return holder.name if holder is not None else self.ref.name

    @property
    def is_minor(self) -> bool:
        return self.age is not None and self.age < ADULT_AGE

    @property
    def guardians(self) -> list[RelatedPerson]:
        return [r for r in self.relations if r.kind == "guardian"]

    @property
    def suggested_agent(self) -> str:
        """The ID number to prefill as agent: a minor's guardian, a firm's legal representative."""
        if self.organisation is not None and self.organisation.legal_representative:
            return self.organisation.legal_representative.id_number
        if self.is_minor and self.guardians:
            return self.guardians[0].id_number
        return ""


def read_vault(user: User, ref: ApplicantRef, *, purpose: str = WINDOW_PURPOSE) -> Vault:
    """The applicant's vault; the read is logged with ``purpose``. A person not yet registered
    gives an empty vault (registered on their first submission)."""
    vault = Vault(ref)
    today = timezone.localdate()
    if ref.kind == "organisation":
        organisation = access_organisation(user, ref.code, purpose=purpose)
        vault.organisation = organisation
        vault.licences = list(
            Licence.objects.with_relations().filter(holder_organisation=organisation)
        )
        vault.open_cases = list(
            Case.objects.open().filter(applicant_organisation=organisation).order_by("deadline")
        )
    else:
        person = Person.objects.filter(id_number=ref.code).first()
        if person is None:
            vault.age = age_on(check_id_number(ref.code).birth_date, today)
            return vault
        person = access_person(user, ref.code, purpose=purpose)
        vault.person = person
        vault.age = age_on(person.birth_date, today)
        vault.relations = get_relations(person)
        vault.organisations = get_person_organisations(person)
        vault.licences = list(get_wallet(person))
        vault.open_cases = list(cases_of_person(person).filter(status__in=OPEN_STATUSES))
    vault.alerts = _alerts(vault, today)
    return vault


def _alerts(vault: Vault, today: dt.date) -> list[str]:
    subject = vault.person or vault.organisation
    assert subject is not None
    alerts = []
    if is_blacklisted(subject, on=today):
        alerts.append(_("列入严重失信名单：不适用容缺受理和告知承诺。"))
    for case in vault.open_cases:
        if case.status == CaseStatus.RETURNED:
            alerts.append(_("办件 %(number)s 已退回补正，待补正材料。") % {"number": case.number})
    due = CaseMaterial.objects.filter(
        case__in=[c.pk for c in vault.open_cases],
        state=MaterialState.COMMITMENT,
        commitment=CommitmentKind.TOLERANT,
    ).select_related("case")
    for material in due:
        alerts.append(
            _("办件 %(number)s 容缺材料“%(name)s”须于 %(due)s 前补交。")
            % {
                "number": material.case.number,
                "name": material.name,
                "due": material.due.isoformat() if material.due else "—",
            }
        )
    soon = today + dt.timedelta(days=EXPIRING_DAYS)
    for licence in vault.licences:
        if licence.status == LicenceStatus.VALID and licence.valid_until:
            if licence.valid_until < today:
                alerts.append(_("%(name)s 已过期。") % {"name": licence.licence_type.name})
            elif licence.valid_until <= soon:
                alerts.append(
                    _("%(name)s 将于 %(day)s 到期。")
                    % {"name": licence.licence_type.name, "day": licence.valid_until.isoformat()}
                )
    return alerts


def clerk_service_point(user: User) -> ServicePoint | None:
    """The service point where the clerk works (their clerk role's), if any."""
    for grant in user.role_grants():
        if grant.role == Role.CLERK and grant.service_point is not None:
            return grant.service_point
    return None


# ------------------------------------------------------------------ the checklist screen


@dataclass(frozen=True, slots=True)
class WindowMaterial:
    code: str
    name: str
    key: bool
    licence_type: str | None
    verifiable: bool
    accepts_commitment: bool
    description: str
    copies: int
    original_required: bool

    @property
    def commitment_allowed(self) -> bool:
        """Non-key materials may follow later (容缺); key ones only under notify-and-commit."""
        return not self.key or self.accepts_commitment


@dataclass(frozen=True, slots=True)
class WindowField:
    name: str
    label: str
    type: str
    required: bool
    choices: list[tuple[str, str]]
    min: Any
    max: Any
    max_length: int | None


@dataclass
class WindowApplication:
    """A matter or a bundle as the window accepts it: one checklist and one form."""

    code: str
    name: str
    is_bundle: bool
    audience: str
    instant: bool
    promised_days: int
    departments: list[str]
    matter_codes: list[str]
    materials: list[WindowMaterial]
    fields: list[WindowField]


def _field(f: Any) -> WindowField:
    choices = [(str(c["value"]), str(c.get("label") or c["value"])) for c in f.choices or ()]
    return WindowField(f.name, f.label, f.type, f.required, choices, f.min, f.max, f.max_length)


def window_application(code: str, *, bundle: bool = False) -> WindowApplication:
    """The checklist and form of the matter (or bundle) ``code`` in force; 404 when none."""
    if bundle:
        guide = get_bundle(code)
        materials = [
            WindowMaterial(
                code=m.code,
                name=m.name,
                key=m.key,
                licence_type=m.licence_type,
                verifiable=m.verifiable,
                accepts_commitment=m.accepts_commitment,
                description=m.description,
                copies=m.copies,
                original_required=m.original_required,
            )
            for m in guide.materials
        ]
        return WindowApplication(
            code=guide.bundle.code,
            name=guide.bundle.name,
            is_bundle=True,
            audience=guide.bundle.audience,
            instant=guide.instant,
            promised_days=guide.promised_days,
            departments=list(dict.fromkeys(m.version.department.name for m in guide.members)),
            matter_codes=[m.matter_code for m in guide.members],
            materials=materials,
            fields=[_field(f) for f in guide.form],
        )
    content = get_guide(code)
    version = content.version
    return WindowApplication(
        code=content.matter_code,
        name=version.name,
        is_bundle=False,
        audience=version.audience,
        instant=version.instant,
        promised_days=version.promised_days,
        departments=[version.department.name],
        matter_codes=[content.matter_code],
        materials=[
            WindowMaterial(
                code=m.code,
                name=m.name,
                key=m.key,
                licence_type=m.licence_type.code if m.licence_type else None,
                verifiable=bool(m.verification),
                accepts_commitment=m.accepts_commitment,
                description=m.description,
                copies=m.copies,
                original_required=m.original_required,
            )
            for m in content.materials
        ],
        fields=[_field(f) for f in content.form_fields],
    )


def licences_on_file(holders: list[Person | Organisation], types: set[str]) -> dict[str, str]:
    """Licence type → number of a valid licence one of ``holders`` has (what reuse will take)."""
    holder_q = Q()
    for holder in holders:
        if isinstance(holder, Person):
            holder_q |= Q(holder_person=holder)
        else:
            holder_q |= Q(holder_organisation=holder)
    if not types or not holders:
        return {}
    today = timezone.localdate()
    rows = (
        Licence.objects.filter(holder_q, licence_type__code__in=types, status=LicenceStatus.VALID)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .order_by("issued_at")
        .values_list("licence_type__code", "number")
    )
    return dict(rows)


# ------------------------------------------------------------------ the approver's inbox


@dataclass(frozen=True, slots=True)
class InboxRow:
    task: ReviewTask
    clock: ClockView

    @property
    def case(self) -> Case:
        return self.task.case


def inbox_tasks(user: User, *, status: str = TaskStatus.OPEN, matter: str = "") -> QuerySet[Any]:
    """The department's tasks (open, or decided), soonest deadline first."""
    tasks = open_tasks_for(user, status=status).select_related(
        "case__applicant_person", "case__applicant_organisation"
    )
    if matter:
        tasks = tasks.filter(case__code=matter)
    return tasks.order_by(F("case__deadline").asc(nulls_last=True), "created_at", "id")


def inbox_rows(tasks: Any, colour: str = "") -> list[InboxRow]:
    """Tasks with their case's clock, keeping only ``colour`` when one is asked for."""
    rows = [InboxRow(task, clock_of(task.case)) for task in tasks]
    if colour in ClockColor.values:
        rows = [row for row in rows if row.clock.color == colour]
    return rows


def inbox_matters(user: User) -> list[tuple[str, str]]:
    """The matters that appear in the user's inbox, for its filter."""
    rows = (
        open_tasks_for(user, status=TaskStatus.OPEN)
        .order_by()
        .values_list("case__code", "case__name")
        .distinct()
    )
    return sorted(set(rows))


def home_counts(user: User, point: ServicePoint | None) -> dict[str, int]:
    """My open review tasks and today's cases at my service point."""
    counts = {"open_tasks": 0, "cases_today": 0}
    if user.has_role(Role.APPROVER):
        counts["open_tasks"] = open_tasks_for(user).count()
    if point is not None:
        today = timezone.localdate()
        start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
        counts["cases_today"] = Case.objects.filter(
            service_point=point, submitted_at__gte=start
        ).count()
    return counts


def form_labels(case: Case) -> dict[str, tuple[str, dict[str, str]]]:
    """Field name → (label, choice labels) for the matters of a case, in one query."""
    if case.matter_version_id:
        fields = MatterFormField.objects.filter(version_id=case.matter_version_id)
    else:
        codes = [m["code"] for m in case.members]
        fields = MatterFormField.objects.filter(version__matter__code__in=codes)
    labels: dict[str, tuple[str, dict[str, str]]] = {}
    for f in fields.only("name", "label", "choices"):
        choices = {str(c["value"]): str(c.get("label") or c["value"]) for c in f.choices or ()}
        labels.setdefault(f.name, (f.label, choices))
    return labels


def is_registered(ref: ApplicantRef) -> bool:
    """Whether the registry knows the applicant (a new person is registered on submission)."""
    if ref.kind == "organisation":
        return Organisation.objects.filter(uscc=ref.code).exists()
    return Person.objects.filter(id_number=ref.code).exists()


# ------------------------------------------------------------------ the case page


_EVENT_LABELS = {
    "case.submitted": gettext_lazy("提交申请"),
    "case.accepted": gettext_lazy("受理"),
    "case.decided": gettext_lazy("办结"),
    "case.task_claimed": gettext_lazy("认领审查任务"),
    "case.task_decided": gettext_lazy("作出审查决定"),
    "case.stage_passed": gettext_lazy("审查环节通过"),
    "case.returned": gettext_lazy("退回补正"),
    "case.supplemented": gettext_lazy("补正材料"),
    "case.awaiting_materials": gettext_lazy("等待容缺材料"),
    "case.delivered": gettext_lazy("出件"),
    "case.withdrawn": gettext_lazy("撤回申请"),
}


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    at: dt.datetime
    label: str
    actor: str
    detail: str
    channel: str


def _event_detail(action: str, payload: dict[str, Any], departments: dict[str, str]) -> str:
    department = departments.get(str(payload.get("department", "")), "")
    if action == "case.submitted":
        return str(Outcome(payload["outcome"]).label) if payload.get("outcome") else ""
    if action == "case.task_decided":
        decision = payload.get("decision", "")
        label = TaskDecision(decision).label if decision in TaskDecision.values else decision
        return f"{department} {label}".strip()
    if action == "case.decided":
        decision = payload.get("decision", "")
        return str(Decision(decision).label) if decision in Decision.values else ""
    if action == "case.returned":
        return f"{department}：{payload.get('opinion', '')}"
    return department


def timeline(case: Case) -> list[TimelineEntry]:
    """The case's audit events in order, in words, with person actors masked."""
    departments = {t.department.code: t.department.name for t in case.tasks.all()}
    return [
        TimelineEntry(
            at=event.at,
            label=str(_EVENT_LABELS.get(event.action, event.action)),
            actor=masked_actor(event.actor),
            detail=_event_detail(event.action, event.payload or {}, departments),
            channel=event.channel,
        )
        for event in case_events(case)
    ]
