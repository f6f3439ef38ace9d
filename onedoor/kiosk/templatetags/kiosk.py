"""Template helpers of the kiosk screens."""

from django import template
from django.utils.safestring import SafeString

from onedoor.kiosk.services.qr import qr_svg

register = template.Library()


@register.filter(name="qr")
def qr(url: str) -> SafeString:
    """The QR code of ``url`` as inline SVG."""
    return qr_svg(url)
