"""The supervisor's view of a person's licences, access log and verifications."""

from onedoor.registry.models import DataAccess


def _login(client, world, username):
    client.force_login(world.staff(username))


def test_supervisor_sees_licences_and_who_read_the_persons_data(world, submit, client):
    parent = world.persons["parent"]
    submit(
        {
            "matter": "household-certificate",
            "applicant": {"id_number": parent.id_number},
            "form": {"purpose": "kinship"},
        }
    )
    _login(client, world, "supervisor")
    response = client.post("/workbench/supervision/person/", {"id_number": parent.id_number})
    assert response.status_code == 200
    page = response.content.decode()
    assert "居民身份证" in page
    assert "staff:clerk" in page  # the clerk's verification and reads are listed
    assert parent.id_number not in page  # shown masked
    assert DataAccess.objects.filter(person=parent, action="verify").exists()


def test_invalid_id_number_is_refused_inline(world, client):
    _login(client, world, "supervisor")
    response = client.post("/workbench/supervision/person/", {"id_number": "12345"})
    assert response.status_code == 422
    assert "有效的身份证件号码" in response.content.decode()


def test_a_clerk_cannot_open_the_supervision_page(world, client):
    _login(client, world, "clerk")
    assert client.get("/workbench/supervision/person/").status_code == 403
