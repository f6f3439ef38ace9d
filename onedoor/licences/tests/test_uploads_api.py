import hashlib
import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from onedoor.core.models import AuditEvent
from onedoor.licences.models import Upload
from onedoor.licences.tests.factories import bearer, make_person

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, format="JPEG")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _ofd() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'/>")
    return buffer.getvalue()


@pytest.fixture
def headers():
    return bearer(person=make_person())


def _upload(client, headers, name, data, content_type="application/octet-stream"):
    file = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post("/api/v1/uploads", {"file": file}, headers=headers)


@pytest.mark.parametrize(
    ("name", "data", "declared", "expected"),
    [
        ("scan.png", _png(), "image/png", "image/png"),
        ("photo.jpg", _jpeg(), "image/jpeg", "image/jpeg"),
        ("permit.pdf", PDF, "application/pdf", "application/pdf"),
        ("permit.ofd", _ofd(), "application/octet-stream", "application/ofd"),
        ("no-type", _png(), "application/octet-stream", "image/png"),
    ],
    ids=["png", "jpeg", "pdf", "ofd", "png-without-declared-type"],
)
def test_accepted_files_are_stored_and_typed_by_their_bytes(
    client, headers, name, data, declared, expected
):
    response = _upload(client, headers, name, data, declared)

    assert response.status_code == 201
    body = response.json()
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    assert (body["content_type"], body["size"]) == (expected, len(data))
    upload = Upload.objects.get(public_id=body["id"])
    assert upload.uploaded_by.startswith("person:")
    assert default_storage.open(upload.storage_name).read() == data
    assert AuditEvent.objects.filter(action="licences.upload_stored", object_id=body["id"]).exists()


def test_a_text_file_renamed_to_pdf_is_refused(client, headers):
    response = _upload(client, headers, "permit.pdf", b"just some text\n" * 20, "application/pdf")

    assert response.status_code == 422
    assert response.json()["code"] == "unsupported_upload_type"
    assert not Upload.objects.exists()


def test_a_file_whose_declared_type_contradicts_its_bytes_is_refused(client, headers):
    response = _upload(client, headers, "scan.pdf", _png(), "application/pdf")

    assert response.status_code == 422
    assert response.json()["code"] == "unsupported_upload_type"
    assert response.json()["details"]["detected"] == "image/png"


def test_a_zip_that_is_not_ofd_is_refused(client, headers):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.exe", "MZ")

    response = _upload(client, headers, "permit.ofd", buffer.getvalue())

    assert response.status_code == 422


def test_a_file_over_the_limit_is_too_large(client, headers, settings):
    settings.UPLOAD_MAX_BYTES = 1000

    response = _upload(client, headers, "big.pdf", PDF + b"0" * 1000, "application/pdf")

    assert response.status_code == 413
    assert response.json()["code"] == "upload_too_large"
    assert not Upload.objects.exists()


def test_a_file_exactly_at_the_limit_is_accepted(client, headers, settings):
    settings.UPLOAD_MAX_BYTES = len(PDF)

    assert _upload(client, headers, "permit.pdf", PDF).status_code == 201


def test_anonymous_callers_cannot_upload(client):
    response = _upload(client, {}, "scan.png", _png(), "image/png")

    assert response.status_code == 401
    assert not Upload.objects.exists()


def test_the_same_bytes_uploaded_twice_are_stored_once(client, headers, settings):
    data = _png()

    first = _upload(client, headers, "a.png", data, "image/png").json()
    second = _upload(client, headers, "b.png", data, "image/png").json()

    assert first["id"] != second["id"]
    names = set(Upload.objects.values_list("storage_name", flat=True))
    assert len(names) == 1
    folder = settings.MEDIA_ROOT / "uploads" / first["sha256"][:2]
    assert [path.name for path in folder.iterdir()] == [f"{first['sha256']}.png"]


def test_a_request_without_a_file_is_invalid_input(client, headers):
    response = client.post("/api/v1/uploads", {}, headers=headers)

    assert response.status_code == 422
