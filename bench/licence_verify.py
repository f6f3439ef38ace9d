"""Licence verifications per second in one process (target: at least 2,000/s).

Each verification is what the public QR-code check does: read the licence and what its
signature covers (one query), rebuild its canonical form and check the Ed25519 signature with
the issuer's public key (cached per process). The first figure checks every signature; the
second lets the process remember signatures it has already found valid (a QR code scanned
again, a reuse check), as a running server does.

    .venv/bin/python bench/licence_verify.py [--licences 200] [--seconds 5]

Runs on a throw-away SQLite database in a temporary data dir unless DATABASE_URL is set.
"""

import argparse
import atexit
import datetime as dt
import os
import shutil
import sys
import tempfile
import time


def _remove_data_dir(data_dir: str) -> None:
    from django.db import connections

    connections.close_all()  # else SQLite writes its files again when the process ends
    shutil.rmtree(data_dir, ignore_errors=True)


def _setup() -> None:
    if "ONEDOOR_DATA_DIR" not in os.environ:
        data_dir = tempfile.mkdtemp(prefix="onedoor-bench-")
        atexit.register(_remove_data_dir, data_dir)
        os.environ["ONEDOOR_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onedoor.config.settings")
    os.environ.setdefault("ONEDOOR_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _issue(count: int) -> list[str]:
    from onedoor.catalog.models import Department
    from onedoor.core.identifiers import make_id_number
    from onedoor.licences.actions import issue_licence
    from onedoor.licences.models import LicenceType
    from onedoor.registry.actions import register_person

    department, _ = Department.objects.get_or_create(
        code="bench-police", defaults={"name": "基准测试公安分局"}
    )
    licence_type, _ = LicenceType.objects.get_or_create(
        code="bench-household-certificate",
        defaults={"name": "户籍证明", "department": department, "holder_kind": "person"},
    )
    numbers = []
    for index in range(count):
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=index * 37)
        person = register_person(
            actor="system", id_number=make_id_number("440604", birth, index), name="测试人员"
        )
        licence = issue_licence(
            actor="system",
            licence_type=licence_type,
            holder=person,
            fields={"household_address": f"禅城区祖庙街道{index}号", "purpose": "入学"},
        )
        numbers.append(licence.number)
    return numbers


def _rate(numbers: list[str], seconds: float, *, cold: bool) -> float:
    """Verifications per second; ``cold`` forgets verified signatures before each check."""
    from onedoor.licences import signers
    from onedoor.licences.queries import verify_licence

    done = 0
    started = time.perf_counter()
    deadline = started + seconds
    while time.perf_counter() < deadline:
        for number in numbers:
            if cold:
                signers._verified.clear()
            if not verify_licence(number).valid:
                raise SystemExit(f"licence {number} did not verify")
        done += len(numbers)
    return done / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--licences", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    _setup()
    numbers = _issue(args.licences)
    _rate(numbers, 0.5, cold=False)  # warm the public-key cache, as a running server has
    cold = _rate(numbers, args.seconds, cold=True)
    warm = _rate(numbers, args.seconds, cold=False)
    print(f"{cold:,.0f} verifications/s, each checking the signature (one process)")
    print(f"{warm:,.0f} verifications/s, licences verified before (one process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
