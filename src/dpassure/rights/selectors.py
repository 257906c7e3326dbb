"""Reads with logic: a request's clock, the work lists and the dashboard figures."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, QuerySet

from dpassure.rights.models import RightsRequest
from dpassure.rules import sar
from dpassure.rules.calendars import add_calendar_months


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


@dataclass(frozen=True)
class Dashboard:
    months: list[dict]
    channels: list[tuple[str, str]]
    rights: list[tuple[str, str]]
    closed: int
    closed_in_time: int
    percent_in_time: float | None
    median_days: float | None
    open_overdue: int
    stopped: int
    due_this_week: int


def rights_dashboard(queryset: QuerySet, *, today: datetime.date) -> Dashboard:
    """Requests received per month by channel and right over the last 12 months, the share
    answered within the statutory time, the median days to respond and the open work."""
    from statistics import median

    from django.db.models import Count, Q
    from django.db.models.functions import TruncMonth

    from dpassure.rights.choices import Channel, Right

    live = queryset.filter(archived_at__isnull=True)
    first_month = add_calendar_months(today.replace(day=1), -11)
    recent = live.filter(received_on__gte=first_month)
    counts = {f"channel_{c.value}": Count("pk", filter=Q(channel=c.value)) for c in Channel} | {
        f"right_{r.value}": Count("pk", filter=Q(rights__contains=r.value)) for r in Right
    }
    rows = {
        str(row["month"])[:7]: row
        for row in recent.annotate(month=TruncMonth("received_on"))
        .values("month")
        .annotate(total=Count("pk"), **counts)
        .order_by("month")
    }
    months, cursor = [], first_month
    while cursor <= today:
        key = cursor.strftime("%Y-%m")
        row = rows.get(key, {})
        months.append(
            {
                "label": cursor.strftime("%b %Y"),
                "since": cursor,
                "total": row.get("total", 0),
                "channels": [row.get(f"channel_{c.value}", 0) for c in Channel],
                "rights": [row.get(f"right_{r.value}", 0) for r in Right],
            }
        )
        cursor = add_calendar_months(cursor, 1)
    closed = recent.filter(closed_on__isnull=False)
    totals = closed.aggregate(
        closed=Count("pk"), in_time=Count("pk", filter=Q(closed_on__lte=F("due_on")))
    )
    durations = [
        (closed_on - received_on).days
        for received_on, closed_on in closed.order_by().values_list("received_on", "closed_on")
    ]
    open_work = live.filter(closed_on__isnull=True).aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        stopped=Count("pk", filter=Q(due_on__isnull=True)),
        week=Count(
            "pk", filter=Q(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=7))
        ),
    )
    return Dashboard(
        months=months,
        channels=list(Channel.choices),
        rights=[(value, label.split(" (")[0]) for value, label in Right.choices],
        closed=totals["closed"],
        closed_in_time=totals["in_time"],
        percent_in_time=round(100 * totals["in_time"] / totals["closed"], 1)
        if totals["closed"]
        else None,
        median_days=median(durations) if durations else None,
        open_overdue=open_work["overdue"],
        stopped=open_work["stopped"],
        due_this_week=open_work["week"],
    )
