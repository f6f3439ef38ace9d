from django.db import models
from django.utils.translation import gettext_lazy as _


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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("证照类型")
        verbose_name_plural = _("证照类型")

    def __str__(self) -> str:
        return self.name
