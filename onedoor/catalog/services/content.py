"""A matter version or a bundle with all its rows, and the checks that span those rows.

The same content is built from the database (publish, export) or from a catalog file (import),
so that one set of checks guards every way into the published catalog.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from onedoor.catalog.models import (
    Bundle,
    MatterCondition,
    MatterFormField,
    MatterMaterial,
    MatterStage,
    MatterVerification,
    MatterVersion,
)
from onedoor.catalog.services.expressions import referenced_attributes


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong, at a path such as ``materials[2].verification``."""

    path: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}


@dataclass
class StageContent:
    stage: MatterStage
    reviews: list[str]  # department codes, in order


@dataclass
class VersionContent:
    matter_code: str
    version: MatterVersion
    verifications: list[MatterVerification] = field(default_factory=list)
    conditions: list[MatterCondition] = field(default_factory=list)
    materials: list[MatterMaterial] = field(default_factory=list)
    form_fields: list[MatterFormField] = field(default_factory=list)
    stages: list[StageContent] = field(default_factory=list)


@dataclass
class BundleContent:
    bundle: Bundle
    matter_codes: list[str] = field(default_factory=list)
    verifications: list[MatterVerification] = field(default_factory=list)
    conditions: list[MatterCondition] = field(default_factory=list)
    stages: list[StageContent] = field(default_factory=list)


def _stages_of(stages: Iterable[MatterStage]) -> list[StageContent]:
    return [
        StageContent(stage, [review.department.code for review in stage.reviews.all()])
        for stage in stages
    ]


def load_version_content(version: MatterVersion) -> VersionContent:
    """The content of a saved version; prefetch its rows first to keep the query count flat."""
    return VersionContent(
        matter_code=version.matter.code,
        version=version,
        verifications=list(version.verifications.all()),
        conditions=list(version.conditions.all()),
        materials=list(version.materials.all()),
        form_fields=list(version.form_fields.all()),
        stages=_stages_of(version.stages.all()),
    )


def load_bundle_content(bundle: Bundle) -> BundleContent:
    """The content of a saved bundle; prefetch its rows first to keep the query count flat."""
    return BundleContent(
        bundle=bundle,
        matter_codes=[member.matter.code for member in bundle.members.all()],
        verifications=list(bundle.verifications.all()),
        conditions=list(bundle.conditions.all()),
        stages=_stages_of(bundle.stages.all()),
    )


def _duplicates(values: Iterable[str]) -> set[str]:
    seen: set[str] = set()
    repeated: set[str] = set()
    for value in values:
        (repeated if value in seen else seen).add(value)
    return repeated


def _check_unique(
    rows: Iterable[object], attribute: str, section: str, problems: list[Problem]
) -> None:
    for value in sorted(_duplicates(str(getattr(row, attribute)) for row in rows)):
        problems.append(Problem(section, _("%(value)s 出现了不止一次。") % {"value": value}))


def check_stages(stages: list[StageContent], problems: list[Problem]) -> None:
    for i, stage in enumerate(stages):
        if not stage.reviews:
            problems.append(Problem(f"stages[{i}].reviews", _("每个审查环节至少要有一个部门。")))
        for code in sorted(_duplicates(stage.reviews)):
            problems.append(
                Problem(f"stages[{i}].reviews", _("部门 %(code)s 重复。") % {"code": code})
            )


def check_conditions(
    conditions: list[MatterCondition],
    verification_keys: set[str],
    material_codes: set[str],
    form_names: set[str] | None,
    problems: list[Problem],
) -> None:
    """Every condition reads known verifications and form fields and cures with known materials."""
    for i, condition in enumerate(conditions):
        unknown = referenced_attributes(condition.expression, "verified") - verification_keys
        if unknown:
            problems.append(
                Problem(
                    f"conditions[{i}].expression",
                    _("引用了未定义的数据核验：%(keys)s") % {"keys": ", ".join(sorted(unknown))},
                )
            )
        if form_names is not None:
            missing = referenced_attributes(condition.expression, "form") - form_names
            if missing:
                problems.append(
                    Problem(
                        f"conditions[{i}].expression",
                        _("引用了表单中没有的字段：%(names)s")
                        % {"names": ", ".join(sorted(missing))},
                    )
                )
        stray = [code for code in condition.curable_by if code not in material_codes]
        if stray:
            problems.append(
                Problem(
                    f"conditions[{i}].curable_by",
                    _("不是本事项的材料：%(codes)s") % {"codes": ", ".join(stray)},
                )
            )


def check_version_content(content: VersionContent) -> list[Problem]:
    """Problems that span a version's rows; row-level checks are the models' clean()."""
    problems: list[Problem] = []
    version = content.version
    _check_unique(content.verifications, "key", "verifications", problems)
    _check_unique(content.conditions, "code", "conditions", problems)
    _check_unique(content.materials, "code", "materials", problems)
    _check_unique(content.form_fields, "name", "form", problems)
    keys = {v.key for v in content.verifications}
    for i, material in enumerate(content.materials):
        for name in ("required_when", "satisfied_when"):
            unknown = referenced_attributes(getattr(material, name, "") or "", "verified") - keys
            if unknown:
                problems.append(
                    Problem(
                        f"materials[{i}].{name}",
                        _("引用了未定义的数据核验：%(keys)s")
                        % {"keys": ", ".join(sorted(unknown))},
                    )
                )
        if material.verification and material.verification not in keys:
            problems.append(
                Problem(
                    f"materials[{i}].verification",
                    _("本版本没有键为 %(key)s 的数据核验。") % {"key": material.verification},
                )
            )
    check_conditions(
        content.conditions,
        keys,
        {m.code for m in content.materials},
        {f.name for f in content.form_fields},
        problems,
    )
    check_stages(content.stages, problems)
    if version.instant and content.stages:
        problems.append(Problem("stages", _("即办件当场办结，不设审查环节。")))
    if not version.instant and not content.stages:
        problems.append(Problem("stages", _("承诺件至少要有一个审查环节。")))
    if version.promised_days > version.statutory_days:
        problems.append(Problem("promised_days", _("承诺时限不得超过法定时限。")))
    return problems
