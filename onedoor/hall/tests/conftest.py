"""The hall's test world: the demo district's catalog and service points, loaded by actions."""

import pytest

from onedoor.catalog.queries import forget_search_index
from onedoor.hall.tests.district import load_district


@pytest.fixture(autouse=True)
def _fresh_search_index():
    """Each test starts and ends without a cached search index."""
    forget_search_index()
    yield
    forget_search_index()


@pytest.fixture
def district(db) -> None:
    """The demo catalog, cut down to the hall's matters and the restaurant bundle, and the
    demo service points."""
    load_district()


@pytest.fixture
def english(client):
    """The client asks for pages in English, as the language switch leaves it."""
    client.cookies["django_language"] = "en"
    return client
