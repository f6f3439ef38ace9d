"""The closed vocabularies of the exchange."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class System(models.TextChoices):
    """The department systems (专线子系统), named by their department's code."""

    POLICE = "police", _("公安户籍系统")
    HOUSING = "housing", _("不动产登记系统")
    HRSS = "hrss", _("人力资源和社会保障系统")
    CIVIL = "civil", _("民政婚姻登记系统")
    HEALTH = "health", _("卫生健康信息系统")
    MARKET = "market", _("市场主体登记系统")
    TAX = "tax", _("税务征管系统")
    EDUCATION = "education", _("教育入学管理系统")


class AnswerValue(models.TextChoices):
    YES = "yes", _("是")
    NO = "no", _("否")
    UNKNOWN = "unknown", _("无法核验")


class ErrorKind(models.TextChoices):
    """Why a verification answered unknown; blank when the system answered yes or no."""

    NONE = "", _("无")
    NOT_CONFIGURED = "not_configured", _("未配置接口")
    DISABLED = "disabled", _("接口已停用")
    CIRCUIT_OPEN = "circuit_open", _("熔断中")
    CONNECTION = "connection", _("无法连接")
    TIMEOUT = "timeout", _("超时")
    SERVER_ERROR = "server_error", _("对方系统错误")
    BAD_RESPONSE = "bad_response", _("应答无法解析")
    CREDENTIALS = "credentials", _("凭据被拒绝")
    REJECTED = "rejected", _("请求被拒绝")


# Failures that say something about the system's health and count towards its circuit breaker;
# the others are decided on our side before any call is made.
SYSTEM_FAILURES = frozenset(
    {
        ErrorKind.CONNECTION,
        ErrorKind.TIMEOUT,
        ErrorKind.SERVER_ERROR,
        ErrorKind.BAD_RESPONSE,
        ErrorKind.CREDENTIALS,
        ErrorKind.REJECTED,
    }
)


class CircuitState(models.TextChoices):
    CLOSED = "closed", _("正常")
    OPEN = "open", _("熔断")
    HALF_OPEN = "half_open", _("试探恢复")
