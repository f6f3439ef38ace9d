"""The closed vocabularies of the web hall's own rows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DraftStatus(models.TextChoices):
    OPEN = "open", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    DISCARDED = "discarded", _("已删除")


class PartyKind(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANISATION = "organisation", _("法人或其他组织")
