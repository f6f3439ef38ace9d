from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onedoor.accounts.actions import create_token
from onedoor.accounts.models import User
from onedoor.core.identifiers import parse_id_number
from onedoor.registry.models import Person

COMMAND_ACTOR = "system:cli"


class Command(BaseCommand):
    help = "Bearer tokens: `token create USERNAME` or `token create --person ID_NUMBER`."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        create = commands.add_parser("create", help="Print a new token, and nothing else.")
        create.add_argument("username", nargs="?", help="A staff user's username.")
        create.add_argument("--person", metavar="ID_NUMBER", help="A citizen's ID number.")
        create.add_argument("--name", default="", help="What the token is for.")

    def handle(self, *args: Any, **options: Any) -> None:
        username, id_number = options.get("username"), options.get("person")
        if bool(username) == bool(id_number):
            raise CommandError("name either a USERNAME or --person ID_NUMBER")
        name = options["name"] or "cli"
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(f"no active staff user named {username!r}")
            raw = create_token(actor=COMMAND_ACTOR, user=user, name=name)
        else:
            parsed = parse_id_number(id_number)
            person = Person.objects.filter(id_number=parsed.value).first() if parsed else None
            if person is None:
                raise CommandError("no person with that ID number in the registry")
            raw = create_token(actor=COMMAND_ACTOR, person=person, name=name)
        self.stdout.write(raw)
