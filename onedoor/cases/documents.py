"""The printed papers of a case: the acceptance receipt (受理回执), the one-time notice
(一次性告知书) and the refusal notice (不予受理通知书), as A4 PDFs.

What each paper says is built first as a ``PrintedDocument`` (plain lines, easy to test and to
show on screen); the renderer only lays those lines out. Every paper carries a QR code to the
case's public tracking address, so the applicant can follow the case from the paper.
"""

import io
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from onedoor.cases.choices import (
    CommitmentKind,
    ConditionState,
    MaterialState,
    Outcome,
)
from onedoor.cases.models import Case, CaseMaterial
from onedoor.core.identifiers import mask_id_number
from onedoor.licences.services.pdf import cjk_font_name, qr_image
from onedoor.registry.models import Organisation, Person

_PAGE_WIDTH, _PAGE_HEIGHT = A4
_MARGIN = 20 * mm
_QR_SIZE = 32 * mm
_GREY = colors.Color(0.35, 0.35, 0.35)

# Why a material is still missing, from the checklist's notes.
_MATERIAL_NOTES = {
    "commitment_not_allowed": gettext_lazy("关键材料不能以承诺代替"),
    "licence_not_valid_for_material": gettext_lazy("所提交的证照无效或不适用"),
}


@dataclass(frozen=True)
class PrintedDocument:
    """The content of one printed paper, in reading order."""

    title: str
    number: str
    rows: list[tuple[str, str]]
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    qr_url: str = ""
    qr_caption: str = ""

    @property
    def lines(self) -> list[str]:
        """Every line of text the paper prints, for checks and plain-text previews."""
        text = [self.title, *(f"{label}：{value}" for label, value in self.rows)]
        for heading, items in self.sections:
            text.append(heading)
            text.extend(items)
        return [*text, *self.notes]


def tracking_url(case: Case) -> str:
    """The public address where the applicant follows the case (the QR code opens it)."""
    return f"{settings.ONEDOOR_PUBLIC_URL}/cases/{case.number}"


def _applicant(case: Case) -> str:
    applicant = case.applicant
    if isinstance(applicant, Person):
        return f"{applicant.name}（{mask_id_number(applicant.id_number)}）"
    assert isinstance(applicant, Organisation)
    return f"{applicant.name}（{applicant.uscc}）"


def _moment(value: object) -> str:
    if value is None:
        return "—"
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"  # type: ignore[arg-type]


def _head_rows(case: Case) -> list[tuple[str, str]]:
    rows = [
        (_("办件编号"), case.number),
        (_("申请事项"), case.name),
        (_("申请人"), _applicant(case)),
    ]
    if case.agent is not None:
        rows.append((_("代理人"), f"{case.agent.name}（{case.agent.masked_id_number}）"))
    return rows


def _point(case: Case) -> str:
    return case.service_point.name if case.service_point else _("网上办理")


def material_line(material: CaseMaterial) -> str:
    """One checklist line as printed: name, state, and what proves it or when it is due."""
    text = f"{material.name}：{material.get_state_display()}"
    if material.state == MaterialState.REUSED and material.source:
        text += _("（证照 %(number)s）") % {"number": material.source}
    if material.commitment == CommitmentKind.TOLERANT:
        due = material.due.isoformat() if material.due else _("承诺期限内")
        text += _("，容缺后补，请于 %(due)s 前补交") % {"due": due}
    elif material.commitment == CommitmentKind.NOTIFY_COMMIT:
        text += _("，告知承诺，事后核查")
    return text


def _numbered(items: list[str]) -> list[str]:
    return [f"{i}. {item}" for i, item in enumerate(items, start=1)]


def receipt_lines(case: Case) -> PrintedDocument:
    """受理回执: what was accepted, when, by which deadline, and which materials were received."""
    if case.outcome == Outcome.DECIDED:
        deadline = _("当场办结")
    else:
        deadline = case.deadline.isoformat() if case.deadline else "—"
        if case.deadline_provisional:
            deadline += _("（节假日安排未公布，期限暂按工作日计算）")
    rows = [
        *_head_rows(case),
        (_("受理结果"), case.get_outcome_display()),
        (_("受理时间"), _moment(case.accepted_at or case.submitted_at)),
        (_("承诺办结日期"), deadline),
        (_("受理网点"), _point(case)),
    ]
    received = [material_line(m) for m in case.materials.all()]
    notes = [_("请妥善保管本回执，凭办件编号或扫描二维码查询办理进度。")]
    if case.outcome == Outcome.TOLERANT:
        notes.append(_("容缺受理的材料须在期限内补交；逾期未补交的，将影响办理结果和信用记录。"))
    return PrintedDocument(
        title=_("受理回执"),
        number=case.number,
        rows=rows,
        sections=[(_("材料清单"), _numbered(received))],
        notes=notes,
        qr_url=tracking_url(case),
        qr_caption=_("扫码查询办理进度"),
    )


def notice_gaps(case: Case) -> list[str]:
    """Every gap of the case, in one list: missing materials, then unmet or unknown conditions."""
    gaps = []
    for material in case.materials.all():
        if material.state == MaterialState.MISSING:
            reason = str(_MATERIAL_NOTES.get(material.note, ""))
            text = _("缺少材料：%(name)s") % {"name": material.name}
            gaps.append(f"{text}（{reason}）" if reason else text)
        elif material.commitment == CommitmentKind.TOLERANT:
            gaps.append(material_line(material))
    for condition in case.unmet_conditions:
        if condition.get("state") == ConditionState.UNKNOWN:
            gaps.append(_("暂无法核实：%(message)s") % {"message": condition.get("message", "")})
        else:
            gaps.append(_("条件不符：%(message)s") % {"message": condition.get("message", "")})
    return gaps


def notice_lines(case: Case) -> PrintedDocument:
    """一次性告知书: everything still needed, listed once, so the applicant comes back once."""
    gaps = notice_gaps(case)
    return PrintedDocument(
        title=_("一次性告知书"),
        number=case.number,
        rows=[
            *_head_rows(case),
            (_("告知时间"), _moment(case.submitted_at)),
            (_("告知网点"), _point(case)),
        ],
        sections=[(_("请补齐以下全部内容"), _numbered(gaps) if gaps else [_("无需补正的内容。")])],
        notes=[
            _(
                "依据《中华人民共和国行政许可法》第三十二条，本告知书已一次性列明需要补正的全部"
                "内容；补齐上述内容后即可申请办理，不会再要求补交未列明的材料。"
            ),
            _("补齐材料后可到任一窗口办理，或在网上办事大厅提交，无需重新排队咨询。"),
        ],
        qr_url=tracking_url(case),
        qr_caption=_("扫码查看办件和所需材料"),
    )


def refusal_reasons(case: Case) -> list[str]:
    """The reasons for refusing acceptance, each once."""
    reasons = [line.strip() for line in case.reasons.splitlines() if line.strip()]
    for condition in case.unmet_conditions:
        message = str(condition.get("message", "")).strip()
        if message and message not in reasons:
            reasons.append(message)
    return reasons


def refusal_lines(case: Case) -> PrintedDocument:
    """不予受理通知书: the decision not to accept, with its reasons and the applicant's remedies."""
    reasons = refusal_reasons(case)
    return PrintedDocument(
        title=_("不予受理通知书"),
        number=case.number,
        rows=[
            *_head_rows(case),
            (_("决定时间"), _moment(case.submitted_at)),
            (_("受理网点"), _point(case)),
        ],
        sections=[(_("不予受理的理由"), _numbered(reasons) if reasons else ["—"])],
        notes=[
            _("经审查，您的申请不符合受理条件，决定不予受理。"),
            _(
                "如对本决定不服，可以自收到本通知书之日起六十日内依法申请行政复议，"
                "或者在六个月内依法提起行政诉讼。"
            ),
        ],
        qr_url=tracking_url(case),
        qr_caption=_("扫码查看办件"),
    )


def render_receipt(case: Case) -> bytes:
    return render_document(receipt_lines(case))


def render_notice(case: Case) -> bytes:
    return render_document(notice_lines(case))


def render_refusal(case: Case) -> bytes:
    return render_document(refusal_lines(case))


# ------------------------------------------------------------------ layout


class _Writer:
    """Lines top to bottom on A4 pages, starting a new page when the current one is full."""

    def __init__(self, canvas: Canvas, font: str, footer: str) -> None:
        self.canvas, self.font, self.footer = canvas, font, footer
        self.y = _PAGE_HEIGHT - _MARGIN
        # Lines above this height keep clear of the QR code in the top right corner.
        self.beside_qr = self.y - _QR_SIZE - 6 * mm

    def text(self, text: str, *, size: float = 11, x: float = _MARGIN, grey: bool = False) -> None:
        width = _PAGE_WIDTH - _MARGIN - x
        if self.y > self.beside_qr:
            width -= _QR_SIZE + 4 * mm
        for part in wrap_to_width(text, self.font, size, width):
            self._room(size * 1.6)
            self.canvas.setFont(self.font, size)
            self.canvas.setFillColor(_GREY if grey else colors.black)
            self.canvas.drawString(x, self.y, part)
            self.y -= size * 1.6

    def gap(self, height: float) -> None:
        self.y -= height

    def _room(self, height: float) -> None:
        if self.y - height < _MARGIN + 10 * mm:
            self.finish_page()
            self.canvas.showPage()
            self.y = _PAGE_HEIGHT - _MARGIN
            self.beside_qr = self.y

    def finish_page(self) -> None:
        self.canvas.setFont(self.font, 8)
        self.canvas.setFillColor(_GREY)
        self.canvas.drawString(_MARGIN, _MARGIN - 6 * mm, self.footer)
        self.canvas.drawRightString(
            _PAGE_WIDTH - _MARGIN, _MARGIN - 6 * mm, str(self.canvas.getPageNumber())
        )


def wrap_to_width(text: str, font: str, size: float, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width``; CJK text breaks between any characters."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for char in paragraph:
            if line and stringWidth(line + char, font, size) > width:
                lines.append(line)
                line = ""
            line += char
        lines.append(line)
    return lines


def render_document(document: PrintedDocument) -> bytes:
    """The paper as PDF bytes: title, facts, numbered sections, notes and the QR code."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{document.title} {document.number}")
    canvas.setAuthor("OneDoor")
    font = cjk_font_name()
    printed = _("打印时间：%(at)s") % {"at": f"{timezone.localtime():%Y-%m-%d %H:%M}"}
    writer = _Writer(canvas, font, f"{document.title} · {document.number} · {printed}")
    if document.qr_url:
        _draw_qr(canvas, font, document.qr_url, document.qr_caption)
    canvas.setFont(font, 20)
    canvas.drawCentredString(_PAGE_WIDTH / 2, writer.y - 8 * mm, document.title)
    writer.gap(22 * mm)
    label_width = 28 * mm
    for label, value in document.rows:
        top = writer.y
        writer.text(label, grey=True)
        writer.y = top
        writer.text(value, x=_MARGIN + label_width)
    for heading, items in document.sections:
        writer.gap(4 * mm)
        writer.text(heading, size=13)
        for item in items:
            writer.text(item, x=_MARGIN + 4 * mm)
    writer.gap(4 * mm)
    for note in document.notes:
        writer.text(note, size=9.5, grey=True)
    writer.finish_page()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_qr(canvas: Canvas, font: str, url: str, caption: str) -> None:
    x = _PAGE_WIDTH - _MARGIN - _QR_SIZE
    y = _PAGE_HEIGHT - _MARGIN - _QR_SIZE
    canvas.drawImage(qr_image(url), x, y, width=_QR_SIZE, height=_QR_SIZE)
    canvas.setFont(font, 8)
    canvas.setFillColor(_GREY)
    canvas.drawCentredString(x + _QR_SIZE / 2, y - 4 * mm, caption)
