import pytest

pytestmark = pytest.mark.django_db


def _results(page: str) -> list[str]:
    return [part.split('"', 1)[0] for part in page.split('data-code="')[1:]]


def test_a_search_lists_matching_matters_with_department_kind_and_time(client, district):
    response = client.get("/matters/", {"q": "入学"})

    page = response.content.decode()
    assert response.status_code == 200
    assert _results(page) == ["new-student-enrollment"]
    assert 'href="/matters/new-student-enrollment"' in page
    assert "小学新生入学报名" in page
    assert "佛山市禅城区教育局" in page
    assert "公共服务" in page
    assert "10 个工作日内办结" in page
    assert 'value="入学"' in page


def test_an_instant_matter_carries_the_instant_badge(client, district):
    page = client.get("/matters/", {"q": "户口证明"}).content.decode()

    assert _results(page)[0] == "household-certificate"
    assert "badge--instant" in page
    assert "当场办结" in page


def test_a_matter_counted_in_calendar_days_says_so(client, district):
    page = client.get("/matters/", {"q": "换身份证"}).content.decode()

    assert _results(page)[0] == "id-card-renewal"
    assert "20 日内办结" in page


def test_a_search_finds_bundles_and_links_them_to_their_guide(client, district):
    page = client.get("/matters/", {"q": "开餐馆"}).content.decode()

    assert _results(page)[0] == "restaurant-opening"
    assert 'href="/bundles/restaurant-opening"' in page
    assert "badge--bundle" in page


def test_the_department_filter_narrows_the_results(client, district):
    page = client.get("/matters/", {"department": "market"}).content.decode()

    assert _results(page) == ["food-business-licence"]
    assert '<option value="market" selected>' in page


def test_the_instant_filter_keeps_instant_matters_only(client, district):
    page = client.get("/matters/", {"instant": "1"}).content.decode()

    assert _results(page) == ["household-certificate"]


def test_a_blank_search_lists_every_matter_and_bundle(client, district):
    page = client.get("/matters/").content.decode()

    assert len(_results(page)) == 7
    assert "全部事项" in page


def test_no_result_answers_with_suggestions(client, district):
    response = client.get("/matters/", {"q": "火箭发射许可"})

    page = response.content.decode()
    assert response.status_code == 200
    assert _results(page) == []
    assert "没有找到相关事项" in page
    assert "12345" in page
    assert 'href="/matters/?q=%E6%88%B7%E5%8F%A3%E8%AF%81%E6%98%8E"' in page  # 户口证明


@pytest.mark.parametrize(
    "query_string",
    [
        "q=%01%7F%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "q=" + "%E5%85%A5%E5%AD%A6" * 5000,
        "q=%25%25%27+OR+1%3D1+--&department=..%2F..%2Fetc",
        "q=%ED%A0%80%FF%FE",
        "q=%F0%9F%98%80%E2%80%8B%E2%80%AE",
        "page=-1",
        "page=%C2%B2",
        "page=99999999999999999999",
        "instant=maybe&department=%E6%97%A0",
        "q=%E5%85%A5%E5%AD%A6&q=%E6%88%B7%E5%8F%A3",
        "q",
        "%%%=%%%",
    ],
)
def test_a_garbage_query_still_answers_a_page(client, district, query_string):
    response = client.get(f"/matters/?{query_string}")

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_query_carrying_nul_answers_the_bad_request_page(client, district):
    response = client.get("/matters/?q=%00%3Cscript%3Ealert(1)%3C%2Fscript%3E")

    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_query_too_long_is_cut_and_the_citizen_told(client, district):
    page = client.get("/matters/", {"q": "入学" + "啊" * 500}).content.decode()

    assert "搜索词太长" in page
    assert "new-student-enrollment" in _results(page)


def test_an_unknown_department_is_told_not_failed(client, district):
    response = client.get("/matters/", {"department": "nobody"})

    assert response.status_code == 200
    assert "没有这个部门" in response.content.decode()


def test_results_are_paged(client, district, monkeypatch):
    monkeypatch.setattr("onedoor.hall.views.PAGE_SIZE", 3)

    first = client.get("/matters/").content.decode()
    third = client.get("/matters/", {"page": "3"}).content.decode()

    assert len(_results(first)) == 3
    assert len(_results(third)) == 1
    assert 'href="?page=2" rel="next"' in first


def test_english_pages_show_english_names(english, district):
    page = english.get("/matters/", {"q": "入学"}).content.decode()

    assert "Primary school first-year enrollment" in page


def test_the_search_page_makes_a_fixed_number_of_queries(
    client, district, django_assert_max_num_queries
):
    client.get("/matters/")  # builds the search index once

    with django_assert_max_num_queries(5):
        assert client.get("/matters/", {"q": "开餐馆"}).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get("/matters/").status_code == 200
