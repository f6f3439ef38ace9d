"""The message templates, by code: a translatable subject and body with ``{placeholders}``.

Every app that sends a message adds its template here with a one-line entry. Sources are
Chinese (the default language); English comes from the translation catalog. Bodies are short,
like real SMS: the district's signature is put in front of every body when it is rendered.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True, slots=True)
class MessageTemplate:
    subject: str | Promise
    body: str | Promise


# The sender's signature (短信签名) in front of every body; settings.NOTIFY_SIGNATURE overrides it.
SIGNATURE = _("禅城区政务服务")
# How the signature and the body are put together.
FRAME = _("【{signature}】{body}")

TEMPLATES: dict[str, MessageTemplate] = {
    # cases
    "case_accepted": MessageTemplate(
        _("办件已受理"),
        _("您申请的{matter}已受理，办件编号{case_number}，承诺办结日期{deadline}。"),
    ),
    "case_tolerant": MessageTemplate(
        _("办件已容缺受理"),
        _(
            "您申请的{matter}已容缺受理，办件编号{case_number}。请于{due_date}前补交：{commitments}。"
        ),
    ),
    "case_notice": MessageTemplate(
        _("请补正材料"),
        _("您申请的{matter}（办件编号{case_number}）尚需一次性补正：{gaps}。"),
    ),
    "case_refused": MessageTemplate(
        _("办件不予受理"),
        _("您申请的{matter}（办件编号{case_number}）不予受理，原因：{reasons}。"),
    ),
    "case_returned": MessageTemplate(
        _("办件退回补充"),
        _("您申请的{matter}（办件编号{case_number}）需补充材料：{opinion}。补齐前办理时限暂停。"),
    ),
    "case_decided_approved": MessageTemplate(
        _("办件已办结：准予许可"),
        _("您申请的{matter}（办件编号{case_number}）已办结，准予许可。"),
    ),
    "case_decided_rejected": MessageTemplate(
        _("办件已办结：不予许可"),
        _("您申请的{matter}（办件编号{case_number}）已办结，不予许可，理由见决定书。"),
    ),
    "case_supplement_due": MessageTemplate(
        _("承诺补交材料已到期"),
        _(
            "您承诺补交的材料已于{due_date}到期：{commitments}。请尽快补交（办件编号{case_number}）。"
        ),
    ),
    # counter
    "queue_position": MessageTemplate(
        _("排队提醒"),
        _("您的排队号{ticket_number}当前排在第{position}位，请留意{window}叫号。"),
    ),
    # accounts
    "signin_code": MessageTemplate(
        _("登录验证码"),
        _("您的登录验证码为{code}，{minutes}分钟内有效，请勿告诉他人。"),
    ),
}
