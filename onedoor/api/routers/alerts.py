"""Supervision alerts (预警): cards on case clocks, overdue commitments, system problems."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from onedoor.accounts.models import Role
from onedoor.api.auth import require_staff
from onedoor.core.errors import PermissionDenied
from onedoor.core.queries import get_alerts

router = Router(tags=["alerts"])


class AlertOut(Schema):
    key: str = Field(description="one key per problem, e.g. case-red:<case number>")
    kind: str
    level: str = Field(description="info, warning or critical")
    message: str
    created_at: dt.datetime
    resolved_at: dt.datetime | None


class AlertListOut(Schema):
    count: int
    items: list[AlertOut]


@router.get("", response=AlertListOut, summary="Alerts, newest first (supervisors)")
def list_alerts(
    request: HttpRequest,
    open_only: bool = Query(False, alias="open", description="only the unresolved"),
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    if not require_staff(request).has_role(Role.SUPERVISOR):
        raise PermissionDenied(_("只有监察人员可以查看预警。"))
    alerts = get_alerts(open_only=open_only)
    return {"count": alerts.count(), "items": list(alerts[offset : offset + limit])}
