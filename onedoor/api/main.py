"""The public HTTP API, v1 (see API.md); routers live in ``onedoor.api.routers``."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from onedoor.api.auth import bearer
from onedoor.api.routers import ROUTERS
from onedoor.core.errors import DomainError


class LocalTimeEncoder(NinjaJSONEncoder):
    """Times go out in the district's time zone (API.md: ISO 8601 in Asia/Shanghai)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime) and timezone.is_aware(o):
            o = timezone.localtime(o)
        return super().default(o)


class LocalTimeRenderer(JSONRenderer):
    encoder_class = LocalTimeEncoder


api = NinjaAPI(
    title="OneDoor API",
    version="1",
    description="一门式一网式政务服务平台的公开接口 · the public API of the OneDoor platform.",
    urls_namespace="api-v1",
    renderer=LocalTimeRenderer(),
    # Every endpoint needs a bearer token unless it says `auth=None` (the public ones).
    auth=bearer,
)


def _error(
    request: HttpRequest, status: int, code: str, message: str, details: Any = None
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "details": details or {}}, status=status
    )


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(request, exc.status, exc.code, exc.message, exc.details)


@api.exception_handler(AuthenticationError)
def _not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "not_authenticated", _("需要登录或有效的访问令牌。"))


@api.exception_handler(NinjaValidationError)
def _invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, str] = {}
    for error in exc.errors:
        loc = [
            str(part)
            for part in error.get("loc", ())
            if part not in ("body", "query", "path", "payload")
        ]
        fields[".".join(loc) or "request"] = str(error.get("msg", "invalid"))
    return _error(request, 422, "invalid_input", _("请求格式不正确。"), {"fields": fields})


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("未找到。"))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    codes = {
        401: "not_authenticated",
        403: "permission_denied",
        404: "not_found",
        413: "upload_too_large",
    }
    return _error(request, exc.status_code, codes.get(exc.status_code, "invalid_input"), str(exc))


for prefix, router in ROUTERS:
    api.add_router(prefix, router)
