"""Supervision (电子监察): a person's data vault as the supervisor sees it.

The person's licences, who read or verified their data and why (the access log), and the
department systems' answers about them. The ID number travels in a POST body, never in the URL,
so it stays out of web server logs.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from onedoor.accounts.models import Role, User
from onedoor.core.errors import DomainError
from onedoor.core.identifiers import parse_id_number
from onedoor.exchange.models import ExchangeLog
from onedoor.licences.queries import get_wallet
from onedoor.registry.queries import access_person_access_log, get_access_log
from onedoor.workbench.access import staff_required

PAGE = 100


@staff_required(Role.SUPERVISOR)
def person_vault(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    context: dict[str, object] = {"id_number": ""}
    if request.method == "POST":
        raw = request.POST.get("id_number", "")
        context["id_number"] = raw
        parsed = parse_id_number(raw)
        if parsed is None:
            context["error"] = _("这不是有效的身份证件号码。")
            return render(request, "workbench/person_vault.html", context, status=422)
        try:
            person = access_person_access_log(user, parsed.value)
        except DomainError as exc:
            context["error"] = exc.message
            return render(request, "workbench/person_vault.html", context, status=exc.status)
        total, accesses = get_access_log(person, limit=PAGE)
        context["id_number"] = ""
        context.update(
            person=person,
            licences=list(get_wallet(person)[:PAGE]),
            access_total=total,
            accesses=accesses,
            verifications=list(
                ExchangeLog.objects.filter(subject=person.id_number).order_by("-at", "-id")[:PAGE]
            ),
        )
    return render(request, "workbench/person_vault.html", context)
