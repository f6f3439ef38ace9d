from pathlib import Path

import pytest

from tests.browser.conftest import require_chromium


def test_a_missing_chromium_fails_the_run_and_says_how_to_install_it():
    with pytest.raises(pytest.fail.Exception, match=r"chromium package.*make test"):
        require_chromium(Path("/nonexistent/chromium"))
