import pytest
from django.db import connection


@pytest.fixture
def on_postgresql() -> bool:
    return connection.vendor == "postgresql"
