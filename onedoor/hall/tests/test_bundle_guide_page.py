import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_bundle_guide_lists_its_matters_with_links(client, district):
    response = client.get("/bundles/restaurant-opening")

    page = response.content.decode()
    assert response.status_code == 200
    assert "开办餐饮店一件事" in page
    members = page[page.index('id="members"') : page.index('id="conditions"')]
    assert re.findall(r'href="/matters/([a-z-]+)"', members) == [
        "food-business-licence",
        "outdoor-signboard",
        "fire-safety-check",
    ]
    assert "佛山市禅城区市场监督管理局" in members


def test_the_bundle_guide_merges_materials_each_once(client, district):
    page = client.get("/bundles/restaurant-opening").content.decode()

    materials = page[page.index('id="materials"') :]
    materials = materials[: materials.index("</section>")]
    assert materials.count('id="material-business-licence"') == 1
    licence = materials[materials.index('id="material-business-licence"') :]
    licence = licence[: licence.index("</li>\n  \n")]
    assert "用于：" in licence
    assert "系统核验，无需提交" in licence


def test_the_bundle_guide_shows_its_conditions_time_and_places(client, district):
    page = client.get("/bundles/restaurant-opening").content.decode()

    assert 'class="checklist"' in page
    assert re.search(r'data-limit="promised">5 个工作日内办结<', page)
    assert "多个部门同时审查，全部同意后通过" in page
    assert "禅城区行政服务中心" in page


def test_an_unknown_bundle_answers_the_not_found_page(client, district):
    response = client.get("/bundles/no-such-bundle")

    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_the_bundle_guide_makes_a_fixed_number_of_queries(
    client, district, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        assert client.get("/bundles/restaurant-opening").status_code == 200
