"""Writes to requests for personal data: the due date is always the rule's, never typed."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from dpassure.rights import services
from dpassure.rights.models import RightsRequest
from tests.factories import (
    RightsRequestFactory,
    make_clarification,
    make_disclosure,
    make_exemption,
)

D = datetime.date
TODAY = D(2026, 12, 1)


def test_create_numbers_the_request_and_computes_the_due_date(org, editor):
    first = RightsRequestFactory(organisation=org, received_on=D(2026, 9, 3))
    second = RightsRequestFactory(organisation=org, received_on=D(2026, 9, 4))
    assert (first.reference, second.reference) == ("RR-2026-00001", "RR-2026-00002")
    assert first.due_on == D(2026, 10, 5)  # 3 October 2026 is a Saturday
    assert first.history.get().history_type == "+"


def test_clarification_stops_then_restarts_the_clock(org, editor):
    request = RightsRequestFactory(organisation=org, received_on=D(2026, 6, 1))
    assert request.due_on == D(2026, 7, 1)
    clarification = make_clarification(request, asked_on=D(2026, 6, 5))
    request.refresh_from_db()
    assert request.due_on is None  # stopped
    services.clarification_update(
        clarification, actor=editor, today=TODAY, answered_on=D(2026, 6, 9), answer="The 3 May"
    )
    request.refresh_from_db()
    assert request.due_on == D(2026, 7, 6)
    reasons = [h.history_change_reason for h in request.history.all()]
    assert "Clarification changed" in reasons and "Clarification recorded" in reasons


def test_identity_confirmed_restarts_the_clock(org, editor):
    request = RightsRequestFactory(organisation=org, received_on=D(2026, 6, 1))
    services.rights_request_update(
        request,
        actor=editor,
        today=TODAY,
        identity_requested_on=D(2026, 6, 2),
        identity_confirmed_on=D(2026, 6, 10),
    )
    assert RightsRequest.objects.get(pk=request.pk).due_on == D(2026, 7, 10)


def test_extension_must_be_notified_within_the_first_month(org, editor):
    request = RightsRequestFactory(organisation=org, received_on=D(2026, 6, 1))
    with pytest.raises(ValidationError) as error:
        services.rights_request_update(
            request,
            actor=editor,
            today=TODAY,
            extended=True,
            extension_reasons="Complex: several systems",
            extension_notified_on=D(2026, 7, 2),
        )
    assert "within the first month: by 1 July 2026" in str(error.value)
    services.rights_request_update(
        request,
        actor=editor,
        today=TODAY,
        extended=True,
        extension_reasons="Complex: several systems",
        extension_notified_on=D(2026, 6, 25),
    )
    assert RightsRequest.objects.get(pk=request.pk).due_on == D(2026, 9, 1)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"received_on": D(2026, 12, 2)}, "received_on", "cannot be in the future"),
        ({"rights": ""}, "rights", "Select at least one right"),
        ({"rights": "access gossip"}, "rights", "Unknown right: gossip"),
        ({"is_third_party": True}, "authority", "Record the authority"),
        ({"closed_on": D(2026, 6, 1), "received_on": D(2026, 6, 2)}, "closed_on", "on or after"),
        ({"closed_on": D(2026, 6, 5)}, "outcome", "Choose the outcome"),
        ({"extended": True}, "extension_reasons", "Give the reasons"),
        (
            {
                "regime": "part3",
                "received_on": D(2026, 1, 5),
                "extended": True,
                "extension_reasons": "Complex",
                "extension_notified_on": D(2026, 1, 10),
            },
            "extended",
            "cannot be extended",
        ),
        (
            {"identity_requested_on": D(2026, 6, 5), "identity_confirmed_on": D(2026, 6, 4)},
            "identity_confirmed_on",
            "before it was asked for",
        ),
    ],
)
def test_bad_requests_are_refused_and_nothing_is_saved(org, editor, fields, field, message):
    values = {
        "channel": "letter",
        "rights": "access",
        "received_on": D(2026, 6, 1),
        "requester_name": "Sam Person",
        "requester_words": "My records please",
        **fields,
    }
    with pytest.raises(ValidationError) as error:
        services.rights_request_create(organisation=org, actor=editor, today=TODAY, **values)
    assert field in error.value.message_dict, error.value.message_dict
    assert any(message in m for m in error.value.message_dict[field])
    assert not RightsRequest.objects.exists()


def test_steps_cannot_come_before_receipt_or_in_the_future(org, editor):
    request = RightsRequestFactory(organisation=org, received_on=D(2026, 6, 10))
    with pytest.raises(ValidationError, match="cannot be before the request was received"):
        make_disclosure(request, disclosed_on=D(2026, 6, 9))
    with pytest.raises(ValidationError, match="cannot be in the future"):
        make_disclosure(request, disclosed_on=D(2026, 12, 25))
    with pytest.raises(ValidationError, match="answer cannot come before"):
        make_clarification(request, asked_on=D(2026, 6, 12), answered_on=D(2026, 6, 11))
    assert not request.disclosures.exists() and not request.clarifications.exists()


def test_part3_restrictions_only_for_part3_requests(org):
    request = RightsRequestFactory(organisation=org)
    with pytest.raises(ValidationError, match="only to Part 3"):
        make_exemption(request, exemption="s45_4_b")
    part3 = RightsRequestFactory(organisation=org, regime="part3")
    assert make_exemption(part3, exemption="s45_4_b").reasons


def test_a_request_of_another_organisation_cannot_get_steps(org, other_org):
    theirs = RightsRequestFactory(organisation=other_org)
    with pytest.raises(ValidationError):
        services.disclosure_create(
            organisation=org,
            actor=None,
            request=theirs,
            today=TODAY,
            disclosed_on=D(2026, 6, 20),
            method="post",
            pages=1,
        )
