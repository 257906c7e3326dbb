"""Pages for requests: the verbal form, lists, the clock on the detail page, recognition,
and the public page."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client

from dpassure.core.roles import Role
from dpassure.rights.models import RightsRequest
from tests.factories import RightsRequestFactory, make_clarification


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()


def test_any_staff_member_records_a_verbal_request(client, org, make_member):
    client.force_login(make_member(org, Role.STAFF))
    today = datetime.date.today()
    response = client.post(
        f"/o/{org.slug}/requests/verbal/",
        {
            "channel": "phone",
            "received_on_0": today.day,
            "received_on_1": today.month,
            "received_on_2": today.year,
            "requester_name": "Dee Caller",
            "requester_phone": "07700 900123",
            "requester_words": "She said she wants everything we've got on her from the arrest.",
            "rights": ["access"],
        },
        follow=True,
    )
    request = RightsRequest.objects.get()
    assert request.channel == "phone" and request.due_on is not None
    assert f"Its reference is {request.reference}" in response.content.decode()


def test_viewers_cannot_record_requests(client, org, make_member):
    client.force_login(make_member(org, Role.VIEWER))
    assert client.get(f"/o/{org.slug}/requests/verbal/").status_code == 403


def test_detail_shows_the_computed_clock(editor_client, org):
    request = RightsRequestFactory(organisation=org, received_on=datetime.date(2026, 9, 3))
    body = editor_client.get(f"/o/{org.slug}/requests/{request.pk}/").content.decode()
    assert "Monday 5 October 2026" in body
    make_clarification(request, asked_on=datetime.date(2026, 9, 10))
    body = editor_client.get(f"/o/{org.slug}/requests/{request.pk}/").content.decode()
    assert "the clock is stopped" in body and "Awaiting answer" in body


def test_queues(editor_client, org):
    overdue = RightsRequestFactory(organisation=org, received_on=datetime.date(2026, 6, 1))
    stopped = RightsRequestFactory(organisation=org, received_on=datetime.date(2026, 6, 2))
    make_clarification(stopped)
    url = f"/o/{org.slug}/requests/"
    # The list's "today" is the real date; the June requests are overdue unless stopped.
    body = editor_client.get(url + "?queue=overdue").content.decode()
    assert overdue.reference in body and stopped.reference not in body
    body = editor_client.get(url + "?queue=stopped").content.decode()
    assert stopped.reference in body and overdue.reference not in body
    assert "Clock stopped" in body


def test_recognition_page_offers_to_record_the_request(client, org, make_member):
    client.force_login(make_member(org, Role.STAFF))
    body = client.post(
        f"/o/{org.slug}/requests/recognise/",
        {"text": "Hi, can I have a copy of everything you hold on me please? Thanks, Kim"},
    ).content.decode()
    assert "This looks like a request for personal data" in body
    assert "/requests/verbal/?words=" in body


def test_public_page_creates_a_request_and_shows_the_reference(org, client):
    page = client.get(f"/public/{org.slug}/your-information/")
    assert "You can ask in any way you like" in page.content.decode()
    response = client.post(
        f"/public/{org.slug}/your-information/",
        {
            "requester_name": "Pat Public",
            "requester_email": "pat@example.test",
            "requester_words": "All the CCTV of me at the custody suite on 1 March.",
            "rights": ["access"],
        },
        follow=True,
    )
    request = RightsRequest.objects.get()
    assert request.channel == "web_form" and request.recorded_by is None
    assert request.reference in response.content.decode()


def test_public_page_needs_a_way_to_reply(org, client):
    response = client.post(
        f"/public/{org.slug}/your-information/",
        {"requester_name": "Pat", "requester_words": "my records", "rights": ["access"]},
    )
    assert response.status_code == 400
    assert "Enter an email address or a phone number" in response.content.decode()
    assert not RightsRequest.objects.exists()


def test_public_page_honeypot_keeps_nothing(org, client):
    response = client.post(
        f"/public/{org.slug}/your-information/",
        {
            "requester_name": "Bot",
            "requester_email": "bot@example.test",
            "requester_words": "buy now",
            "rights": ["access"],
            "website": "http://spam",
        },
    )
    assert response.status_code == 302
    assert not RightsRequest.objects.exists()


def test_public_page_is_rate_limited(org, client):
    data = {
        "requester_name": "Pat",
        "requester_email": "pat@example.test",
        "requester_words": "my records",
        "rights": ["access"],
    }
    for _ in range(5):
        assert client.post(f"/public/{org.slug}/your-information/", data).status_code == 302
    assert client.post(f"/public/{org.slug}/your-information/", data).status_code == 429
    assert RightsRequest.objects.count() == 5


def test_public_page_needs_csrf(org):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(f"/public/{org.slug}/your-information/", {"requester_name": "X"})
    assert response.status_code == 403


def test_assessor_bodies_have_no_public_page(client, db):
    from tests.factories import OrganisationFactory

    assessor = OrganisationFactory(kind="assessor_body", slug="auditors")
    assert client.get(f"/public/{assessor.slug}/your-information/").status_code == 404


def test_dashboard_figures_drill_down_to_the_requests(editor_client, org):
    from dpassure.core import clock
    from dpassure.rights import services
    from dpassure.rights.selectors import rights_dashboard

    today = clock.today()
    on_time = RightsRequestFactory(
        organisation=org, received_on=today - datetime.timedelta(days=60)
    )
    services.rights_request_update(
        on_time, actor=None, closed_on=on_time.due_on, outcome="disclosed_in_full"
    )
    RightsRequestFactory(organisation=org, received_on=today - datetime.timedelta(days=50))
    board = rights_dashboard(RightsRequest.objects.all(), today=today)
    assert len(board.months) == 12 and sum(m["total"] for m in board.months) == 2
    assert (board.closed, board.closed_in_time, board.percent_in_time) == (1, 1, 100.0)
    assert board.open_overdue == 1
    body = editor_client.get(f"/o/{org.slug}/requests/dashboard/").content.decode()
    assert "?queue=overdue" in body and "1</span> open and overdue" in body
