"""The checklist (照单抓药) and the outcome of a submission: pure logic, no database.

Material by material: a licence on file (reused), a fact a department system confirmed
(verified), an upload, a paper original the clerk saw, a commitment, or missing. Then the
conditions, then the outcome by API.md's case rules: refused, a one-time notice listing every
gap, tolerant acceptance, accepted, or decided on the spot.
"""

from dataclasses import dataclass, field
from typing import Any

from onedoor.cases.choices import CommitmentKind, ConditionState, MaterialState, Outcome
from onedoor.cases.services.conditions import (
    ConditionResult,
    Facts,
    evaluate_condition,
    evaluate_expression,
)
from onedoor.cases.services.spec import ApplicationSpec, MaterialSpec


@dataclass(frozen=True, slots=True)
class Submitted:
    """What the applicant or clerk sent for one material."""

    code: str
    licence_number: str = ""
    upload_id: str = ""
    paper: bool = False
    commitment: bool = False


@dataclass
class Line:
    code: str
    name: str
    key: bool
    state: MaterialState
    source: str = ""
    commitment: str = ""
    note: str = ""

    @property
    def is_gap(self) -> bool:
        return self.state == MaterialState.MISSING or (
            self.state == MaterialState.COMMITMENT and self.commitment == CommitmentKind.TOLERANT
        )


@dataclass
class Assessment:
    outcome: Outcome
    lines: list[Line]
    conditions: list[ConditionResult]
    reasons: list[str] = field(default_factory=list)

    @property
    def unmet(self) -> list[ConditionResult]:
        return [
            c for c in self.conditions if c.state in (ConditionState.UNMET, ConditionState.UNKNOWN)
        ]

    @property
    def gaps(self) -> list[Line]:
        return [line for line in self.lines if line.is_gap]


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the platform found on file: licences by type, verification answers by key."""

    licences: dict[str, str]  # licence type code → licence number held by applicant or agent
    answers: dict[str, str]  # verification key → yes / no / unknown
    verified_licences: dict[str, str]  # licence number sent → its type code, when valid
    uploads: set[str]  # upload ids that exist


def _automatic(material: MaterialSpec, evidence: Evidence, facts: Facts) -> Line | None:
    line = Line(material.code, material.name, material.key, MaterialState.MISSING)
    answer = evidence.answers.get(material.verification or "")
    if answer == "no":
        # The department system says the substance is not there (a permit too recent, no home
        # in the district): a licence on file proves the document, not the requirement.
        return None
    if material.licence_type and material.licence_type in evidence.licences:
        line.state, line.source = MaterialState.REUSED, evidence.licences[material.licence_type]
        return line
    if material.verification and answer == "yes":
        line.state, line.source = MaterialState.VERIFIED, material.verification
        return line
    if material.satisfied_when and evaluate_expression(material.satisfied_when, facts):
        line.state, line.source = MaterialState.VERIFIED, "satisfied_when"
        return line
    return None


def _sent(material: MaterialSpec, sent: Submitted | None, evidence: Evidence) -> Line:
    line = Line(material.code, material.name, material.key, MaterialState.MISSING)
    if sent is None:
        return line
    if sent.licence_number:
        if evidence.verified_licences.get(sent.licence_number) == material.licence_type:
            line.state, line.source = MaterialState.REUSED, sent.licence_number
            return line
        line.note = "licence_not_valid_for_material"
    if sent.upload_id and sent.upload_id in evidence.uploads:
        line.state, line.source = MaterialState.UPLOADED, sent.upload_id
    elif sent.paper:
        line.state = MaterialState.PAPER
    elif sent.commitment:
        line.state = MaterialState.COMMITMENT
        if material.key and material.accepts_commitment:
            line.commitment = CommitmentKind.NOTIFY_COMMIT
        elif not material.key:
            line.commitment = CommitmentKind.TOLERANT
        else:
            # A key material cannot be replaced by a promise unless the matter allows it.
            line.state, line.note = MaterialState.MISSING, "commitment_not_allowed"
    return line


def build_checklist(
    spec: ApplicationSpec,
    sent: dict[str, Submitted],
    evidence: Evidence,
    facts: Facts,
    also_required: set[str],
) -> list[Line]:
    """One line per material, in the matter's order."""
    lines = []
    for material in spec.materials:
        needed = True
        if material.required_when and material.code not in also_required:
            # An unknown answer keeps the material required: never assume the easier path.
            needed = evaluate_expression(material.required_when, facts) is not False
        if not needed:
            lines.append(
                Line(material.code, material.name, material.key, MaterialState.NOT_REQUIRED)
            )
            continue
        line = _automatic(material, evidence, facts) or _sent(
            material, sent.get(material.code), evidence
        )
        lines.append(line)
    return lines


def _cured(condition: ConditionResult, curable_by: tuple[str, ...], lines: list[Line]) -> bool:
    proof = {MaterialState.UPLOADED, MaterialState.PAPER, MaterialState.REUSED}
    states = {line.code: line.state for line in lines}
    return bool(curable_by) and all(states.get(code) in proof for code in curable_by)


def assess(
    spec: ApplicationSpec,
    sent: dict[str, Submitted],
    evidence: Evidence,
    facts: Facts,
    *,
    blacklisted: bool,
) -> Assessment:
    """The checklist, the conditions and the outcome of one submission."""
    results = [
        evaluate_condition(c.code, c.expression, c.message or c.description, facts)
        for c in spec.conditions
    ]
    curable = {c.code: c.curable_by for c in spec.conditions}
    failing = [r for r in results if r.state != ConditionState.MET]
    also_required = {code for r in failing for code in curable.get(r.code, ())}
    lines = build_checklist(spec, sent, evidence, facts, also_required)
    conditions = [
        ConditionResult(r.code, ConditionState.CURED, r.message)
        if r.state != ConditionState.MET and _cured(r, curable.get(r.code, ()), lines)
        else r
        for r in results
    ]
    return Assessment(_outcome(spec, lines, conditions, curable, blacklisted), lines, conditions)


def _outcome(
    spec: ApplicationSpec,
    lines: list[Line],
    conditions: list[ConditionResult],
    curable: dict[str, tuple[str, ...]],
    blacklisted: bool,
) -> Outcome:
    hard_unmet = [
        c for c in conditions if c.state == ConditionState.UNMET and not curable.get(c.code)
    ]
    if hard_unmet:
        return Outcome.REFUSED
    open_conditions = [
        c for c in conditions if c.state in (ConditionState.UNMET, ConditionState.UNKNOWN)
    ]
    gaps = [line for line in lines if line.is_gap]
    if open_conditions or any(line.state == MaterialState.MISSING for line in gaps):
        return Outcome.NOTICE
    promised = [line for line in lines if line.state == MaterialState.COMMITMENT]
    if promised and blacklisted:
        # A subject on the black list loses the trust a written promise stands on.
        for line in promised:
            line.state, line.note = MaterialState.MISSING, "commitment_refused_credit"
        return Outcome.NOTICE
    if gaps:
        # Every gap is a non-key material promised in writing: tolerant acceptance.
        return Outcome.TOLERANT
    return Outcome.DECIDED if spec.instant else Outcome.ACCEPTED


def trace(assessment: Assessment, facts: Facts) -> dict[str, Any]:
    """What the decision rested on, kept on the case so the notice can say why."""
    return {
        "facts": {
            "applicant": facts.applicant,
            "agent": facts.agent,
            "verified": facts.verified,
            "unknown": sorted(facts.unknown_verified),
            "credit": facts.credit,
        },
        "conditions": [c.as_trace() for c in assessment.conditions],
    }
