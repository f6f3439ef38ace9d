"""Every router of the API, with its prefix. Each module holds one resource's endpoints."""

from ninja import Router

from onedoor.api.routers import meta

ROUTERS: list[tuple[str, Router]] = [
    ("", meta.router),
]
