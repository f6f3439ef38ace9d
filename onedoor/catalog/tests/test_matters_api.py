import datetime as dt

import pytest

from onedoor.catalog.actions import publish_version
from onedoor.catalog.tests.factories import draft


def test_the_list_answers_count_and_items_in_the_contract_shape(client, catalog):
    response = client.get("/api/v1/matters", {"q": "户口证明"})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["items"] == [
        {
            "code": "household-certificate",
            "name": "户籍证明开具",
            "department": "police",
            "kind": "公共服务",
            "instant": True,
            "promised_days": 0,
            "statutory_days": 1,
        }
    ]


def test_the_list_pages_with_limit_and_offset_and_counts_every_page(client, catalog):
    first = client.get("/api/v1/matters", {"limit": 2}).json()
    third = client.get("/api/v1/matters", {"limit": 2, "offset": 4}).json()

    assert first["count"] == third["count"] == 5
    assert [i["code"] for i in first["items"]] == ["fire-safety-check", "food-business-licence"]
    assert [i["code"] for i in third["items"]] == ["outdoor-signboard"]


def test_the_list_filters_by_department_and_instant(client, catalog):
    by_department = client.get("/api/v1/matters", {"department": "market"}).json()
    instant = client.get("/api/v1/matters", {"instant": "true"}).json()

    assert [i["code"] for i in by_department["items"]] == ["food-business-licence"]
    assert [i["code"] for i in instant["items"]] == ["household-certificate"]


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 101}, {"limit": "many"}, {"offset": -1}, {"instant": "maybe"},
     {"audience": "aliens"}],
)  # fmt: skip
def test_bad_list_parameters_answer_a_coded_422(client, catalog, params):
    response = client.get("/api/v1/matters", params)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_the_list_costs_one_query_once_the_index_is_warm(
    client, catalog, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        client.get("/api/v1/matters", {"q": "证明"})
    with django_assert_max_num_queries(1):
        response = client.get("/api/v1/matters", {"q": "证明"})
    assert response.status_code == 200


def test_english_names_follow_accept_language_when_set(client, catalog):
    response = client.get("/api/v1/matters", {"q": "户口证明"}, headers={"accept-language": "en"})

    assert response.json()["items"][0]["name"] == "Household registration certificate"


def test_the_guide_holds_every_element_of_the_contract(client, catalog):
    response = client.get("/api/v1/matters/household-certificate")

    assert response.status_code == 200
    guide = response.json()
    assert guide["code"] == "household-certificate" and guide["name"] == "户籍证明开具"
    assert guide["kind"] == "公共服务"
    assert guide["department"] == {"code": "police", "name": "区公安分局"}
    assert guide["legal_basis"] == "《中华人民共和国户口登记条例》"
    assert guide["conditions"] == [
        {"code": "household-here", "description": "申请人户籍在本区",
         "message": "申请人户籍不在本区，请到户籍所在地办理。", "curable_by": []}
    ]  # fmt: skip
    assert guide["materials"][0] | {"description": ""} == {
        "code": "id-card", "name": "申请人居民身份证", "key": True,
        "licence_type": "resident-id-card", "verifiable": False, "copies": 1,
        "original_required": True, "accepts_commitment": False, "description": "",
    }  # fmt: skip
    assert guide["form"] == [
        {"name": "purpose", "label": "证明用途", "type": "choice", "required": True,
         "choices": [{"value": "school", "label": "入学"}, {"value": "other", "label": "其他"}],
         "min": None, "max": None, "max_length": None},
        {"name": "note", "label": "备注", "type": "text", "required": False, "choices": None,
         "min": None, "max": None, "max_length": 200},
    ]  # fmt: skip
    assert (guide["statutory_days"], guide["promised_days"]) == (1, 0)
    assert guide["limit_unit"] == "working_days"
    assert guide["fee"] == {"amount": "0.00", "description": "不收费"}
    assert guide["instant"] is True
    assert guide["channels"] == ["window", "online", "app", "wechat", "kiosk"]
    assert guide["stages"] == []
    assert guide["result"] == {"name": "户籍证明", "licence_type": "household-certificate"}


def test_the_guide_shows_stages_with_their_reviews_and_rule(client, catalog):
    guide = client.get("/api/v1/matters/food-business-licence").json()

    assert guide["stages"] == [
        {"name": "审查", "rule": "all", "reviews": [{"department": "market"}]}
    ]
    assert guide["form"][1]["min"] == 1 and guide["form"][1]["max"] == 10000
    assert guide["extension_days"] == 5


def test_the_guide_marks_materials_a_department_system_can_confirm(client, catalog):
    guide = client.get("/api/v1/matters/new-student-enrollment").json()

    assert [(m["code"], m["verifiable"], m["key"]) for m in guide["materials"]] == [
        ("household-register", True, True),
        ("vaccination-record", True, False),
    ]


def test_the_guide_costs_a_fixed_number_of_queries(client, catalog, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        response = client.get("/api/v1/matters/new-student-enrollment")
    assert response.status_code == 200


def test_an_unknown_matter_is_a_coded_404(client, catalog):
    response = client.get("/api/v1/matters/space-travel")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.django_db
def test_a_draft_or_future_matter_has_no_guide_yet(client):
    draft("drafted")
    publish_version(draft("future", valid_from=dt.date(2099, 1, 1)), actor="system")

    assert client.get("/api/v1/matters/drafted").status_code == 404
    assert client.get("/api/v1/matters/future").status_code == 404
    assert client.get("/api/v1/matters").json()["count"] == 0


def test_the_openapi_document_describes_the_catalog_endpoints(client, catalog):
    schema = client.get("/api/v1/openapi.json").json()

    assert "/api/v1/matters" in schema["paths"]
    assert "/api/v1/matters/{code}" in schema["paths"]
    assert "/api/v1/bundles/{code}" in schema["paths"]
    guide = schema["components"]["schemas"]["GuideOut"]["properties"]
    assert {"conditions", "materials", "form", "stages", "fee", "channels"} <= set(guide)
