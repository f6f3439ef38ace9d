import pytest

from onedoor.catalog.actions import archive_version, publish_version, save_synonym
from onedoor.catalog.queries import (
    get_published_version,
    search_catalog,
    search_matters,
)
from onedoor.catalog.services.search import loosely_contains, split_terms
from onedoor.catalog.tests.factories import department, draft


def codes(entries) -> list[str]:
    return [e.code for e in entries]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("户口证明", "household-certificate"),
        ("户籍证明", "household-certificate"),
        ("上学", "new-student-enrollment"),
        ("小学报名", "new-student-enrollment"),
        ("我想开个餐馆", "food-business-licence"),
        ("开饭店", "food-business-licence"),
        ("食品经营许可证", "food-business-licence"),
        ("消防", "fire-safety-check"),
        ("HOUSEHOLD registration", "household-certificate"),
    ],
)
def test_chinese_queries_find_the_matter_without_word_segmentation(catalog, query, expected):
    assert codes(search_matters(query))[0] == expected


def test_a_sentence_holding_a_bundle_keyword_finds_the_bundle_first(catalog):
    assert codes(search_catalog("我想开个餐馆"))[0] == "restaurant-opening"


def test_search_matters_lists_no_bundle(catalog):
    assert "restaurant-opening" not in codes(search_matters("开餐馆"))


def test_a_query_matching_nothing_finds_nothing(catalog):
    assert search_matters("火箭发射许可") == []


def test_a_blank_query_lists_every_matter_in_force_by_code(catalog):
    assert codes(search_matters("")) == [
        "fire-safety-check", "food-business-licence", "household-certificate",
        "new-student-enrollment", "outdoor-signboard",
    ]  # fmt: skip


def test_filters_narrow_the_results(catalog):
    assert codes(search_matters("", department="police")) == ["household-certificate"]
    assert codes(search_matters("", instant=True)) == ["household-certificate"]
    assert "household-certificate" not in codes(search_matters("", audience="organisation"))
    assert codes(search_matters("证明", audience="person")) == ["household-certificate"]


@pytest.mark.django_db
def test_a_name_match_ranks_above_a_keyword_match_above_a_summary_match():
    market = department()
    publish_version(draft("by-summary", name="甲事项", summary="办理证照变更"), actor="system")
    publish_version(draft("by-keyword", name="乙事项", keywords=["证照变更"]), actor="system")
    publish_version(draft("by-name", name="证照变更登记", department=market), actor="system")

    assert codes(search_matters("证照变更")) == ["by-name", "by-keyword", "by-summary"]


@pytest.mark.django_db
def test_the_index_follows_publication_and_archiving():
    assert search_matters("店招备案") == []
    version = publish_version(draft(), actor="system")
    assert codes(search_matters("店招备案")) == ["shop-sign"]

    archive_version(version, actor="system")

    assert search_matters("店招备案") == []


@pytest.mark.django_db
def test_a_synonym_added_in_the_catalog_widens_search_at_once():
    publish_version(draft(keywords=["招牌备案"]), actor="system")
    assert search_matters("门脸登记") == []

    save_synonym("招牌备案", "门脸登记、门面登记", actor="system")

    assert codes(search_matters("门脸登记")) == ["shop-sign"]
    assert "门脸登记" in get_published_version("shop-sign").search_text


def test_split_terms_splits_on_spaces_and_chinese_punctuation():
    assert split_terms("户籍，证明 Open、 上学") == ["户籍", "证明", "open", "上学"]


@pytest.mark.parametrize(
    ("text", "word", "holds"),
    [
        ("我想开个餐馆", "开餐馆", True),
        ("开一家餐馆", "开餐馆", True),
        ("开具证明的餐馆", "开餐馆", False),
        ("餐馆开", "开餐馆", False),
        ("营业执照", "执照", True),
    ],
)
def test_loosely_contains_allows_a_short_gap_only(text, word, holds):
    assert loosely_contains(text, word) is holds


@pytest.mark.django_db
def test_a_name_that_is_also_a_keyword_of_the_matter_ranks_first():
    publish_version(draft("deferral", name="延缓入学审批", keywords=["延缓入学"]), actor="system")
    publish_version(draft("enrollment", name="小学新生入学报名", keywords=["入学"]), actor="system")

    assert codes(search_matters("入学")) == ["enrollment", "deferral"]
