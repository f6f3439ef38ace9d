"""The hall's test world: the demo district's catalog and service points, loaded by actions."""

import json
from pathlib import Path
from typing import Any

import pytest

from onedoor.catalog.actions import ImportReport, import_catalog
from onedoor.catalog.queries import forget_search_index
from onedoor.counter.demo import seed_demo_service_points

DEMO_CATALOG = (
    Path(__file__).resolve().parents[2] / "catalog" / "fixtures" / "demo_catalog.json"
)


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


@pytest.fixture(autouse=True)
def _fresh_search_index():
    """Each test starts and ends without a cached search index."""
    forget_search_index()
    yield
    forget_search_index()


@pytest.fixture
def demo_catalog(db) -> ImportReport:
    """The demo district's catalog, cut down to the hall's matters and the restaurant bundle."""
    return import_catalog(demo_catalog_document(), actor=None)


@pytest.fixture
def service_points(db) -> int:
    """The demo district's service points and their windows."""
    return seed_demo_service_points(actor=None)


@pytest.fixture
def district(demo_catalog, service_points) -> None:
    """The demo catalog and service points together."""


@pytest.fixture
def english(client):
    """The client asks for pages in English, as the language switch leaves it."""
    client.cookies["django_language"] = "en"
    return client
