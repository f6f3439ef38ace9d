"""The exchange (数据共享交换平台): connector settings, deep links and the exchange log."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onedoor.core.identifiers import mask_id_number
from onedoor.exchange.choices import AnswerValue, ErrorKind, System


def default_timeout() -> float:
    return float(settings.EXCHANGE_TIMEOUT_SECONDS)


class ConnectorConfig(models.Model):
    """Where a department system answers and the credentials the platform presents to it."""

    system = models.CharField(
        _("部门系统"),
        max_length=20,
        unique=True,
        choices=System.choices,
        help_text=_("部门系统代码，与部门代码相同"),
    )
    base_url = models.URLField(
        _("接口地址"),
        max_length=300,
        blank=True,
        help_text=_("该系统接口的根地址，如 http://127.0.0.1:8100/police"),
    )
    credentials = models.JSONField(
        _("凭据"),
        default=dict,
        blank=True,
        help_text=_("按该系统的认证方式填写的客户端标识与密钥（JSON）；页面上密钥以掩码显示"),
    )
    timeout_seconds = models.FloatField(
        _("超时（秒）"),
        default=default_timeout,
        validators=[MinValueValidator(0.05), MaxValueValidator(60)],
        help_text=_("超过这一时间未答复即视为无法核验"),
    )
    enabled = models.BooleanField(
        _("启用"), default=True, help_text=_("停用后该系统的核验一律答复“无法核验”")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["system"]
        verbose_name = _("部门系统接口")
        verbose_name_plural = _("部门系统接口")

    def __str__(self) -> str:
        return f"{self.get_system_display()} ({self.system})"

    @property
    def audit_id(self) -> str:
        return self.system

    def clean(self) -> None:
        if not isinstance(self.credentials, dict) or not all(
            isinstance(v, str) for v in self.credentials.values()
        ):
            raise ValidationError({"credentials": _("凭据应为 JSON 对象，每个值都是文字。")})


class DeepLink(models.Model):
    """A link into a higher-level system that cannot be integrated (横向对接、纵向跳转)."""

    name = models.CharField(_("名称"), max_length=100, help_text=_("窗口人员看到的链接文字"))
    url = models.URLField(_("地址"), max_length=500)
    matters = models.JSONField(
        _("适用事项"),
        default=list,
        blank=True,
        help_text=_('事项代码的列表，如 ["new-student-enrollment"]；为空时按部门适用'),
    )
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("适用部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deep_links",
        help_text=_("该部门实施的所有事项都显示这个链接"),
    )
    description = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("纵向跳转链接")
        verbose_name_plural = _("纵向跳转链接")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        matters = self.matters
        if not isinstance(matters, list) or not all(isinstance(m, str) and m for m in matters):
            raise ValidationError({"matters": _("应为事项代码的列表。")})
        if not matters and self.department_id is None:
            raise ValidationError(_("请至少指定适用事项或适用部门。"))

    def applies_to(self, matter_code: str, department_codes: set[str]) -> bool:
        """Whether the link belongs on the screens of this matter (or of its department)."""
        if matter_code in (self.matters or []):
            return True
        return self.department is not None and self.department.code in department_codes


class ExchangeLog(models.Model):
    """One verification: which system was asked which fact about whom, why, and what it said."""

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    system = models.CharField(_("部门系统"), max_length=20, choices=System.choices)
    fact = models.CharField(_("核验事项"), max_length=60)
    subject = models.CharField(
        _("核验对象"), max_length=18, db_index=True, help_text=_("身份证件号码或统一社会信用代码")
    )
    requester = models.CharField(_("请求人"), max_length=120)
    purpose = models.CharField(_("目的"), max_length=200, help_text=_("办件编号或简短理由"))
    case_number = models.CharField(_("办件编号"), max_length=40, blank=True, db_index=True)
    answer = models.CharField(_("结果"), max_length=10, choices=AnswerValue.choices)
    latency_ms = models.PositiveIntegerField(_("耗时（毫秒）"), default=0)
    cached = models.BooleanField(_("缓存"), default=False, help_text=_("取自短时缓存，未询问系统"))
    request_hash = models.CharField(
        _("请求摘要"), max_length=64, blank=True, help_text=_("所发送请求的 SHA-256")
    )
    response_hash = models.CharField(
        _("应答摘要"), max_length=64, blank=True, help_text=_("所收到应答的 SHA-256")
    )
    error = models.CharField(
        _("异常"), max_length=20, blank=True, choices=ErrorKind.choices, default=ErrorKind.NONE
    )

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("交换日志")
        verbose_name_plural = _("交换日志")
        indexes = [models.Index(fields=["system", "-at"], name="exchange_log_system_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.system} {self.fact}: {self.answer}"

    @property
    def masked_subject(self) -> str:
        return mask_id_number(self.subject)
