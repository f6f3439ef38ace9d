import datetime as dt
import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from onedoor.registry.demo import seed_demo_personas
from onedoor.registry.models import DemoPersonaSet, Person
from onedoor.registry.personas import ROLES

UNREACHABLE = "http://127.0.0.1:9"  # the discard port: nothing listens there


class FakeSandbox:
    """A loopback HTTP server that records the bodies POSTed to /_seed."""

    def __init__(self) -> None:
        self.bodies: list[Any] = []
        bodies = self.bodies

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                bodies.append((self.path, json.loads(self.rfile.read(length))))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"ok": true}')

            def log_message(self, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"


@pytest.fixture
def sandbox(settings) -> Iterator[FakeSandbox]:
    fake = FakeSandbox()
    thread = threading.Thread(target=fake.server.serve_forever, daemon=True)
    thread.start()
    settings.SANDBOX_URL = fake.url
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("demo_personas", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db(transaction=True)
def test_json_prints_only_json_for_every_role_and_warns_when_the_sandbox_is_away(settings):
    settings.SANDBOX_URL = UNREACHABLE

    out, err = run("--json")

    personas = json.loads(out)
    assert set(personas) == set(ROLES)
    assert personas["restaurant_company"]["uscc"]
    assert all(personas[role]["id_number"] and personas[role]["name"] for role in ROLES[:-1])
    assert "sandbox" in err and UNREACHABLE in err
    assert Person.objects.filter(id_number=personas["parent"]["id_number"]).exists()


@pytest.mark.django_db(transaction=True)
def test_json_answers_the_current_set_again_without_making_another(settings):
    settings.SANDBOX_URL = UNREACHABLE
    first, _ = run("--json")

    again, err = run("--json")

    assert json.loads(again) == json.loads(first)
    assert err == ""
    assert DemoPersonaSet.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_new_makes_fresh_people_in_the_registry_and_feeds_the_sandbox(sandbox):
    old = seed_demo_personas()

    out, err = run("--json", "--new")

    personas = json.loads(out)
    assert err == ""
    old_ids = {old.personas[r]["id_number"] for r in ROLES[:-1]}
    assert old_ids.isdisjoint(personas[r]["id_number"] for r in ROLES[:-1])
    current = DemoPersonaSet.objects.first()
    assert current is not None and current.pk != old.pk
    assert current.sandbox_seeded_at is not None
    [(path, body)] = sandbox.bodies
    assert path == "/_seed"
    assert body == current.sandbox
    assert {p["id_number"] for p in body["persons"]} >= {
        personas[r]["id_number"] for r in ROLES[:-1]
    }
    assert Person.objects.filter(id_number=personas["newcomer"]["id_number"]).exists()


@pytest.mark.django_db(transaction=True)
def test_new_with_the_sandbox_away_still_writes_the_registry_and_says_so(settings):
    settings.SANDBOX_URL = UNREACHABLE

    out, err = run("--new")

    assert "warning" in err and "registry" in err
    assert DemoPersonaSet.objects.get().sandbox_seeded_at is None
    assert Person.objects.count() == 7
    assert "parent" in out


@pytest.mark.django_db
def test_seeding_again_keeps_the_current_set_until_its_enrollment_year_has_passed():
    with time_machine.travel(dt.datetime(2026, 11, 28, 10), tick=False):
        first = seed_demo_personas()
        assert seed_demo_personas().pk == first.pk
    with time_machine.travel(dt.datetime(2027, 9, 15, 10), tick=False):
        renewed = seed_demo_personas()

    assert (first.enrollment_year, renewed.enrollment_year) == (2027, 2028)
    assert DemoPersonaSet.objects.first() == renewed
