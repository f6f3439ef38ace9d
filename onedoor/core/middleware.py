"""Requests carrying NUL characters are refused before they reach a view.

PostgreSQL refuses NUL in text and in JSON, so such input would otherwise surface as a server
error deep in a query; no legitimate path, query or JSON body contains one.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

_NUL = "\x00"
_TEXT_BODIES = ("application/json", "application/x-www-form-urlencoded")


class RejectNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._carries_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "code": "invalid_input",
                        "message": _("请求中含有不允许的控制字符。"),
                        "details": {},
                    },
                    status=400,
                )
            return render(request, "errors/400.html", status=400)
        return self.get_response(request)

    @staticmethod
    def _carries_nul(request: HttpRequest) -> bool:
        if _NUL in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        if request.content_type in _TEXT_BODIES and request.method in ("POST", "PUT", "PATCH"):
            body = request.body
            return b"\x00" in body or b"\\u0000" in body or b"%00" in body
        return False
