"""Who may call which system: per-client keys, read from ``clients.json`` in the data dir.

The file is written with the demo defaults on first start and read once at start; edit it and
restart to add clients or change keys. Each system checks the key in its own way (a header, an
HMAC signature, a bearer token ...), but every key comes from here.
"""

import hmac
import json
import os
from collections.abc import Iterable
from pathlib import Path

CLIENTS_FILE = "clients.json"
DEMO_CLIENT = "onedoor"


class ClientsFileError(ValueError):
    """clients.json is not the shape docs/sandbox.md describes."""


def demo_key(system: str) -> str:
    return f"{DEMO_CLIENT}-{system}-demo-key"


class Clients:
    def __init__(self, keys: dict[str, dict[str, str]]) -> None:
        self._keys = keys

    @classmethod
    def load_or_create(cls, data_dir: Path, systems: Iterable[str]) -> "Clients":
        path = data_dir / CLIENTS_FILE
        if not path.exists():
            defaults = {"clients": {DEMO_CLIENT: {system: demo_key(system) for system in systems}}}
            temporary = path.with_name(f".{CLIENTS_FILE}.{os.getpid()}")
            temporary.write_text(json.dumps(defaults, indent=2) + "\n", encoding="utf-8")
            os.replace(temporary, path)
        return cls(_read(path))

    def key(self, client: str, system: str) -> str | None:
        """The key ``client`` holds for ``system``, or None."""
        return self._keys.get(client, {}).get(system)

    def check(self, client: str, system: str, key: str) -> bool:
        expected = self.key(client, system)
        return expected is not None and hmac.compare_digest(expected.encode(), key.encode())

    def client_with_key(self, system: str, key: str) -> str | None:
        """The client holding ``key`` for ``system`` (for systems that take a bare key)."""
        found = None
        for client in self._keys:
            if self.check(client, system, key):
                found = client
        return found


def _read(path: Path) -> dict[str, dict[str, str]]:
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ClientsFileError(f"{path}: cannot read it as JSON ({exc})") from exc
    clients = content.get("clients") if isinstance(content, dict) else None
    if not isinstance(clients, dict):
        raise ClientsFileError(f'{path}: expected {{"clients": {{"<client>": {{...}}}}}}')
    for client, keys in clients.items():
        valid = isinstance(keys, dict) and all(
            isinstance(system, str) and isinstance(key, str) and key for system, key in keys.items()
        )
        if not valid:
            raise ClientsFileError(f"{path}: client {client!r} must map systems to keys")
    return clients
