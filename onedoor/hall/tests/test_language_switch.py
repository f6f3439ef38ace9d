import pytest

pytestmark = pytest.mark.django_db


def test_every_page_offers_the_other_language_in_the_header(client, db):
    page = client.get("/").content.decode()

    assert 'action="/i18n/setlang/"' in page
    assert 'name="language" value="en"' in page
    assert 'name="next" value="/"' in page


def test_switching_to_english_remembers_it_and_goes_back(client, district):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/matters/"})

    assert response.status_code == 302
    assert response["Location"] == "/matters/"
    page = client.get("/matters/").content.decode()
    assert '<html lang="en"' in page
    assert "All matters" in page
    assert 'name="language" value="zh-hans"' in page


def test_switching_back_to_chinese(english, district):
    english.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})

    page = english.get("/").content.decode()
    assert '<html lang="zh-hans"' in page
    assert "您要办什么事？" in page


def test_the_english_home_page_is_in_english(english, district):
    page = english.get("/").content.decode()

    assert "What do you need to do?" in page
    assert "您要办什么事" not in page


def test_the_browser_language_is_followed_until_the_user_chooses(client, db):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()

    assert '<html lang="en"' in page
