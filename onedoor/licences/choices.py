from django.db import models
from django.utils.translation import gettext_lazy as _


class LicenceStatus(models.TextChoices):
    VALID = "valid", _("有效")
    REVOKED = "revoked", _("已撤销")


class VerificationReason(models.TextChoices):
    """Why a licence verifies or not, as the public verification answers it."""

    OK = "ok", _("证照真实有效")
    REVOKED = "revoked", _("证照已被发证部门撤销")
    EXPIRED = "expired", _("证照已超过有效期")
    TAMPERED = "tampered", _("证照内容与电子印章不符，可能被篡改")
    NOT_FOUND = "not_found", _("未找到该编号的证照")


class UploadType(models.TextChoices):
    """The file types an upload may be, by their sniffed content type."""

    PDF = "application/pdf", _("PDF 文档")
    JPEG = "image/jpeg", _("JPEG 图片")
    PNG = "image/png", _("PNG 图片")
    OFD = "application/ofd", _("OFD 版式文档")
