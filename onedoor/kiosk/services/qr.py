"""QR codes drawn as inline SVG: sharp on any printer, with nothing to fetch."""

import qrcode
import qrcode.image.svg
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str) -> SafeString:
    """An SVG QR code of ``url``, to place in a page as it is."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=1)
    svg = image.to_string(encoding="unicode")
    # The markup is qrcode's own drawing of the url (modules as one path), never user HTML.
    return mark_safe(svg)  # noqa: S308
