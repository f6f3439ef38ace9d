import pytest
from django.template.loader import render_to_string

pytestmark = pytest.mark.django_db


def test_an_unknown_address_answers_the_not_found_page_with_a_search_box(client):
    response = client.get("/no/such/page")

    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page
    assert 'role="search"' in page
    assert 'href="#main"' in page


def test_the_not_found_page_follows_the_language(english):
    page = english.get("/no/such/page").content.decode()

    assert '<html lang="en"' in page
    assert "Page not found" in page


@pytest.mark.parametrize("code", ["400", "403", "404", "500"])
def test_every_error_page_renders_with_the_site_layout(rf, code):
    page = render_to_string(f"errors/{code}.html", request=rf.get("/x"))

    assert 'class="site-header"' in page
    assert f'<p class="error-page__code" aria-hidden="true">{code}</p>' in page
    assert 'href="/"' in page
