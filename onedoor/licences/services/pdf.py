"""The printable licence: an A4 PDF with the licence's content, its e-seal and a QR code.

The QR code opens the public verification page, so anyone holding the paper can check that the
licence is genuine and still in force. Chinese text needs an embedded CJK TrueType font
(WenQuanYi Zen Hei, installed by scripts/ensure-system-packages); without it the PDF falls back to
the built-in CID font STSong-Light, which viewers render with their own fonts.
"""

import io
import math
from functools import lru_cache
from pathlib import Path

import qrcode
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from onedoor.licences.models import Licence
from onedoor.licences.queries import verification_url

CJK_FONT_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
_SEAL_RED = colors.Color(0.8, 0.1, 0.1)
_PAGE_WIDTH, _PAGE_HEIGHT = A4


@lru_cache(maxsize=1)
def cjk_font_name() -> str:
    """Register the CJK font once per process; its name for ``setFont``."""
    if CJK_FONT_PATH.exists():
        pdfmetrics.registerFont(TTFont("WQYZenHei", str(CJK_FONT_PATH), subfontIndex=0))
        return "WQYZenHei"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def render_licence_pdf(licence: Licence, choices: dict[str, dict[str, str]] | None = None) -> bytes:
    """The licence as PDF bytes (load it with ``with_relations``); ``choices`` gives the labels
    of the form values it keeps (``cases.queries.get_choice_labels``), shown instead of them."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{licence.licence_type.name} {licence.number}")
    canvas.setAuthor(licence.issuer.name)
    font = cjk_font_name()
    _draw_frame(canvas)
    y = _draw_heading(canvas, font, licence)
    y = _draw_rows(canvas, font, _rows(licence, choices), y)
    _draw_qr(canvas, font, verification_url(licence.number))
    _draw_seal(canvas, font, licence.issuer.name, licence.key_id)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _rows(
    licence: Licence, choices: dict[str, dict[str, str]] | None = None
) -> list[tuple[str, str]]:
    labels = choices or {}
    if licence.holder_person is not None:
        holder = [
            (_("持证人"), licence.holder_person.name),
            (_("身份证件号码"), licence.holder_person.id_number),
        ]
    else:
        holder = [
            (_("持证单位"), licence.holder_name),
            (_("统一社会信用代码"), licence.holder_identifier),
        ]
    content = [
        (
            licence.licence_type.field_label(name),
            labels.get(name, {}).get(str(value), _display(value)),
        )
        for name, value in licence.fields.items()
        if name != "holder_name"  # the holder's lines above name them
    ]
    dates = [
        (_("发证日期"), f"{timezone.localtime(licence.issued_at):%Y-%m-%d}"),
        (
            _("有效期至"),
            licence.valid_until.isoformat() if licence.valid_until else _("长期"),
        ),
        (_("发证机关"), licence.issuer.name),
    ]
    return holder + content + dates


def _display(value: object) -> str:
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list):
        return "、".join(_display(item) for item in value)
    return "" if value is None else str(value)


def _draw_frame(canvas: Canvas) -> None:
    canvas.setStrokeColor(colors.Color(0.55, 0.4, 0.15))
    canvas.setLineWidth(2)
    canvas.rect(15 * mm, 15 * mm, _PAGE_WIDTH - 30 * mm, _PAGE_HEIGHT - 30 * mm)
    canvas.setLineWidth(0.5)
    canvas.rect(18 * mm, 18 * mm, _PAGE_WIDTH - 36 * mm, _PAGE_HEIGHT - 36 * mm)


def _draw_heading(canvas: Canvas, font: str, licence: Licence) -> float:
    canvas.setFillColor(colors.black)
    canvas.setFont(font, 26)
    canvas.drawCentredString(_PAGE_WIDTH / 2, _PAGE_HEIGHT - 45 * mm, licence.licence_type.name)
    canvas.setFont(font, 11)
    canvas.drawCentredString(
        _PAGE_WIDTH / 2, _PAGE_HEIGHT - 55 * mm, _("编号：%(number)s") % {"number": licence.number}
    )
    return _PAGE_HEIGHT - 75 * mm


def _draw_rows(canvas: Canvas, font: str, rows: list[tuple[str, str]], y: float) -> float:
    label_x, value_x, line = 30 * mm, 70 * mm, 9 * mm
    for label, value in rows:
        canvas.setFont(font, 12)
        canvas.setFillColor(colors.Color(0.35, 0.35, 0.35))
        canvas.drawString(label_x, y, label)
        canvas.setFillColor(colors.black)
        for part in _wrap(value, 30) or [""]:
            canvas.drawString(value_x, y, part)
            y -= line
    return y


def _wrap(text: str, width: int) -> list[str]:
    """Split at ``width`` characters: CJK text has no spaces to break at."""
    return [text[i : i + width] for i in range(0, len(text), width)]


def qr_image(url: str) -> ImageReader:
    """A QR code of ``url``, ready for ``Canvas.drawImage`` (other printed documents reuse it)."""
    image = qrcode.make(url, border=1)
    png = io.BytesIO()
    image.save(png)
    png.seek(0)
    return ImageReader(png)


def _draw_qr(canvas: Canvas, font: str, url: str) -> None:
    size, x, y = 38 * mm, 28 * mm, 32 * mm
    canvas.drawImage(qr_image(url), x, y, width=size, height=size)
    canvas.setFont(font, 8)
    canvas.setFillColor(colors.Color(0.35, 0.35, 0.35))
    canvas.drawString(x, y - 5 * mm, _("扫码核验证照真伪与状态"))


def _draw_seal(canvas: Canvas, font: str, issuer_name: str, key_id: str) -> None:
    """A round red seal: the issuer's name along the rim, a star, and 电子印章."""
    cx, cy, radius = _PAGE_WIDTH - 62 * mm, 58 * mm, 22 * mm
    canvas.saveState()
    canvas.setStrokeColor(_SEAL_RED)
    canvas.setFillColor(_SEAL_RED)
    canvas.setLineWidth(2)
    canvas.circle(cx, cy, radius, stroke=1, fill=0)
    _draw_rim_text(canvas, font, issuer_name, cx, cy, radius - 5 * mm)
    _draw_star(canvas, cx, cy + 1 * mm, 5 * mm)
    canvas.setFont(font, 9)
    canvas.drawCentredString(cx, cy - 9 * mm, _("电子印章"))
    canvas.restoreState()
    canvas.setFont(font, 7)
    canvas.setFillColor(colors.Color(0.35, 0.35, 0.35))
    canvas.drawCentredString(cx, cy - radius - 6 * mm, _("印章密钥：%(key)s") % {"key": key_id})


def _draw_rim_text(
    canvas: Canvas, font: str, text: str, cx: float, cy: float, radius: float
) -> None:
    size = 10 if len(text) <= 14 else 8
    # Spread the characters over the upper arc, from left to right, each upright to the rim.
    arc = min(math.radians(240), math.radians(17) * len(text))
    start = math.pi / 2 + arc / 2
    step = arc / max(len(text) - 1, 1)
    canvas.setFont(font, size)
    for index, char in enumerate(text):
        angle = start - index * step if len(text) > 1 else math.pi / 2
        canvas.saveState()
        canvas.translate(cx + radius * math.cos(angle), cy + radius * math.sin(angle))
        canvas.rotate(math.degrees(angle) - 90)
        canvas.drawCentredString(0, -size / 3, char)
        canvas.restoreState()


def _draw_star(canvas: Canvas, cx: float, cy: float, radius: float) -> None:
    path = canvas.beginPath()
    for point in range(10):
        r = radius if point % 2 == 0 else radius * 0.4
        angle = math.pi / 2 + point * math.pi / 5
        x, y = cx + r * math.cos(angle), cy + r * math.sin(angle)
        if point == 0:
            path.moveTo(x, y)
        else:
            path.lineTo(x, y)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
