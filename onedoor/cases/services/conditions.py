"""Evaluating acceptance conditions over a case's facts, with unknowns kept unknown.

A department system that did not answer leaves its fact unset. A condition is *met* or *unmet*
only when it comes out the same whichever way the unknown facts would have answered (Kleene's
three-valued logic, by enumeration: conditions read a handful of facts); otherwise it is
*unknown*, which the notice reports and which never counts as met.
"""

import itertools
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import rule_engine

from onedoor.cases.choices import ConditionState
from onedoor.catalog.services.expressions import referenced_attributes

# More unknown facts than this in one condition are not enumerated: the condition is unknown.
_MAX_UNKNOWN = 8


@dataclass(frozen=True, slots=True)
class ConditionResult:
    code: str
    state: ConditionState
    message: str
    unknown_facts: tuple[str, ...] = ()
    error: str = ""

    def as_trace(self) -> dict[str, Any]:
        trace: dict[str, Any] = {"code": self.code, "state": self.state.value}
        if self.unknown_facts:
            trace["unknown"] = list(self.unknown_facts)
        if self.error:
            trace["error"] = self.error
        return trace


@dataclass
class Facts:
    """What conditions read: applicant, agent, form, verified, licence, credit."""

    applicant: dict[str, Any] = field(default_factory=dict)
    agent: dict[str, Any] = field(default_factory=dict)
    form: dict[str, Any] = field(default_factory=dict)
    verified: dict[str, bool] = field(default_factory=dict)
    unknown_verified: set[str] = field(default_factory=set)
    licence: dict[str, bool] = field(default_factory=dict)
    credit: dict[str, Any] = field(default_factory=dict)

    def as_context(self) -> dict[str, Any]:
        return {
            "applicant": self.applicant,
            "agent": self.agent,
            "form": self.form,
            "verified": self.verified,
            "licence": self.licence,
            "credit": self.credit,
        }


@lru_cache(maxsize=2048)
def _rule(expression: str) -> rule_engine.Rule:
    return rule_engine.Rule(expression, context=rule_engine.Context())


def _evaluate(rule: rule_engine.Rule, context: dict[str, Any]) -> bool | None:
    """True or False, or None when the expression reads something absent."""
    try:
        return bool(rule.matches(context))
    except (rule_engine.errors.AttributeResolutionError, rule_engine.errors.SymbolResolutionError):
        return None


def evaluate_condition(code: str, expression: str, message: str, facts: Facts) -> ConditionResult:
    """The condition's state over ``facts``; never raises on a fact that is missing."""
    try:
        rule = _rule(expression)
    except rule_engine.errors.EngineError as exc:
        # A published condition parses; this guards against one edited in the database.
        return ConditionResult(code, ConditionState.UNKNOWN, message, error=str(exc))
    read = sorted(referenced_attributes(expression, "verified") & facts.unknown_verified)
    context = facts.as_context()
    if not read:
        outcome = _evaluate(rule, context)
        return _result(code, message, {outcome}, ())
    if len(read) > _MAX_UNKNOWN:
        return ConditionResult(code, ConditionState.UNKNOWN, message, tuple(read))
    outcomes: set[bool | None] = set()
    for values in itertools.product((True, False), repeat=len(read)):
        verified = {**facts.verified, **dict(zip(read, values, strict=True))}
        outcomes.add(_evaluate(rule, {**context, "verified": verified}))
        if len(outcomes) > 1:
            break
    return _result(code, message, outcomes, tuple(read))


def _result(
    code: str, message: str, outcomes: set[bool | None], unknown: tuple[str, ...]
) -> ConditionResult:
    if outcomes == {True}:
        return ConditionResult(code, ConditionState.MET, message)
    if outcomes == {False}:
        return ConditionResult(code, ConditionState.UNMET, message)
    return ConditionResult(code, ConditionState.UNKNOWN, message, unknown)


def evaluate_expression(expression: str, facts: Facts) -> bool | None:
    """A material's ``required_when``/``satisfied_when``: True, False, or None if unknown."""
    result = evaluate_condition("", expression, "", facts)
    return {ConditionState.MET: True, ConditionState.UNMET: False}.get(result.state)
