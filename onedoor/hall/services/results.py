"""Search requests as typed in a browser, and search results as the hall lists them.

Whatever arrives in the query string, the page must answer: the words are cleaned of control
characters and cut to a length the search handles quickly; unknown filters are ignored.
"""

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.http import QueryDict

from onedoor.catalog.models import Department
from onedoor.catalog.services.search import SearchEntry
from onedoor.hall.services.wording import kind_text, pick_name, promised_text

MAX_QUERY_LENGTH = 100
MAX_PAGE = 10_000


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    department: str = ""
    instant: bool = False
    page: int = 1
    truncated: bool = False  # the words were longer than the search reads


def _clean_words(raw: str) -> str:
    kept = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in raw)
    return " ".join(kept.split())


def _page_number(raw: str) -> int:
    raw = raw.strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(MAX_PAGE)):
        return 1
    return min(max(int(raw), 1), MAX_PAGE)


def read_search_request(params: QueryDict) -> SearchRequest:
    """The search a query string asks for, made safe to run."""
    words = _clean_words(params.get("q", ""))
    department = params.get("department", "").strip()
    if not department.replace("-", "").replace("_", "").isalnum() or len(department) > 40:
        department = ""
    return SearchRequest(
        q=words[:MAX_QUERY_LENGTH].strip(),
        department=department,
        instant=params.get("instant", "") in {"1", "true", "on"},
        page=_page_number(params.get("page", "")),
        truncated=len(words) > MAX_QUERY_LENGTH,
    )


@dataclass(frozen=True)
class ResultLine:
    entity: str  # matter or bundle
    code: str
    name: str
    kind: str
    department: str
    instant: bool
    promised: str
    summary: str


def result_lines(
    entries: Iterable[SearchEntry],
    departments: Mapping[str, Department],
    units: Mapping[str, str],
) -> list[ResultLine]:
    lines = []
    for e in entries:
        department = departments.get(e.department_code)
        lines.append(
            ResultLine(
                entity=e.entity,
                code=e.code,
                name=pick_name(e.name, e.name_en),
                kind=kind_text(e.kind),
                department=pick_name(department.name, department.name_en) if department else "",
                instant=e.instant,
                promised=promised_text(e.instant, e.promised_days, units.get(e.code, "")),
                summary=e.summary,
            )
        )
    return lines


@dataclass(frozen=True)
class DepartmentLine:
    code: str
    name: str
    matters: int


def department_lines(
    entries: Iterable[SearchEntry], departments: Mapping[str, Department]
) -> list[DepartmentLine]:
    """The departments that implement matters in force, with how many, in department order."""
    counts = Counter(e.department_code for e in entries if e.entity == "matter")
    return [
        DepartmentLine(code, pick_name(d.name, d.name_en), counts[code])
        for code, d in departments.items()
        if counts[code]
    ]
