"""The templates: every code the platform sends, rendered in each language the platform speaks."""

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from onedoor.core.errors import DomainError
from onedoor.notify.services.rendering import normalise_context, placeholders, render
from onedoor.notify.templates import SIGNATURE, TEMPLATES, MessageTemplate

REQUIRED = {
    "case_accepted",
    "case_tolerant",
    "case_notice",
    "case_refused",
    "case_returned",
    "case_decided_approved",
    "case_decided_rejected",
    "case_supplement_due",
    "queue_position",
    "signin_code",
}


def test_every_required_template_code_is_registered():
    assert not REQUIRED - set(TEMPLATES)


@pytest.mark.parametrize("code", sorted(TEMPLATES))
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_each_template_renders_in_each_language_and_stays_short(code, language):
    template = TEMPLATES[code]
    with translation.override(language):
        names = placeholders(str(template.subject)) | placeholders(str(template.body))
        signature = str(SIGNATURE)
    context = {name: "X" for name in names}

    rendered = render(code, context, language)

    assert "{" not in rendered.subject + rendered.body
    assert signature in rendered.body
    # One SMS is 70 Chinese characters; a placeholder filled with real values adds some.
    assert len(rendered.body) <= 140


def test_the_language_decides_the_text(monkeypatch):
    # Django's own catalogs translate its English source strings into Chinese: a template whose
    # source is "Yes" shows that rendering follows the language it is asked for.
    monkeypatch.setitem(
        TEMPLATES, "test_yes", MessageTemplate(gettext_lazy("Yes"), gettext_lazy("No"))
    )

    chinese = render("test_yes", {}, "zh-hans")
    english = render("test_yes", {}, "en")

    assert (chinese.subject, english.subject) == ("是", "Yes")
    assert chinese.body.endswith("否")
    assert english.body.endswith("No")


def test_lists_are_joined_and_dates_written_as_iso(settings):
    import datetime as dt

    settings.NOTIFY_SIGNATURE = "南海区政务服务"
    context = normalise_context(
        {
            "case_number": "20261128-K7Q3M9P",
            "matter": "食品经营许可",
            "commitments": ["食品安全管理制度", "从业人员健康证明"],
            "due_date": dt.date(2026, 12, 10),
        }
    )

    rendered = render("case_tolerant", context)

    assert rendered.body == (
        "【南海区政务服务】您申请的食品经营许可已容缺受理，办件编号20261128-K7Q3M9P。"
        "请于2026-12-10前补交：食品安全管理制度、从业人员健康证明。"
    )


def test_a_missing_placeholder_value_is_refused_with_its_name():
    with pytest.raises(DomainError) as refused:
        render("queue_position", {"ticket_number": "A012", "position": 3})

    assert refused.value.code == "template_context_missing"
    assert refused.value.details["missing"] == ["window"]
