from django.http import HttpRequest
from ninja import Router, Schema

router = Router(tags=["meta"])


class HealthOut(Schema):
    status: str


@router.get("health", response=HealthOut, summary="Liveness check", auth=None)
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}
