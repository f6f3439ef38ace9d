"""What a kiosk prints: a licence copy with its QR code, and a case's papers.

The case papers are the same ``PrintedDocument`` the windows print as PDF (receipt, one-time
notice, refusal), laid out here as a page for the kiosk's receipt printer.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from onedoor.cases.choices import Outcome
from onedoor.cases.documents import PrintedDocument, notice_lines, receipt_lines, refusal_lines
from onedoor.cases.models import Case
from onedoor.core.identifiers import mask_id_number
from onedoor.licences.models import Licence
from onedoor.licences.queries import check_licence, verification_url

# The papers each outcome calls for, in the order they print.
PAPERS = {
    Outcome.DECIDED: (receipt_lines,),
    Outcome.ACCEPTED: (receipt_lines,),
    Outcome.TOLERANT: (receipt_lines, notice_lines),
    Outcome.NOTICE: (notice_lines,),
    Outcome.REFUSED: (refusal_lines,),
}


def case_papers(case: Case) -> list[PrintedDocument]:
    """The papers a case's outcome calls for (load the case with its materials)."""
    return [build(case) for build in PAPERS[Outcome(case.outcome)]]


# Fields a result licence records besides its type's own: labelled here, or left off the copy
# where a row already shows them (the holder).
_SHOWN_ELSEWHERE = {"holder_name"}


@dataclass(frozen=True)
class CopyRow:
    """One line of a licence copy; ``masked`` is what the screen shows of a sensitive value."""

    label: str
    value: str
    masked: str = ""


@dataclass(frozen=True)
class LicenceCopy:
    number: str
    type_name: str
    issuer: str
    key_id: str
    valid: bool
    reason: str
    verify_url: str
    rows: list[CopyRow] = field(default_factory=list)


def _display(value: object) -> str:
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list):
        return "、".join(_display(item) for item in value)
    return "" if value is None else str(value)


def _holder_rows(licence: Licence) -> list[CopyRow]:
    person = licence.holder_person
    if person is not None:
        return [
            CopyRow(_("持证人"), person.name, person.name[:1] + "*" * max(len(person.name) - 1, 1)),
            CopyRow(_("身份证件号码"), person.id_number, mask_id_number(person.id_number)),
        ]
    return [
        CopyRow(_("持证单位"), licence.holder_name),
        CopyRow(_("统一社会信用代码"), licence.holder_identifier),
    ]


def _content_rows(licence: Licence, choices: dict[str, dict[str, str]]) -> list[CopyRow]:
    """The licence's own fields, labelled by its type, choice values by their labels."""
    rows = []
    for name, value in (licence.fields or {}).items():
        if name in _SHOWN_ELSEWHERE:
            continue
        label = licence.licence_type.field_label(name)
        shown = choices.get(name, {}).get(str(value), _display(value))
        rows.append(CopyRow(label, shown))
    return rows


def licence_copy(licence: Licence, choices: dict[str, dict[str, str]] | None = None) -> LicenceCopy:
    """A licence as its printed copy shows it, with whether it is genuine and in force.

    ``choices`` gives the labels of the form values the licence keeps (see
    ``cases.queries.get_choice_labels``).
    """
    check = check_licence(licence)
    content = _content_rows(licence, choices or {})
    dates = [
        CopyRow(_("发证日期"), f"{timezone.localtime(licence.issued_at):%Y-%m-%d}"),
        CopyRow(
            _("有效期至"), licence.valid_until.isoformat() if licence.valid_until else _("长期")
        ),
        CopyRow(_("发证机关"), licence.issuer.name),
    ]
    return LicenceCopy(
        number=licence.number,
        type_name=licence.licence_type.name,
        issuer=licence.issuer.name,
        key_id=licence.key_id,
        valid=check.valid,
        reason=check.reason,
        verify_url=verification_url(licence.number),
        rows=[*_holder_rows(licence), *content, *dates],
    )
