from django.db import models
from django.utils.translation import gettext_lazy as _


class ServicePointLevel(models.TextChoices):
    DISTRICT = "district", _("区级")
    STREET = "street", _("镇街级")
    COMMUNITY = "community", _("村居级")


class ServicePoint(models.Model):
    """A service hall or station where citizens are served (行政服务中心、便民服务站)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=150, blank=True)
    level = models.CharField(_("层级"), max_length=20, choices=ServicePointLevel.choices)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    opening_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    phone = models.CharField(_("咨询电话"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("服务网点")
        verbose_name_plural = _("服务网点")

    def __str__(self) -> str:
        return self.name


class Window(models.Model):
    """A service counter (窗口); its code is unique across the district."""

    service_point = models.ForeignKey(
        ServicePoint, verbose_name=_("服务网点"), on_delete=models.PROTECT, related_name="windows"
    )
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    general = models.BooleanField(
        _("综合窗口"), default=True, help_text=_("综合窗口无差别受理所有事项")
    )
    is_open = models.BooleanField(_("开放"), default=False)
    clerk = models.ForeignKey(
        "accounts.User",
        verbose_name=_("在岗人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="windows",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["service_point__code", "code"]
        verbose_name = _("窗口")
        verbose_name_plural = _("窗口")

    def __str__(self) -> str:
        return f"{self.service_point.name} {self.name}"
