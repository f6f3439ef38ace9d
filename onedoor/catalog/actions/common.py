"""Steps every catalog action shares: revision, search text, loading and checking content."""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from onedoor.catalog.errors import CatalogErrorCode
from onedoor.catalog.models import (
    Bundle,
    CatalogRevision,
    Department,
    Matter,
    MatterVersion,
    SearchSynonym,
    StageReview,
)
from onedoor.catalog.queries import prefetched_versions
from onedoor.catalog.services.content import (
    Problem,
    StageContent,
    VersionContent,
    check_version_content,
)
from onedoor.catalog.services.search import build_search_text, synonym_groups
from onedoor.core.errors import DomainError


def catalog_changed() -> None:
    """Give the catalog a new revision token; call inside the writing transaction."""
    now = timezone.now()
    token = uuid.uuid4().hex
    if not CatalogRevision.objects.filter(pk=1).update(token=token, changed_at=now):
        CatalogRevision.objects.update_or_create(pk=1, defaults={"token": token, "changed_at": now})


def current_synonym_groups() -> dict[str, set[str]]:
    return synonym_groups({s.term: s.synonym_list() for s in SearchSynonym.objects.all()})


def version_search_text(version: MatterVersion, groups: dict[str, set[str]]) -> str:
    words = [version.name, version.name_en, *version.keywords]
    return build_search_text(words, version.department.name, groups)


def bundle_search_text(bundle: Bundle, groups: dict[str, set[str]]) -> str:
    return build_search_text([bundle.name, bundle.name_en, *bundle.keywords], "", groups)


def locked_version(version: MatterVersion) -> MatterVersion:
    """The version re-read under the lock of its matter (parent first, then child)."""
    Matter.objects.select_for_update().get(pk=version.matter_id)
    return prefetched_versions().select_for_update(of=("self",)).get(pk=version.pk)


def problems_error(code: str, message: str, problems: list[Problem]) -> DomainError:
    details = {"problems": [p.as_dict() for p in problems]}
    first = "; ".join(f"{p.path}: {p.message}" for p in problems[:3])
    return DomainError(code, f"{message} {first}", details=details)


def row_problems(content: VersionContent) -> list[Problem]:
    """What each row's own validation refuses, with the row's path."""
    sections: list[tuple[str, list[Any]]] = [
        ("verifications", content.verifications),
        ("conditions", content.conditions),
        ("materials", content.materials),
        ("form", content.form_fields),
        ("stages", [s.stage for s in content.stages]),
    ]
    problems: list[Problem] = []
    for section, rows in [("", [content.version]), *sections]:
        for i, row in enumerate(rows):
            try:
                row.clean()
            except ValidationError as exc:
                prefix = f"{section}[{i}]." if section else ""
                for field, messages in exc.message_dict.items():
                    path = (prefix + ("" if field == "__all__" else field)).rstrip(".")
                    problems.extend(Problem(path, str(m)) for m in messages)
    return problems


def check_publishable(content: VersionContent) -> None:
    """Raise ``invalid_version`` listing every problem that stops publication."""
    problems = row_problems(content) + check_version_content(content)
    if problems:
        raise problems_error(CatalogErrorCode.INVALID_VERSION, _("该版本不能发布："), problems)


def check_no_overlap(version: MatterVersion) -> None:
    """Refuse when another published version of the matter is valid on a common day."""
    others = MatterVersion.objects.published().filter(matter_id=version.matter_id)
    for other in others.exclude(pk=version.pk).order_by("version"):
        if version.covers(other.valid_from, other.valid_until):
            until = other.valid_until.isoformat() if other.valid_until else _("长期")
            raise DomainError(
                CatalogErrorCode.VERSION_OVERLAP,
                _("与已发布的第 %(n)s 版（%(start)s 至 %(end)s）有效期重叠；请先设定其失效日期。")
                % {"n": other.version, "start": other.valid_from.isoformat(), "end": until},
                details={
                    "version": other.version,
                    "valid_from": other.valid_from.isoformat(),
                    "valid_until": other.valid_until.isoformat() if other.valid_until else None,
                },
            )


def write_version_rows(version: MatterVersion, content: VersionContent, *, replace: bool) -> None:
    """Save the content's rows under ``version`` (copies; the content's rows stay untouched)."""
    if replace:
        for manager in (version.verifications, version.conditions, version.materials,
                        version.form_fields, version.stages):  # fmt: skip
            manager.all().delete()
    for model_rows in (content.verifications, content.conditions, content.materials,
                       content.form_fields):  # fmt: skip
        if model_rows:
            type(model_rows[0]).objects.bulk_create(
                [copy_row(row, order=i, version=version) for i, row in enumerate(model_rows)]
            )
    write_stages(content.stages, version=version)


def copy_row(row: Any, **changes: Any) -> Any:
    values = {
        f.attname: getattr(row, f.attname)
        for f in row._meta.concrete_fields
        if f.name not in {"id", "version", "bundle", "stage"}
    }
    return type(row)(**(values | changes))


def write_stages(
    stages: list[StageContent],
    *,
    version: MatterVersion | None = None,
    bundle: Bundle | None = None,
) -> None:
    departments = dict(Department.objects.values_list("code", "pk"))
    for i, content in enumerate(stages):
        stage = copy_row(content.stage, order=i, version=version, bundle=bundle)
        stage.save()
        StageReview.objects.bulk_create(
            [
                StageReview(stage=stage, department_id=departments[code], order=j)
                for j, code in enumerate(content.reviews)
            ]
        )
