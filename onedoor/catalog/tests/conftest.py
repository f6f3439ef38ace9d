import pytest

from onedoor.catalog.actions import ImportReport, import_catalog
from onedoor.catalog.queries import forget_search_index
from onedoor.catalog.tests.documents import small_catalog


@pytest.fixture(autouse=True)
def _fresh_search_index():
    """Each test starts and ends without a cached search index."""
    forget_search_index()
    yield
    forget_search_index()


@pytest.fixture
def catalog(db) -> ImportReport:
    """The small catalog, imported: five matters in force and the restaurant bundle."""
    return import_catalog(small_catalog(), actor="system")
