"""Every router of the API, with its prefix. Each module holds one resource's endpoints."""

from ninja import Router

from onedoor.api.routers import (
    alerts,
    appointments,
    auth,
    bundles,
    calendar,
    cases,
    counter,
    exchange,
    licences,
    matters,
    me,
    meta,
    organisations,
    persons,
    ratings,
    tasks,
    tickets,
    uploads,
    windows,
)

ROUTERS: list[tuple[str, Router]] = [
    ("", meta.router),
    ("matters", matters.router),
    ("bundles", bundles.router),
    ("cases", cases.router),
    ("cases", ratings.router),
    ("persons", persons.router),
    ("organisations", organisations.router),
    ("calendar", calendar.router),
    ("licences", licences.router),
    ("uploads", uploads.router),
    ("", exchange.router),
    ("tasks", tasks.router),
    ("me", me.router),
    ("auth", auth.router),
    ("alerts", alerts.router),
    ("service-points", counter.router),
    ("tickets", tickets.router),
    ("windows", windows.router),
    ("appointments", appointments.router),
]
