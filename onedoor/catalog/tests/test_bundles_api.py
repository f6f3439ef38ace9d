import pytest

from onedoor.catalog.actions import archive_bundle
from onedoor.catalog.models import Bundle


def test_a_bundle_lists_its_matters_and_merges_materials_by_code(client, catalog):
    response = client.get("/api/v1/bundles/restaurant-opening")

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "restaurant-opening" and body["name"] == "开办餐饮店一件事"
    assert [m["code"] for m in body["matters"]] == [
        "food-business-licence", "outdoor-signboard", "fire-safety-check",
    ]  # fmt: skip
    assert body["matters"][0]["kind"] == "行政许可"
    materials = {m["code"]: m for m in body["materials"]}
    assert list(materials) == ["business-licence", "floor-plan", "fire-commitment"]
    licence = materials["business-licence"]
    assert licence["key"] is True
    assert licence["copies"] == 2 and licence["original_required"] is True
    assert licence["matters"] == [
        "food-business-licence", "outdoor-signboard", "fire-safety-check",
    ]  # fmt: skip


def test_a_bundle_asks_each_form_field_once_required_if_any_matter_requires_it(client, catalog):
    form = client.get("/api/v1/bundles/restaurant-opening").json()["form"]

    names = [f["name"] for f in form]
    assert names == ["shop_name", "area", "sign_width"]
    shop_name = form[0]
    assert shop_name["required"] is True
    assert shop_name["max_length"] == 60
    assert shop_name["matters"] == [
        "food-business-licence", "outdoor-signboard", "fire-safety-check",
    ]  # fmt: skip


def test_a_bundle_with_its_own_stages_shows_them_and_its_longest_deadline(client, catalog):
    body = client.get("/api/v1/bundles/restaurant-opening").json()

    assert body["stages"] == [
        {"name": "并联审查", "rule": "all",
         "reviews": [{"department": "market"}, {"department": "urban"}, {"department": "fire"}]},
    ]  # fmt: skip
    assert body["promised_days"] == 8 and body["statutory_days"] == 20
    assert body["conditions"][0]["code"] == "registered-company"


@pytest.mark.django_db
def test_without_own_stages_a_bundle_merges_its_matters_stages_by_position(client, catalog):
    Bundle.objects.get(code="restaurant-opening").stages.all().delete()

    stages = client.get("/api/v1/bundles/restaurant-opening").json()["stages"]

    assert stages == [
        {"name": "审查", "rule": "all",
         "reviews": [{"department": "market"}, {"department": "urban"}, {"department": "fire"}]},
    ]  # fmt: skip


def test_the_bundle_costs_a_fixed_number_of_queries(client, catalog, django_assert_max_num_queries):
    with django_assert_max_num_queries(13):
        response = client.get("/api/v1/bundles/restaurant-opening")
    assert response.status_code == 200


def test_an_unknown_or_archived_bundle_is_a_coded_404(client, catalog):
    archive_bundle(Bundle.objects.get(code="restaurant-opening"), actor="system")

    for code in ("restaurant-opening", "space-travel"):
        response = client.get(f"/api/v1/bundles/{code}")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
