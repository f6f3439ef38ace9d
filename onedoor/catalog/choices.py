"""The closed vocabularies of the catalog (see docs/catalog-format.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DepartmentLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    DISTRICT = "district", _("区级")
    STREET = "street", _("镇街级")
    COMMUNITY = "community", _("村居级")


class MatterKind(models.TextChoices):
    """The legal category of a matter; the API shows the Chinese label."""

    ADMINISTRATIVE_LICENCE = "administrative_licence", _("行政许可")
    ADMINISTRATIVE_CONFIRMATION = "administrative_confirmation", _("行政确认")
    ADMINISTRATIVE_PAYMENT = "administrative_payment", _("行政给付")
    ADMINISTRATIVE_LEVY = "administrative_levy", _("行政征收")
    ADMINISTRATIVE_RULING = "administrative_ruling", _("行政裁决")
    ADMINISTRATIVE_REWARD = "administrative_reward", _("行政奖励")
    ADMINISTRATIVE_INSPECTION = "administrative_inspection", _("行政检查")
    OTHER_POWER = "other_power", _("其他行政权力")
    PUBLIC_SERVICE = "public_service", _("公共服务")


class Audience(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANISATION = "organisation", _("法人")
    BOTH = "both", _("自然人和法人")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    ARCHIVED = "archived", _("已归档")


class LimitUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("工作日")
    CALENDAR_DAYS = "calendar_days", _("自然日")


class Channel(models.TextChoices):
    WINDOW = "window", _("窗口")
    ONLINE = "online", _("网上办事大厅")
    APP = "app", _("手机应用")
    WECHAT = "wechat", _("微信")
    KIOSK = "kiosk", _("自助终端")


class DuplicateRule(models.TextChoices):
    NONE = "none", _("不限")
    OPEN = "open", _("同一申请人仅一件在办")
    YEAR = "year", _("同一申请人每个参考年度一件")


class ReferenceDate(models.TextChoices):
    """The day ages and periods are measured on; blank means the day of submission."""

    SUBMISSION = "", _("提交当日")
    ENROLLMENT_CUTOFF = "enrollment_cutoff", _("入学年度的 8 月 31 日")


class Subject(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    AGENT = "agent", _("代理人")


class FieldType(models.TextChoices):
    TEXT = "text", _("文本")
    DATE = "date", _("日期")
    INTEGER = "integer", _("整数")
    DECIMAL = "decimal", _("小数")
    BOOLEAN = "boolean", _("是否")
    CHOICE = "choice", _("选项")


class ReviewRule(models.TextChoices):
    ALL = "all", _("全部同意（会签）")
    ANY = "any", _("任一同意")
