"""Citizens sign in to the web hall: by ID number and a one-time SMS code, or through the
provincial identity platform (OpenID Connect) where it is configured."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from onedoor.accounts.citizen import get_citizen, sign_in_citizen, sign_out_citizen
from onedoor.accounts.errors import AccountErrorCode
from onedoor.accounts.oidc import authenticate_citizen, oidc_enabled
from onedoor.accounts.signin import CODE_TTL, record_signin, redeem_signin_code, request_signin_code
from onedoor.core.errors import DomainError
from onedoor.core.identifiers import mask_id_number
from onedoor.hall.forms import CodeForm, IdNumberForm

PENDING_KEY = "hall_signin_pending"  # the ID number a code was sent for, between the two steps
NEXT_KEY = "hall_signin_next"


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("hall:me")


@never_cache
@require_http_methods(["GET", "POST"])
def signin(request: HttpRequest) -> HttpResponse:
    """Step one: the ID number; a code goes to the phone the registry has for it."""
    target = _next(request)
    if get_citizen(request) is not None:
        return HttpResponseRedirect(target)
    form = IdNumberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        id_number = form.cleaned_data["id_number"]
        try:
            request_signin_code(id_number=id_number, channel="online")
        except DomainError as error:
            if error.code != AccountErrorCode.CODE_RATE_LIMITED:
                raise
            # A code went out less than a minute ago: it is still good, use that one.
            messages.info(request, error.message)
        request.session[PENDING_KEY] = id_number
        return redirect(f"{reverse('hall:signin-code')}?{_query(target)}")
    context = {"form": form, "next": target, "oidc": oidc_enabled()}
    status = 422 if request.method == "POST" else 200
    return render(request, "hall/signin.html", context, status=status)


def _query(target: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"next": target})


@never_cache
@require_http_methods(["GET", "POST"])
def signin_code(request: HttpRequest) -> HttpResponse:
    """Step two: the six digits from the SMS."""
    target = _next(request)
    id_number = request.session.get(PENDING_KEY)
    if not isinstance(id_number, str):
        return redirect(f"{reverse('hall:signin')}?{_query(target)}")
    form = CodeForm(request.POST or None)
    expired = False
    if request.method == "POST" and form.is_valid():
        try:
            person = redeem_signin_code(
                id_number=id_number, code=form.cleaned_data["code"], channel="online"
            )
        except DomainError as error:
            expired = error.code == AccountErrorCode.CODE_EXPIRED
            form.add_error("code", error.message)
        else:
            sign_in_citizen(request, person)
            request.session.pop(PENDING_KEY, None)
            messages.success(request, _("%(name)s，您好，已登录。") % {"name": person.name})
            return HttpResponseRedirect(target)
    context: dict[str, Any] = {
        "form": form,
        "next": target,
        "id_number": id_number,
        "masked": mask_id_number(id_number),
        "minutes": int(CODE_TTL.total_seconds() // 60),
        "expired": expired,
        "demo_phone": settings.DEMO_PHONE,
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "hall/signin_code.html", context, status=status)


@require_POST
def signout(request: HttpRequest) -> HttpResponse:
    sign_out_citizen(request)
    messages.info(request, _("已安全退出。"))
    return redirect("hall:index")


@never_cache
@require_http_methods(["GET"])
def signin_oidc(request: HttpRequest) -> HttpResponse:
    """Off to the identity platform; it comes back to the callback below."""
    if not oidc_enabled():
        raise Http404
    from mozilla_django_oidc.views import OIDCAuthenticationRequestView

    request.session[NEXT_KEY] = _next(request)
    response: HttpResponse = OIDCAuthenticationRequestView.as_view()(request)
    return response


@never_cache
@require_http_methods(["GET"])
def signin_oidc_callback(request: HttpRequest) -> HttpResponse:
    """Back from the identity platform: check the state, finish the code flow, sign in."""
    if not oidc_enabled():
        raise Http404
    states = request.session.get("oidc_states") or {}
    state = request.GET.get("state", "")
    stored = states.pop(state, None) if state else None
    request.session["oidc_states"] = states
    person = None
    if stored is not None and request.GET.get("code") and not request.GET.get("error"):
        person = authenticate_citizen(
            request, nonce=stored.get("nonce"), code_verifier=stored.get("code_verifier")
        )
    if person is None:
        messages.error(request, _("统一身份认证未能完成登录，请重试，或使用短信验证码登录。"))
        return redirect("hall:signin")
    target = request.session.pop(NEXT_KEY, "") or reverse("hall:me")
    record_signin(person=person, method="oidc")
    sign_in_citizen(request, person)
    messages.success(request, _("%(name)s，您好，已登录。") % {"name": person.name})
    return HttpResponseRedirect(target)
