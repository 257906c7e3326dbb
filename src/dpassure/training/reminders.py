"""Reminder emails for a course: to everyone due soon, overdue or never completed on a day,
and to their line managers (policy 9.7: managers encourage their staff to keep their
training up to date; ICO Accountability Framework: follow up non-completion).

A run is created as a draft and previewed (how many emails, a sample of each), then sent once
in the background. Sending is a single status change (draft → sending) made under a row lock,
so a second click, a second tab or a repeated request never sends twice; the task records
progress after every email, so a task that stops and runs again carries on where it stopped
instead of starting again.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string

from dpassure.core import clock
from dpassure.core.services import register_create, register_update
from dpassure.organisations.models import Person
from dpassure.rules.training import TrainingStatus
from dpassure.training import report_selectors as reports
from dpassure.training.models import Course, ReminderRun
from dpassure.training.selectors import people_with_status, policy_for

DRAFT, SENDING, SENT = "draft", "sending", "sent"
REMINDED = (TrainingStatus.DUE_SOON, TrainingStatus.OVERDUE, TrainingStatus.NEVER_COMPLETED)


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    body: str


@dataclass(frozen=True)
class Preview:
    people: int  # due soon, overdue or never completed
    people_with_email: int
    managers: int  # line managers with an email address who get a summary
    sample_person: Email | None
    sample_manager: Email | None

    @property
    def people_without_email(self) -> int:
        return self.people - self.people_with_email

    @property
    def recipient_count(self) -> int:
        return self.people_with_email + self.managers


# --- Who is reminded --------------------------------------------------------------------------


def people_to_remind(*, course: Course, as_of: datetime.date) -> QuerySet:
    """Everyone who must take ``course`` and is due soon, overdue or never completed on
    ``as_of`` (in service, not archived), by id so that runs go in a fixed order."""
    people = Person.objects.filter(organisation=course.organisation)
    policy = policy_for(course.organisation)
    assessed = people_with_status(
        reports.live_people(people), course=course, on=as_of, policy=policy
    )
    return assessed.filter(training_status__in=REMINDED).order_by("pk")


def _managers(people) -> QuerySet:
    return (
        Person.objects.filter(pk__in=people.values("line_manager_id"), archived_at__isnull=True)
        .exclude(email="")
        .order_by("pk")
    )


# --- The emails ------------------------------------------------------------------------------


def _person_email(person, *, course: Course, policy) -> Email:
    context = {
        "person": person,
        "course": course,
        "status": TrainingStatus(person.training_status),
        "due_on": reports.due_on(person, course=course, policy=policy),
        "last_pass": person.last_pass,
        "organisation": course.organisation,
    }
    return Email(
        to=person.email,
        subject=_line(render_to_string("training/reminder_email_person_subject.txt", context)),
        body=render_to_string("training/reminder_email_person.txt", context),
    )


def _manager_email(manager, team: list, *, course: Course, policy) -> Email:
    context = {
        "manager": manager,
        "course": course,
        "team": [
            {
                "person": person,
                "status": TrainingStatus(person.training_status),
                "due_on": reports.due_on(person, course=course, policy=policy),
            }
            for person in team
        ],
        "organisation": course.organisation,
    }
    return Email(
        to=manager.email,
        subject=_line(render_to_string("training/reminder_email_manager_subject.txt", context)),
        body=render_to_string("training/reminder_email_manager.txt", context),
    )


def _line(text: str) -> str:
    return " ".join(text.split())


def reminder_emails(
    *, course: Course, as_of: datetime.date, include_managers: bool
) -> Iterator[Email]:
    """Every email of a run, in a fixed order: people by id, then managers by id."""
    policy = policy_for(course.organisation)
    teams: dict[int, list] = {}
    for person in people_to_remind(course=course, as_of=as_of).iterator(chunk_size=2000):
        if person.email:
            yield _person_email(person, course=course, policy=policy)
        if include_managers and person.line_manager_id:
            teams.setdefault(person.line_manager_id, []).append(person)
    if not include_managers:
        return
    managers = Person.objects.filter(pk__in=list(teams), archived_at__isnull=True).exclude(email="")
    for manager in managers.order_by("pk"):
        yield _manager_email(manager, teams[manager.pk], course=course, policy=policy)


def reminder_preview(*, course: Course, as_of: datetime.date, include_managers: bool) -> Preview:
    """How many emails a run would send, and one of each kind rendered in full."""
    policy = policy_for(course.organisation)
    people = people_to_remind(course=course, as_of=as_of)
    with_email = people.exclude(email="")
    first = with_email.first()
    managers = _managers(people) if include_managers else Person.objects.none()
    manager = managers.first()
    sample_manager = None
    if manager is not None:
        team = list(people.filter(line_manager=manager))
        sample_manager = _manager_email(manager, team, course=course, policy=policy)
    return Preview(
        people=people.count(),
        people_with_email=with_email.count(),
        managers=managers.count(),
        sample_person=_person_email(first, course=course, policy=policy) if first else None,
        sample_manager=sample_manager,
    )


# --- Services ---------------------------------------------------------------------------------


def reminder_run_create(
    *, organisation, actor, course: Course, as_of: datetime.date, include_managers: bool
) -> ReminderRun:
    """A draft run, counted for the preview. Nothing is sent until :func:`reminder_run_send`."""
    preview = reminder_preview(course=course, as_of=as_of, include_managers=include_managers)
    return register_create(
        ReminderRun,
        organisation=organisation,
        actor=actor,
        change_reason="Reminders previewed",
        course=course,
        as_of=as_of,
        include_managers=include_managers,
        recipient_count=preview.recipient_count,
        requested_by=actor,
    )


def reminder_run_send(run: ReminderRun, *, actor) -> ReminderRun:
    """Start sending a previewed run in the background. A run is only ever sent once: a run
    that is already sending or sent is refused."""
    from dpassure.training.reminder_tasks import reminder_run_deliver

    with transaction.atomic():
        locked = ReminderRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != DRAFT:
            raise ValidationError("These reminders have already been sent.")
        register_update(locked, actor=actor, change_reason="Reminders sent", status=SENDING)
        transaction.on_commit(partial(reminder_run_deliver.enqueue, locked.pk))
    return locked


def reminder_run_deliver(run: ReminderRun) -> ReminderRun:
    """Send a run's emails (the background task's work). Picks up after ``sent_count`` emails
    if an earlier attempt stopped part way; a run that is not sending is left alone."""
    if run.status != SENDING:
        return run
    emails = reminder_emails(
        course=run.course, as_of=run.as_of, include_managers=run.include_managers
    )
    sent = run.sent_count
    connection = get_connection()
    with connection:
        for index, email in enumerate(emails):
            if index < run.sent_count:
                continue
            send_mail(
                email.subject,
                email.body,
                settings.DEFAULT_FROM_EMAIL,
                [email.to],
                connection=connection,
            )
            sent += 1
            ReminderRun.objects.filter(pk=run.pk).update(sent_count=sent)
    return register_update(
        run,
        actor=run.requested_by,
        change_reason="Reminders delivered",
        status=SENT,
        sent_count=sent,
        finished_at=clock.now(),
    )
