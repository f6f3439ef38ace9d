"""Admin: the outbox is read here (with "retry now" through its action); preferences are edited
through theirs. The outbox page warns when a channel's backend is misconfigured."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onedoor.core.errors import DomainError
from onedoor.notify.actions import retry_message, set_notify_preference
from onedoor.notify.backends import check_backends
from onedoor.notify.models import Message, NotifyPreference
from onedoor.notify.services.addressing import mask_address


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin[Message]):
    list_display = [
        "created_at",
        "template",
        "channel",
        "masked_address",
        "status",
        "attempts",
        "next_attempt_at",
        "case_number",
        "backend",
    ]
    list_filter = ["status", "channel", "template", "backend", "language"]
    search_fields = ["=case_number", "=ticket_number", "dedupe_key", "=address"]
    date_hierarchy = "created_at"
    list_select_related = False
    actions = ["retry_now"]
    exclude = ["address", "recipient"]
    readonly_fields = ["masked_address"]

    @admin.display(description=gettext_lazy("地址"))
    def masked_address(self, obj: Message) -> str:
        return mask_address(obj.channel, obj.address)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        for channel, problems in check_backends().items():
            for problem in problems:
                messages.warning(
                    request,
                    _("渠道 %(channel)s 配置有误：%(problem)s %(hint)s")
                    % {"channel": channel, "problem": problem.message, "hint": problem.hint},
                )
        return super().changelist_view(request, extra_context)

    def has_retry_permission(self, request: HttpRequest) -> bool:
        # The outbox is never edited by hand, but who may change messages may send them again.
        return bool(request.user.has_perm("notify.change_message"))

    @admin.action(description=gettext_lazy("立即重发"), permissions=["retry"])
    def retry_now(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        retried, refused = 0, 0
        for message_id in queryset.values_list("pk", flat=True):
            try:
                retry_message(actor=request.user, message_id=message_id)
                retried += 1
            except DomainError:
                refused += 1
        self.message_user(request, _("已安排重发 %(count)d 条。") % {"count": retried})
        if refused:
            self.message_user(
                request,
                _("%(count)d 条不是发送失败或已放弃的消息，未重发。") % {"count": refused},
                level=messages.WARNING,
            )


@admin.register(NotifyPreference)
class NotifyPreferenceAdmin(admin.ModelAdmin[NotifyPreference]):
    list_display = ["person", "language", "channel", "updated_at"]
    list_filter = ["language", "channel"]
    search_fields = ["=person__id_number"]
    raw_id_fields = ["person"]
    fields = ["person", "language", "channel", "email", "wechat_openid"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["person"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: NotifyPreference, form: Any, change: bool
    ) -> None:
        saved = set_notify_preference(
            actor=request.user,
            person=obj.person,
            language=obj.language,
            channel=obj.channel,
            email=obj.email,
            wechat_openid=obj.wechat_openid,
        )
        obj.pk = saved.pk
