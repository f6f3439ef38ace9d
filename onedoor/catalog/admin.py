"""Admin of the catalog: departments, matters and their versions, bundles, search synonyms.

Drafts are edited in place; publishing, archiving and ending a version go through the actions,
and whatever they refuse is shown as a message or a form error, never as a server error.
"""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from onedoor.catalog import actions
from onedoor.catalog.choices import VersionStatus
from onedoor.catalog.forms import (
    BundleConditionFormSet,
    BundleForm,
    ConditionForm,
    ConditionFormSet,
    MaterialFormSet,
    MatterVersionForm,
    StageForm,
)
from onedoor.catalog.models import (
    Bundle,
    BundleMatter,
    Department,
    Matter,
    MatterCondition,
    MatterFormField,
    MatterMaterial,
    MatterStage,
    MatterVerification,
    MatterVersion,
    SearchSynonym,
    StageReview,
)
from onedoor.core.errors import DomainError


def _report(modeladmin: admin.ModelAdmin, request: HttpRequest, label: str, run: Any) -> None:  # type: ignore[type-arg]  # any admin
    """Run one action on one object; a refusal becomes an error message."""
    try:
        run()
    except DomainError as error:
        modeladmin.message_user(request, f"{label}: {error.message}", messages.ERROR)
    else:
        modeladmin.message_user(request, _("%(label)s：完成") % {"label": label}, messages.SUCCESS)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    list_display = ["code", "indented_name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name", "name_en"]
    list_select_related = ["parent__parent__parent"]
    fields = ["code", "name", "name_en", "level", "parent"]

    @admin.display(description=_("名称"))
    def indented_name(self, obj: Department) -> str:
        depth, node = 0, obj.parent
        while node is not None and depth < 5:
            depth, node = depth + 1, node.parent
        return format_html("{}{}", "　" * depth, obj.name)

    def save_model(self, request: HttpRequest, obj: Department, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        actions.record_department_edit(obj, actor=request.user, created=not change)


class VersionOfMatterInline(admin.TabularInline[MatterVersion, Matter]):
    model = MatterVersion
    fields = ["version", "status", "name", "valid_from", "valid_until", "published_at"]
    readonly_fields = ["version", "status", "name", "valid_from", "valid_until", "published_at"]
    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Matter)
class MatterAdmin(admin.ModelAdmin[Matter]):
    list_display = ["code", "version_count", "created_at"]
    search_fields = ["code", "versions__name"]
    inlines = [VersionOfMatterInline]
    actions = ["new_draft"]

    def get_readonly_fields(self, request: HttpRequest, obj: Matter | None = None) -> Any:
        return ["code"] if obj else []

    def get_inlines(self, request: HttpRequest, obj: Matter | None) -> Any:
        return self.inlines if obj else []

    @admin.display(description=_("版本数"))
    def version_count(self, obj: Matter) -> int:
        return obj.versions.count()

    def save_model(self, request: HttpRequest, obj: Matter, form: Any, change: bool) -> None:
        if not change:
            saved = actions.register_matter(obj.code, actor=request.user)
            obj.pk = saved.pk

    @admin.action(description=_("以最新版本为底稿新建草稿"))
    def new_draft(self, request: HttpRequest, queryset: QuerySet[Matter]) -> None:
        for matter in queryset:
            _report(
                self,
                request,
                matter.code,
                lambda m=matter: actions.create_draft_version(m, actor=request.user),
            )


class DraftOnlyInline:
    """Rows of a draft are editable; rows of a published or archived version are shown only."""

    def _editable(self, obj: Any) -> bool:
        return obj is None or obj.status == VersionStatus.DRAFT

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_add_permission(request, obj)  # type: ignore[misc]  # mixin

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_change_permission(request, obj)  # type: ignore[misc]  # mixin

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_delete_permission(request, obj)  # type: ignore[misc]  # mixin


class VerificationInline(DraftOnlyInline, admin.TabularInline[MatterVerification, Any]):
    model = MatterVerification
    fk_name = "version"
    fields = ["order", "key", "fact", "subject", "params"]
    extra = 0


class ConditionInline(DraftOnlyInline, admin.StackedInline[MatterCondition, Any]):
    model = MatterCondition
    fk_name = "version"
    form = ConditionForm
    formset = ConditionFormSet
    fields = ["order", "code", "description", "expression", "message", "curable_by"]
    extra = 0


class MaterialInline(DraftOnlyInline, admin.TabularInline[MatterMaterial, MatterVersion]):
    model = MatterMaterial
    formset = MaterialFormSet
    fields = [
        "order", "code", "name", "key", "copies", "original_required", "licence_type",
        "verification", "accepts_commitment", "description", "required_when", "satisfied_when",
    ]  # fmt: skip
    autocomplete_fields = ["licence_type"]
    extra = 0


class FormFieldInline(DraftOnlyInline, admin.TabularInline[MatterFormField, MatterVersion]):
    model = MatterFormField
    fields = ["order", "name", "label", "type", "required", "choices", "min", "max", "max_length"]
    extra = 0


class StageInline(DraftOnlyInline, admin.TabularInline[MatterStage, Any]):
    model = MatterStage
    fk_name = "version"
    form = StageForm
    fields = ["order", "name", "rule", "review_departments"]
    extra = 0


def save_stage_reviews(formset: BaseInlineFormSet) -> None:  # type: ignore[type-arg]  # any
    """Store each saved stage's review departments in the order typed."""
    codes_by_form = [
        (form.instance, form.cleaned_data.get("review_departments"))
        for form in formset.forms
        if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
    ]
    departments = dict(Department.objects.values_list("code", "pk"))
    for stage, codes in codes_by_form:
        if stage.pk is None or codes is None:
            continue
        stage.reviews.all().delete()
        StageReview.objects.bulk_create(
            [
                StageReview(stage=stage, department_id=departments[code], order=i)
                for i, code in enumerate(codes)
            ]
        )


@admin.register(MatterVersion)
class MatterVersionAdmin(admin.ModelAdmin[MatterVersion]):
    form = MatterVersionForm
    list_display = [
        "matter", "version", "name", "department", "status", "valid_from", "valid_until",
        "published_at",
    ]  # fmt: skip
    list_filter = ["status", "kind", "instant", "department"]
    search_fields = ["matter__code", "name", "name_en", "search_text"]
    list_select_related = ["matter", "department"]
    autocomplete_fields = ["department", "result_licence_type"]
    inlines = [VerificationInline, ConditionInline, MaterialInline, FormFieldInline, StageInline]
    actions = ["publish_selected", "archive_selected", "new_draft_from_selected"]
    fieldsets = [
        (None, {"fields": ["matter", "version", "status", "valid_from", "valid_until",
                           "published_at"]}),
        (_("基本要素"), {"fields": ["name", "name_en", "kind", "department", "audience",
                                 "summary", "legal_basis", "keywords"]}),
        (_("时限与收费"), {"fields": ["statutory_days", "promised_days", "limit_unit",
                                  "extension_days", "fee_amount", "fee_description"]}),
        (_("办理方式"), {"fields": ["instant", "delegated_to_general_window", "channels",
                                 "duplicate_rule", "reference_date"]}),
        (_("办理结果"), {"fields": ["result_name", "result_licence_type"]}),
    ]  # fmt: skip

    def get_readonly_fields(self, request: HttpRequest, obj: MatterVersion | None = None) -> Any:
        always = ["version", "status", "published_at"]
        if obj is None:
            return always
        if obj.status == VersionStatus.DRAFT:
            return [*always, "matter"]
        every = [f for _name, opts in self.fieldsets for f in opts["fields"]]
        editable = {"valid_until"} if obj.status == VersionStatus.PUBLISHED else set()
        return [f for f in every if f not in editable]

    def save_model(self, request: HttpRequest, obj: MatterVersion, form: Any, change: bool) -> None:
        if not change:
            last = MatterVersion.objects.filter(matter=obj.matter).order_by("-version").first()
            obj.version = (last.version + 1) if last else 1
            obj.status = VersionStatus.DRAFT
        if obj.status == VersionStatus.PUBLISHED:
            _report(
                self,
                request,
                str(obj),
                lambda: actions.set_version_validity(
                    obj, valid_until=form.cleaned_data.get("valid_until"), actor=request.user
                ),
            )
            return
        if obj.status == VersionStatus.DRAFT:
            super().save_model(request, obj, form, change)

    def save_formset(
        self,
        request: HttpRequest,
        form: ModelForm,
        formset: Any,
        change: bool,  # type: ignore[type-arg]  # admin
    ) -> None:
        super().save_formset(request, form, formset, change)
        if formset.model is MatterStage:
            save_stage_reviews(formset)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if form.instance.status == VersionStatus.DRAFT:
            actions.record_draft_edit(form.instance, actor=request.user)

    @admin.action(description=_("发布所选草稿"))
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[MatterVersion]) -> None:
        for version in queryset.select_related("matter"):
            _report(
                self,
                request,
                str(version),
                lambda v=version: actions.publish_version(v, actor=request.user),
            )

    @admin.action(description=_("归档所选版本"))
    def archive_selected(self, request: HttpRequest, queryset: QuerySet[MatterVersion]) -> None:
        for version in queryset.select_related("matter"):
            _report(
                self,
                request,
                str(version),
                lambda v=version: actions.archive_version(v, actor=request.user),
            )

    @admin.action(description=_("以所选版本的事项新建草稿"))
    def new_draft_from_selected(
        self, request: HttpRequest, queryset: QuerySet[MatterVersion]
    ) -> None:
        for matter in Matter.objects.filter(versions__in=queryset).distinct():
            _report(
                self,
                request,
                matter.code,
                lambda m=matter: actions.create_draft_version(m, actor=request.user),
            )


class BundleMatterInline(DraftOnlyInline, admin.TabularInline[BundleMatter, Bundle]):
    model = BundleMatter
    fields = ["order", "matter"]
    autocomplete_fields = ["matter"]
    extra = 0


class BundleVerificationInline(VerificationInline):
    fk_name = "bundle"


class BundleConditionInline(ConditionInline):
    fk_name = "bundle"
    formset = BundleConditionFormSet


class BundleStageInline(StageInline):
    fk_name = "bundle"


@admin.register(Bundle)
class BundleAdmin(admin.ModelAdmin[Bundle]):
    form = BundleForm
    list_display = ["code", "name", "status", "audience", "published_at"]
    list_filter = ["status", "audience"]
    search_fields = ["code", "name", "name_en"]
    fields = [
        "code", "name", "name_en", "status", "summary", "keywords", "audience",
        "duplicate_rule", "published_at",
    ]  # fmt: skip
    inlines = [BundleMatterInline, BundleVerificationInline, BundleConditionInline,
               BundleStageInline]  # fmt: skip
    actions = ["publish_selected", "archive_selected", "reopen_selected"]

    def get_readonly_fields(self, request: HttpRequest, obj: Bundle | None = None) -> Any:
        if obj is not None and obj.status != VersionStatus.DRAFT:
            return self.fields
        return ["status", "published_at", *(["code"] if obj else [])]

    def save_model(self, request: HttpRequest, obj: Bundle, form: Any, change: bool) -> None:
        if obj.status == VersionStatus.DRAFT:
            super().save_model(request, obj, form, change)

    def save_formset(
        self,
        request: HttpRequest,
        form: ModelForm,
        formset: Any,
        change: bool,  # type: ignore[type-arg]  # admin
    ) -> None:
        super().save_formset(request, form, formset, change)
        if formset.model is MatterStage:
            save_stage_reviews(formset)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if form.instance.status == VersionStatus.DRAFT:
            actions.record_bundle_edit(form.instance, actor=request.user)

    @admin.action(description=_("发布所选一件事"))
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Bundle]) -> None:
        for bundle in queryset:
            _report(
                self, request, bundle.code,
                lambda b=bundle: actions.publish_bundle(b, actor=request.user),
            )  # fmt: skip

    @admin.action(description=_("归档所选一件事"))
    def archive_selected(self, request: HttpRequest, queryset: QuerySet[Bundle]) -> None:
        for bundle in queryset:
            _report(
                self, request, bundle.code,
                lambda b=bundle: actions.archive_bundle(b, actor=request.user),
            )  # fmt: skip

    @admin.action(description=_("退回草稿以便修改"))
    def reopen_selected(self, request: HttpRequest, queryset: QuerySet[Bundle]) -> None:
        for bundle in queryset:
            _report(
                self, request, bundle.code,
                lambda b=bundle: actions.reopen_bundle(b, actor=request.user),
            )  # fmt: skip


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin[SearchSynonym]):
    list_display = ["term", "synonyms", "updated_at"]
    search_fields = ["term", "synonyms"]
    fields = ["term", "synonyms"]

    def save_model(self, request: HttpRequest, obj: SearchSynonym, form: Any, change: bool) -> None:
        actions.save_synonym(obj.term, obj.synonyms, actor=request.user, synonym=obj)

    def delete_model(self, request: HttpRequest, obj: SearchSynonym) -> None:
        actions.delete_synonym(obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[SearchSynonym]) -> None:
        for synonym in queryset:
            actions.delete_synonym(synonym, actor=request.user)
