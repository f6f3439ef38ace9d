"""Ratings (好差评): one per finished case and rater."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from onedoor.ratings.choices import BAD_GRADES, Grade

COMMENT_MAX_LENGTH = 500


class Rating(models.Model):
    """A citizen's rating of one finished case: a grade out of five and a comment."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("办件"),
        on_delete=models.CASCADE,
        related_name="ratings",
        help_text=_("被评价的办件"),
    )
    rater = models.ForeignKey(
        "registry.Person",
        verbose_name=_("评价人"),
        on_delete=models.CASCADE,
        related_name="ratings",
        help_text=_("申请人或其代理人"),
    )
    grade = models.PositiveSmallIntegerField(
        _("评价等级"), choices=Grade.choices, help_text=_("5 非常满意 … 1 非常不满意")
    )
    comment = models.TextField(
        _("评价内容"), max_length=COMMENT_MAX_LENGTH, blank=True, help_text=_("选填的意见和建议")
    )
    channel = models.CharField(
        _("评价渠道"), max_length=10, blank=True, help_text=_("online、app、wechat、kiosk")
    )
    created_at = models.DateTimeField(_("评价时间"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("好差评")
        verbose_name_plural = _("好差评")
        constraints = [
            models.UniqueConstraint(fields=["case", "rater"], name="one_rating_per_case_and_rater"),
            models.CheckConstraint(
                condition=models.Q(grade__gte=1, grade__lte=5), name="rating_grade_one_to_five"
            ),
        ]
        indexes = [models.Index(fields=["grade", "-created_at"], name="rating_by_grade")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.get_grade_display()}"

    @property
    def is_bad(self) -> bool:
        return self.grade in BAD_GRADES
