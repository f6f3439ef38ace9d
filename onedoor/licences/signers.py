"""E-seal signers (电子印章): the plugins that sign and verify e-licences.

A signer holds one key per department and signs the canonical form of a licence with the key
that is active for the issuing department; it verifies a signature by the key id recorded on the
licence, so licences signed before a key rotation keep verifying with their own key.

``ed25519`` is the demo signer: keys made with ``cryptography`` on first use, the private half in
a file under ``settings.ONEDOOR_KEYS_DIR`` (mode 0600), the public half in ``SigningKey``.

A deployment plugs in its legal e-seal through the same interface: an SM2 signer with SM3
digests per GB/T 38540 (安全电子签章密码技术规范), whose private keys stay in a hardware security
module or a cloud KMS and never leave it. Such a plugin registers under its own id
(``@signers.register("sm2")``), maps a department code to its HSM key label in
``current_key_id`` and ``sign``, records each key's public certificate
in ``SigningKey`` (``algorithm="sm2"``) through ``actions.record_signing_key``, and reports an
unreachable HSM or an expiring certificate from ``check_config``. ``ONEDOOR_SIGNER`` then
selects it. See docs/adr/0005-e-seals.md.
"""

import base64
import binascii
import hashlib
import logging
import os
import secrets
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone

from onedoor.core.plugins import ConfigProblem, Registry, UnknownPlugin
from onedoor.licences.models import SigningKey

logger = logging.getLogger(__name__)


@runtime_checkable
class Signer(Protocol):
    plugin_id: str
    verbose_name: str

    def current_key_id(self, department_code: str) -> str:
        """The id of the department's active key, made on first use."""
        ...

    def sign(self, department_code: str, data: bytes) -> tuple[str, bytes]:
        """Sign ``data`` with the department's active key: ``(key_id, signature)``."""
        ...

    def verify(self, key_id: str, data: bytes, signature: bytes) -> bool:
        """Whether ``signature`` is the key's signature of ``data``; False for an unknown key."""
        ...

    def rotate(self, department_code: str) -> str:
        """Give the department a new active key; the old one only verifies from now on."""
        ...

    def check_config(self) -> list[ConfigProblem]:
        """What stops this signer from working; empty when it is usable."""
        ...


signers: Registry[Signer] = Registry("signer")


def current_signer() -> Signer:
    """The signer that signs new licences (``settings.ONEDOOR_SIGNER``)."""
    try:
        return signers.get(settings.ONEDOOR_SIGNER)
    except UnknownPlugin:
        raise ImproperlyConfigured(
            f"ONEDOOR_SIGNER names no registered signer: {settings.ONEDOOR_SIGNER!r}"
        ) from None


@dataclass(frozen=True, slots=True)
class KeyRecord:
    algorithm: str
    public_key_pem: str


# Public keys never change once recorded, so a process keeps them for its lifetime; an unknown
# key id is not cached (a key made by another process after our miss must become visible).
_key_records: dict[str, KeyRecord] = {}


def get_key_record(key_id: str) -> KeyRecord | None:
    """The algorithm and public key of a key id, from the process cache or the database."""
    record = _key_records.get(key_id)
    if record is None:
        row = (
            SigningKey.objects.filter(key_id=key_id)
            .values_list("algorithm", "public_key_pem")
            .first()
        )
        if row is None:
            return None
        record = KeyRecord(algorithm=row[0], public_key_pem=row[1])
        _key_records[key_id] = record
    return record


# Which key is active changes only when a key is recorded (a first use, a rotation). Each process
# remembers a department's active key id beside the version stamp it read in the cache every
# process shares, and reads the database again once the stamp has moved: a key is looked up
# once per rotation, not twice per licence. ``record_signing_key`` moves the stamp at once (its
# own process) and again when its transaction commits (the others, which may have read the old
# key meanwhile). Without a stamp (cache outage) nothing is remembered.
SIGNING_KEYS_STAMP = "onedoor:licences:signing-keys"


def signing_keys_stamp() -> str | None:
    """The current version stamp of the active signing keys, made if missing; None if the
    shared cache cannot be read."""
    try:
        shared = caches["shared"]
        stamp = shared.get(SIGNING_KEYS_STAMP)
        if stamp is None:  # never set, or evicted: a new stamp, which no process remembers
            shared.add(SIGNING_KEYS_STAMP, uuid.uuid4().hex, timeout=None)
            stamp = shared.get(SIGNING_KEYS_STAMP)
    except Exception:  # a cache outage must not stop signing: read the key every time
        logger.warning("could not read the signing keys' stamp", exc_info=True)
        return None
    return None if stamp is None else str(stamp)


def move_signing_keys_stamp() -> None:
    """Make every process read the active signing keys again."""
    try:
        caches["shared"].set(SIGNING_KEYS_STAMP, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.warning("could not move the signing keys' stamp", exc_info=True)


# Signatures already found valid, by a digest of exactly what was verified: checking the same
# licence again (a QR code scanned twice, a clerk's reuse check) costs a hash, not a signature
# verification. Only successes are kept; the digest covers key id, signature and data, so a
# changed licence never matches an entry.
_VERIFIED_MAX = 50_000
_verified: dict[bytes, None] = {}
_verified_lock = threading.Lock()


def verify_data(key_id: str, data: bytes, signature_b64: str) -> bool:
    """Whether the base64 signature is valid for ``data`` under ``key_id``, whatever its signer."""
    memo = hashlib.sha256(b"\0".join((key_id.encode(), signature_b64.encode(), data))).digest()
    if memo in _verified:
        return True
    record = get_key_record(key_id)
    if record is None or record.algorithm not in signers:
        return False
    try:
        signature = base64.b64decode(signature_b64, validate=True)
    except (binascii.Error, ValueError):
        return False
    if not signers.get(record.algorithm).verify(key_id, data, signature):
        return False
    with _verified_lock:
        if len(_verified) >= _VERIFIED_MAX:
            del _verified[next(iter(_verified))]  # the oldest entry
        _verified[memo] = None
    return True


@signers.register("ed25519")
class Ed25519Signer:
    """Demo e-seal: Ed25519 keys per department, private keys in files under the keys dir."""

    plugin_id = "ed25519"
    verbose_name = "Ed25519 (demo)"

    def __init__(self) -> None:
        self._private_keys: dict[str, Ed25519PrivateKey] = {}
        self._public_keys: dict[str, Ed25519PublicKey] = {}
        # Department code → (stamp, active key id), valid while the stamp has not moved.
        self._active_keys: dict[str, tuple[str, str]] = {}
        self._lock = threading.Lock()

    # -- the Signer interface -------------------------------------------------------------

    def current_key_id(self, department_code: str) -> str:
        return self._active_key_id(department_code)

    def sign(self, department_code: str, data: bytes) -> tuple[str, bytes]:
        key_id = self._active_key_id(department_code)
        return key_id, self._private_key(key_id).sign(data)

    def verify(self, key_id: str, data: bytes, signature: bytes) -> bool:
        public_key = self._public_key(key_id)
        if public_key is None:
            return False
        try:
            public_key.verify(signature, data)
        except InvalidSignature:
            return False
        return True

    def rotate(self, department_code: str) -> str:
        return self._new_key(department_code)

    def check_config(self) -> list[ConfigProblem]:
        problems: list[ConfigProblem] = []
        folder = Path(settings.ONEDOOR_KEYS_DIR)
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            return [ConfigProblem(f"keys dir {folder} cannot be created: {exc.strerror}")]
        if not os.access(folder, os.W_OK):
            problems.append(ConfigProblem(f"keys dir {folder} is not writable"))
        if folder.stat().st_mode & 0o077:
            problems.append(
                ConfigProblem(f"keys dir {folder} is readable by others", hint="chmod 700")
            )
        active = SigningKey.objects.filter(algorithm=self.plugin_id, active=True)
        for key_id in active.values_list("key_id", flat=True):
            if not self._key_path(key_id).exists():
                problems.append(
                    ConfigProblem(
                        f"private key of {key_id} is missing",
                        hint="restore the keys dir from backup, or rotate the department's key",
                    )
                )
        return problems

    # -- keys -------------------------------------------------------------------------------

    def _key_path(self, key_id: str) -> Path:
        return Path(settings.ONEDOOR_KEYS_DIR) / f"{key_id}.pem"

    def _active_key_id(self, department_code: str) -> str:
        stamp = signing_keys_stamp()
        remembered = self._active_keys.get(department_code)
        if stamp is not None and remembered is not None and remembered[0] == stamp:
            return remembered[1]
        key_id = (
            SigningKey.objects.filter(
                department__code=department_code, active=True, algorithm=self.plugin_id
            )
            .values_list("key_id", flat=True)
            .first()
        )
        if key_id is None:
            return self._new_key(department_code, first_use=True)
        if stamp is not None:
            self._active_keys[department_code] = (stamp, key_id)
        return key_id

    def _new_key(self, department_code: str, *, first_use: bool = False) -> str:
        from onedoor.licences.actions import record_signing_key  # actions import this module

        private_key = Ed25519PrivateKey.generate()
        key_id = f"{department_code}-ed25519-{timezone.now():%Y%m%d}-{secrets.token_hex(4)}"
        self._write_private_key(key_id, private_key)
        public_pem = (
            private_key.public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode("ascii")
        )
        try:
            with transaction.atomic():
                record_signing_key(
                    actor="system",
                    department_code=department_code,
                    key_id=key_id,
                    algorithm=self.plugin_id,
                    public_key_pem=public_pem,
                    rotation=not first_use,
                )
        except IntegrityError:
            self._key_path(key_id).unlink(missing_ok=True)
            if not first_use:
                raise
            # Another process made the department's first key at the same moment: use theirs.
            return self._active_key_id(department_code)
        self._private_keys[key_id] = private_key
        logger.info("signing key created", extra={"key_id": key_id})
        return key_id

    def _write_private_key(self, key_id: str, private_key: Ed25519PrivateKey) -> None:
        folder = Path(settings.ONEDOOR_KEYS_DIR)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        pem = private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        # O_EXCL: a key file is written once and never overwritten; 0600 from the first byte.
        fd = os.open(self._key_path(key_id), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)

    def _private_key(self, key_id: str) -> Ed25519PrivateKey:
        cached = self._private_keys.get(key_id)
        if cached is not None:
            return cached
        with self._lock:
            try:
                loaded = serialization.load_pem_private_key(
                    self._key_path(key_id).read_bytes(), password=None
                )
            except FileNotFoundError:
                raise ImproperlyConfigured(
                    f"the private key of {key_id} is missing from ONEDOOR_KEYS_DIR"
                ) from None
            if not isinstance(loaded, Ed25519PrivateKey):
                raise ImproperlyConfigured(f"the key file of {key_id} is not an Ed25519 key")
            self._private_keys[key_id] = loaded
            return loaded

    def _public_key(self, key_id: str) -> Ed25519PublicKey | None:
        cached = self._public_keys.get(key_id)
        if cached is not None:
            return cached
        record = get_key_record(key_id)
        if record is None or record.algorithm != self.plugin_id:
            return None
        loaded = serialization.load_pem_public_key(record.public_key_pem.encode("ascii"))
        if not isinstance(loaded, Ed25519PublicKey):
            return None
        self._public_keys[key_id] = loaded
        return loaded
