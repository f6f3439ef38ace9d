"""The closed vocabularies of cases (API.md, "Case rules")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("已受理")
    IN_REVIEW = "in_review", _("审查中")
    RETURNED = "returned", _("退回补正")
    DECIDED = "decided", _("已办结")
    DELIVERED = "delivered", _("已出件")
    REFUSED = "refused", _("不予受理")
    WITHDRAWN = "withdrawn", _("已撤回")


OPEN_STATUSES = (
    CaseStatus.SUBMITTED,
    CaseStatus.ACCEPTED,
    CaseStatus.IN_REVIEW,
    CaseStatus.RETURNED,
)


class Outcome(models.TextChoices):
    """What the submission came to at acceptance."""

    DECIDED = "decided", _("当场办结")
    ACCEPTED = "accepted", _("受理")
    TOLERANT = "tolerant", _("容缺受理")
    NOTICE = "notice", _("一次性告知")
    REFUSED = "refused", _("不予受理")


class Decision(models.TextChoices):
    APPROVED = "approved", _("准予")
    REJECTED = "rejected", _("不予许可")


class MaterialState(models.TextChoices):
    REUSED = "reused", _("证照复用")
    VERIFIED = "verified", _("数据核验")
    UPLOADED = "uploaded", _("已上传")
    PAPER = "paper", _("纸质原件已核")
    COMMITMENT = "commitment", _("书面承诺")
    MISSING = "missing", _("缺少")
    NOT_REQUIRED = "not_required", _("无需提交")


SATISFIED_STATES = (
    MaterialState.REUSED,
    MaterialState.VERIFIED,
    MaterialState.UPLOADED,
    MaterialState.PAPER,
    MaterialState.NOT_REQUIRED,
)


class CommitmentKind(models.TextChoices):
    TOLERANT = "tolerant", _("容缺后补")
    NOTIFY_COMMIT = "notify_commit", _("告知承诺")


class ClockState(models.TextChoices):
    RUNNING = "running", _("计时中")
    PAUSED = "paused", _("暂停")
    STOPPED = "stopped", _("已停止")


class ClockColor(models.TextChoices):
    GREEN = "green", _("正常")
    YELLOW = "yellow", _("临近")
    RED = "red", _("超期")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("待办")
    DECIDED = "decided", _("已处理")
    CLOSED = "closed", _("已关闭")


class TaskDecision(models.TextChoices):
    APPROVE = "approve", _("同意")
    REJECT = "reject", _("不同意")
    RETURN = "return", _("退回补正")


class ConditionState(models.TextChoices):
    MET = "met", _("满足")
    UNMET = "unmet", _("不满足")
    UNKNOWN = "unknown", _("无法核实")
    CURED = "cured", _("已由材料补正")


class DeliveryMethod(models.TextChoices):
    """How the result of a decided case reached the applicant (出件方式)."""

    WINDOW = "window", _("窗口领取")
    MAIL = "mail", _("邮寄送达")
    DOWNLOAD = "download", _("网上下载")


class CaseAlertKind(models.TextChoices):
    """The supervision alerts (电子监察) the clock sweep raises on cases."""

    CLOCK_YELLOW = "case_clock_yellow", _("办件临近期限（黄牌）")
    CLOCK_RED = "case_clock_red", _("办件超期（红牌）")
    COMMITMENT_OVERDUE = "case_commitment_overdue", _("容缺承诺材料逾期未补")
