import io

import pytest
from django.core.management import CommandError, call_command

from onedoor.accounts.models import ApiToken, hash_token


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("token", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_token_create_prints_only_a_working_staff_token(clerk):
    out = run("create", "clerk")

    raw = out.strip()
    assert out == raw + "\n" and " " not in raw
    token = ApiToken.objects.get(key_hash=hash_token(raw))
    assert token.user == clerk


@pytest.mark.django_db
def test_token_create_for_a_person_by_id_number(citizen):
    raw = run("create", "--person", citizen.id_number.lower()).strip()

    assert ApiToken.objects.get(key_hash=hash_token(raw)).person == citizen


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args", [("create", "nobody"), ("create", "--person", "440604198804129131"), ("create",)]
)
def test_an_unknown_holder_is_an_error_and_no_token(args, citizen):
    with pytest.raises(CommandError):
        run(*args)

    assert not ApiToken.objects.exists()
