"""The workbench front page: the screens each role opens, with their counts."""

from onedoor.workbench.tests.test_review import signboard


def test_clerk_sees_the_window_and_todays_cases_at_their_service_point(world, submit, signed_in):
    signboard(world, submit)
    page = signed_in("clerk").get("/workbench/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'href="/workbench/window/"' in text
    assert 'href="/workbench/inbox/"' not in text.split("</nav>", 2)[-1]
    assert page.context["counts"]["cases_today"] == 1


def test_approver_sees_the_inbox_with_their_open_task_count(world, submit, signed_in):
    signboard(world, submit)
    page = signed_in("approver-urban").get("/workbench/")
    assert page.context["counts"]["open_tasks"] == 1
    assert "待办 1 件" in page.content.decode()
    assert page.context["is_clerk"] is False


def test_catalog_administrator_gets_the_admin_link(world, signed_in):
    page = signed_in("admin").get("/workbench/")
    assert 'href="/admin/"' in page.content.decode()


def test_systems_health_is_routed_for_staff(world, signed_in, client):
    client.logout()
    assert client.get("/workbench/systems/").status_code == 302
    page = signed_in("approver-urban").get("/workbench/systems/")
    assert page.status_code == 200
    assert "部门系统状态" in page.content.decode()
