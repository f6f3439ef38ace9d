"""The organisation registry (法人库) for staff."""

from django.http import HttpRequest
from ninja import Router, Schema

from onedoor.api.auth import bearer, require_staff
from onedoor.registry.queries import access_organisation

router = Router(tags=["organisations"], auth=bearer)


class LegalRepresentativeOut(Schema):
    id_number: str
    name: str


class OrganisationOut(Schema):
    uscc: str
    name: str
    org_type: str
    legal_representative: LegalRepresentativeOut | None
    address: str


@router.get("{uscc}", response=OrganisationOut, summary="An organisation (staff)")
def get_organisation(request: HttpRequest, uscc: str, purpose: str = "") -> dict[str, object]:
    organisation = access_organisation(require_staff(request), uscc, purpose=purpose)
    representative = organisation.legal_representative
    return {
        "uscc": organisation.uscc,
        "name": organisation.name,
        "org_type": organisation.org_type,
        "legal_representative": (
            {"id_number": representative.id_number, "name": representative.name}
            if representative is not None
            else None
        ),
        "address": organisation.address,
    }
