"""The signed-in citizen of the web hall, and whom they may act for.

A citizen is a person in the registry, not a staff user: the web session keeps who they are
under its own key, beside (never instead of) a staff login in the same browser. Every page and
API call that acts for someone else asks ``acting_options`` or the registry's ``can_act_for``.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from onedoor.registry.models import (
    Authorisation,
    Organisation,
    Person,
    PersonRelation,
    RelationKind,
)
from onedoor.registry.queries import ADULT_AGE, age_on, get_person_organisations

SESSION_KEY = "onedoor_citizen"
# How long a web sign-in lasts without being renewed by use (idle timeout), in seconds.
IDLE_SECONDS = 30 * 60  # settings.CITIZEN_IDLE_SECONDS overrides it
_CACHE_ATTR = "_onedoor_citizen"


def sign_in_citizen(request: HttpRequest, person: Person) -> None:
    """Remember ``person`` as the signed-in citizen; a new session key defeats fixation."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = {
        "id": person.pk,
        "id_number": person.id_number,
        "seen": timezone.now().timestamp(),
    }
    setattr(request, _CACHE_ATTR, person)


def sign_out_citizen(request: HttpRequest) -> None:
    """Forget the signed-in citizen (a staff login in the same browser stays)."""
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()
    setattr(request, _CACHE_ATTR, None)


def get_citizen(request: HttpRequest) -> Person | None:
    """The signed-in citizen, or None; an idle session is forgotten, and use renews it."""
    if hasattr(request, _CACHE_ATTR):
        cached: Person | None = getattr(request, _CACHE_ATTR)
        return cached
    person = _from_session(request)
    setattr(request, _CACHE_ATTR, person)
    return person


def _from_session(request: HttpRequest) -> Person | None:
    session = getattr(request, "session", None)
    stored = session.get(SESSION_KEY) if session is not None else None
    if not isinstance(stored, dict):
        return None
    now = timezone.now().timestamp()
    idle = getattr(settings, "CITIZEN_IDLE_SECONDS", IDLE_SECONDS)
    if now - float(stored.get("seen", 0)) > idle:
        request.session.pop(SESSION_KEY, None)
        return None
    pk, id_number = stored.get("id"), stored.get("id_number")
    if not isinstance(pk, int) or not isinstance(id_number, str):
        request.session.pop(SESSION_KEY, None)
        return None
    person = Person.objects.filter(pk=pk, id_number=id_number).first()
    if person is None:
        request.session.pop(SESSION_KEY, None)
        return None
    if now - float(stored["seen"]) > 60:  # renew at most once a minute: fewer session writes
        request.session[SESSION_KEY] = {**stored, "seen": now}
    return person


def signin_url(next_path: str) -> str:
    return f"{reverse('hall:signin')}?{urlencode({'next': next_path})}"


def citizen_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A hall view for signed-in citizens; anyone else is sent to sign in and brought back."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if get_citizen(request) is None:
            return HttpResponseRedirect(signin_url(request.get_full_path()))
        response = view(request, *args, **kwargs)
        # Pages of a citizen's own data must never be kept by a shared or public cache.
        response.setdefault("Cache-Control", "private, no-store")
        return response

    return wrapped


# ------------------------------------------------------------------ acting for others


SELF, WARD, AUTHORISED = "self", "ward", "authorised"
LEGAL_REPRESENTATIVE, AUTHORISED_AGENT = "legal_representative", "authorised_agent"


@dataclass(frozen=True, slots=True)
class ActingOption:
    """Someone a citizen may apply for: themself, a ward, a principal, an organisation."""

    kind: str  # person or organisation
    code: str  # ID number or USCC
    name: str
    relation: str  # self, ward, authorised, legal_representative, authorised_agent

    @property
    def key(self) -> str:
        """A short stable key for forms: ``p:<ID number>`` or ``o:<USCC>``."""
        return f"{self.kind[0]}:{self.code}"


def acting_options(person: Person, *, on: dt.date | None = None) -> list[ActingOption]:
    """Whom ``person`` may act for, themself first (API.md: who may apply for whom).

    Minors they are the guardian of, persons and organisations that gave them a valid recorded
    authorisation (委托), organisations they legally represent. Three queries.
    """
    day = on or timezone.localdate()
    options = [ActingOption("person", person.id_number, person.name, SELF)]
    wards = PersonRelation.objects.filter(person=person, kind=RelationKind.GUARDIAN)
    for relation in wards.select_related("other").order_by("other__birth_date", "other_id"):
        ward = relation.other
        if age_on(ward.birth_date, day) < ADULT_AGE:
            options.append(ActingOption("person", ward.id_number, ward.name, WARD))
    principals = (
        Authorisation.objects.filter(agent=person, principal__isnull=False, revoked_at__isnull=True)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .select_related("principal")
        .order_by("created_at", "id")
    )
    seen = {option.code for option in options}
    for authorisation in principals:
        principal = authorisation.principal
        assert principal is not None
        if principal.id_number not in seen:
            seen.add(principal.id_number)
            options.append(ActingOption("person", principal.id_number, principal.name, AUTHORISED))
    for organisation in get_person_organisations(person):
        options.append(
            ActingOption("organisation", organisation.uscc, organisation.name, organisation.role)
        )
    return options


def find_option(options: list[ActingOption], key: str) -> ActingOption | None:
    return next((option for option in options if option.key == key), None)


def resolve_party(option: ActingOption) -> Person | Organisation | None:
    """The registry row an option names (None if it vanished since it was offered)."""
    if option.kind == "organisation":
        return Organisation.objects.filter(uscc=option.code).first()
    return Person.objects.filter(id_number=option.code).first()
