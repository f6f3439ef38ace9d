"""The department systems' health page: staff only, one row per system."""

from typing import Any

import pytest

from onedoor.accounts.actions import create_staff_user
from onedoor.exchange.actions import verify
from onedoor.exchange.tests.world import PARENT

pytestmark = [pytest.mark.django_db, pytest.mark.urls("onedoor.exchange.tests.urls")]

URL = "/workbench/systems/"


def test_a_clerk_sees_each_system_and_what_is_wrong(
    client: Any, systems: Any, faults: Any, clerk: Any, django_assert_max_num_queries: Any
) -> None:
    faults("housing", mode="down")
    verify(PARENT, "property.owns_in_district", purpose="t", requester="t")
    client.force_login(clerk)

    with django_assert_max_num_queries(8):
        response = client.get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('<tr id="system-') == 8
    housing = page.split('id="system-housing"')[1].split("</tr>")[0]
    assert "该系统答复服务器错误" in housing and "其中无法核验 1 次" in housing
    police = page.split('id="system-police"')[1].split("</tr>")[0]
    assert "正常" in police
    assert PARENT not in page


def test_anonymous_visitors_are_sent_to_the_login_page(client: Any, systems: Any) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/workbench/login/")


def test_a_user_without_a_staff_role_is_refused(client: Any, systems: Any) -> None:
    client.force_login(create_staff_user(actor="t", username="x", password=None, full_name="无"))

    assert client.get(URL).status_code == 403
