from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onedoor.core.actions import raise_alert, seal_audit_chain
from onedoor.core.choices import AlertKind, AlertLevel
from onedoor.core.queries import verify_audit_chain


class Command(BaseCommand):
    help = "The audit trail: `verify` proves the hash chain intact, `seal` chains what is pending."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        verify = commands.add_parser(
            "verify", help="Exit 0 if the chain is intact; else non-zero and the first break."
        )
        verify.add_argument(
            "--no-seal", action="store_true", help="Check only; do not seal pending events first."
        )
        commands.add_parser("seal", help="Seal every pending event now.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "seal":
            result = seal_audit_chain(grace_seconds=0)
            self.stdout.write(f"sealed {result.sealed} events; chain length {result.last_seq}")
            return
        if not options["no_seal"]:
            seal_audit_chain(grace_seconds=0)
        check = verify_audit_chain()
        self.stdout.write(check.summary())
        if check.broken is not None:
            broken = check.broken
            raise_alert(
                f"audit.chain_broken.{broken.chain_seq}",
                AlertKind.AUDIT_CHAIN_BROKEN,
                check.summary(),
                level=AlertLevel.CRITICAL,
            )
            raise CommandError(
                f"first broken event: id={broken.id} chain_seq={broken.chain_seq} "
                f"reason={broken.reason}",
                returncode=1,
            )
