"""The approver's inbox: GET tasks, their departments' review tasks, nearest deadline first."""

from onedoor.cases.tests.applications import (
    approver,
    decide,
    enrollment,
    food_licence,
    restaurant,
    task_of,
)

ITEM_FIELDS = {
    "id",
    "number",
    "matter",
    "name",
    "department",
    "stage",
    "stage_name",
    "status",
    "decision",
    "created_at",
    "deadline",
    "clock",
}


def inbox(world, holder, query=""):
    return world.get(f"tasks{query}", holder)


def test_the_education_approver_sees_the_enrollment_task_with_its_clock(world):
    case = enrollment(world)
    restaurant(world)  # other departments' tasks

    response = inbox(world, approver(world, "education"), "?status=open")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["count"] == 1
    [item] = body["items"]
    assert set(item) == ITEM_FIELDS
    assert item["id"] == str(task_of(case, "education").public_id)
    assert (item["number"], item["matter"], item["name"]) == (
        case.number,
        "new-student-enrollment",
        "小学新生入学报名",
    )
    assert (item["department"], item["stage"], item["status"], item["decision"]) == (
        "education",
        0,
        "open",
        "",
    )
    assert item["deadline"] == case.deadline.isoformat()
    assert item["clock"]["state"] == "running"
    assert item["clock"]["color"] == "green"
    assert item["clock"]["used_days"] + item["clock"]["remaining_days"] == 10


def test_the_inbox_puts_the_nearest_deadline_first_then_the_oldest(world):
    older = food_licence(world)
    world.post(
        f"cases/{older.number}/extend", {"days": 5, "reason": "现场核查"}, approver(world, "market")
    )
    newer = restaurant(world)

    items = inbox(world, approver(world, "market")).json()["items"]

    assert [i["number"] for i in items] == [newer.number, older.number]


def test_decided_tasks_are_listed_apart(world):
    case = enrollment(world)
    decide(world, case, "education")

    open_tasks = inbox(world, approver(world, "education")).json()
    decided = inbox(world, approver(world, "education"), "?status=decided").json()

    assert open_tasks == {"count": 0, "items": []}
    assert decided["count"] == 1
    assert decided["items"][0]["decision"] == "approve"


def test_the_inbox_is_paged_and_counts_every_page(world):
    first, second = food_licence(world), restaurant(world)

    body = inbox(world, approver(world, "market"), "?limit=1&offset=1").json()

    assert body["count"] == 2
    assert [i["number"] for i in body["items"]] == [second.number]
    assert first.number != second.number


def test_staff_without_the_approver_role_and_citizens_are_refused(world):
    enrollment(world)

    assert inbox(world, world.staff("clerk")).status_code == 403
    assert inbox(world, world.staff("supervisor")).status_code == 403
    assert inbox(world, world.persons["parent"]).status_code == 403
    assert world.client.get("/api/v1/tasks").status_code == 401


def test_an_unknown_status_is_refused(world):
    assert inbox(world, approver(world, "education"), "?status=lost").status_code == 422


def withdrawn(world, case):
    response = world.post(f"cases/{case.number}/withdraw", {}, world.staff("clerk"))
    assert response.status_code == 200, response.json()


def test_the_inbox_costs_the_same_queries_for_one_task_or_many(
    world, django_assert_max_num_queries
):
    withdrawn(world, food_licence(world))
    headers = world.headers(approver(world, "market"))
    world.client.get("/api/v1/tasks", **headers)  # the token's first use is recorded once

    # The token, the caller's roles, the count and the page: whatever the number of tasks.
    with django_assert_max_num_queries(4):
        assert world.client.get("/api/v1/tasks?status=closed", **headers).json()["count"] == 1
    withdrawn(world, food_licence(world))
    withdrawn(world, restaurant(world))

    with django_assert_max_num_queries(4):
        body = world.client.get("/api/v1/tasks?status=closed", **headers).json()
    assert body["count"] == 3
    assert len({i["number"] for i in body["items"]}) == 3
