"""Citizen sign-in through the provincial identity platform (统一身份认证), by OpenID Connect.

mozilla-django-oidc does the protocol (state, nonce, PKCE, the code exchange, the ID token's
signature); this module maps the verified ID number claim to the person in the registry. A
citizen is not a staff user, so the backend is never put in AUTHENTICATION_BACKENDS: the hall's
callback view calls it directly and signs the person in as a citizen.
"""

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from onedoor.core.errors import DomainError
from onedoor.core.identifiers import parse_id_number
from onedoor.registry.models import Person

logger = logging.getLogger(__name__)

SYSTEM_ACTOR = "system:oidc"


def oidc_enabled() -> bool:
    return bool(getattr(settings, "OIDC_ENABLED", False))


class CitizenOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]  # untyped library
    """Answers the registry person named by the identity platform's ID number claim."""

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return parse_id_number(claims.get(settings.OIDC_ID_NUMBER_CLAIM)) is not None

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> Person | None:
        claims = self.get_userinfo(access_token, id_token, payload)
        # The userinfo answer and the signed ID token must speak of the same subject.
        if payload.get("sub") and claims.get("sub") and payload["sub"] != claims["sub"]:
            raise SuspiciousOperation("userinfo subject differs from the ID token's")
        if not self.verify_claims(claims):
            raise SuspiciousOperation("no valid ID number claim")
        return person_for_claims(claims)


def person_for_claims(claims: dict[str, Any]) -> Person | None:
    """The registry person of a verified identity; registered on their first sign-in when the
    platform gives their name, as a window registers a first-time applicant."""
    parsed = parse_id_number(claims.get(settings.OIDC_ID_NUMBER_CLAIM))
    if parsed is None:
        return None
    person = Person.objects.filter(id_number=parsed.value).first()
    if person is not None:
        return person
    name = str(claims.get(settings.OIDC_NAME_CLAIM) or "").strip()
    if not name:
        logger.warning("identity platform gave no name for an unregistered person")
        return None
    from onedoor.registry.actions import register_person

    try:
        return register_person(actor=SYSTEM_ACTOR, id_number=parsed.value, name=name[:60])
    except DomainError as error:
        logger.warning("could not register the signed-in person: %s", error.code)
        return None


def authenticate_citizen(
    request: HttpRequest, *, nonce: str | None, code_verifier: str | None
) -> Person | None:
    """Finish the code flow of this callback request: the person, or None when it failed."""
    try:
        person: Person | None = CitizenOIDCBackend().authenticate(
            request, nonce=nonce, code_verifier=code_verifier
        )
    except (SuspiciousOperation, OSError, ValueError) as error:
        # OSError covers the platform being unreachable (requests' errors derive from it).
        logger.warning("identity platform sign-in failed: %s", type(error).__name__)
        return None
    return person
