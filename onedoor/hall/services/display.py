"""The display modes of every page: standard, or large text with high contrast (适老化)."""

from collections.abc import Mapping

DISPLAY_COOKIE = "onedoor_display"
STANDARD = "standard"
LARGE = "large"
DISPLAY_MODES = (STANDARD, LARGE)


def display_mode_of(cookies: Mapping[str, str]) -> str:
    """The mode a browser chose, standard unless it chose another known one."""
    mode = cookies.get(DISPLAY_COOKIE, STANDARD)
    return mode if mode in DISPLAY_MODES else STANDARD
