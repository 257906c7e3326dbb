"""Undertaking services: computed due dates, the refusals the issue names, the audit trail,
immutable and versioned reports, uploaded evidence checked by its content."""

import datetime
import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dpassure.core.audit import history_entries
from dpassure.core.roles import Role
from dpassure.undertakings import followup_services as fs
from dpassure.undertakings import services
from dpassure.undertakings.models import ISSUED_REPORT_IMMUTABLE, IssuedReport
from tests.conftest import member
from tests.factories import (
    UNDERTAKING_TODAY,
    CourseFactory,
    DepartmentFactory,
    OrganisationFactory,
    PersonFactory,
    TrainingRecordFactory,
    make_action_plan_step,
    make_evidence_item,
    make_follow_up,
    make_incident,
    make_issued_report,
    make_requirement,
    make_undertaking,
    make_verdict,
)

D = datetime.date


@pytest.fixture
def force(db):
    return OrganisationFactory(name="Wessex Police", slug="wessex-police")


@pytest.fixture
def undertaking(org, force):
    return make_undertaking(org, subject=force, signed_on=D(2017, 10, 31))


def test_period_deadlines_are_computed_and_move_with_the_date_signed(org, undertaking):
    actor = member(org, Role.EDITOR)
    three = make_requirement(undertaking, deadline_months=3)
    dated = make_requirement(undertaking, deadline_months=None, deadline_date=D(2018, 3, 1))
    assert three.due_on == D(2018, 1, 31)  # seeds/001: 31 October + three months
    assert dated.due_on == D(2018, 3, 1)
    services.undertaking_update(
        undertaking, actor=actor, signed_on=D(2017, 11, 30), today=D(2018, 1, 1)
    )
    three.refresh_from_db()
    dated.refresh_from_db()
    assert three.due_on == D(2018, 2, 28)
    assert dated.due_on == D(2018, 3, 1)
    changed = history_entries(three)[0]
    assert changed.who == actor.get_full_name()
    assert [(c.field, c.before, c.after) for c in changed.changes] == [
        ("Due", "31 January 2018", "28 February 2018")
    ]


def test_an_unsigned_undertaking_has_no_period_dates_yet(org, force):
    draft = make_undertaking(org, subject=force, signed_on=None)
    assert draft.status == "draft"
    assert make_requirement(draft, deadline_months=3).due_on is None


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"deadline_months": None}, "deadline_date", "as a date or as a number of months"),
        ({"deadline_date": D(2018, 1, 1)}, "deadline_months", "not both"),
        ({"deadline_months": 99}, "deadline_months", "between 1 and 60"),
        (
            {"deadline_months": None, "deadline_date": D(2017, 1, 1)},
            "deadline_date",
            "before the undertaking was signed",
        ),
    ],
)
def test_bad_deadlines_are_refused_on_the_field(undertaking, fields, field, message):
    with pytest.raises(ValidationError) as raised:
        make_requirement(undertaking, **fields)
    assert message in " ".join(raised.value.message_dict[field])
    assert not undertaking.requirements.exists()


def test_a_follow_up_before_the_undertaking_was_signed_is_refused(undertaking):
    with pytest.raises(ValidationError) as raised:
        make_follow_up(undertaking, assessed_on=D(2017, 10, 30))
    assert raised.value.message_dict["assessed_on"] == [
        "A follow-up cannot be dated before the undertaking was signed on 31 October 2017."
    ]
    assert make_follow_up(undertaking, assessed_on=D(2017, 10, 31)).pk


def test_a_verdict_on_another_undertakings_requirement_is_refused(org, force, undertaking):
    other = make_undertaking(org, subject=force, title="Encryption of portable media")
    foreign = make_requirement(other)
    follow_up = make_follow_up(undertaking, assessed_on=D(2018, 5, 16))
    with pytest.raises(ValidationError) as raised:
        make_verdict(follow_up, foreign)
    assert raised.value.message_dict["requirement"] == [
        "Requirement 1 belongs to another undertaking (“Encryption of portable media”): "
        "choose a requirement of “Publicity about criminal behaviour orders”."
    ]


def test_one_verdict_per_requirement_per_follow_up(undertaking):
    requirement = make_requirement(undertaking)
    follow_up = make_follow_up(undertaking, assessed_on=D(2018, 5, 16))
    make_verdict(follow_up, requirement)
    with pytest.raises(ValidationError, match="already has a verdict"):
        make_verdict(follow_up, requirement, verdict="not_implemented")


def test_referral_needs_its_date_and_not_before_the_assessment(undertaking):
    with pytest.raises(ValidationError) as raised:
        make_follow_up(undertaking, assessed_on=D(2018, 5, 16), referred_to_enforcement=True)
    assert "Enter the date it was referred" in raised.value.message_dict["referred_on"][0]
    with pytest.raises(ValidationError) as raised:
        make_follow_up(
            undertaking,
            assessed_on=D(2018, 5, 16),
            referred_to_enforcement=True,
            referred_on=D(2018, 5, 1),
        )
    assert "before the follow-up" in raised.value.message_dict["referred_on"][0]


def test_action_plan_steps_know_who_entered_them(org, force, other_org, undertaking):
    requirement = make_requirement(undertaking)
    by_force = make_action_plan_step(requirement)
    by_assessor = make_action_plan_step(requirement, by=org)
    assert (by_force.entered_by, by_assessor.entered_by) == ("subject", "assessor")
    assert by_force.organisation == org and by_force.subject == force
    with pytest.raises(ValidationError, match="your own undertakings"):
        make_action_plan_step(requirement, by=other_org)


def test_issuing_needs_a_verdict_on_every_requirement(undertaking):
    first, second = make_requirement(undertaking), make_requirement(undertaking)
    follow_up = make_follow_up(undertaking, assessed_on=D(2018, 5, 16))
    make_verdict(follow_up, first)
    with pytest.raises(ValidationError, match="every requirement before issuing: 2 to go"):
        fs.follow_up_issue(follow_up, actor=None, issued_on=D(2018, 5, 21))
    make_verdict(follow_up, second)
    with pytest.raises(ValidationError) as raised:
        fs.follow_up_issue(follow_up, actor=None, issued_on=D(2018, 5, 15))
    assert "before the follow-up assessment" in raised.value.message_dict["issued_on"][0]
    assert not IssuedReport.objects.exists()


def test_issued_reports_are_hashed_versioned_and_immutable(org, undertaking):
    actor = member(org, Role.EDITOR)
    make_requirement(undertaking)
    follow_up = make_follow_up(undertaking, assessed_on=D(2018, 5, 16))
    first = make_issued_report(follow_up, issued_on=D(2018, 5, 21))
    assert first.version == 1
    assert first.sha256 == hashlib.sha256(bytes(first.pdf)).hexdigest()
    assert first.docx_sha256 == hashlib.sha256(bytes(first.docx)).hexdigest()
    assert bytes(first.pdf).startswith(b"%PDF-")
    undertaking.refresh_from_db()
    assert undertaking.status == "followed_up"

    for attempt in (
        lambda: fs.issued_report_update(first, actor=actor, issued_on=D(2018, 5, 22)),
        lambda: fs.issued_report_archive(first, actor=actor),
        lambda: IssuedReport.objects.get(pk=first.pk).save(),
        lambda: IssuedReport.objects.get(pk=first.pk).delete(),
    ):
        with pytest.raises(ValidationError) as raised:
            attempt()
        assert raised.value.messages == [ISSUED_REPORT_IMMUTABLE]
    stored = IssuedReport.objects.get(pk=first.pk)
    assert (stored.issued_on, stored.sha256) == (D(2018, 5, 21), first.sha256)

    services.follow_up_update(
        follow_up, actor=actor, referred_to_enforcement=True, referred_on=D(2018, 5, 20)
    )
    second = make_issued_report(follow_up, issued_on=D(2018, 5, 23))
    assert second.version == 2
    assert second.sha256 != first.sha256
    undertaking.refresh_from_db()
    assert undertaking.status == "referred"
    assert [v.history_type for v in second.history.all()] == ["+"]  # created, never changed


def test_a_report_issued_on_an_undertaking_keeps_it_on_record(org, undertaking):
    make_requirement(undertaking)
    follow_up = make_follow_up(undertaking, assessed_on=D(2018, 5, 16))
    make_issued_report(follow_up, issued_on=D(2018, 5, 21))
    with pytest.raises(ValidationError, match="stays on record"):
        services.undertaking_archive(undertaking, actor=None)
    with pytest.raises(ValidationError, match="stays on record"):
        services.follow_up_archive(follow_up, actor=None)


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "content_type", "extension"),
    [
        (b"%PDF-1.7\n...", "policy.pdf", "application/pdf", "pdf"),
        (b"\x89PNG\r\n\x1a\n...", "screen shot.png", "image/png", "png"),
        (b"\xff\xd8\xff\xe0...", "photo.jpeg", "image/jpeg", "jpg"),
        (
            _zip("[Content_Types].xml", "word/document.xml"),
            "plan.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        (
            _zip("[Content_Types].xml", "xl/workbook.xml"),
            "stats.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        # The name does not decide the type: a PDF named .png is stored as the PDF it is.
        (b"%PDF-1.4 renamed", "../../etc/passwd.png", "application/pdf", "pdf"),
    ],
)
def test_evidence_files_are_typed_by_their_content_and_hashed(
    undertaking, content, name, content_type, extension
):
    follow_up = make_follow_up(undertaking, assessed_on=D(2018, 5, 16))
    item = make_evidence_item(follow_up, content=None)
    item = fs.evidence_item_update(
        item, actor=None, upload=SimpleUploadedFile(name, content), today=UNDERTAKING_TODAY
    )
    assert item.content_type == content_type
    assert item.file_name.endswith(f".{extension}")
    assert "/" not in item.file_name and ".." not in item.file_name.rsplit(".", 1)[0][:2]
    assert item.size == len(content)
    assert item.sha256 == hashlib.sha256(content).hexdigest()
    assert name not in item.file.name  # stored under a random name
    with item.file.open("rb") as handle:
        assert handle.read() == content


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ\x90\x00 a Windows program", "must be a PDF, Word (DOCX), Excel (XLSX), PNG or JPEG"),
        (b"<html><script>alert(1)</script>", "must be a PDF"),
        (_zip("[Content_Types].xml", "ppt/presentation.xml"), "must be a PDF"),
        (b"PK\x03\x04 not really a zip", "must be a PDF"),
    ],
)
def test_hostile_or_unsupported_files_are_refused(undertaking, content, message):
    follow_up = make_follow_up(undertaking, assessed_on=D(2018, 5, 16))
    with pytest.raises(ValidationError) as raised:
        make_evidence_item(follow_up, content=content)
    assert message in raised.value.message_dict["file"][0]
    assert not follow_up.evidence.exists()


def test_empty_and_oversized_files_are_refused(undertaking, settings):
    follow_up = make_follow_up(undertaking, assessed_on=D(2018, 5, 16))
    empty = SimpleUploadedFile("empty.pdf", b"")
    with pytest.raises(ValidationError) as raised:
        fs.evidence_item_create(
            organisation=follow_up.organisation,
            actor=None,
            follow_up=follow_up,
            title="Empty",
            upload=empty,
            today=UNDERTAKING_TODAY,
        )
    assert raised.value.message_dict["file"] == ["The selected file is empty."]
    settings.DPASSURE_EVIDENCE_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as raised:
        make_evidence_item(follow_up, content=b"%PDF-" + b"0" * (1024 * 1024))
    assert raised.value.message_dict["file"] == ["The selected file must be smaller than 1 MB."]


def test_breaches_link_only_the_subjects_own_breaches_reported_to_the_ico(
    org, force, other_org, undertaking
):
    from django.utils import timezone

    def reported(organisation):
        incident = make_incident(organisation)
        from dpassure.incidents.services import incident_update

        return incident_update(
            incident,
            actor=None,
            aware_at=incident.discovered_at,
            is_personal_data_breach=True,
            reported_to_ico_at=timezone.make_aware(datetime.datetime(2026, 11, 3, 9, 0)),
            ico_reference="ICO/1",
            report_to_ico=True,
            ico_decision_reasons="Risk",
        )

    theirs, elsewhere = reported(force), reported(other_org)
    follow_up = make_follow_up(undertaking, assessed_on=D(2026, 11, 20))
    assert list(fs.reportable_incidents(follow_up)) == [theirs]
    linked = fs.subsequent_breach_create(
        organisation=org,
        actor=None,
        follow_up=follow_up,
        incident_reference=theirs.reference,
        today=UNDERTAKING_TODAY,
    )
    assert linked.incident == theirs and linked.occurred_on == D(2026, 11, 3)
    with pytest.raises(ValidationError) as raised:
        fs.subsequent_breach_create(
            organisation=org,
            actor=None,
            follow_up=follow_up,
            incident_reference=elsewhere.reference + "X",
            today=UNDERTAKING_TODAY,
        )
    assert "has no breach" in raised.value.message_dict["incident_reference"][0]
    with pytest.raises(ValidationError) as raised:
        fs.subsequent_breach_create(
            organisation=org, actor=None, follow_up=follow_up, today=UNDERTAKING_TODAY
        )
    assert set(raised.value.message_dict) == {"description", "occurred_on"}


def test_snapshots_keep_a_table_and_refuse_ragged_rows(org, undertaking):
    snapshot = services.snapshot_create(
        organisation=org,
        actor=None,
        undertaking=undertaking,
        title="Uptake",
        source="Register",
        columns=["Department", "Percent"],
        rows=[["Finance", 0], ["Custody", 92.5]],
    )
    assert snapshot.rows == [["Finance", 0], ["Custody", 92.5]]
    with pytest.raises(ValidationError, match="list of 2 values"):
        services.snapshot_create(
            organisation=org,
            actor=None,
            undertaking=undertaking,
            title="Bad",
            source="x",
            columns=["Department", "Percent"],
            rows=[["Finance"]],
        )


def test_the_training_snapshot_is_the_subjects_live_completion_by_department(
    org, force, undertaking
):
    course = CourseFactory(organisation=force, code="DP101", title="Data protection")
    students = DepartmentFactory(organisation=force, name="Student Officers")
    for number in range(4):
        person = PersonFactory(organisation=force, department=students, start_date=D(2020, 1, 6))
        if number == 0:
            TrainingRecordFactory(organisation=force, person=person, course=course)
    follow_up = make_follow_up(undertaking, assessed_on=D(2026, 6, 1))
    snapshot = services.training_snapshot_take(
        undertaking_or_followup=follow_up, course=course, on=D(2026, 6, 1), actor=None
    )
    assert snapshot.follow_up == follow_up and snapshot.organisation == org
    assert snapshot.columns == ["Department", "People", "Completed", "Percent completed"]
    assert ["Student Officers", 4, 1, 25.0] in snapshot.rows
    assert "DP101" in snapshot.title and "1 June 2026" in snapshot.title
    elsewhere = CourseFactory(organisation=org)
    with pytest.raises(ValidationError, match="organisation being followed up"):
        services.training_snapshot_take(
            undertaking_or_followup=undertaking, course=elsewhere, on=D(2026, 6, 1), actor=None
        )
