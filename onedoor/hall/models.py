"""The web hall's channel state: application drafts a citizen saves and comes back to.

A draft is not a case: it belongs to the channel until it is submitted through the cases app's
one submission action, which makes the case. It remembers for whom, what was typed and which
files were already uploaded, and the idempotency key that makes its submission happen once.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from onedoor.hall.choices import DraftStatus, PartyKind


class Draft(models.Model):
    """An online application being filled in (网上申报草稿)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        "registry.Person",
        verbose_name=_("填写人"),
        on_delete=models.CASCADE,
        related_name="hall_drafts",
        help_text=_("登录网上大厅填写申请的人"),
    )
    applicant_kind = models.CharField(
        _("申请人类型"), max_length=20, choices=PartyKind.choices, default=PartyKind.PERSON
    )
    applicant_code = models.CharField(
        _("申请人证件号码"), max_length=18, help_text=_("身份证件号码或统一社会信用代码")
    )
    applicant_name = models.CharField(_("申请人"), max_length=200)
    relation = models.CharField(
        _("办理身份"),
        max_length=30,
        help_text=_("self 本人，ward 监护，authorised 受托，legal_representative 法定代表人"),
    )
    code = models.CharField(_("事项编码"), max_length=80, help_text=_("事项或一件事的编码"))
    is_bundle = models.BooleanField(_("一件事"), default=False)
    name = models.CharField(_("事项名称"), max_length=200)
    form = models.JSONField(_("申请表"), default=dict, blank=True, help_text=_("已填写的内容"))
    materials = models.JSONField(
        _("材料"),
        default=dict,
        blank=True,
        help_text=_("材料编码 → 提交方式（upload、commitment、later）和已上传文件"),
    )
    idempotency_key = models.CharField(
        _("幂等键"), max_length=64, help_text=_("提交时使用，重复提交只产生一个办件")
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=DraftStatus.choices, default=DraftStatus.OPEN
    )
    case_number = models.CharField(
        _("办件编号"), max_length=24, blank=True, help_text=_("提交后产生的办件")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("保存时间"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("网上申报草稿")
        verbose_name_plural = _("网上申报草稿")
        indexes = [models.Index(fields=["owner", "status", "-updated_at"], name="hall_draft_mine")]

    def __str__(self) -> str:
        return f"{self.name} · {self.applicant_name}"

    @property
    def audit_id(self) -> str:
        return str(self.public_id)

    @property
    def is_open(self) -> bool:
        return self.status == DraftStatus.OPEN
