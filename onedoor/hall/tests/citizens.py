"""Helpers for the online hall's tests: signing a citizen in through the real pages."""

from typing import Any

from django.test import Client

from onedoor.notify.models import Message
from onedoor.registry.models import Person

# A tiny, real PDF: the upload store sniffs the type from these bytes.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def latest_code(person: Person) -> str:
    message = Message.objects.filter(recipient=person, template="signin_code").latest("created_at")
    return str(message.context["code"])


def sign_in(client: Client, person: Person, next_path: str = "/me/") -> Any:
    """Sign ``person`` in by ID number and the SMS code; the answer to the code's page."""
    client.post("/signin/", {"id_number": person.id_number, "next": next_path})
    return client.post("/signin/code/", {"code": latest_code(person), "next": next_path})


def pdf(name: str = "scan.pdf") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")
