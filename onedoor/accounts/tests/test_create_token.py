import datetime as dt

import pytest

from onedoor.accounts.actions import create_token, revoke_token
from onedoor.accounts.models import ApiToken, hash_token
from onedoor.core.errors import DomainError
from onedoor.core.models import AuditEvent


@pytest.mark.django_db
def test_a_token_is_returned_once_and_only_its_hash_and_prefix_are_stored(clerk):
    raw = create_token(actor="test", user=clerk, name="workbench")

    token = ApiToken.objects.get()
    assert token.key_hash == hash_token(raw)
    assert raw.startswith(token.prefix) and len(token.prefix) < len(raw) // 2
    assert raw not in str(list(ApiToken.objects.values()))
    event = AuditEvent.objects.get(action="accounts.token_created")
    assert raw not in str(event.payload) and event.payload["holder"] == "staff:clerk"


@pytest.mark.django_db
def test_a_token_belongs_to_exactly_one_holder(clerk, citizen):
    with pytest.raises(DomainError):
        create_token(actor="test")
    with pytest.raises(DomainError):
        create_token(actor="test", user=clerk, person=citizen)
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_revoking_a_token_marks_it_once(citizen):
    create_token(actor="test", person=citizen, expires_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    token = ApiToken.objects.get()

    revoke_token(actor="test", token=token)
    revoked_at = ApiToken.objects.get().revoked_at
    revoke_token(actor="test", token=token)

    assert revoked_at is not None
    assert ApiToken.objects.get().revoked_at == revoked_at
    assert AuditEvent.objects.filter(action="accounts.token_revoked").count() == 1
