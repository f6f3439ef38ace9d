"""``deep_links_for``: the links into higher-level systems a clerk sees for a matter."""

import datetime as dt
from typing import Any

import pytest

from onedoor.catalog.models import Department, Matter, MatterVersion
from onedoor.core.errors import DomainError
from onedoor.core.models import AuditEvent
from onedoor.exchange.actions import delete_deep_link, save_deep_link
from onedoor.exchange.models import DeepLink
from onedoor.exchange.queries import deep_links_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrollment() -> Matter:
    education = Department.objects.create(code="education", name="区教育局")
    matter = Matter.objects.create(code="new-student-enrollment")
    MatterVersion.objects.create(
        matter=matter,
        version=1,
        valid_from=dt.date(2026, 1, 1),
        name="小学新生入学报名",
        kind="public_service",
        department=education,
    )
    return matter


def test_a_matter_shows_its_own_links_and_its_departments(
    enrollment: Matter, django_assert_max_num_queries: Any
) -> None:
    education = Department.objects.get(code="education")
    police = Department.objects.create(code="police", name="公安分局")
    own = save_deep_link(
        actor="t",
        link=DeepLink(name="省学籍系统", url="https://xj.gd.gov.cn/", matters=[enrollment.code]),
    )
    departments = save_deep_link(
        actor="t",
        link=DeepLink(name="省教育厅", url="https://edu.gd.gov.cn/", department=education),
    )
    save_deep_link(
        actor="t", link=DeepLink(name="省公安厅", url="https://gdga.gov.cn/", department=police)
    )
    save_deep_link(
        actor="t",
        link=DeepLink(
            name="食品许可", url="https://amr.gd.gov.cn/", matters=["food-business-licence"]
        ),
    )

    with django_assert_max_num_queries(2):
        links = deep_links_for(enrollment.code)

    assert links == [own, departments]
    assert AuditEvent.objects.filter(action="exchange.deep_link_saved").count() == 4


def test_a_link_must_say_where_it_applies(enrollment: Matter) -> None:
    with pytest.raises(DomainError) as refused:
        save_deep_link(actor="t", link=DeepLink(name="无处", url="https://example.gov.cn/"))
    with pytest.raises(DomainError):
        save_deep_link(
            actor="t", link=DeepLink(name="坏", url="https://example.gov.cn/", matters="x")
        )

    assert refused.value.code == "invalid_input"
    assert not DeepLink.objects.exists()


def test_a_deleted_link_leaves_an_audit_event(enrollment: Matter) -> None:
    link = save_deep_link(
        actor="t",
        link=DeepLink(name="省学籍系统", url="https://xj.gd.gov.cn/", matters=[enrollment.code]),
    )

    delete_deep_link(actor="t", link=link)

    assert deep_links_for(enrollment.code) == []
    assert AuditEvent.objects.filter(action="exchange.deep_link_deleted").exists()
