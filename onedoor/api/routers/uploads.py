"""Uploads: a file for a case's material, typed by its bytes and stored once per content."""

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from onedoor.api.auth import Principal, bearer
from onedoor.licences.actions import store_upload

router = Router(tags=["uploads"])


class UploadOut(Schema):
    id: uuid.UUID = Field(description="the upload's id, as a case's material names it")
    sha256: str
    content_type: str = Field(
        description="sniffed from the bytes: application/pdf, image/jpeg, image/png or "
        "application/ofd"
    )
    size: int = Field(description="bytes")


class ErrorOut(Schema):
    code: str
    message: str
    details: dict[str, Any]


@router.post(
    "",
    auth=bearer,
    response={201: UploadOut, 413: ErrorOut, 422: ErrorOut},
    summary="Upload a file (PDF, JPEG, PNG or OFD)",
)
def post_upload(request: HttpRequest, file: File[UploadedFile]) -> Status[dict[str, Any]]:
    principal = request.auth  # type: ignore[attr-defined]  # set by the bearer auth
    assert isinstance(principal, Principal)
    upload = store_upload(actor_label=principal.actor.audit_label, file=file)
    return Status(
        201,
        {
            "id": upload.public_id,
            "sha256": upload.sha256,
            "content_type": upload.content_type,
            "size": upload.size,
        },
    )
