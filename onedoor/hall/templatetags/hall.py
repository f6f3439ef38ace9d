"""Template tags of the web hall: the display mode and a small set of line icons.

The icons are drawn inline so that pages need no image requests and work offline; they are
decorative, hidden from screen readers, and always sit beside a text label.
"""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from onedoor.hall.services.display import display_mode_of
from onedoor.hall.services.wording import english_active, pick_name

register = template.Library()

# Each icon is a few SVG shapes on a 24-unit grid, drawn with the current text colour.
_ICONS: dict[str, tuple[str, ...]] = {
    "search": ('<circle cx="11" cy="11" r="7"/>', '<path d="M21 21l-4.8-4.8"/>'),
    "baby": (
        '<circle cx="12" cy="9" r="5"/>',
        '<path d="M12 4c.6-1.4 2-1.8 2.8-1"/>',
        '<path d="M10 9h.01M14 9h.01M10.5 11.3c.9.6 2.1.6 3 0"/>',
        '<path d="M6.5 21c.4-3.2 2.7-5.5 5.5-5.5s5.1 2.3 5.5 5.5"/>',
    ),
    "school": (
        '<path d="M2.5 9 12 4l9.5 5-9.5 5z"/>',
        '<path d="M6.5 11.2V16c0 1.6 2.5 3 5.5 3s5.5-1.4 5.5-3v-4.8M21.5 9v5"/>',
    ),
    "work": (
        '<rect x="3" y="7" width="18" height="13" rx="2"/>',
        '<path d="M9 7V5.5A1.5 1.5 0 0 1 10.5 4h3A1.5 1.5 0 0 1 15 5.5V7M3 13h18"/>',
    ),
    "rings": (
        '<circle cx="9" cy="14.5" r="5"/>',
        '<circle cx="15" cy="14.5" r="5"/>',
        '<path d="m10 6 2-2.5L14 6"/>',
    ),
    "home": ('<path d="m3 11 9-7 9 7"/>', '<path d="M5.5 9.5V20h13V9.5M10 20v-5.5h4V20"/>'),
    "shield": (
        '<path d="M12 3l8 3v6c0 4.5-3.4 8-8 9-4.6-1-8-4.5-8-9V6z"/>',
        '<path d="m8.8 12 2.2 2.2 4.2-4.4"/>',
    ),
    "elder": (
        '<circle cx="10" cy="4.5" r="2"/>',
        '<path d="M10 8v5.5L7 21M10 13.5l3.2 7.5"/>',
        '<path d="M10 9.5 14.5 12M15.5 12.5V21"/>',
    ),
    "flower": (
        '<circle cx="12" cy="7.5" r="2"/>',
        '<path d="M12 5.5a2.5 2.5 0 1 1 4 2.7M12 5.5a2.5 2.5 0 1 0-4 2.7"/>',
        '<path d="M8 8.2a2.5 2.5 0 1 0 4 2.3 2.5 2.5 0 1 0 4-2.3"/>',
        '<path d="M12 12v9M12 17.5c-2.2 0-3.8-1.2-4.3-3.2 2.2 0 3.8 1.2 4.3 3.2z"/>',
    ),
    "building": (
        '<rect x="4" y="3" width="16" height="18" rx="1"/>',
        '<path d="M9.5 21v-4h5v4M8 7h2M14 7h2M8 11h2M14 11h2"/>',
    ),
    "bowl": (
        '<path d="M3 11h18a9 9 0 0 1-18 0z"/>',
        '<path d="M8.5 21h7M9 7.5c0-1.6 1-2 1-3.5M13 7.5c0-1.6 1-2 1-3.5"/>',
    ),
    "people": (
        '<circle cx="9" cy="8" r="3"/>',
        '<path d="M3 20c0-3.3 2.7-6 6-6s6 2.7 6 6"/>',
        '<circle cx="17" cy="9" r="2.5"/>',
        '<path d="M17 14c2.4 0 4 2 4 5"/>',
    ),
    "receipt": (
        '<path d="M6 3h12v18l-3-2-3 2-3-2-3 2z"/>',
        '<path d="M9 8h6M9 12h6M9 16h3"/>',
    ),
    "refresh": ('<path d="M20 12a8 8 0 1 1-2.3-5.7"/>', '<path d="M20 4v5h-5"/>'),
    "sign": (
        '<rect x="3" y="6" width="18" height="9" rx="1"/>',
        '<path d="M7 15v6M17 15v6M8 3l4 3 4-3"/>',
    ),
    "printer": (
        '<path d="M7 9V3h10v6"/>',
        '<rect x="3" y="9" width="18" height="8" rx="2"/>',
        '<path d="M7 14h10v7H7z"/>',
    ),
    "pin": (
        '<path d="M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21z"/>',
        '<circle cx="12" cy="9.5" r="2.5"/>',
    ),
}


@register.simple_tag(takes_context=True)
def display_mode(context: dict[str, Any]) -> str:
    """``standard`` or ``large``, as the browser chose."""
    request = context.get("request")
    return display_mode_of(request.COOKIES) if request is not None else "standard"


@register.simple_tag
def icon(name: str, css_class: str = "icon") -> SafeString:
    """An inline line icon, hidden from assistive technology."""
    shapes = "".join(_ICONS.get(name, ()))
    return format_html(
        '<svg class="{}" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" '
        'focusable="false" fill="none" stroke="currentColor" stroke-width="1.7" '
        'stroke-linecap="round" stroke-linejoin="round">{}</svg>',
        css_class,
        mark_safe(shapes),  # noqa: S308 -- constant markup defined above, never user input
    )


@register.filter
def localised_name(obj: Any) -> str:
    """An object's ``name_en`` on English pages when it has one, else its ``name``."""
    return pick_name(getattr(obj, "name", ""), getattr(obj, "name_en", "") or "")


@register.filter
def joined(items: Any) -> str:
    """Items as a list in running text: ``甲、乙、丙`` in Chinese, ``a, b, c`` in English."""
    separator = ", " if english_active() else "、"
    return separator.join(str(item) for item in items)


@register.simple_tag(takes_context=True)
def signed_in_citizen(context: dict[str, Any]) -> Any:
    """The citizen signed in to the hall, or None (for the header's 登录 / 我的办事)."""
    from onedoor.accounts.citizen import get_citizen

    request = context.get("request")
    return get_citizen(request) if request is not None else None


@register.simple_tag
def qr_code(url: str, label: str = "") -> SafeString:
    """A QR code of ``url`` as inline SVG, labelled for screen readers."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=1)
    svg = image.to_string(encoding="unicode")
    return format_html(
        '<span class="qr" role="img" aria-label="{}">{}</span>',
        label or url,
        mark_safe(svg),  # noqa: S308 -- qrcode's own drawing of the url, never user markup
    )


@register.filter
def field_named(form: Any, code: str) -> Any:
    """The bound ``file-<code>`` field of a form of uploads, one per material."""
    return form[f"file-{code}"]
