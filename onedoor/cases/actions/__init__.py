"""Every write to cases, named for the business event (STYLE.md)."""
