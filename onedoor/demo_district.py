"""The demo district of API.md: what `onedoor seed --demo` and `onedoor demo-personas --new` build.

Each app seeds its own part (catalog, service points, staff, personas); this module puts the parts
together and gives the personas what their stories need beyond the registry: the black-listed
persona's credit entry, everyone's e-licences, and connectors pointed at the department systems.
"""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from onedoor.core.audit import record_event

DEMO_CATALOG = Path(__file__).resolve().parent / "catalog" / "fixtures" / "demo_catalog.json"
SEEDED_ACTION = "demo.seeded"
ACTOR = "system:demo"


def persona_holders(personas: dict[str, Any]) -> dict[str, Any]:
    """Role → the person or organisation in the registry."""
    from onedoor.registry.models import Organisation, Person

    ids = {role: e["id_number"] for role, e in personas.items() if "id_number" in e}
    people = Person.objects.in_bulk(list(ids.values()), field_name="id_number")
    holders: dict[str, Any] = {role: people[i] for role, i in ids.items() if i in people}
    company = personas.get("restaurant_company")
    if company:
        holders["restaurant_company"] = Organisation.objects.filter(uscc=company["uscc"]).first()
    spouse = personas.get("parent", {}).get("spouse")
    if spouse and spouse["id_number"] in people:
        holders["spouse"] = people[spouse["id_number"]]
    return {role: holder for role, holder in holders.items() if holder is not None}


def equip_personas(personas: dict[str, Any]) -> int:
    """Credit entries and e-licences for a persona set (idempotent); returns licences issued."""
    from onedoor.credit.actions import list_subject
    from onedoor.licences.demo import issue_demo_licences

    holders = persona_holders(personas)
    for role, entry in personas.items():
        if entry.get("facts", {}).get("credit", {}).get("black_list") and role in holders:
            list_subject(
                actor=ACTOR,
                subject=holders[role],
                list="black",
                reason="拒不履行法院生效判决（演示数据）",
                source="佛山市禅城区人民法院",
            )
    return issue_demo_licences(holders, actor=ACTOR)


def seed_demo_district() -> dict[str, Any]:
    """Everything of the demo district in the platform's database (idempotent)."""
    from onedoor.accounts.demo import seed_demo_users
    from onedoor.catalog.actions import import_catalog
    from onedoor.counter.demo import seed_demo_service_points
    from onedoor.exchange.actions import ensure_default_connectors
    from onedoor.registry.demo import current_personas, seed_demo_personas

    with transaction.atomic():
        report = import_catalog(json.loads(DEMO_CATALOG.read_text("utf-8")), actor=ACTOR)
        windows = seed_demo_service_points(actor=ACTOR)
        seed_demo_users()
        seed_demo_personas()
        licences = equip_personas(current_personas() or {})
        ensure_default_connectors(settings.SANDBOX_URL, actor=ACTOR)
        record_event(actor=ACTOR, action=SEEDED_ACTION, object_type="demo", object_id="district")
    return {"catalog": str(report), "service_points": windows, "licences": licences}


def is_seeded() -> bool:
    from onedoor.core.models import AuditEvent

    return AuditEvent.objects.filter(action=SEEDED_ACTION).exists()
