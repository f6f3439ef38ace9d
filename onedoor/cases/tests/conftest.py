"""The district a case test runs in: part of the demo catalog, its staff, the demo personas in
the registry and in a real sandbox of department systems reached over HTTP."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.test import Client

from onedoor.accounts.actions import create_token
from onedoor.accounts.demo import seed_demo_users
from onedoor.accounts.models import User
from onedoor.catalog.actions import import_catalog
from onedoor.counter.demo import seed_demo_service_points
from onedoor.credit.actions import list_subject
from onedoor.exchange.actions import ensure_default_connectors
from onedoor.licences.demo import issue_demo_licences
from onedoor.registry.models import Organisation, Person
from onedoor.registry.personas import apply_personas, build_personas

DEMO_CATALOG = Path(__file__).resolve().parents[2] / "catalog" / "fixtures" / "demo_catalog.json"
MATTERS = (
    "household-certificate",
    "new-student-enrollment",
    "food-business-licence",
    "outdoor-signboard",
    "fire-safety-check",
)
BUNDLES = ("restaurant-opening",)


def catalog_subset(matters: tuple[str, ...] = MATTERS, bundles: tuple[str, ...] = BUNDLES) -> dict:
    document = json.loads(DEMO_CATALOG.read_text("utf-8"))
    document["matters"] = [m for m in document["matters"] if m["code"] in matters]
    document["bundles"] = [b for b in document["bundles"] if b["code"] in bundles]
    return document


@dataclass
class World:
    persons: dict[str, Person]
    company: Organisation
    sandbox: str
    client: Client

    def staff(self, username: str) -> User:
        return User.objects.get(username=username)

    def headers(self, holder: User | Person) -> dict[str, str]:
        token = create_token(
            actor=None, **({"user": holder} if isinstance(holder, User) else {"person": holder})
        )
        return {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    def post(self, path: str, body: Any, holder: User | Person, **headers: str) -> Any:
        return self.client.post(
            f"/api/v1/{path}", json.dumps(body), content_type="application/json",
            **self.headers(holder), **headers,
        )  # fmt: skip

    def get(self, path: str, holder: User | Person) -> Any:
        return self.client.get(f"/api/v1/{path}", **self.headers(holder))

    def fault(self, system: str, **change: Any) -> None:
        response = httpx.post(
            f"{self.sandbox}/_faults", json={"system": system, **change}, timeout=5
        )
        assert response.status_code == 200, response.text


@pytest.fixture
def world(db: None, sandbox_url: str, client: Client) -> Any:
    import_catalog(catalog_subset(), actor=None)
    seed_demo_service_points()
    seed_demo_users()
    built = build_personas(fresh=False)
    response = httpx.post(f"{sandbox_url}/_seed", json=built["sandbox"], timeout=10)
    assert response.status_code == 200, response.text
    registered = apply_personas(built, actor=None)
    persons = {k: v for k, v in registered.items() if isinstance(v, Person)}
    company = registered["restaurant_company"]
    assert isinstance(company, Organisation)
    list_subject(actor=None, subject=persons["blacklisted"], list="black", reason="测试")
    issue_demo_licences({**persons, "restaurant_company": company})
    ensure_default_connectors(sandbox_url, actor="test")
    world = World(persons=persons, company=company, sandbox=sandbox_url, client=client)
    yield world
    httpx.post(f"{sandbox_url}/_faults", json={"system": "*", "mode": "ok"}, timeout=5)


@pytest.fixture
def submit(world: World) -> Callable[..., Any]:
    """Submit through the API as the window clerk unless another holder is given."""

    def call(body: dict[str, Any], holder: User | Person | None = None, **headers: str) -> Any:
        body = {"channel": "window", "service_point": "district-centre", **body}
        return world.post("cases", body, holder or world.staff("clerk"), **headers)

    return call
