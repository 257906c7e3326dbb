"""Every write to requests for personal data and their steps.

Each write validates, saves inside a transaction with its audit record, and recomputes the
request's due date with :func:`dpassure.rules.sar.sar_due_date` — no entry point can store a
due date of its own.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from dpassure.core import clock
from dpassure.core.references import next_reference
from dpassure.core.services import register_archive, register_create, register_update
from dpassure.organisations.models import Organisation
from dpassure.rights.choices import PART3_RESTRICTIONS, Regime
from dpassure.rights.models import (
    Clarification,
    Disclosure,
    ExemptionApplied,
    Review,
    RightsRequest,
    Search,
)
from dpassure.rights.selectors import clock_inputs
from dpassure.rules import sar


def _not_in_future(values: dict, labels: dict, today: datetime.date) -> None:
    errors = {
        field: f"{label} cannot be in the future."
        for field, label in labels.items()
        if values.get(field) and values[field] > today
    }
    if errors:
        raise ValidationError(errors)


REQUEST_DATES = {
    "received_on": "The date received",
    "identity_requested_on": "The date identity was asked for",
    "identity_confirmed_on": "The date identity was confirmed",
    "fee_requested_on": "The date the fee was asked for",
    "fee_received_on": "The date the fee was received",
    "extension_notified_on": "The date the requester was told",
    "closed_on": "The date closed",
}


def _check_extension(request: RightsRequest) -> None:
    if not request.extended:
        return
    try:
        permitted = sar.extension_permitted(request.regime, request.received_on)
    except ValueError as error:
        raise ValidationError({"regime": str(error)}) from None
    if not permitted:
        raise ValidationError(
            {"extended": "Part 3 requests received before 5 February 2026 cannot be extended."}
        )
    deadline = sar.extension_notice_deadline(request.received_on, **clock_inputs(request))
    if request.extension_notified_on is None:
        raise ValidationError(
            {"extension_notified_on": "Enter the date the requester was told of the extension."}
        )
    if deadline is not None and request.extension_notified_on > deadline:
        raise ValidationError(
            {
                "extension_notified_on": "An extension must be notified within the first month: "
                f"by {deadline:%-d %B %Y} for this request."
            }
        )


def _computed_due(request: RightsRequest) -> datetime.date | None:
    return sar.sar_due_date(request.received_on, extended=request.extended, **clock_inputs(request))


def rights_request_create(*, organisation, actor, today=None, **fields) -> RightsRequest:
    """Record a request from any channel; the reference and due date are worked out here."""
    today = today or clock.today()
    _not_in_future(fields, REQUEST_DATES, today)
    draft = RightsRequest(organisation=organisation, **fields)
    draft.full_clean(exclude=["reference"])
    _check_extension(draft)
    with transaction.atomic():
        # One writer at a time per organisation, so references never collide.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        return register_create(
            RightsRequest,
            organisation=organisation,
            actor=actor,
            reference=next_reference(
                RightsRequest.objects.filter(organisation=organisation),
                f"RR-{draft.received_on.year}-",
            ),
            recorded_by=actor if getattr(actor, "pk", None) else None,
            due_on=_computed_due(draft),
            **fields,
        )


def rights_request_update(request: RightsRequest, *, actor, today=None, **fields) -> RightsRequest:
    today = today or clock.today()
    _not_in_future(fields, REQUEST_DATES, today)
    for name, value in fields.items():
        setattr(request, name, value)
    request.full_clean()
    _check_extension(request)
    earliest_step = _earliest_step(request)
    if earliest_step and request.received_on > earliest_step:
        raise ValidationError(
            {"received_on": "Steps are recorded before this date: it cannot be received later."}
        )
    request.due_on = _computed_due(request)
    return register_update(request, actor=actor)


def _earliest_step(request: RightsRequest) -> datetime.date | None:
    dates = [
        *request.clarifications.values_list("asked_on", flat=True),
        *request.searches.values_list("searched_on", flat=True),
        *request.disclosures.values_list("disclosed_on", flat=True),
    ]
    return min(dates, default=None)


def rights_request_archive(request: RightsRequest, *, actor) -> RightsRequest:
    return register_archive(request, actor=actor)


def _recompute(request: RightsRequest, *, actor, reason: str) -> RightsRequest:
    due = _computed_due(request)
    if due != request.due_on:
        request.due_on = due
        register_update(request, actor=actor, change_reason=reason)
    return request


def _step_create(model, *, organisation, actor, request, today, dates: dict, **fields):
    today = today or clock.today()
    _not_in_future(fields, dates, today)
    if request.organisation_id != organisation.pk:
        raise ValidationError({"request": "Choose a request of this organisation."})
    with transaction.atomic():
        step = register_create(
            model, organisation=organisation, actor=actor, request=request, **fields
        )
        _recompute(request, actor=actor, reason=f"{model._meta.verbose_name.capitalize()} recorded")
    return step


def _step_update(step, *, actor, today, dates: dict, **fields):
    today = today or clock.today()
    _not_in_future(fields, dates, today)
    with transaction.atomic():
        register_update(step, actor=actor, **fields)
        _recompute(
            step.request, actor=actor, reason=f"{step._meta.verbose_name.capitalize()} changed"
        )
    return step


def _step_archive(step, *, actor):
    with transaction.atomic():
        register_archive(step, actor=actor)
        _recompute(
            step.request, actor=actor, reason=f"{step._meta.verbose_name.capitalize()} archived"
        )
    return step


CLARIFICATION_DATES = {"asked_on": "The date asked", "answered_on": "The date answered"}


def clarification_create(*, organisation, actor, request, today=None, **fields) -> Clarification:
    """Ask the requester what they want; the clock stops until they answer."""
    return _step_create(
        Clarification,
        organisation=organisation,
        actor=actor,
        request=request,
        today=today,
        dates=CLARIFICATION_DATES,
        **fields,
    )


def clarification_update(clarification, *, actor, today=None, **fields) -> Clarification:
    return _step_update(
        clarification, actor=actor, today=today, dates=CLARIFICATION_DATES, **fields
    )


def clarification_archive(clarification, *, actor) -> Clarification:
    return _step_archive(clarification, actor=actor)


SEARCH_DATES = {"searched_on": "The date searched"}


def search_create(*, organisation, actor, request, today=None, **fields) -> Search:
    return _step_create(
        Search,
        organisation=organisation,
        actor=actor,
        request=request,
        today=today,
        dates=SEARCH_DATES,
        **fields,
    )


def search_update(search, *, actor, today=None, **fields) -> Search:
    return _step_update(search, actor=actor, today=today, dates=SEARCH_DATES, **fields)


def search_archive(search, *, actor) -> Search:
    return _step_archive(search, actor=actor)


EXEMPTION_DATES = {"decided_on": "The date decided"}


def _check_exemption(request: RightsRequest, exemption: str | None) -> None:
    if exemption in PART3_RESTRICTIONS and request.regime != Regime.PART3:
        raise ValidationError(
            {"exemption": "s.45(4) restrictions apply only to Part 3 (law enforcement) requests."}
        )


def exemption_create(*, organisation, actor, request, today=None, **fields) -> ExemptionApplied:
    _check_exemption(request, fields.get("exemption"))
    return _step_create(
        ExemptionApplied,
        organisation=organisation,
        actor=actor,
        request=request,
        today=today,
        dates=EXEMPTION_DATES,
        **fields,
    )


def exemption_update(exemption, *, actor, today=None, **fields) -> ExemptionApplied:
    _check_exemption(exemption.request, fields.get("exemption", exemption.exemption))
    return _step_update(exemption, actor=actor, today=today, dates=EXEMPTION_DATES, **fields)


def exemption_archive(exemption, *, actor) -> ExemptionApplied:
    return _step_archive(exemption, actor=actor)


DISCLOSURE_DATES = {"disclosed_on": "The date disclosed"}


def disclosure_create(*, organisation, actor, request, today=None, **fields) -> Disclosure:
    return _step_create(
        Disclosure,
        organisation=organisation,
        actor=actor,
        request=request,
        today=today,
        dates=DISCLOSURE_DATES,
        **fields,
    )


def disclosure_update(disclosure, *, actor, today=None, **fields) -> Disclosure:
    return _step_update(disclosure, actor=actor, today=today, dates=DISCLOSURE_DATES, **fields)


def disclosure_archive(disclosure, *, actor) -> Disclosure:
    return _step_archive(disclosure, actor=actor)


REVIEW_DATES = {"received_on": "The date received", "closed_on": "The date closed"}


def review_create(*, organisation, actor, request, today=None, **fields) -> Review:
    return _step_create(
        Review,
        organisation=organisation,
        actor=actor,
        request=request,
        today=today,
        dates=REVIEW_DATES,
        **fields,
    )


def review_update(review, *, actor, today=None, **fields) -> Review:
    return _step_update(review, actor=actor, today=today, dates=REVIEW_DATES, **fields)


def review_archive(review, *, actor) -> Review:
    return _step_archive(review, actor=actor)
