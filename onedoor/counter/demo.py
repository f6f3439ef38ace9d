"""The demo district's service points, windows and calling rules, loaded from the fixture through
the actions."""

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from onedoor.counter.actions import configure_calling_rules, upsert_service_point, upsert_window

DEMO_SERVICE_POINTS = Path(__file__).resolve().parent / "fixtures" / "demo_service_points.json"


def load_demo_service_points() -> list[dict[str, Any]]:
    """The service points of the fixture, each with its ``windows`` and ``calling_rules``."""
    data = json.loads(DEMO_SERVICE_POINTS.read_text(encoding="utf-8"))
    points: list[dict[str, Any]] = data["service_points"]
    return points


def seed_demo_service_points(*, actor: Any = None) -> int:
    """Create or update the demo service points, windows and calling rules; return how many
    service points and windows were written.

    Idempotent: a second run writes nothing and returns 0; a row edited since the last run is
    brought back to the fixture's values (the calling rules: the values the fixture names).
    """
    written = 0
    with transaction.atomic():
        for entry in load_demo_service_points():
            point_values = {
                key: value
                for key, value in entry.items()
                if key not in ("windows", "calling_rules")
            }
            _, point_written = upsert_service_point(actor=actor, **point_values)
            written += point_written
            for window in entry.get("windows", []):
                _, window_written = upsert_window(
                    actor=actor, service_point_code=entry["code"], **window
                )
                written += window_written
            configure_calling_rules(
                actor=actor, service_point=entry["code"], **entry.get("calling_rules", {})
            )
    return written
