"""Service points and their windows (the queue system comes with the service-hall issue)."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from onedoor.core.errors import NotFound
from onedoor.counter.models import ServicePoint, Window

router = Router(tags=["service points"])


class WindowOut(Schema):
    code: str
    name: str
    general: bool
    open: bool
    clerk: str | None


class WindowList(Schema):
    count: int
    items: list[WindowOut]


@router.get(
    "/{code}/windows",
    response=WindowList,
    auth=None,
    summary="The windows of a service point, open or closed, with the clerk on duty",
)
def windows(request: HttpRequest, code: str) -> dict[str, Any]:
    point = ServicePoint.objects.filter(code=code[:40]).first()
    if point is None:
        raise NotFound(_("没有这个服务网点。"), service_point=code[:40])
    rows = Window.objects.filter(service_point=point).select_related("clerk").order_by("code")
    items = [
        {
            "code": w.code,
            "name": w.name,
            "general": w.general,
            "open": w.is_open,
            "clerk": (w.clerk.full_name or w.clerk.username) if w.clerk else None,
        }
        for w in rows
    ]
    return {"count": len(items), "items": items}
