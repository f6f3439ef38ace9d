"""The ``onedoor`` command: Django's management commands under the platform's settings.

``onedoor demo``, ``serve``, ``worker``, ``sandbox``, ``seed``, ``token``, ``audit``,
``calendar``, ``catalog`` and ``demo-personas`` are the platform's own; every Django command
(``migrate``, ``createsuperuser`` ...) works too.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onedoor.config.settings")
    if len(args) > 1:
        # Command names are spelled with hyphens on the command line, underscores in modules.
        args[1] = args[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
