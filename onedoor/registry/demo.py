"""The demo personas in the registry and in the sandbox department systems."""

import logging
import random
from typing import Any

import httpx
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from onedoor.registry.actions import mark_demo_personas_seeded, save_demo_persona_set
from onedoor.registry.models import DemoPersonaSet, Organisation, Person
from onedoor.registry.personas import apply_personas, build_personas, enrollment_year

logger = logging.getLogger(__name__)

SEED_ACTOR = "system:demo-personas"
SANDBOX_TIMEOUT_SECONDS = 10.0


def get_current_persona_set() -> DemoPersonaSet | None:
    """The newest persona set, the one the demo and the drills use."""
    return DemoPersonaSet.objects.first()


def is_stale(persona_set: DemoPersonaSet) -> bool:
    """Whether the set was built for another enrollment year: its school stories no longer hold."""
    return persona_set.enrollment_year != enrollment_year(timezone.localdate())


def seed_demo_personas(*, actor: Any = SEED_ACTOR) -> DemoPersonaSet:
    """The current persona set, written to the registry (idempotent).

    Without a set, or with one built for a past enrollment year, the canonical set of the
    current enrollment year is built and becomes the current one.
    """
    with transaction.atomic():
        current = get_current_persona_set()
        if current is not None and not is_stale(current):
            apply_personas(_built(current), actor=actor)
            return current
        return _create_set(fresh=False, seed=None, actor=actor)


def new_demo_personas(*, actor: Any = SEED_ACTOR, seed: int | None = None) -> DemoPersonaSet:
    """A fresh set: new people with the same stories, written to the registry, made current."""
    with transaction.atomic():
        return _create_set(fresh=True, seed=seed, actor=actor)


def _create_set(*, fresh: bool, seed: int | None, actor: Any) -> DemoPersonaSet:
    built = build_personas(fresh=fresh, seed=seed)
    if fresh:
        built = _redraw_until_new(built, seed=seed)
    apply_personas(built, actor=actor)
    return save_demo_persona_set(
        actor=actor,
        enrollment_year=built["enrollment_year"],
        personas={**built["personas"], "_spouse": built["spouse"]},
        sandbox=built["sandbox"],
    )


def _redraw_until_new(built: dict[str, Any], *, seed: int | None) -> dict[str, Any]:
    """Draw again while any of the new people or the company is already registered."""
    rng = random.Random(seed)
    for _attempt in range(20):
        ids = [p["id_number"] for p in built["sandbox"]["persons"]]
        usccs = [o["uscc"] for o in built["sandbox"]["organisations"]]
        taken_ids = set(
            Person.objects.filter(id_number__in=ids).values_list("id_number", flat=True)
        )
        taken_usccs = set(
            Organisation.objects.filter(uscc__in=usccs).values_list("uscc", flat=True)
        )
        if not taken_ids and not taken_usccs:
            return built
        built = build_personas(
            fresh=True,
            seed=rng.randrange(2**32),
            taken_id_numbers=taken_ids,
            taken_usccs=taken_usccs,
        )
    raise RuntimeError("could not draw a persona set of new people")


def _built(persona_set: DemoPersonaSet) -> dict[str, Any]:
    personas = dict(persona_set.personas)
    spouse = personas.pop("_spouse")
    return {
        "enrollment_year": persona_set.enrollment_year,
        "personas": personas,
        "spouse": spouse,
        "sandbox": persona_set.sandbox,
    }


def public_personas(persona_set: DemoPersonaSet) -> dict[str, Any]:
    """Role → entry, as ``onedoor demo-personas --json`` prints them."""
    return {role: entry for role, entry in persona_set.personas.items() if not role.startswith("_")}


def current_personas() -> dict[str, Any] | None:
    """Role → entry of the current set (the credit app reads the black-list fact here)."""
    current = get_current_persona_set()
    return public_personas(current) if current is not None else None


def current_sandbox_payload() -> dict[str, Any] | None:
    """The body of the sandbox's ``POST /_seed`` for the current set, or None without a set."""
    current = get_current_persona_set()
    return current.sandbox if current is not None else None


def push_personas_to_sandbox(persona_set: DemoPersonaSet, *, actor: Any = SEED_ACTOR) -> str | None:
    """Feed the sandbox department systems the set's facts; the error text, or None when fed."""
    url = f"{settings.SANDBOX_URL}/_seed"
    try:
        response = httpx.post(url, json=persona_set.sandbox, timeout=SANDBOX_TIMEOUT_SECONDS)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        logger.warning("sandbox seeding failed: %s", type(exc).__name__)
        return f"{url}: {exc}"
    mark_demo_personas_seeded(actor=actor, persona_set=persona_set)
    return None
