"""Service points, windows and the queue: tickets, calling rules, appointments and their slots."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onedoor.catalog.choices import Channel
from onedoor.counter.choices import AppointmentStatus, TicketCategory, TicketStatus


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
    opened_at = models.DateTimeField(
        _("开窗时间"), null=True, blank=True, help_text=_("窗口最近一次开放的时间")
    )
    current_ticket = models.ForeignKey(
        "counter.Ticket",
        verbose_name=_("当前号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("窗口正在办理的排队号"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["service_point__code", "code"]
        verbose_name = _("窗口")
        verbose_name_plural = _("窗口")

    def __str__(self) -> str:
        return f"{self.service_point.name} {self.name}"


class CallingRules(models.Model):
    """How a service point calls its queue, books appointments and tells holders their turn.

    Tickets are called by rank (1 first; equal ranks by the longest wait); a category whose
    oldest ticket has waited longer than its limit goes ahead of every rank. Appointment
    tickets checked in on time take the appointment rank; late ones queue as general tickets.
    """

    service_point = models.OneToOneField(
        ServicePoint,
        verbose_name=_("服务网点"),
        on_delete=models.CASCADE,
        related_name="calling_rules",
    )
    priority_rank = models.PositiveSmallIntegerField(
        _("优先号次序"), default=1, help_text=_("1 最先叫；次序相同的类别按等候最久者先叫")
    )
    appointment_rank = models.PositiveSmallIntegerField(
        _("预约号次序"), default=2, help_text=_("按时签到的预约号的次序")
    )
    enterprise_rank = models.PositiveSmallIntegerField(
        _("企业号次序"), default=3, help_text=_("企业业务号的次序")
    )
    general_rank = models.PositiveSmallIntegerField(
        _("综合号次序"), default=3, help_text=_("综合业务号（及迟到的预约号）的次序")
    )
    priority_max_wait_minutes = models.PositiveSmallIntegerField(
        _("优先号最长等候（分钟）"),
        null=True,
        blank=True,
        help_text=_("该类号等候超过此时长即提到最前；留空为不设"),
    )
    appointment_max_wait_minutes = models.PositiveSmallIntegerField(
        _("预约号最长等候（分钟）"),
        null=True,
        blank=True,
        help_text=_("该类号等候超过此时长即提到最前；留空为不设"),
    )
    enterprise_max_wait_minutes = models.PositiveSmallIntegerField(
        _("企业号最长等候（分钟）"),
        null=True,
        blank=True,
        help_text=_("例如 30：企业号等候超过 30 分钟即优先叫；留空为不设"),
    )
    general_max_wait_minutes = models.PositiveSmallIntegerField(
        _("综合号最长等候（分钟）"),
        null=True,
        blank=True,
        help_text=_("该类号等候超过此时长即提到最前；留空为不设"),
    )
    no_show_after_minutes = models.PositiveSmallIntegerField(
        _("过号等待（分钟）"),
        default=0,
        help_text=_("叫号（或重呼）后至少等待这么久，窗口才可标记过号；0 为随时"),
    )
    no_show_requeues = models.PositiveSmallIntegerField(
        _("过号重排次数"),
        default=1,
        help_text=_("过号的号当天可由窗口重新排到队尾的次数；0 为不可重排"),
    )
    notify_position = models.PositiveSmallIntegerField(
        _("提醒位次"),
        default=3,
        help_text=_("排到第几位时提醒留有证件号码或手机号码的取号人；0 为不提醒"),
    )
    estimate_sample = models.PositiveSmallIntegerField(
        _("估算样本数"), default=20, help_text=_("按最近办结的多少个号的办理时长中位数估算等候")
    )
    default_handling_minutes = models.PositiveSmallIntegerField(
        _("默认办理时长（分钟）"), default=8, help_text=_("尚无办结记录时估算所用的办理时长")
    )
    appointment_early_minutes = models.PositiveSmallIntegerField(
        _("提前签到（分钟）"), default=30, help_text=_("预约时段开始前多少分钟起可签到")
    )
    appointment_grace_minutes = models.PositiveSmallIntegerField(
        _("签到宽限（分钟）"),
        default=10,
        help_text=_("时段开始后多少分钟内签到仍算按时；更晚签到按综合号排队"),
    )
    appointment_hours = models.CharField(
        _("预约时间"),
        max_length=100,
        default="09:00-12:00,14:00-17:00",
        help_text=_("可预约的时间段，如 09:00-12:00,14:00-17:00"),
    )
    appointment_slot_minutes = models.PositiveSmallIntegerField(
        _("预约时段长度（分钟）"), default=30
    )
    appointment_capacity = models.PositiveSmallIntegerField(
        _("每时段名额"), default=4, help_text=_("每个类别每个时段可预约的人数；0 为不开放预约")
    )
    appointment_categories = models.CharField(
        _("可预约类别"),
        max_length=60,
        default="general,enterprise",
        help_text=_("以逗号分隔：general, enterprise, priority"),
    )
    appointment_days_ahead = models.PositiveSmallIntegerField(
        _("提前开放天数"), default=7, help_text=_("提前多少天开放预约时段（仅工作日）")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["service_point__code"]
        verbose_name = _("叫号规则")
        verbose_name_plural = _("叫号规则")

    def __str__(self) -> str:
        return str(self.service_point)


class TicketSequence(models.Model):
    """The last number drawn per service point, day and category (A001, A002 …)."""

    service_point = models.ForeignKey(ServicePoint, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    category = models.CharField(max_length=12, choices=TicketCategory.choices)
    last = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["service_point", "day", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["service_point", "day", "category"], name="unique_ticket_sequence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.category} {self.last}"


class TicketQuerySet(models.QuerySet["Ticket"]):
    def waiting_at(self, service_point_id: int, day: object) -> "TicketQuerySet":
        """The day's waiting tickets of a service point that any window may call."""
        return self.filter(
            service_point_id=service_point_id,
            day=day,
            status=TicketStatus.WAITING,
            target_window__isnull=True,
        )

    def held_for(self, window_id: int, day: object) -> "TicketQuerySet":
        """The day's waiting tickets transferred to one window, which it calls first."""
        return self.filter(target_window_id=window_id, day=day, status=TicketStatus.WAITING)


class Ticket(models.Model):
    """A queue ticket (排队号): taken at a kiosk, online, in the app or by a clerk."""

    public_id = models.UUIDField(
        _("编号"), default=uuid.uuid4, unique=True, editable=False, help_text=_("对外的不透明编号")
    )
    service_point = models.ForeignKey(
        ServicePoint, verbose_name=_("服务网点"), on_delete=models.PROTECT, related_name="tickets"
    )
    day = models.DateField(_("日期"), help_text=_("取号当天；号码每天每网点从 001 起"))
    number = models.CharField(_("号码"), max_length=10, help_text=_("类别字母加序号，如 A001"))
    category = models.CharField(_("类别"), max_length=12, choices=TicketCategory.choices)
    lane = models.CharField(
        _("队列"),
        max_length=12,
        choices=TicketCategory.choices,
        help_text=_("实际排在哪一类队列：迟到的预约号排综合队列"),
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=TicketStatus.choices, default=TicketStatus.WAITING
    )
    channel = models.CharField(_("取号渠道"), max_length=10, choices=Channel.choices)
    id_number = models.CharField(
        _("证件号码"), max_length=18, blank=True, help_text=_("取号人的身份证件号码（可不填）")
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("取号人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
    )
    phone = models.CharField(
        _("手机号码"), max_length=20, blank=True, help_text=_("用于排队提醒（可不填）")
    )
    appointment = models.OneToOneField(
        "counter.Appointment",
        verbose_name=_("预约"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ticket",
    )
    on_time = models.BooleanField(
        _("按时签到"), null=True, blank=True, help_text=_("预约号：是否在宽限时间内签到")
    )
    issued_at = models.DateTimeField(_("取号时间"), default=timezone.now)
    queued_at = models.DateTimeField(
        _("排队时间"), default=timezone.now, help_text=_("排序所用的时间；转类别时保留原时间")
    )
    called_at = models.DateTimeField(_("叫号时间"), null=True, blank=True)
    first_called_at = models.DateTimeField(_("首次叫号时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    window = models.ForeignKey(
        Window,
        verbose_name=_("窗口"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
        help_text=_("叫到此号的窗口"),
    )
    target_window = models.ForeignKey(
        Window,
        verbose_name=_("转入窗口"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="held_tickets",
        help_text=_("转给指定窗口的号由该窗口优先叫"),
    )
    clerk = models.ForeignKey(
        "accounts.User",
        verbose_name=_("窗口人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
    )
    recalls = models.PositiveSmallIntegerField(_("重呼次数"), default=0)
    transfers = models.PositiveSmallIntegerField(_("转移次数"), default=0)
    requeues = models.PositiveSmallIntegerField(
        _("过号重排次数"), default=0, help_text=_("过号后重新排队的次数")
    )
    waiting_seconds = models.PositiveIntegerField(
        _("等候时长（秒）"), null=True, blank=True, help_text=_("取号到首次叫号")
    )
    handling_seconds = models.PositiveIntegerField(
        _("办理时长（秒）"), null=True, blank=True, help_text=_("叫号到办结")
    )
    notify_position = models.PositiveSmallIntegerField(
        _("提醒位次"), null=True, blank=True, help_text=_("取号人自己设定的提醒位次")
    )
    notified_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)
    issued_by = models.CharField(_("取号操作人"), max_length=120, blank=True)
    idempotency_scope = models.CharField(max_length=140, blank=True, editable=False)
    idempotency_key = models.CharField(  # noqa: DJ001  # NULL: no key, outside the unique index
        max_length=200, null=True, blank=True, editable=False
    )
    request_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TicketQuerySet.as_manager()

    class Meta:
        ordering = ["day", "queued_at", "id"]
        verbose_name = _("排队号")
        verbose_name_plural = _("排队号")
        constraints = [
            models.UniqueConstraint(
                fields=["service_point", "day", "number"], name="unique_ticket_number"
            ),
            models.UniqueConstraint(
                fields=["idempotency_scope", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="unique_ticket_idempotency_key",
            ),
            # A window serves one ticket at a time, whatever races the buttons run.
            models.UniqueConstraint(
                fields=["window"],
                condition=Q(status=TicketStatus.CALLED),
                name="one_called_ticket_per_window",
            ),
        ]
        indexes = [
            models.Index(
                fields=["service_point", "day", "lane", "queued_at", "id"],
                condition=Q(status=TicketStatus.WAITING, target_window__isnull=True),
                name="ticket_queue",
            ),
            models.Index(
                fields=["target_window", "day", "queued_at", "id"],
                condition=Q(status=TicketStatus.WAITING),
                name="ticket_held_for_window",
            ),
            models.Index(
                fields=["service_point", "-finished_at"],
                condition=Q(status=TicketStatus.SERVED),
                name="ticket_recently_served",
            ),
            models.Index(fields=["service_point", "day", "-called_at"], name="ticket_recent_calls"),
            models.Index(fields=["window", "day"], name="ticket_window_day"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.day:%Y-%m-%d})"

    @property
    def audit_id(self) -> str:
        return str(self.public_id)


class TicketCase(models.Model):
    """A case handled during the visit of a ticket (a served ticket links to its cases)."""

    ticket = models.ForeignKey(
        Ticket, verbose_name=_("排队号"), on_delete=models.CASCADE, related_name="case_links"
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("办件"), on_delete=models.PROTECT, related_name="ticket_links"
    )
    linked_by = models.CharField(_("关联人"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["ticket", "created_at", "id"]
        verbose_name = _("排队号办件")
        verbose_name_plural = _("排队号办件")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "case"], name="unique_ticket_case")
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} → {self.case_id}"


class AppointmentSlot(models.Model):
    """A time slot at a service point for one category, with a capacity (预约时段)."""

    public_id = models.UUIDField(
        _("编号"), default=uuid.uuid4, unique=True, editable=False, help_text=_("对外的不透明编号")
    )
    service_point = models.ForeignKey(
        ServicePoint,
        verbose_name=_("服务网点"),
        on_delete=models.CASCADE,
        related_name="appointment_slots",
    )
    category = models.CharField(_("类别"), max_length=12, choices=TicketCategory.choices)
    day = models.DateField(_("日期"))
    starts_at = models.TimeField(_("开始时间"))
    ends_at = models.TimeField(_("结束时间"))
    capacity = models.PositiveSmallIntegerField(_("名额"), help_text=_("本时段可预约的人数"))
    booked = models.PositiveSmallIntegerField(_("已约"), default=0, help_text=_("有效预约数"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["service_point__code", "day", "starts_at", "category"]
        verbose_name = _("预约时段")
        verbose_name_plural = _("预约时段")
        constraints = [
            models.UniqueConstraint(
                fields=["service_point", "category", "day", "starts_at"],
                name="unique_appointment_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_point} {self.day} {self.starts_at:%H:%M} {self.category}"

    @property
    def available(self) -> int:
        return max(self.capacity - self.booked, 0)


class Appointment(models.Model):
    """A person's booking of a slot; checking in on arrival issues an appointment ticket."""

    public_id = models.UUIDField(
        _("编号"), default=uuid.uuid4, unique=True, editable=False, help_text=_("对外的不透明编号")
    )
    slot = models.ForeignKey(
        AppointmentSlot,
        verbose_name=_("预约时段"),
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("预约人"),
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.BOOKED,
    )
    channel = models.CharField(_("预约渠道"), max_length=10, choices=Channel.choices)
    booked_by = models.CharField(_("预约操作人"), max_length=120, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    idempotency_scope = models.CharField(max_length=140, blank=True, editable=False)
    idempotency_key = models.CharField(  # noqa: DJ001  # NULL: no key, outside the unique index
        max_length=200, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slot__day", "slot__starts_at", "id"]
        verbose_name = _("预约")
        verbose_name_plural = _("预约")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "slot"],
                condition=Q(status__in=["booked", "checked_in"]),
                name="one_active_appointment_per_slot",
            ),
            models.UniqueConstraint(
                fields=["idempotency_scope", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="unique_appointment_idempotency_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slot} {self.get_status_display()}"

    @property
    def audit_id(self) -> str:
        return str(self.public_id)
