import datetime

from dpassure.rights.models import RightsRequest
from tests.factories import RightsRequestFactory


def test_create_and_act_on_a_request(api, org):
    url = f"/api/v1/o/{org.slug}/requests/"
    created = api.post(
        url,
        {
            "rights": ["erasure", "access"],
            "channel": "email",
            "received_on": "2026-06-01",
            "requester_name": "Api Person",
            "requester_words": "Delete my details and send me a copy first",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["rights"] == ["access", "erasure"] and body["due_on"] == "2026-07-01"
    pk = body["id"]
    identity = api.post(
        f"{url}{pk}/confirm-identity/", {"identity_confirmed_on": "2026-06-10"}, format="json"
    )
    assert identity.json()["due_on"] == "2026-07-10"
    late = api.post(
        f"{url}{pk}/extend/",
        {"extension_reasons": "Complex", "extension_notified_on": "2026-07-20"},
        format="json",
    )
    assert late.status_code == 400 and "extension_notified_on" in late.json()
    closed = api.post(
        f"{url}{pk}/close/",
        {"closed_on": "2026-07-01", "outcome": "disclosed_in_full"},
        format="json",
    )
    assert closed.json()["status"] == "closed"
    clock = api.get(f"{url}{pk}/clock/").json()
    assert clock["due"] == "2026-07-10" and clock["closed_late"] is False


def test_due_date_cannot_be_typed(api, org):
    response = api.post(
        f"/api/v1/o/{org.slug}/requests/",
        {
            "rights": ["access"],
            "channel": "letter",
            "received_on": "2026-06-01",
            "requester_name": "X",
            "requester_words": "my file",
            "due_on": "2030-01-01",
        },
        format="json",
    )
    assert response.status_code == 201
    assert RightsRequest.objects.get().due_on == datetime.date(2026, 7, 1)


def test_clarification_via_the_api_stops_the_clock(api, org):
    request = RightsRequestFactory(organisation=org)
    response = api.post(
        f"/api/v1/o/{org.slug}/clarifications/",
        {"request": request.pk, "asked_on": "2026-06-03", "question": "Which date?"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert api.get(f"/api/v1/o/{org.slug}/requests/{request.pk}/").json()["status"] == "stopped"
