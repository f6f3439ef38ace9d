"""The simulated department systems, each mounted under its department code."""

from onedoor.sandbox.systems import civil, education, health, housing, hrss, market, police, tax
from onedoor.sandbox.systems.system import Context, System

SYSTEMS: dict[str, System] = {
    module.SYSTEM.code: module.SYSTEM
    for module in (police, housing, hrss, civil, health, market, tax, education)
}

__all__ = ["SYSTEMS", "Context", "System"]
