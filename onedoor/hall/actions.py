"""Writes of the web hall's channel state: drafts of online applications.

A draft is saved as often as the citizen likes and submitted once, through the cases app's one
submission action (``submit_case``, channel ``online``) with the draft's idempotency key: a
double click, a resent form or a second tab all end in the same case.
"""

import uuid
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from onedoor.accounts.citizen import SELF, ActingOption
from onedoor.cases.actions.submit import SubmissionRequest, submit_case
from onedoor.cases.models import Case
from onedoor.catalog.choices import Channel
from onedoor.core.audit import record_event
from onedoor.core.errors import DomainError
from onedoor.hall.choices import DraftStatus
from onedoor.hall.errors import HallErrorCode
from onedoor.hall.models import Draft
from onedoor.registry.models import Person

MAX_UPLOAD_ID_LENGTH = 40


def start_draft(
    *,
    actor: Person,
    option: ActingOption,
    code: str,
    is_bundle: bool,
    name: str,
    form: dict[str, Any],
) -> Draft:
    """Start an application for ``option`` (or resume the open draft already started).

    ``form`` holds the values prefilled from the registry. Prefilling someone else's data (a
    child's, a principal's) is a read of it, logged in their data-access log.
    """
    with transaction.atomic():
        draft = (
            Draft.objects.select_for_update()
            .filter(
                owner=actor,
                applicant_code=option.code,
                code=code,
                is_bundle=is_bundle,
                status=DraftStatus.OPEN,
            )
            .first()
        )
        if draft is not None:
            return draft
        draft = Draft.objects.create(
            owner=actor,
            applicant_kind=option.kind,
            applicant_code=option.code,
            applicant_name=option.name[:200],
            relation=option.relation,
            code=code,
            is_bundle=is_bundle,
            name=name[:200],
            form={k: str(v) for k, v in form.items()},
            idempotency_key=uuid.uuid4().hex,
        )
        record_event(
            actor=actor,
            action="hall.draft_started",
            obj=draft,
            channel=Channel.ONLINE,
            payload={"matter": code, "bundle": is_bundle, "relation": option.relation},
        )
        if option.relation != SELF and option.kind == "person" and form:
            _log_prefill(actor, option, name)
    return draft


def _log_prefill(actor: Person, option: ActingOption, name: str) -> None:
    from onedoor.registry.actions import log_data_access

    subject = Person.objects.filter(id_number=option.code).first()
    if subject is not None:
        log_data_access(
            accessor=actor,
            person=subject,
            action="prefill",
            purpose=_("网上申请：%(name)s") % {"name": name},
            detail=_("预填申请表"),
        )


def _locked_open(draft: Draft, actor: Person) -> Draft:
    locked = Draft.objects.select_for_update().get(pk=draft.pk)
    if locked.owner_id != actor.pk:
        raise DomainError(HallErrorCode.DRAFT_NOT_OPEN, _("没有这份草稿。"), status=404)
    if locked.status != DraftStatus.OPEN:
        raise DomainError(
            HallErrorCode.DRAFT_NOT_OPEN,
            _("这份申请已经提交或删除。"),
            details={"case": locked.case_number},
            status=409,
        )
    return locked


def save_draft(
    *,
    actor: Person,
    draft: Draft,
    form: dict[str, str],
    handlings: dict[str, str],
    uploads: dict[str, str],
) -> Draft:
    """Keep what was typed, how each gap is answered and the files already uploaded."""
    with transaction.atomic():
        locked = _locked_open(draft, actor)
        materials = {
            code: {k: v for k, v in (("handling", h), ("upload_id", uploads.get(code, ""))) if v}
            for code, h in handlings.items()
        }
        for code, upload_id in uploads.items():
            materials.setdefault(code, {})["upload_id"] = upload_id[:MAX_UPLOAD_ID_LENGTH]
        locked.form = form
        locked.materials = materials
        locked.save(update_fields=["form", "materials", "updated_at"])
        record_event(
            actor=actor,
            action="hall.draft_saved",
            obj=locked,
            channel=Channel.ONLINE,
            payload={"fields": sorted(k for k, v in form.items() if v), "materials": materials},
        )
    return locked


def submit_draft(
    *,
    actor: Person,
    draft: Draft,
    form: dict[str, Any],
    materials: list[dict[str, Any]],
) -> Case:
    """Submit the draft as an online application; answers the case.

    A draft already submitted answers its case again (a second click, a resent page). The
    draft's idempotency key makes a concurrent twin find the same case.
    """
    if draft.status == DraftStatus.SUBMITTED and draft.case_number:
        return Case.objects.get(number=draft.case_number)
    acting_for_other = draft.relation != SELF
    body = SubmissionRequest(
        channel=Channel.ONLINE,
        matter="" if draft.is_bundle else draft.code,
        bundle=draft.code if draft.is_bundle else "",
        applicant_id_number=draft.applicant_code if draft.applicant_kind == "person" else "",
        applicant_uscc=draft.applicant_code if draft.applicant_kind == "organisation" else "",
        agent_id_number=actor.id_number if acting_for_other else "",
        form=form,
        materials=materials,
    )
    submission = submit_case(body, actor=actor, idempotency_key=draft.idempotency_key)
    case = submission.case
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        if locked.status != DraftStatus.SUBMITTED:
            locked.status = DraftStatus.SUBMITTED
            locked.case_number = case.number
            locked.save(update_fields=["status", "case_number", "updated_at"])
            record_event(
                actor=actor,
                action="hall.draft_submitted",
                obj=locked,
                channel=Channel.ONLINE,
                payload={"case": case.number, "outcome": case.outcome},
            )
    return case


def discard_draft(*, actor: Person, draft: Draft) -> Draft:
    """Delete a draft the citizen no longer wants (it is kept, marked discarded)."""
    with transaction.atomic():
        locked = _locked_open(draft, actor)
        locked.status = DraftStatus.DISCARDED
        locked.save(update_fields=["status", "updated_at"])
        record_event(actor=actor, action="hall.draft_discarded", obj=locked, channel="online")
    return locked
