"""The browse page: matters by life event and by an enterprise's stage (全生命周期)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _group(page: str, key: str) -> str:
    match = re.search(rf'<section class="browse-group" id="{key}".*?</section>', page, re.S)
    assert match, key
    return match.group(0)


def test_matters_are_grouped_by_life_event_and_enterprise_stage(
    client, district, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = client.get("/browse/")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="/matters/new-student-enrollment"' in _group(page, "school")
    start = _group(page, "start")
    assert 'href="/bundles/restaurant-opening"' in start
    assert 'href="/matters/food-business-licence"' in start
    # No matter of the cut-down catalog closes a business: the group says so rather than hiding.
    assert "本区暂未发布这类事项" in _group(page, "close")


def test_the_browse_page_is_in_english_too(english, district):
    page = english.get("/browse/").content.decode()

    assert '<html lang="en"' in page


def test_a_matter_only_handled_at_a_window_has_no_apply_button(client, district):
    online = client.get("/matters/new-student-enrollment").content.decode()
    window_only = client.get("/matters/id-card-renewal").content.decode()
    bundle = client.get("/bundles/restaurant-opening").content.decode()

    assert 'href="/apply/new-student-enrollment"' in online
    assert "data-apply" not in window_only and "本事项须到服务窗口办理" in window_only
    assert 'href="/apply/bundles/restaurant-opening"' in bundle


def test_applying_for_a_window_only_matter_is_explained(client, district):
    import datetime as dt

    from onedoor.core.identifiers import make_id_number
    from onedoor.hall.tests.citizens import sign_in
    from onedoor.registry.actions import register_person

    person = register_person(
        actor="test",
        id_number=make_id_number("440604", dt.date(1980, 1, 1), 11),
        name="李四",
        phone="13800138000",
    )
    sign_in(client, person)

    page = client.get("/apply/id-card-renewal").content.decode()
    refused = client.post("/apply/id-card-renewal", {"for": f"p:{person.id_number}"})

    assert "本事项暂不能在网上办理" in page
    assert refused.status_code == 200 and "本事项暂不能在网上办理" in refused.content.decode()
    assert client.get("/apply/no-such-matter").status_code == 404
