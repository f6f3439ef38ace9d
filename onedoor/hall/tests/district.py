"""The demo district's data as the hall's tests load it: by the catalog and counter actions."""

import json
from pathlib import Path
from typing import Any

from onedoor.catalog.actions import ImportReport, import_catalog
from onedoor.counter.demo import seed_demo_service_points

DEMO_CATALOG = Path(__file__).resolve().parents[2] / "catalog" / "fixtures" / "demo_catalog.json"

# The demo matters the hall's tests look at: an instant matter, the enrollment, a matter counted
# in calendar days, and the restaurant bundle with its three matters. Importing these rather
# than all 57 keeps each test well under a second.
HALL_MATTERS = (
    "household-certificate",
    "new-student-enrollment",
    "id-card-renewal",
    "food-business-licence",
    "outdoor-signboard",
    "fire-safety-check",
)


def demo_catalog_document(matters: tuple[str, ...] | None = HALL_MATTERS) -> dict[str, Any]:
    """The demo catalog file, cut down to ``matters`` and the bundles made of them only."""
    document: dict[str, Any] = json.loads(DEMO_CATALOG.read_text(encoding="utf-8"))
    if matters is not None:
        document["matters"] = [m for m in document["matters"] if m["code"] in matters]
        document["bundles"] = [
            b for b in document["bundles"] if all(code in matters for code in b["matters"])
        ]
    return document


def load_district(matters: tuple[str, ...] | None = HALL_MATTERS) -> ImportReport:
    """Import the demo catalog (cut down to ``matters``) and seed the demo service points."""
    report = import_catalog(demo_catalog_document(matters), actor=None)
    seed_demo_service_points(actor=None)
    return report
