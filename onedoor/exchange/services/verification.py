"""Asking department systems yes/no questions: validation, cache, circuit breakers, parallelism.

Nothing here writes to the database: ``actions.verify_many`` logs what this module found. The
questions go out on a thread pool, each under its system's timeout, so a case's five facts take
as long as the slowest system rather than the sum of all; a system that is down, slow, broken,
disabled or refusing our credentials makes its answer "unknown", never an exception.
"""

import datetime as dt
import hashlib
import json
import logging
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import wait
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onedoor.catalog.errors import CatalogErrorCode
from onedoor.catalog.facts import Fact, check_fact_params, get_fact
from onedoor.core.errors import DomainError, ErrorCode
from onedoor.core.identifiers import check_id_number, check_uscc, normalize_uscc, parse_id_number
from onedoor.exchange.choices import SYSTEM_FAILURES, AnswerValue, ErrorKind
from onedoor.exchange.connectors import Call, ConnectorSettings, ExchangeFailure, connectors
from onedoor.exchange.services.breaker import breaker_for
from onedoor.exchange.services.pool import client_for, executor

logger = logging.getLogger(__name__)

CACHE_PREFIX = "exchange:answer:"
DEFAULT_CACHE_SECONDS = 60
# Beyond the longest timeout, how long the caller waits for a worker thread before giving up.
THREAD_GRACE_SECONDS = 0.5


@dataclass(frozen=True, slots=True)
class FactRequest:
    """One question: does ``fact`` hold for ``subject`` (an ID number or a credit code)?"""

    subject: str
    fact: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Answer:
    answer: str  # yes, no or unknown
    source: str  # the department system's code
    at: dt.datetime  # when the source gave this answer
    latency_ms: int
    cached: bool
    error: str = ""  # an ErrorKind when the answer is unknown


@dataclass(frozen=True, slots=True)
class Question:
    """A validated ``FactRequest``: the subject normalised, the fact known, the params checked."""

    subject: str
    holder: str  # person or organisation
    fact: Fact
    params: dict[str, Any]
    cache_key: str

    @property
    def source(self) -> str:
        return self.fact.source


@dataclass(frozen=True, slots=True)
class Outcome:
    answer: Answer
    request_hash: str = ""
    response_hash: str = ""
    opened_circuit: bool = False


def check_request(request: FactRequest) -> Question:
    """The validated question; raises ``unknown_fact``, ``invalid_id_number``, ``invalid_uscc``
    or ``invalid_input`` (parameters)."""
    fact = get_fact(request.fact)
    subject, holder = check_subject(request.subject, fact)
    params = check_params(fact, request.params)
    canonical = json.dumps([fact.code, subject, params], sort_keys=True, separators=(",", ":"))
    # Hashed, so that no cache backend ever holds an ID number in a key.
    cache_key = CACHE_PREFIX + hashlib.sha256(canonical.encode()).hexdigest()
    return Question(subject, holder, fact, params, cache_key)


def check_subject(value: object, fact: Fact) -> tuple[str, str]:
    """The subject in normal form and its kind, for the kinds of subject the fact is about."""
    if "person" in fact.holders:
        parsed = parse_id_number(value)
        if parsed is not None:
            return parsed.value, "person"
    if "organisation" in fact.holders:
        code = normalize_uscc(value)
        if code is not None:
            return code, "organisation"
        if "person" not in fact.holders or _looks_like_uscc(value):
            check_uscc(value)
    check_id_number(value)
    raise AssertionError("check_id_number accepted what parse_id_number refused")


def _looks_like_uscc(value: object) -> bool:
    # Credit codes often carry letters; an ID number at most a final X.
    text = "".join(str(value).split()).upper()
    return any(c.isalpha() for c in text.removesuffix("X"))


def check_params(fact: Fact, params: Mapping[str, Any] | None) -> dict[str, Any]:
    try:
        check_fact_params(fact.code, params)
    except DomainError as error:
        if error.code != CatalogErrorCode.INVALID_FACT_PARAMS:
            raise
        fields = {f"params.{p.name}": "required" for p in fact.params}
        raise DomainError(
            ErrorCode.INVALID_INPUT, error.message, details={"fields": fields, **error.details}
        ) from None
    return dict(params or {})


def check_purpose(purpose: str | None, case_number: str = "") -> str:
    """The stated purpose, or the case number; a verification without either is refused."""
    purpose = (purpose or "").strip() or (case_number or "").strip()
    if not purpose or len(purpose) > 200 or len((case_number or "").strip()) > 40:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("核验须说明目的：办件编号或简短理由（不超过 200 字）。"),
            details={"fields": {"purpose": "required"}},
        )
    return purpose


def cache_seconds() -> int:
    return int(getattr(settings, "EXCHANGE_CACHE_SECONDS", DEFAULT_CACHE_SECONDS))


def ask_systems(
    questions: Sequence[Question], configs: Mapping[str, ConnectorSettings]
) -> list[Outcome]:
    """Every question's outcome, in order: from the cache, or asked in parallel."""
    outcomes: list[Outcome | None] = [None] * len(questions)
    hits = cache.get_many({q.cache_key for q in questions}) if cache_seconds() > 0 else {}
    pending: dict[str, list[int]] = {}  # the same question twice in a batch is asked once
    for index, question in enumerate(questions):
        hit = hits.get(question.cache_key)
        if hit is not None:
            answer, at = hit
            outcomes[index] = Outcome(Answer(answer, question.source, at, 0, cached=True))
        else:
            pending.setdefault(question.cache_key, []).append(index)
    asked = [questions[indices[0]] for indices in pending.values()]
    fresh: dict[str, tuple[str, dt.datetime]] = {}
    for indices, outcome in zip(pending.values(), _ask_all(asked, configs), strict=True):
        for index in indices:
            outcomes[index] = outcome
        if outcome.answer.answer != AnswerValue.UNKNOWN:
            fresh[questions[indices[0]].cache_key] = (outcome.answer.answer, outcome.answer.at)
    if fresh and cache_seconds() > 0:
        cache.set_many(fresh, timeout=cache_seconds())
    return [outcome for outcome in outcomes if outcome is not None]


def _ask_all(
    questions: Sequence[Question], configs: Mapping[str, ConnectorSettings]
) -> list[Outcome]:
    if len(questions) <= 1:
        return [
            ask_one(q, configs.get(q.source), _deadline(configs.get(q.source))) for q in questions
        ]
    started = time.monotonic()
    futures = [
        executor().submit(ask_one, q, configs.get(q.source), _deadline(configs.get(q.source)))
        for q in questions
    ]
    longest = max((c.timeout_seconds for c in configs.values()), default=0.0)
    done, _ = wait(futures, timeout=longest + THREAD_GRACE_SECONDS)
    outcomes = []
    for question, future in zip(questions, futures, strict=True):
        if future in done:
            outcomes.append(future.result())
        else:  # every pool thread is busy with slow systems: do not wait any longer
            waited = int((time.monotonic() - started) * 1000)
            outcomes.append(_unknown(question, ErrorKind.TIMEOUT, waited))
    return outcomes


def _deadline(config: ConnectorSettings | None) -> float:
    return time.monotonic() + (config.timeout_seconds if config is not None else 0.0)


def ask_one(question: Question, config: ConnectorSettings | None, deadline: float) -> Outcome:
    """Ask the question's system; never raises (a failure is an unknown answer)."""
    started = time.monotonic()
    system = question.source
    if config is None or system not in connectors:
        return _unknown(question, ErrorKind.NOT_CONFIGURED, 0)
    if not config.enabled:
        return _unknown(question, ErrorKind.DISABLED, 0)
    breaker = breaker_for(system)
    if not breaker.allow():
        return _unknown(question, ErrorKind.CIRCUIT_OPEN, 0)
    call = Call(client_for(system), config, deadline=deadline)
    kind = ErrorKind.NONE
    try:
        holds = connectors.get(system).ask(
            call, question.fact.code, question.subject, question.params
        )
    except ExchangeFailure as failure:
        kind = failure.kind
    except Exception as exc:  # an answer shaped unlike the documentation's is a bad response
        kind = ErrorKind.BAD_RESPONSE
        logger.warning(
            "exchange: unreadable answer", extra={"system": system, "exc": type(exc).__name__}
        )
    latency = int((time.monotonic() - started) * 1000)
    if kind:
        opened = breaker.record_failure() if kind in SYSTEM_FAILURES else False
        logger.warning(
            "exchange: %s could not answer %s: %s",
            system,
            question.fact.code,
            kind,
            extra={"system": system, "fact": question.fact.code, "error": str(kind)},
        )
        outcome = _unknown(question, kind, latency)
        return Outcome(outcome.answer, call.request_hash, call.response_hash, opened)
    breaker.record_success()
    value = AnswerValue.YES.value if holds else AnswerValue.NO.value
    answer = Answer(value, system, timezone.now(), latency, cached=False)
    return Outcome(answer, call.request_hash, call.response_hash)


def _unknown(question: Question, kind: ErrorKind, latency_ms: int) -> Outcome:
    answer = Answer(
        AnswerValue.UNKNOWN.value, question.source, timezone.now(), latency_ms, False, kind.value
    )
    return Outcome(answer)
