"""The connectors to the department systems, one plugin per system (docs/sandbox.md)."""

from onedoor.exchange.connectors import (  # noqa: F401  # importing a module registers its connector
    civil,
    education,
    health,
    housing,
    hrss,
    market,
    police,
    tax,
)
from onedoor.exchange.connectors.base import (
    Call,
    Connector,
    ConnectorSettings,
    ExchangeFailure,
    connectors,
)

__all__ = ["Call", "Connector", "ConnectorSettings", "ExchangeFailure", "connectors"]
