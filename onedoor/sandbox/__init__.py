"""The sandbox: simulated department systems, a web application of its own.

It stands in for the district's department systems (police, housing, hrss, civil, health,
market, tax, education), each with its own API style and credentials, over one SQLite data store
of its own. The platform reaches it only over HTTP, exactly as it reaches the real systems, and
never imports it; this package imports nothing of the platform and nothing outside the standard
library. ``python -m onedoor.sandbox`` serves it; docs/sandbox.md describes every endpoint.
"""
