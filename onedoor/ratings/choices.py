"""The national five-grade rating of government services (政务服务“好差评”)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Grade(models.IntegerChoices):
    VERY_SATISFIED = 5, _("非常满意")
    SATISFIED = 4, _("满意")
    BASIC = 3, _("基本满意")
    DISSATISFIED = 2, _("不满意")
    VERY_DISSATISFIED = 1, _("非常不满意")


# The same grades by name, for clients that send words rather than numbers.
GRADE_CODES: dict[str, int] = {
    "very_satisfied": Grade.VERY_SATISFIED,
    "satisfied": Grade.SATISFIED,
    "basic": Grade.BASIC,
    "dissatisfied": Grade.DISSATISFIED,
    "very_dissatisfied": Grade.VERY_DISSATISFIED,
}
GRADE_NAMES: dict[int, str] = {value: code for code, value in GRADE_CODES.items()}

# A bad grade (差评) calls for rectification and a callback (整改、回访).
BAD_GRADES = (Grade.DISSATISFIED, Grade.VERY_DISSATISFIED)
