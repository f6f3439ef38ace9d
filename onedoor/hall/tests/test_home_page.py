import re

import pytest

pytestmark = pytest.mark.django_db


def test_home_page_opens_with_the_search_form_first(client, district):
    response = client.get("/")

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans"' in page
    assert re.search(r'<form class="search" role="search" action="/matters/"', page)
    assert 'name="q"' in page and 'lang="zh-hans"' in page
    # The search form comes before every other section of the page.
    assert page.index('role="search"') < page.index('id="life-title"')


def test_home_page_links_life_events_to_bundles_or_searches(client, district):
    page = client.get("/").content.decode()

    assert 'href="/matters/?q=%E4%B8%8A%E5%AD%A6"' in page  # 上学
    assert 'href="/bundles/restaurant-opening"' in page  # 开餐馆: the bundle is published
    # The newborn bundle is not in this catalog, so 出生 falls back to a search.
    assert 'href="/matters/?q=%E5%87%BA%E7%94%9F"' in page
    assert "/bundles/newborn" not in page


def test_home_page_lists_the_bundles_and_the_departments_with_matters(client, district):
    page = client.get("/").content.decode()

    assert "开办餐饮店一件事" in page
    assert 'href="/matters/?department=education"' in page
    assert "佛山市禅城区教育局" in page
    # A department with no matter in force is not offered.
    assert 'href="/matters/?department=civil"' not in page


def test_home_page_of_an_empty_catalog_still_opens(client, db):
    response = client.get("/")

    assert response.status_code == 200
    assert 'role="search"' in response.content.decode()


def test_home_page_follows_the_chosen_language(english, district):
    page = english.get("/").content.decode()

    assert '<html lang="en"' in page
    assert "Opening a restaurant" in page


def test_home_page_makes_a_fixed_number_of_queries(client, district, django_assert_max_num_queries):
    client.get("/")  # builds the search index once

    with django_assert_max_num_queries(3):
        assert client.get("/").status_code == 200
