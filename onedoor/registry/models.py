import datetime as dt

from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from onedoor.core.identifiers import mask_id_number


class Sex(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class PersonQuerySet(models.QuerySet["Person"]):
    # Keeps each IN list within every database's parameter limit.
    LOOKUP_CHUNK = 900

    def pks_by_id_number(self, id_numbers: list[str]) -> dict[str, int]:
        """Primary keys of the registered persons among these ID numbers, by number.

        Bulk seeding asks this for ten thousand numbers at a time: PostgreSQL gets them as one
        array parameter, other databases in chunks.
        """
        found: dict[str, int] = {}
        if not id_numbers:
            return found
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT id_number, id FROM {self.model._meta.db_table} "  # noqa: S608  # table name from the model
                    "WHERE id_number = ANY(%s)",
                    [list(id_numbers)],
                )
                found.update(cursor.fetchall())
            return found
        for start in range(0, len(id_numbers), self.LOOKUP_CHUNK):
            chunk = id_numbers[start : start + self.LOOKUP_CHUNK]
            found.update(self.filter(id_number__in=chunk).values_list("id_number", "pk"))
        return found


class Person(models.Model):
    """A natural person (自然人库), keyed by resident ID number."""

    id_number = models.CharField(
        _("身份证件号码"),
        max_length=18,
        unique=True,
        help_text=_("18 位公民身份号码或居住证、永居证号码"),
    )
    name = models.CharField(_("姓名"), max_length=60)
    birth_date = models.DateField(_("出生日期"), help_text=_("由证件号码推得"))
    sex = models.CharField(
        _("性别"), max_length=6, choices=Sex.choices, help_text=_("由证件号码推得")
    )
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    household_address = models.CharField(_("户籍地址"), max_length=200, blank=True)
    residence_address = models.CharField(_("居住地址"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["id_number"]
        verbose_name = _("自然人")
        verbose_name_plural = _("自然人")

    def __str__(self) -> str:
        return f"{self.name} ({self.masked_id_number})"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def audit_label(self) -> str:
        return f"person:{self.id_number}"


class RelationKind(models.TextChoices):
    GUARDIAN = "guardian", _("监护人")
    SPOUSE = "spouse", _("配偶")


class PersonRelation(models.Model):
    """``person`` is the guardian (or spouse) of ``other``."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relations")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reverse_relations")
    kind = models.CharField(_("关系"), max_length=20, choices=RelationKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person_id", "kind"]
        verbose_name = _("人员关系")
        verbose_name_plural = _("人员关系")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "other", "kind"], name="unique_person_relation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.other} ({self.kind})"


class Organisation(models.Model):
    """A legal person or other organisation (法人库), keyed by unified social credit code."""

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    org_type = models.CharField(
        _("类型"), max_length=60, blank=True, help_text=_("如 有限责任公司")
    )
    legal_representative = models.ForeignKey(
        Person,
        verbose_name=_("法定代表人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="represented_organisations",
    )
    address = models.CharField(_("住所"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["uscc"]
        verbose_name = _("法人")
        verbose_name_plural = _("法人")

    def __str__(self) -> str:
        return self.name

    @property
    def audit_label(self) -> str:
        return f"organisation:{self.uscc}"


class Authorisation(models.Model):
    """A recorded authorisation (委托): ``agent`` may act for ``organisation`` or ``person``."""

    agent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="authorisations_held")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="authorisations"
    )
    principal = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="authorisations_given"
    )
    scope = models.CharField(_("委托事项"), max_length=200, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    revoked_at = models.DateTimeField(
        _("撤销时间"), null=True, blank=True, help_text=_("委托撤销后不再有效")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("委托授权")
        verbose_name_plural = _("委托授权")

    def __str__(self) -> str:
        return f"{self.agent} → {self.organisation or self.principal}"

    def is_valid_on(self, day: dt.date) -> bool:
        """Whether the authorisation holds on ``day``: not revoked and not expired."""
        return self.revoked_at is None and (self.valid_until is None or self.valid_until >= day)


class DataAccess(models.Model):
    """One read or verification of a person's data by staff or a system, with its purpose."""

    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="data_accesses"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="data_accesses"
    )
    accessor = models.CharField(_("访问者"), max_length=120)
    action = models.CharField(_("方式"), max_length=40, help_text=_("read, verify, prefill ..."))
    purpose = models.CharField(_("目的"), max_length=200)
    detail = models.CharField(_("内容"), max_length=200, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("数据访问记录")
        verbose_name_plural = _("数据访问记录")
        indexes = [
            models.Index(fields=["person", "-at"]),
            models.Index(fields=["organisation", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.accessor} {self.action}: {self.purpose}"


class DemoPersonaSet(models.Model):
    """One set of demo personas (see API.md, "Demo district"); the newest is the current one."""

    enrollment_year = models.PositiveIntegerField(
        _("入学年度"), help_text=_("这组人物的故事所依据的入学年度")
    )
    personas = models.JSONField(_("人物"), default=dict, help_text=_("角色 → 证件号码、姓名与事实"))
    sandbox = models.JSONField(
        _("部门系统数据"), default=dict, help_text=_("写入模拟部门系统的数据（_seed 请求体）")
    )
    sandbox_seeded_at = models.DateTimeField(
        _("部门系统写入时间"), null=True, blank=True, help_text=_("为空表示尚未写入模拟部门系统")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("演示人物组")
        verbose_name_plural = _("演示人物组")

    def __str__(self) -> str:
        return f"{self.enrollment_year} ({self.created_at:%Y-%m-%d %H:%M})"
