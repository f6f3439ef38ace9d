"""The demo phone (模拟手机): the SMS a number received, for demos and training only.

Served only when ``settings.DEMO_PHONE`` is on (``onedoor demo`` turns it on); a 404 otherwise,
so no deployment shows anyone's messages by accident.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from onedoor.notify.choices import Channel
from onedoor.notify.queries import get_sent_to
from onedoor.notify.services.addressing import is_phone, normalise_phone

# While the page shows a number's messages it reloads itself, so a code sent a moment later
# appears without a click.
REFRESH_SECONDS = 5


@require_safe
def demo_phone(request: HttpRequest) -> HttpResponse:
    if not settings.DEMO_PHONE:
        raise Http404
    to = request.GET.get("to", "").strip()[:40]
    address = normalise_phone(to) if is_phone(to) else to.upper()
    messages = get_sent_to(address, channel=Channel.SMS) if address else []
    response = render(
        request,
        "notify/demo_phone.html",
        {"to": to, "messages": messages, "refresh": REFRESH_SECONDS if to else 0},
    )
    add_never_cache_headers(response)
    return response
