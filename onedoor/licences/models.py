import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from onedoor.licences.choices import LicenceStatus

# Fields a case's result licence carries whatever its type (see cases.actions.results).
RESULT_RECORD_LABELS = {
    "matter": _("办理事项"),
    "result": _("办理结果"),
    "holder_name": _("持证人"),
    "case_number": _("办件编号"),
}


class TrustLevel(models.TextChoices):
    A = "A", _("A 级")
    B = "B", _("B 级")
    C = "C", _("C 级")
    D = "D", _("D 级")


class LicenceType(models.Model):
    """A kind of e-licence (证照类型) issued by one department."""

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=150, blank=True)
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("发证部门"),
        on_delete=models.PROTECT,
        related_name="licence_types",
    )
    holder_kind = models.CharField(
        _("持证主体"),
        max_length=20,
        default="person",
        choices=[("person", _("自然人")), ("organisation", _("法人"))],
    )
    trust_level = models.CharField(
        _("可信等级"), max_length=1, choices=TrustLevel.choices, default=TrustLevel.A
    )
    fields = models.JSONField(_("字段"), default=list, blank=True, help_text=_("证照字段定义列表"))
    validity_days = models.PositiveIntegerField(
        _("有效天数"), null=True, blank=True, help_text=_("空表示长期有效")
    )
    number_code = models.CharField(
        _("编号代码"),
        max_length=10,
        blank=True,
        help_text=_("证照编号中的类型代码，如 FBL；空则取代码各段首字母"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("证照类型")
        verbose_name_plural = _("证照类型")

    def __str__(self) -> str:
        return self.name

    @property
    def effective_number_code(self) -> str:
        """``food-business-licence`` → ``FBL`` unless an administrator chose a code."""
        if self.number_code:
            return self.number_code.upper()
        return "".join(part[0] for part in self.code.split("-") if part).upper() or "L"

    def field_label(self, name: str) -> str:
        """The label the type gives a field, else the label of a field every result carries,
        else the field's name."""
        for definition in self.fields or []:
            if isinstance(definition, dict) and definition.get("name") == name:
                return str(definition.get("label") or name)
        return str(RESULT_RECORD_LABELS.get(name, name))


class LicenceQuerySet(models.QuerySet["Licence"]):
    def with_relations(self) -> "LicenceQuerySet":
        """Everything a licence's answer, PDF or verification reads, in one query."""
        return self.select_related("licence_type", "issuer", "holder_person", "holder_organisation")


class Licence(models.Model):
    """An e-licence (电子证照) issued to a person or an organisation and signed with an e-seal.

    The signature covers the canonical form of the licence (see ``services.canonical``); the
    status is not part of it: revocation is the issuer's later word, kept here and audited.
    """

    number = models.CharField(
        _("证照编号"),
        max_length=40,
        unique=True,
        help_text=_("公开的证照编号：地区代码-类型代码-年份-序号"),
    )
    licence_type = models.ForeignKey(
        LicenceType, verbose_name=_("证照类型"), on_delete=models.PROTECT, related_name="licences"
    )
    holder_person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("持证人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="licences",
    )
    holder_organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("持证单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="licences",
    )
    fields = models.JSONField(
        _("证照内容"), default=dict, blank=True, help_text=_("证照字段及其值")
    )
    issued_at = models.DateTimeField(_("发证时间"))
    valid_until = models.DateField(
        _("有效期至"), null=True, blank=True, help_text=_("空表示长期有效")
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=LicenceStatus.choices, default=LicenceStatus.VALID
    )
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)
    issuer = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("发证部门"),
        on_delete=models.PROTECT,
        related_name="issued_licences",
    )
    key_id = models.CharField(
        _("印章密钥标识"), max_length=80, help_text=_("签名所用电子印章密钥的标识")
    )
    signature = models.TextField(_("电子签名"), help_text=_("对证照规范化内容的签名，Base64"))
    case_number = models.CharField(
        _("办件编号"), max_length=40, blank=True, db_index=True, help_text=_("产生本证照的办件")
    )
    idempotency_key = models.CharField(
        _("幂等键"),
        max_length=120,
        null=True,
        blank=True,
        unique=True,
        help_text=_("重试发证时使用同一键，保证不会重复发证"),
    )
    source_reference = models.CharField(
        _("来源"), max_length=120, blank=True, help_text=_("如从原有系统导入时的原证照编号")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LicenceQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "number"]
        verbose_name = _("电子证照")
        verbose_name_plural = _("电子证照")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(holder_person__isnull=False)
                ^ models.Q(holder_organisation__isnull=False),
                name="licence_holder_person_xor_organisation",
            )
        ]
        indexes = [
            models.Index(fields=["holder_person", "licence_type"]),
            models.Index(fields=["holder_organisation", "licence_type"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.licence_type}"

    @property
    def audit_id(self) -> str:
        return self.number

    @property
    def holder(self) -> models.Model:
        holder = self.holder_person or self.holder_organisation
        assert holder is not None
        return holder

    @property
    def holder_kind(self) -> str:
        return "person" if self.holder_person_id is not None else "organisation"

    @property
    def holder_identifier(self) -> str:
        """The holder's legal identifier: an ID number or a unified social credit code."""
        if self.holder_person is not None:
            return self.holder_person.id_number
        assert self.holder_organisation is not None
        return self.holder_organisation.uscc

    @property
    def holder_name(self) -> str:
        if self.holder_person is not None:
            return self.holder_person.name
        assert self.holder_organisation is not None
        return self.holder_organisation.name


class LicenceNumberSequence(models.Model):
    """The last serial used for one number prefix in one year; numbers are prefix-year-serial."""

    prefix = models.CharField(_("编号前缀"), max_length=30)
    year = models.PositiveSmallIntegerField(_("年份"))
    last_value = models.PositiveBigIntegerField(_("已用序号"), default=0)

    class Meta:
        ordering = ["prefix", "year"]
        verbose_name = _("证照编号序列")
        verbose_name_plural = _("证照编号序列")
        constraints = [
            models.UniqueConstraint(
                fields=["prefix", "year"], name="unique_licence_number_sequence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_value}"


class SigningKey(models.Model):
    """A department's e-seal key: its public half (the private half never enters the database)."""

    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("部门"),
        on_delete=models.PROTECT,
        related_name="signing_keys",
    )
    key_id = models.CharField(_("密钥标识"), max_length=80, unique=True)
    algorithm = models.CharField(
        _("算法"), max_length=30, help_text=_("签名插件标识，如 ed25519、sm2")
    )
    public_key_pem = models.TextField(_("公钥"), help_text=_("PEM 格式的公钥或证书"))
    active = models.BooleanField(_("使用中"), default=True, help_text=_("每个部门只有一把在用密钥"))
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(
        _("停用时间"), null=True, blank=True, help_text=_("停用后不再签名，但仍可验证旧证照")
    )

    class Meta:
        ordering = ["department__code", "-created_at"]
        verbose_name = _("电子印章密钥")
        verbose_name_plural = _("电子印章密钥")
        constraints = [
            models.UniqueConstraint(
                fields=["department"],
                condition=models.Q(active=True),
                name="one_active_signing_key_per_department",
            )
        ]

    def __str__(self) -> str:
        return self.key_id


class LicenceReuse(models.Model):
    """One use of an e-licence in place of a material (证照复用)."""

    licence = models.ForeignKey(
        Licence, verbose_name=_("证照"), on_delete=models.PROTECT, related_name="reuses"
    )
    material_code = models.CharField(_("材料代码"), max_length=60)
    case_number = models.CharField(_("办件编号"), max_length=40, blank=True, db_index=True)
    purpose = models.CharField(_("用途"), max_length=200, blank=True)
    actor = models.CharField(_("操作人"), max_length=120)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("证照复用记录")
        verbose_name_plural = _("证照复用记录")
        constraints = [
            # A retried submission records its reuse once.
            models.UniqueConstraint(
                fields=["licence", "case_number", "material_code"],
                condition=~models.Q(case_number=""),
                name="unique_licence_reuse_per_case_material",
            )
        ]

    def __str__(self) -> str:
        return f"{self.licence.number} → {self.case_number or self.purpose} ({self.material_code})"


class Upload(models.Model):
    """A file an applicant or a clerk uploaded; stored once per content (by SHA-256)."""

    public_id = models.UUIDField(_("标识"), default=uuid.uuid4, unique=True, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    content_type = models.CharField(
        _("文件类型"), max_length=60, help_text=_("根据文件内容识别的类型")
    )
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    storage_name = models.CharField(_("存储名称"), max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    uploaded_by = models.CharField(_("上传人"), max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("上传文件")
        verbose_name_plural = _("上传文件")

    def __str__(self) -> str:
        return f"{self.public_id} ({self.content_type}, {self.size} B)"

    @property
    def audit_id(self) -> str:
        return str(self.public_id)
