"""The catalog: departments, matters in versions with all their elements, bundles, synonyms.

A matter's elements live on its versions: a published version is the standard every window
follows while it is in force; a change is a new draft version, published for a date range.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from onedoor.catalog.choices import (
    Audience,
    Channel,
    DepartmentLevel,
    DuplicateRule,
    FieldType,
    LimitUnit,
    MatterKind,
    ReferenceDate,
    ReviewRule,
    Subject,
    VersionStatus,
)
from onedoor.catalog.facts import check_fact_params
from onedoor.catalog.services.expressions import ConditionSyntaxError, parse_condition
from onedoor.core.errors import DomainError

__all__ = [
    "Bundle",
    "BundleMatter",
    "CatalogRevision",
    "Department",
    "DepartmentLevel",
    "Matter",
    "MatterCondition",
    "MatterFormField",
    "MatterMaterial",
    "MatterStage",
    "MatterVerification",
    "MatterVersion",
    "SearchSynonym",
    "StageReview",
]

# Verification keys and form field names are read by conditions as `verified.<key>` and
# `form.<name>`, so they must be identifiers of the rule language.
identifier_validator = RegexValidator(
    r"^[a-z][a-z0-9_]*$", _("只能使用小写字母、数字和下划线，并以字母开头。")
)


def check_string_list(value: Any, field: str) -> None:
    """Raise unless ``value`` is a list of distinct non-empty strings."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValidationError({field: _("应为非空文字的列表。")})
    if len(set(value)) != len(value):
        raise ValidationError({field: _("列表中有重复项。")})


class Department(models.Model):
    """A government department or unit that implements matters (实施主体)."""

    code = models.SlugField(
        _("代码"), max_length=40, unique=True, help_text=_("稳定的部门代码，如 police")
    )
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=150, blank=True)
    level = models.CharField(
        _("层级"), max_length=20, choices=DepartmentLevel.choices, default=DepartmentLevel.DISTRICT
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("部门")
        verbose_name_plural = _("部门")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk or ancestor.code == self.code:
                raise ValidationError({"parent": _("上级部门不能是自己或自己的下级。")})
            ancestor = ancestor.parent


class Matter(models.Model):
    """A government service (政务服务事项), known by a stable code; its elements are versioned."""

    code = models.SlugField(
        _("事项代码"),
        max_length=80,
        unique=True,
        help_text=_("稳定的事项代码，如 food-business-licence；各版本共用"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("事项")
        verbose_name_plural = _("事项")

    def __str__(self) -> str:
        return self.code


class MatterVersionQuerySet(models.QuerySet["MatterVersion"]):
    def published(self) -> "MatterVersionQuerySet":
        """Published versions, whatever their dates."""
        return self.filter(status=VersionStatus.PUBLISHED)

    def in_force(self, on: dt.date) -> "MatterVersionQuerySet":
        """Published versions whose validity range contains ``on``."""
        return self.published().filter(
            Q(valid_from__lte=on), Q(valid_until__isnull=True) | Q(valid_until__gte=on)
        )


class MatterVersion(models.Model):
    """One version of a matter's elements (事项要素): draft, then published for a date range."""

    matter = models.ForeignKey(
        Matter, verbose_name=_("事项"), on_delete=models.CASCADE, related_name="versions"
    )
    version = models.PositiveIntegerField(_("版本号"), validators=[MinValueValidator(1)])
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=VersionStatus.choices,
        default=VersionStatus.DRAFT,
        help_text=_("只能通过发布、归档操作改变"),
    )
    valid_from = models.DateField(_("生效日期"), help_text=_("自这一天起按本版本办理"))
    valid_until = models.DateField(
        _("失效日期"), null=True, blank=True, help_text=_("最后适用的一天；空表示长期有效")
    )
    name = models.CharField(_("事项名称"), max_length=120)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    kind = models.CharField(_("事项类型"), max_length=40, choices=MatterKind.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("实施部门"),
        on_delete=models.PROTECT,
        related_name="matter_versions",
    )
    audience = models.CharField(
        _("服务对象"), max_length=20, choices=Audience.choices, default=Audience.PERSON
    )
    summary = models.TextField(_("简介"), blank=True, help_text=_("面向群众的一句话说明"))
    legal_basis = models.TextField(_("设定依据"), blank=True)
    keywords = models.JSONField(
        _("关键词"), default=list, blank=True, help_text=_("群众常用的说法，用于搜索")
    )
    statutory_days = models.PositiveIntegerField(_("法定时限"), default=0)
    promised_days = models.PositiveIntegerField(
        _("承诺时限"), default=0, help_text=_("不得超过法定时限；即办件为 0")
    )
    limit_unit = models.CharField(
        _("时限单位"), max_length=20, choices=LimitUnit.choices, default=LimitUnit.WORKING_DAYS
    )
    extension_days = models.PositiveIntegerField(
        _("可延长时限"), default=0, help_text=_("法定时限可延长的天数，法律未规定的为 0")
    )
    fee_amount = models.DecimalField(
        _("收费金额"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    fee_description = models.CharField(_("收费说明"), max_length=200, blank=True)
    instant = models.BooleanField(_("即办件"), default=False, help_text=_("窗口当场办结"))
    delegated_to_general_window = models.BooleanField(
        _("委托综合窗口办结"),
        default=False,
        help_text=_("部门委托综合窗口当场作出决定"),
    )
    channels = models.JSONField(
        _("办理渠道"),
        default=list,
        blank=True,
        help_text=_("window、online、app、wechat、kiosk 中的若干项"),
    )
    duplicate_rule = models.CharField(
        _("重复申请规则"), max_length=20, choices=DuplicateRule.choices, default=DuplicateRule.NONE
    )
    reference_date = models.CharField(
        _("基准日"),
        max_length=30,
        choices=ReferenceDate.choices,
        default=ReferenceDate.SUBMISSION,
        blank=True,
        help_text=_("计算年龄和期限的日期"),
    )
    result_name = models.CharField(_("办理结果"), max_length=120, blank=True)
    result_licence_type = models.ForeignKey(
        "licences.LicenceType",
        verbose_name=_("结果证照类型"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="result_of_versions",
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    search_text = models.TextField(
        _("检索文本"), blank=True, editable=False, help_text=_("名称、关键词、部门和同义词")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MatterVersionQuerySet.as_manager()

    class Meta:
        ordering = ["matter_id", "version"]
        verbose_name = _("事项版本")
        verbose_name_plural = _("事项版本")
        constraints = [
            models.UniqueConstraint(fields=["matter", "version"], name="unique_matter_version"),
            models.CheckConstraint(
                condition=Q(promised_days__lte=F("statutory_days")),
                name="promised_within_statutory",
                violation_error_message=_("承诺时限不得超过法定时限。"),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="valid_until_after_valid_from",
                violation_error_message=_("失效日期不得早于生效日期。"),
            ),
        ]
        indexes = [models.Index(fields=["status", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def audit_id(self) -> str:
        return f"{self.matter.code}@{self.version}"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    def covers(self, other_from: dt.date, other_until: dt.date | None) -> bool:
        """Whether this version's validity range meets the range given."""
        starts_before_other_ends = other_until is None or self.valid_from <= other_until
        ends_after_other_starts = self.valid_until is None or self.valid_until >= other_from
        return starts_before_other_ends and ends_after_other_starts

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        days = (self.promised_days, self.statutory_days)
        if None not in days and self.promised_days > self.statutory_days:
            errors.setdefault("promised_days", []).append(_("承诺时限不得超过法定时限。"))
        if self.instant and self.promised_days:
            errors.setdefault("promised_days", []).append(_("即办件的承诺时限应为 0。"))
        for field in ("keywords", "channels"):
            try:
                check_string_list(getattr(self, field), field)
            except ValidationError as exc:
                errors.setdefault(field, []).extend(exc.message_dict[field])
        unknown = [c for c in self.channels or [] if c not in Channel.values]
        if isinstance(self.channels, list) and unknown:
            errors.setdefault("channels", []).append(
                _("未知的办理渠道：%(channels)s") % {"channels": ", ".join(map(str, unknown))}
            )
        if errors:
            raise ValidationError(errors)


class Bundle(models.Model):
    """A one-thing bundle (一件事一次办): several matters applied for as one case."""

    code = models.SlugField(_("代码"), max_length=80, unique=True)
    name = models.CharField(_("名称"), max_length=120)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=VersionStatus.choices,
        default=VersionStatus.DRAFT,
        help_text=_("只能通过发布、归档操作改变"),
    )
    summary = models.TextField(_("简介"), blank=True)
    keywords = models.JSONField(_("关键词"), default=list, blank=True)
    audience = models.CharField(
        _("服务对象"), max_length=20, choices=Audience.choices, default=Audience.PERSON
    )
    duplicate_rule = models.CharField(
        _("重复申请规则"), max_length=20, choices=DuplicateRule.choices, default=DuplicateRule.NONE
    )
    matters = models.ManyToManyField(
        Matter, through="BundleMatter", related_name="bundles", verbose_name=_("事项")
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    search_text = models.TextField(_("检索文本"), blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("一件事")
        verbose_name_plural = _("一件事")

    def __str__(self) -> str:
        return self.name

    @property
    def audit_id(self) -> str:
        return self.code

    def clean(self) -> None:
        check_string_list(self.keywords, "keywords")


class BundleMatter(models.Model):
    """A matter of a bundle, in the order the bundle lists it."""

    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="members")
    matter = models.ForeignKey(
        Matter, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="memberships"
    )
    order = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["bundle_id", "order", "id"]
        verbose_name = _("一件事所含事项")
        verbose_name_plural = _("一件事所含事项")
        constraints = [
            models.UniqueConstraint(fields=["bundle", "matter"], name="unique_bundle_matter")
        ]

    def __str__(self) -> str:
        return f"{self.bundle_id}: {self.matter_id}"


def _version_owner(related_name: str) -> "models.ForeignKey[MatterVersion | None]":
    return models.ForeignKey(
        MatterVersion,
        verbose_name=_("事项版本"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name=related_name,
    )


def _bundle_owner(related_name: str) -> "models.ForeignKey[Bundle | None]":
    return models.ForeignKey(
        Bundle,
        verbose_name=_("一件事"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name=related_name,
    )


class OwnedByVersionOrBundle(models.Model):
    """A row that belongs to exactly one matter version or one bundle, in order."""

    order = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(version__isnull=False) ^ Q(bundle__isnull=False),
                name="%(class)s_one_owner",
            )
        ]


def _owner_unique(field: str) -> list[models.UniqueConstraint]:
    return [
        models.UniqueConstraint(
            fields=["version", field],
            condition=Q(version__isnull=False),
            name=f"%(class)s_unique_{field}_in_version",
        ),
        models.UniqueConstraint(
            fields=["bundle", field],
            condition=Q(bundle__isnull=False),
            name=f"%(class)s_unique_{field}_in_bundle",
        ),
    ]


class MatterVerification(OwnedByVersionOrBundle):
    """A yes/no fact a case asks a department system; conditions read it as verified.<key>."""

    version = _version_owner("verifications")
    bundle = _bundle_owner("verifications")
    key = models.CharField(
        _("键"),
        max_length=60,
        validators=[identifier_validator],
        help_text=_("条件中以 verified.<键> 引用"),
    )
    fact = models.CharField(_("核验事实"), max_length=80, help_text=_("如 household.in_district"))
    subject = models.CharField(
        _("核验对象"), max_length=20, choices=Subject.choices, default=Subject.APPLICANT
    )
    params = models.JSONField(_("参数"), default=dict, blank=True, help_text=_('如 {"years": 1}'))

    class Meta(OwnedByVersionOrBundle.Meta):
        verbose_name = _("数据核验")
        verbose_name_plural = _("数据核验")
        constraints = [*OwnedByVersionOrBundle.Meta.constraints, *_owner_unique("key")]

    def __str__(self) -> str:
        return f"{self.key}: {self.fact}"

    def clean(self) -> None:
        if not isinstance(self.params, dict):
            raise ValidationError({"params": _("参数应为对象，如 {}。")})
        try:
            check_fact_params(self.fact, self.params)
        except DomainError as exc:
            field = "fact" if exc.code == "unknown_fact" else "params"
            raise ValidationError({field: exc.message}) from None


class MatterCondition(OwnedByVersionOrBundle):
    """An acceptance condition (受理条件), evaluated by the system over the case's facts."""

    version = _version_owner("conditions")
    bundle = _bundle_owner("conditions")
    code = models.SlugField(_("代码"), max_length=60)
    description = models.CharField(_("说明"), max_length=200)
    expression = models.TextField(
        _("表达式"),
        help_text=_("规则语言，如 applicant.age >= 6 and verified.household_in_district"),
    )
    message = models.CharField(_("不满足时的提示"), max_length=300, blank=True)
    curable_by = models.JSONField(
        _("可补正材料"),
        default=list,
        blank=True,
        help_text=_("不满足时可以提交这些材料（材料代码）代替，告知补正而不是不予受理"),
    )

    class Meta(OwnedByVersionOrBundle.Meta):
        verbose_name = _("受理条件")
        verbose_name_plural = _("受理条件")
        constraints = [*OwnedByVersionOrBundle.Meta.constraints, *_owner_unique("code")]

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        try:
            parse_condition(self.expression or "")
        except ConditionSyntaxError as exc:
            raise ValidationError(
                {"expression": _("表达式无法解析：%(error)s") % {"error": exc.message}}
            ) from None
        check_string_list(self.curable_by, "curable_by")


class MatterMaterial(models.Model):
    """A material (申请材料) a matter needs, and what can satisfy it besides paper."""

    version = models.ForeignKey(
        MatterVersion,
        verbose_name=_("事项版本"),
        on_delete=models.CASCADE,
        related_name="materials",
    )
    order = models.PositiveIntegerField(_("顺序"), default=0)
    code = models.SlugField(_("代码"), max_length=60)
    name = models.CharField(_("名称"), max_length=150)
    key = models.BooleanField(
        _("关键材料"), default=False, help_text=_("关键材料缺少时不能容缺受理")
    )
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    original_required = models.BooleanField(_("需核验原件"), default=False)
    licence_type = models.ForeignKey(
        "licences.LicenceType",
        verbose_name=_("可复用证照"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="satisfies_materials",
        help_text=_("持有该类电子证照即视为已提交"),
    )
    verification = models.CharField(
        _("可核验"),
        max_length=60,
        blank=True,
        help_text=_("本版本某项数据核验的键；核验结果为是即视为已提交"),
    )
    accepts_commitment = models.BooleanField(
        _("可告知承诺"), default=False, help_text=_("可以书面承诺代替证明")
    )
    description = models.TextField(_("说明"), blank=True)
    required_when = models.TextField(
        _("何时需要"),
        blank=True,
        help_text=_(
            "规则语言；为假时本材料无需提交，如 not verified.household_in_district。空表示总需要"
        ),
    )
    satisfied_when = models.TextField(
        _("何时视为已提交"),
        blank=True,
        help_text=_("规则语言；为真时视为已核验，如 verified.owns_home or verified.rents_home"),
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="unique_material_in_version")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        for name in ("required_when", "satisfied_when"):
            expression = getattr(self, name) or ""
            if not expression.strip():
                continue
            try:
                parse_condition(expression)
            except ConditionSyntaxError as exc:
                errors[name] = _("表达式无法解析：%(error)s") % {"error": exc.message}
        if errors:
            raise ValidationError(errors)


class MatterFormField(models.Model):
    """A field of a matter's application form, with its constraints."""

    version = models.ForeignKey(
        MatterVersion,
        verbose_name=_("事项版本"),
        on_delete=models.CASCADE,
        related_name="form_fields",
    )
    order = models.PositiveIntegerField(_("顺序"), default=0)
    name = models.CharField(
        _("字段名"),
        max_length=60,
        validators=[identifier_validator],
        help_text=_("条件中以 form.<字段名> 引用"),
    )
    label = models.CharField(_("标签"), max_length=100)
    type = models.CharField(_("类型"), max_length=20, choices=FieldType.choices)
    required = models.BooleanField(_("必填"), default=False)
    choices = models.JSONField(
        _("选项"),
        default=list,
        blank=True,
        help_text=_('选项类型的可选值，如 [{"value": "school", "label": "入学"}]'),
    )
    min = models.JSONField(
        _("最小值"), null=True, blank=True, help_text=_("数字；日期写作 YYYY-MM-DD")
    )
    max = models.JSONField(
        _("最大值"), null=True, blank=True, help_text=_("数字；日期写作 YYYY-MM-DD")
    )
    max_length = models.PositiveIntegerField(_("最大长度"), null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("表单字段")
        verbose_name_plural = _("表单字段")
        constraints = [
            models.UniqueConstraint(fields=["version", "name"], name="unique_form_field_in_version")
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        from onedoor.catalog.services.form_fields import check_form_field

        problems = check_form_field(self.type, self.choices, self.min, self.max, self.max_length)
        if problems:
            raise ValidationError(problems)


class MatterStage(OwnedByVersionOrBundle):
    """A review stage: parallel reviews, one per department, passed under ``rule``."""

    version = _version_owner("stages")
    bundle = _bundle_owner("stages")
    name = models.CharField(_("名称"), max_length=100)
    rule = models.CharField(
        _("通过规则"), max_length=10, choices=ReviewRule.choices, default=ReviewRule.ALL
    )
    departments = models.ManyToManyField(
        Department, through="StageReview", related_name="+", verbose_name=_("审查部门")
    )

    class Meta(OwnedByVersionOrBundle.Meta):
        verbose_name = _("审查环节")
        verbose_name_plural = _("审查环节")

    def __str__(self) -> str:
        return self.name


class StageReview(models.Model):
    """One department's parallel review in a stage."""

    stage = models.ForeignKey(MatterStage, on_delete=models.CASCADE, related_name="reviews")
    department = models.ForeignKey(
        Department, verbose_name=_("审查部门"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("部门审查")
        verbose_name_plural = _("部门审查")
        constraints = [
            models.UniqueConstraint(fields=["stage", "department"], name="unique_review_in_stage")
        ]

    def __str__(self) -> str:
        return f"{self.stage_id}: {self.department_id}"


class SearchSynonym(models.Model):
    """Words citizens use for the same thing; search treats them as one (入学 = 上学)."""

    term = models.CharField(_("词语"), max_length=40, unique=True)
    synonyms = models.CharField(
        _("同义词"), max_length=400, help_text=_("用顿号、逗号、斜线或空格分隔，如：上学、报名读书")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["term"]
        verbose_name = _("搜索同义词")
        verbose_name_plural = _("搜索同义词")

    def __str__(self) -> str:
        return self.term

    @property
    def audit_id(self) -> str:
        return self.term

    def synonym_list(self) -> list[str]:
        from onedoor.catalog.services.search import split_terms

        return [t for t in split_terms(self.synonyms) if t != self.term]


class CatalogRevision(models.Model):
    """One row whose token changes with every catalog change; caches compare against it."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        verbose_name = _("目录修订")
        verbose_name_plural = _("目录修订")

    def __str__(self) -> str:
        return self.token
