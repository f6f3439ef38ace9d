import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CLERK = "clerk", _("窗口人员")
    APPROVER = "approver", _("部门审批人员")
    SUPERVISOR = "supervisor", _("监察人员")
    CATALOG_ADMIN = "catalog_admin", _("事项管理员")
    HALL_MANAGER = "hall_manager", _("大厅管理员")


class User(AbstractUser):
    """A staff member; citizens are persons in the registry and sign in by token or code."""

    full_name = models.CharField(
        _("姓名"), max_length=60, blank=True, help_text=_("工作人员的中文全名")
    )

    class Meta(AbstractUser.Meta):
        ordering = ["username"]
        verbose_name = _("工作人员")  # type: ignore[assignment]  # lazy text, as Django allows
        verbose_name_plural = _("工作人员")  # type: ignore[assignment]  # likewise

    @property
    def audit_label(self) -> str:
        return f"staff:{self.username}"

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name()

    def get_short_name(self) -> str:
        return self.full_name or super().get_short_name()

    def has_role(self, role: str, *, department_code: str | None = None) -> bool:
        for grant in self.role_grants():
            if grant.role == role and (
                department_code is None or grant.department_code == department_code
            ):
                return True
        return False

    def role_grants(self) -> list["StaffRole"]:
        cached = getattr(self, "_role_grants", None)
        if cached is None:
            cached = list(self.staff_roles.select_related("department", "service_point"))
            self._role_grants = cached
        return cached


class StaffRole(models.Model):
    """A role a staff user holds, scoped to a department and/or a service point."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="staff_roles")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("审批人员所属部门"),
    )
    service_point = models.ForeignKey(
        "counter.ServicePoint",
        verbose_name=_("服务网点"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("窗口人员和大厅管理员所在网点"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = _("人员角色")
        verbose_name_plural = _("人员角色")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "department", "service_point"], name="unique_staff_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.username}: {self.get_role_display()}"

    @property
    def department_code(self) -> str | None:
        return self.department.code if self.department is not None else None


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API; only its SHA-256 is stored."""

    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("前缀"), max_length=12, help_text=_("令牌前几位，便于识别"))
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="api_tokens"
    )
    person = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("用途"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) ^ models.Q(person__isnull=False),
                name="token_for_user_xor_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}…"

    @property
    def audit_label(self) -> str:
        return f"token:{self.prefix}"

    @staticmethod
    def generate() -> str:
        return "od_" + secrets.token_urlsafe(32)


class SignInCode(models.Model):
    """A one-time sign-in code sent to a citizen (短信验证码); only a keyed hash is stored.

    Rows are keyed by a keyed hash of the ID number, not the person, so that asking for a code
    for someone the registry does not know leaves the same trace as for someone it knows: the
    answer never tells who is registered. Such a row has no person and can never be redeemed.
    """

    subject_hash = models.CharField(
        _("证件号码摘要"), max_length=64, db_index=True, help_text=_("身份证件号码的密钥摘要")
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("自然人"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="signin_codes",
        help_text=_("验证码发给的自然人；自然人库中没有此人时为空"),
    )
    code_hash = models.CharField(
        _("验证码摘要"), max_length=100, help_text=_("随机盐和验证码的密钥摘要，不存明文")
    )
    channel = models.CharField(
        _("用途渠道"), max_length=10, default="online", help_text=_("online 网上大厅，app 移动端")
    )
    expires_at = models.DateTimeField(_("过期时间"))
    attempts = models.PositiveSmallIntegerField(
        _("已尝试次数"), default=0, help_text=_("输错的次数，达到上限后作废")
    )
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("登录验证码")
        verbose_name_plural = _("登录验证码")
        indexes = [models.Index(fields=["subject_hash", "-created_at"], name="signin_code_latest")]

    def __str__(self) -> str:
        return f"{self.subject_hash[:8]}… {self.created_at:%Y-%m-%d %H:%M}"
