from django.db import models
from django.utils.translation import gettext_lazy as _


class DepartmentLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    DISTRICT = "district", _("区级")
    STREET = "street", _("镇街级")
    COMMUNITY = "community", _("村居级")


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
