import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from onedoor.core.models import AuditEvent
from onedoor.core.plugins import DuplicatePlugin
from onedoor.licences.actions import rotate_key
from onedoor.licences.models import SigningKey
from onedoor.licences.signers import signers, verify_data
from onedoor.licences.tests.factories import make_approver, make_department, make_licence

pytestmark = pytest.mark.django_db


def test_a_departments_first_key_is_a_0600_file_and_its_public_half_is_recorded(settings):
    signer = signers.get("ed25519")
    market = make_department()

    key_id, signature = signer.sign("market", b"hello")

    path = settings.ONEDOOR_KEYS_DIR / f"{key_id}.pem"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    private_key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert isinstance(private_key, Ed25519PrivateKey)
    key = SigningKey.objects.get(key_id=key_id)
    assert (key.department, key.algorithm, key.active) == (market, "ed25519", True)
    assert "PRIVATE" not in key.public_key_pem
    assert signer.verify(key_id, b"hello", signature)
    assert not signer.verify(key_id, b"hullo", signature)
    assert AuditEvent.objects.filter(action="licences.signing_key_created").count() == 1


def test_rotation_retires_the_old_key_which_still_verifies():
    signer = signers.get("ed25519")
    market = make_department()
    old_key_id, old_signature = signer.sign("market", b"data")

    new_key = rotate_key(actor=make_approver(market), department=market)

    old_key = SigningKey.objects.get(key_id=old_key_id)
    assert (old_key.active, old_key.retired_at is not None) == (False, True)
    assert new_key.active
    assert signer.sign("market", b"data")[0] == new_key.key_id
    assert signer.verify(old_key_id, b"data", old_signature)
    event = AuditEvent.objects.get(action="licences.signing_key_rotated")
    assert event.actor == "staff:approver-market"


def test_an_approver_of_another_department_may_not_rotate_its_key():
    market = make_department()
    fire = make_department("fire", "禅城区消防救援大队")

    with pytest.raises(Exception) as caught:
        rotate_key(actor=make_approver(fire), department=market)

    assert caught.value.code == "permission_denied"
    assert not SigningKey.objects.exists()


def test_a_signature_under_an_unknown_key_id_does_not_verify():
    assert not verify_data("nobody-ed25519-20260101-00000000", b"data", "AAAA")


def test_a_second_signer_with_the_same_id_is_refused():
    with pytest.raises(DuplicatePlugin):

        @signers.register("ed25519")
        class Impostor:
            pass


def test_check_config_is_clean_when_keys_are_in_place():
    make_licence()

    assert signers.get("ed25519").check_config() == []


def test_check_config_reports_a_missing_private_key(settings):
    licence = make_licence()
    (settings.ONEDOOR_KEYS_DIR / f"{licence.key_id}.pem").unlink()

    problems = signers.get("ed25519").check_config()

    assert [p.message for p in problems] == [f"private key of {licence.key_id} is missing"]


def test_check_config_reports_a_keys_dir_others_can_read(settings):
    make_licence()
    settings.ONEDOOR_KEYS_DIR.chmod(0o755)

    problems = signers.get("ed25519").check_config()

    assert any("readable by others" in p.message for p in problems)
