"""Pooled HTTP clients, one per department system, and the threads that ask them in parallel.

Both live for the life of the process: a keep-alive connection saves a TCP (and TLS) handshake on
every question, and a case's verifications run side by side instead of one after another.
"""

import ssl
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
from django.conf import settings

_clients: dict[str, httpx.Client] = {}
_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None
_tls: ssl.SSLContext | None = None

USER_AGENT = "OneDoor-exchange/1"


def client_for(system: str) -> httpx.Client:
    """The process's HTTP client for one system (thread-safe, connections kept alive)."""
    client = _clients.get(system)
    if client is None:
        with _lock:
            client = _clients.get(system)
            if client is None:
                client = httpx.Client(
                    verify=_tls_context(),
                    limits=httpx.Limits(
                        max_connections=32, max_keepalive_connections=8, keepalive_expiry=30
                    ),
                    headers={"User-Agent": USER_AGENT},
                    follow_redirects=False,
                )
                _clients[system] = client
    return client


def _tls_context() -> ssl.SSLContext:
    # Loading the CA bundle takes tens of milliseconds: once per process, shared by every client.
    global _tls
    if _tls is None:
        _tls = ssl.create_default_context()
    return _tls


def executor() -> ThreadPoolExecutor:
    """The process's pool of threads that wait on department systems."""
    global _executor
    if _executor is None:
        with _lock:
            if _executor is None:
                workers = int(getattr(settings, "EXCHANGE_WORKERS", 32))
                _executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="exchange")
    return _executor
