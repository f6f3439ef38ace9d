"""Shared test world: a district with its departments, staff and citizens, built through actions."""

import pytest


@pytest.fixture(autouse=True)
def _isolated_data_dir(settings, tmp_path):
    """Uploads, keys and other files a test writes go to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.ONEDOOR_KEYS_DIR = tmp_path / "keys"
