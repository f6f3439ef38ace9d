"""Acceptance conditions: the rule-engine language over a fixed set of roots.

A condition is parsed when it is saved, so that an administrator's typo is refused with the
parser's own message instead of surfacing later as an unmet condition at a window.
"""

import re
from functools import cache

import rule_engine
from rule_engine import DataType

# The names a condition may read (docs/catalog-format.md); each is a mapping of attributes.
CONDITION_ROOTS: tuple[str, ...] = ("applicant", "agent", "form", "verified", "licence", "credit")

_STRING_LITERAL = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*\"""")
_ATTRIBUTE = re.compile(r"\b([a-z_][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)")


class ConditionSyntaxError(ValueError):
    """An expression the rule engine cannot parse; ``message`` is the parser's text."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@cache
def condition_context() -> rule_engine.Context:
    """The typed context conditions are parsed in: unknown roots are refused at parse time."""
    types = {root: DataType.MAPPING(DataType.STRING) for root in CONDITION_ROOTS}
    return rule_engine.Context(type_resolver=rule_engine.type_resolver_from_dict(types))


def parse_condition(expression: str) -> rule_engine.Rule:
    """The parsed rule; raises ``ConditionSyntaxError`` with the parser's message."""
    if not expression.strip():
        raise ConditionSyntaxError("empty expression")
    try:
        return rule_engine.Rule(expression, context=condition_context())
    except rule_engine.errors.EngineError as exc:
        raise ConditionSyntaxError(str(getattr(exc, "message", exc))) from None


def referenced_attributes(expression: str, root: str) -> set[str]:
    """The attribute names an expression reads from ``root`` (e.g. the keys of ``verified``)."""
    code = _STRING_LITERAL.sub("''", expression)
    return {attr for name, attr in _ATTRIBUTE.findall(code) if name == root}
