"""Reads with logic: a request's clock, the work lists and the dashboard figures."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, QuerySet

from dpassure.rights.models import RightsRequest
from dpassure.rules import sar


@dataclass(frozen=True)
class Clock:
    due: datetime.date | None
    status: sar.Status
    days_remaining: int | None
    internal_target: datetime.date | None
    extension_notice_deadline: datetime.date | None
    closed_late: bool


def clock_inputs(request: RightsRequest) -> dict:
    """The arguments of the statutory clock for this request, from its recorded steps."""
    return {
        "identity_confirmed": request.identity_confirmed_on,
        "fee_received": request.fee_received_on,
        "clarifications": [
            (c.asked_on, c.answered_on)
            for c in (request.clarifications.all() if request.pk else ())
            if c.archived_at is None
        ],
        "regime": request.regime,
        "region": request.region,
        "counting": settings.DPASSURE_SAR_PART3_COUNTING if request.regime == "part3" else "ico",
    }


def request_clock(request: RightsRequest, *, today: datetime.date) -> Clock:
    inputs = clock_inputs(request)
    due = sar.sar_due_date(request.received_on, extended=request.extended, **inputs)
    target = sar.internal_target(
        request.received_on,
        target_days=settings.DPASSURE_SAR_INTERNAL_TARGET_DAYS,
        identity_confirmed=inputs["identity_confirmed"],
        fee_received=inputs["fee_received"],
        clarifications=inputs["clarifications"],
        region=inputs["region"],
    )
    return Clock(
        due=due,
        status=sar.sar_status(due=due, today=today, closed_on=request.closed_on),
        days_remaining=sar.days_remaining(due, today) if request.closed_on is None else None,
        internal_target=target,
        extension_notice_deadline=sar.extension_notice_deadline(request.received_on, **inputs),
        closed_late=sar.closed_late(due=due, closed_on=request.closed_on),
    )


def status_for_row(request: RightsRequest, *, today: datetime.date) -> sar.Status:
    """A list row's status from the stored due date (computed by the rule on every change)."""
    return sar.sar_status(due=request.due_on, today=today, closed_on=request.closed_on)


def requests_in_queue(queryset: QuerySet, queue: str, *, today: datetime.date) -> QuerySet:
    """The work lists: due this week, overdue, clock stopped, closed late, open."""
    open_requests = queryset.filter(closed_on__isnull=True)
    if queue == "open":
        return open_requests
    if queue == "due_this_week":
        return open_requests.filter(
            due_on__gte=today, due_on__lte=today + datetime.timedelta(days=7)
        )
    if queue == "overdue":
        return open_requests.filter(due_on__lt=today)
    if queue == "stopped":
        return open_requests.filter(due_on__isnull=True)
    if queue == "closed_late":
        return queryset.filter(closed_on__gt=F("due_on"))
    if queue == "closed":
        return queryset.filter(closed_on__isnull=False)
    raise ValueError(f"Unknown queue {queue!r}")
