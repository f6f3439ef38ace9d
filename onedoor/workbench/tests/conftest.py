"""The workbench is tested in the case tests' district: its catalog, staff, personas, licences
and a sandbox of department systems; the screens are driven with Django's test client."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from onedoor.cases.tests.conftest import World, submit, world  # noqa: F401


def idempotency_key(page: Any) -> str:
    """The idempotency key the checklist screen generated when it was rendered."""
    found = re.search(rb'name="idempotency_key" value="([0-9a-f]{32})"', page.content)
    assert found, "the checklist screen has no idempotency key"
    return found.group(1).decode()


@pytest.fixture
def signed_in(world: World, client: Client) -> Callable[[str], Client]:  # noqa: F811
    """The test client signed in as one of the district's staff."""

    def sign_in(username: str) -> Client:
        client.force_login(world.staff(username))
        return client

    return sign_in


@pytest.fixture
def at_window(signed_in: Callable[[str], Client]) -> Callable[..., Any]:
    """The clerk identifies an applicant, opens a matter's checklist and submits it.

    ``fields`` are the form's own field names (``form-purpose``, ``material-x``); the answer is
    the response to the submission, and the rendered checklist screen is kept on it.
    """

    def apply(applicant: str, matter: str, fields: dict[str, Any], *, bundle: bool = False) -> Any:
        client = signed_in("clerk")
        response = client.post("/workbench/window/", {"applicant": applicant})
        assert response.status_code == 302, response.content.decode()[:2000]
        kind = "bundles" if bundle else "matters"
        page = client.get(f"/workbench/window/{kind}/{matter}/")
        assert page.status_code == 200
        form = page.context["form"]
        # What a browser sends for choices left as the screen preset them.
        preset = {
            name: field.initial
            for name, field in form.fields.items()
            if name.startswith("material-") and field.initial
        }
        data = {**preset, "idempotency_key": idempotency_key(page), **fields}
        if "agent_id_number" not in fields and page.context["form"].initial.get("agent_id_number"):
            data["agent_id_number"] = page.context["form"].initial["agent_id_number"]
        answer = client.post(f"/workbench/window/{kind}/{matter}/", data)
        answer.page = page
        answer.sent = data
        return answer

    return apply
