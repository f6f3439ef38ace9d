from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onedoor.cases.choices import (
    OPEN_STATUSES,
    CaseStatus,
    ClockState,
    CommitmentKind,
    Decision,
    DeliveryMethod,
    MaterialState,
    Outcome,
    TaskDecision,
    TaskStatus,
)
from onedoor.catalog.choices import Channel


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> "CaseQuerySet":
        """Cases still being handled (submitted, accepted, in review or returned)."""
        return self.filter(status__in=OPEN_STATUSES)


class Case(models.Model):
    """One application (办件) for a matter or a one-thing bundle, from submission to result."""

    number = models.CharField(
        _("办件编号"),
        max_length=24,
        unique=True,
        help_text=_("公开的办件编号，如 20261128-K7Q3M9P"),
    )
    matter_version = models.ForeignKey(
        "catalog.MatterVersion",
        verbose_name=_("事项版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    bundle = models.ForeignKey(
        "catalog.Bundle",
        verbose_name=_("一件事"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    code = models.CharField(_("事项代码"), max_length=80, db_index=True)
    name = models.CharField(_("事项名称"), max_length=150)
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("主办部门"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    applicant_person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("申请人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    applicant_organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("申请单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    agent = models.ForeignKey(
        "registry.Person",
        verbose_name=_("代理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agent_cases",
        help_text=_("监护人、法定代表人或受托人"),
    )
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    service_point = models.ForeignKey(
        "counter.ServicePoint",
        verbose_name=_("受理网点"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    submitted_by = models.CharField(_("提交人"), max_length=120)
    form = models.JSONField(_("申请表"), default=dict, blank=True)
    sent_materials = models.JSONField(
        _("提交的材料"),
        default=dict,
        blank=True,
        help_text=_("按材料代码：证照编号、上传编号、纸质、承诺"),
    )
    status = models.CharField(_("状态"), max_length=12, choices=CaseStatus.choices, db_index=True)
    outcome = models.CharField(_("受理结果"), max_length=10, choices=Outcome.choices)
    decision = models.CharField(_("决定"), max_length=10, choices=Decision.choices, blank=True)
    reference_date = models.DateField(_("基准日"), help_text=_("计算年龄的日期"))
    duplicate_rule = models.CharField(_("重复申请规则"), max_length=10, blank=True)
    duplicate_key = models.CharField(
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("在办期间阻止同一申请人重复申请"),
    )
    unmet_conditions = models.JSONField(_("未满足条件"), default=list, blank=True)
    trace = models.JSONField(_("判定过程"), default=dict, blank=True)
    stages = models.JSONField(
        _("审查环节"), default=list, blank=True, help_text=_("受理时事项规定的审查环节")
    )
    members = models.JSONField(
        _("所含事项"), default=list, blank=True, help_text=_("一件事所含的事项及其办理结果类型")
    )
    reasons = models.TextField(_("理由"), blank=True, help_text=_("不予受理或不予许可的理由"))
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True, db_index=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("出件时间"), null=True, blank=True)
    delivery_method = models.CharField(
        _("出件方式"),
        max_length=10,
        choices=DeliveryMethod.choices,
        blank=True,
        help_text=_("窗口领取、邮寄送达或网上下载"),
    )
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    # The clock (working days unless the matter counts calendar days).
    limit_unit = models.CharField(_("时限单位"), max_length=20, blank=True)
    promised_days = models.PositiveIntegerField(_("承诺时限"), default=0)
    statutory_days = models.PositiveIntegerField(_("法定时限"), default=0)
    deadline = models.DateField(_("承诺办结日期"), null=True, blank=True, db_index=True)
    statutory_deadline = models.DateField(_("法定办结日期"), null=True, blank=True)
    deadline_provisional = models.BooleanField(
        _("期限待定"), default=False, help_text=_("工作日历尚未公布该年度节假日")
    )
    clock_state = models.CharField(
        _("计时状态"), max_length=10, choices=ClockState.choices, blank=True
    )
    paused_since = models.DateField(_("暂停日期"), null=True, blank=True)
    paused_days = models.PositiveIntegerField(_("暂停天数"), default=0)
    extended_days = models.PositiveIntegerField(_("延长天数"), default=0)
    # Idempotency-Key of the submission, scoped to the caller, and a hash of what was sent.
    idempotency_scope = models.CharField(max_length=140, blank=True, editable=False)
    idempotency_key = models.CharField(  # noqa: DJ001  # NULL: no key, outside the unique index
        max_length=200, null=True, blank=True, editable=False
    )
    request_hash = models.CharField(max_length=64, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        constraints = [
            models.CheckConstraint(
                condition=Q(matter_version__isnull=False) ^ Q(bundle__isnull=False),
                name="case_matter_xor_bundle",
            ),
            models.CheckConstraint(
                condition=Q(applicant_person__isnull=False)
                ^ Q(applicant_organisation__isnull=False),
                name="case_one_applicant",
            ),
            models.UniqueConstraint(
                fields=["idempotency_scope", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="unique_case_idempotency_key",
            ),
        ]
        indexes = [
            models.Index(fields=["applicant_person", "-submitted_at"]),
            models.Index(fields=["applicant_organisation", "-submitted_at"]),
            models.Index(fields=["agent", "-submitted_at"]),
            models.Index(fields=["clock_state", "deadline"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def audit_id(self) -> str:
        return self.number

    @property
    def applicant(self) -> models.Model:
        return self.applicant_person or self.applicant_organisation  # type: ignore[return-value]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_bundle(self) -> bool:
        return self.bundle_id is not None


class CaseMaterial(models.Model):
    """One line of the case's checklist (照单抓药): a material and how it is satisfied."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="materials")
    order = models.PositiveIntegerField(default=0)
    code = models.CharField(_("材料代码"), max_length=60)
    name = models.CharField(_("材料名称"), max_length=150)
    key = models.BooleanField(_("关键材料"), default=False)
    state = models.CharField(_("状态"), max_length=14, choices=MaterialState.choices)
    source = models.CharField(
        _("来源"), max_length=120, blank=True, help_text=_("证照编号、核验键、上传编号等")
    )
    commitment = models.CharField(
        _("承诺类型"), max_length=14, choices=CommitmentKind.choices, blank=True
    )
    due = models.DateField(_("补交期限"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case_id", "order", "id"]
        verbose_name = _("办件材料")
        verbose_name_plural = _("办件材料")
        constraints = [
            models.UniqueConstraint(fields=["case", "code"], name="unique_case_material")
        ]
        # The clock sweep looks for promised materials past their due date every minute.
        indexes = [
            models.Index(
                fields=["due"], condition=Q(due__isnull=False), name="case_material_due_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.name} ({self.state})"


class CaseVerification(models.Model):
    """The answer a department system gave for one fact of the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="verifications")
    key = models.CharField(_("键"), max_length=60)
    fact = models.CharField(_("核验事实"), max_length=80)
    subject = models.CharField(_("核验对象"), max_length=20)
    answer = models.CharField(_("结果"), max_length=8)
    source = models.CharField(_("来源系统"), max_length=40, blank=True)
    at = models.DateTimeField(_("时间"))

    class Meta:
        ordering = ["case_id", "id"]
        verbose_name = _("办件核验")
        verbose_name_plural = _("办件核验")
        constraints = [
            models.UniqueConstraint(fields=["case", "key"], name="unique_case_verification")
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.answer}"


class ReviewTask(models.Model):
    """One department's parallel review of a case in one stage (并联审批)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    public_id = models.UUIDField(_("任务编号"), unique=True)
    stage = models.PositiveIntegerField(_("环节序号"))
    stage_name = models.CharField(_("环节"), max_length=100)
    rule = models.CharField(_("通过规则"), max_length=10)
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("审查部门"),
        on_delete=models.PROTECT,
        related_name="review_tasks",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    decision = models.CharField(_("决定"), max_length=10, choices=TaskDecision.choices, blank=True)
    opinion = models.TextField(_("意见"), blank=True)
    claimed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("认领人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The case's promised deadline, copied here so that an inbox (ordered by it) is one range
    # scan of the tasks' index; every action that sets or moves the case's deadline copies it.
    deadline = models.DateField(
        _("承诺办结日期"), null=True, blank=True, help_text=_("办件的承诺办结日期")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("审查任务")
        verbose_name_plural = _("审查任务")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "stage", "department"], name="unique_task_per_stage_department"
            )
        ]
        indexes = [
            models.Index(fields=["department", "status", "created_at"]),
            # An approver's inbox: the nearest deadline first (NULLs last), then the oldest.
            models.Index(
                fields=["department", "status", "deadline", "created_at", "id"],
                name="review_task_inbox_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.stage_name} {self.department_id}"


class CaseResult(models.Model):
    """The result of one matter of a decided case: a licence, or a decision document."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="results")
    matter_code = models.CharField(_("事项代码"), max_length=80)
    matter_name = models.CharField(_("事项名称"), max_length=150)
    licence = models.ForeignKey(
        "licences.Licence",
        verbose_name=_("证照"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    document = models.TextField(_("决定书"), blank=True, help_text=_("不予许可决定书等"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case_id", "id"]
        verbose_name = _("办理结果")
        verbose_name_plural = _("办理结果")
        constraints = [
            models.UniqueConstraint(fields=["case", "matter_code"], name="unique_case_result")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.matter_name}"
