from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CreditList(models.TextChoices):
    RED = "red", _("红名单")
    BLACK = "black", _("黑名单")


class CreditListEntry(models.Model):
    """A subject on the red (trusted) or black (distrusted) list, for a period."""

    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "registry.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    list = models.CharField(_("名单"), max_length=10, choices=CreditList.choices)
    reason = models.CharField(_("事由"), max_length=300)
    source = models.CharField(_("认定机关"), max_length=120, blank=True)
    since = models.DateField(_("列入日期"))
    until = models.DateField(_("移出日期"), null=True, blank=True, help_text=_("空表示未移出"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-since", "-id"]
        verbose_name = _("信用名单")
        verbose_name_plural = _("信用名单")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) ^ Q(organisation__isnull=False),
                name="credit_entry_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_list_display()}: {self.person or self.organisation}"
