"""Reminder emails: preview, send once in the background, managers' summaries, permissions."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from dpassure.core.roles import Role
from dpassure.training import reminders
from dpassure.training.models import ReminderRun
from tests.conftest import member
from tests.factories import CourseFactory, ReminderRunFactory
from tests.training.test_reports import ON, world  # noqa: F401 (the shared fixture)

pytestmark = pytest.mark.django_db

# Due soon, overdue or never completed on ON: Bob, Cal, Dot (no email), Eve, Fay, Gus, Hal.
REMINDED = {"bob", "cal", "eve", "fay", "gus", "hal"}


def run_url(org, name, run):
    return reverse(f"training:{name}", kwargs={"org_slug": org.slug, "pk": run.pk})


def create_url(org):
    return reverse("training:reminder-create", kwargs={"org_slug": org.slug})


def _create(client, org, course, include_managers=True):
    data = {"course": course.pk, "as_of": ON.isoformat()}
    if include_managers:
        data["include_managers"] = "on"
    response = client.post(create_url(org), data)
    assert response.status_code == 302, response.content.decode()
    return ReminderRun.objects.get(organisation=org)


def test_preview_shows_the_recipients_and_a_sample_of_each_email(world, editor_client, org):  # noqa: F811
    assert editor_client.get(create_url(org)).status_code == 200
    run = _create(editor_client, org, world["course"])
    assert run.status == "draft"
    assert run.recipient_count == 7  # six people with an email address and one manager
    assert run.history.get().history_change_reason == "Reminders previewed"
    response = editor_client.get(run.get_absolute_url())
    assert response.status_code == 200
    preview = response.context["preview"]
    assert (preview.people, preview.people_with_email, preview.managers) == (7, 6, 1)
    assert preview.people_without_email == 1
    html = response.content.decode()
    assert "<strong>7</strong> emails will be sent" in html
    assert "no email address" in html
    assert "Dear Bob," in html  # the first person by id with an email is Bob
    assert "Dear Bea," in html and "Dot Dotson (DOT): never completed" in html
    assert len(mail.outbox) == 0


def test_send_emails_people_and_their_managers_once(
    world,  # noqa: F811
    editor_client,
    editor,
    org,
    django_capture_on_commit_callbacks,
):
    run = _create(editor_client, org, world["course"])
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(run_url(org, "reminder-send", run))
    assert response.status_code == 302
    run.refresh_from_db()
    assert (run.status, run.sent_count, run.recipient_count) == ("sent", 7, 7)
    assert run.finished_at is not None
    sent_to = sorted(address for message in mail.outbox for address in message.to)
    expected = sorted([world[name].email for name in REMINDED] + [world["bea"].email])
    assert sent_to == expected
    cal = next(m for m in mail.outbox if m.to == [world["cal"].email])
    assert (
        cal.subject
        == "Action needed: your Data protection and information security training has expired"
    )
    assert "ran out on 1 June 2026" in cal.body
    assert "condition of access to force systems" in cal.body
    bob = next(m for m in mail.outbox if m.to == [world["bob"].email])
    assert "runs out on 20 December 2026" in bob.body
    manager = next(m for m in mail.outbox if m.to == [world["bea"].email])
    assert (
        manager.subject
        == "2 of your team need to complete Data protection and information security"
    )
    assert "Cal Calson (CAL): overdue, due 1 June 2026" in manager.body
    reasons = list(
        run.history.order_by("history_id").values_list("history_change_reason", "history_user")
    )
    assert reasons == [
        ("Reminders previewed", editor.pk),
        ("Reminders sent", editor.pk),
        ("Reminders delivered", editor.pk),
    ]

    # Sending again — a second click, a second tab — sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        again = editor_client.post(run_url(org, "reminder-send", run))
    assert again.status_code == 302
    assert len(mail.outbox) == 7
    page = editor_client.get(run.get_absolute_url())
    assert "7 of 7" in page.content.decode()
    with pytest.raises(ValidationError):
        reminders.reminder_run_send(run, actor=editor)


def test_without_managers_only_people_are_emailed(
    world,  # noqa: F811
    editor_client,
    org,
    django_capture_on_commit_callbacks,
):
    run = _create(editor_client, org, world["course"], include_managers=False)
    assert run.recipient_count == 6
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(run_url(org, "reminder-send", run))
    assert sorted(m.to[0] for m in mail.outbox) == sorted(world[n].email for n in REMINDED)


def test_a_stopped_run_carries_on_where_it_stopped(world, org, editor):  # noqa: F811
    run = reminders.reminder_run_create(
        organisation=org, actor=editor, course=world["course"], as_of=ON, include_managers=True
    )
    ReminderRun.objects.filter(pk=run.pk).update(status="sending", sent_count=3)
    run.refresh_from_db()
    reminders.reminder_run_deliver(run)
    run.refresh_from_db()
    assert (run.status, run.sent_count) == ("sent", 7)
    assert len(mail.outbox) == 4
    # Delivering a sent run again sends nothing.
    reminders.reminder_run_deliver(run)
    assert len(mail.outbox) == 4


def test_names_are_not_html_escaped_in_plain_text_email(world, org, editor):  # noqa: F811
    world["bob"].first_name = "D'Arcy"
    world["bob"].save()
    emails = list(
        reminders.reminder_emails(course=world["course"], as_of=ON, include_managers=False)
    )
    assert any("Dear D'Arcy," in email.body for email in emails)


def test_viewers_read_runs_but_only_editors_send(world, client, org, other_org):  # noqa: F811
    run = ReminderRunFactory(organisation=org, course=world["course"])
    client.force_login(member(org, Role.VIEWER, username="reader"))
    assert client.get(run.get_absolute_url()).status_code == 200
    assert b"Send 7 emails" not in client.get(run.get_absolute_url()).content
    assert client.get(create_url(org)).status_code == 403
    assert client.post(create_url(org), {}).status_code == 403
    assert client.post(run_url(org, "reminder-send", run)).status_code == 403
    assert len(mail.outbox) == 0
    run.refresh_from_db()
    assert run.status == "draft"


def test_another_forces_runs_and_courses_are_out_of_reach(world, editor_client, org, other_org):  # noqa: F811
    theirs = ReminderRunFactory(
        organisation=other_org, course=CourseFactory(organisation=other_org)
    )
    assert editor_client.post(run_url(org, "reminder-send", theirs)).status_code == 404
    for name in ("reminderrun-detail", "reminder-send"):
        assert editor_client.get(run_url(org, name, theirs)).status_code == 404
        # 405: the run page takes no POST, so it never looks the run up.
        assert editor_client.post(run_url(org, name, theirs)).status_code in (404, 405)
    response = editor_client.post(
        create_url(org), {"course": theirs.course.pk, "as_of": ON.isoformat()}
    )
    assert response.status_code == 400
    assert not ReminderRun.objects.filter(organisation=org).exists()


def test_send_page_confirms_before_sending(world, editor_client, org):  # noqa: F811
    run = ReminderRunFactory(organisation=org, course=world["course"])
    response = editor_client.get(run_url(org, "reminder-send", run))
    assert response.status_code == 200
    assert "Send 7 emails" in response.content.decode()
    assert len(mail.outbox) == 0
