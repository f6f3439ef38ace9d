import pytest

pytestmark = pytest.mark.django_db

COOKIE = "onedoor_display"


def test_choosing_large_text_sets_a_cookie_and_goes_back(client):
    response = client.post("/display-mode/", {"mode": "large", "next": "/matters/?q=x"})

    assert response.status_code == 302
    assert response["Location"] == "/matters/?q=x"
    cookie = response.cookies[COOKIE]
    assert cookie.value == "large"
    assert int(cookie["max-age"]) >= 300 * 24 * 3600
    assert cookie["samesite"] == "Lax"


def test_pages_in_large_text_mode_carry_the_class_and_a_pressed_toggle(client, db):
    client.cookies[COOKIE] = "large"

    page = client.get("/").content.decode()

    assert '<html lang="zh-hans" class="mode-large">' in page
    assert '<body class="mode-large' in page
    assert 'aria-pressed="true"' in page
    assert 'name="mode" value="standard"' in page


def test_pages_in_standard_mode_offer_large_text(client, db):
    page = client.get("/").content.decode()

    assert "mode-large" not in page
    assert 'aria-pressed="false"' in page
    assert 'name="mode" value="large"' in page


def test_choosing_standard_mode_forgets_the_choice(client):
    client.cookies[COOKIE] = "large"

    response = client.post("/display-mode/", {"mode": "standard", "next": "/"})

    assert response.cookies[COOKIE].value == ""
    assert response.cookies[COOKIE]["max-age"] == 0


def test_a_plain_link_can_switch_the_mode_too(client):
    response = client.get("/display-mode/", {"mode": "large", "next": "/matters/"})

    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "large"


def test_without_next_the_switch_goes_back_to_the_referring_page(client):
    response = client.post(
        "/display-mode/", {"mode": "large"}, HTTP_REFERER="http://testserver/matters/x"
    )

    assert response["Location"] == "http://testserver/matters/x"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:1"])
def test_the_switch_never_sends_the_user_to_another_site(client, target):
    response = client.post("/display-mode/", {"mode": "large", "next": target})

    assert response["Location"] == "/"


def test_an_unknown_mode_changes_nothing(client):
    response = client.post("/display-mode/", {"mode": "huge", "next": "/"})

    assert response.status_code == 302
    assert COOKIE not in response.cookies


def test_an_unknown_cookie_value_shows_the_standard_mode(client, db):
    client.cookies[COOKIE] = "<script>"

    page = client.get("/").content.decode()

    assert "mode-large" not in page
    assert "<script>" not in page.split("<body", 1)[0]


def test_the_switch_refuses_a_post_without_the_csrf_token(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/display-mode/", {"mode": "large"})

    assert response.status_code == 403
