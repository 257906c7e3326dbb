"""The personal data breach report for the ICO: its answers come from the incident and the rules,
missing answers say "Not yet known", and the page, the PDF and the Word document agree."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from dpassure.core.roles import Role
from dpassure.incidents import ico_report, services
from dpassure.incidents.ico_report import NOT_YET_KNOWN
from dpassure.incidents.models import Incident
from tests.factories import DepartmentFactory, MembershipFactory, UserFactory


def at(*parts):
    return timezone.make_aware(datetime.datetime(*parts))


NOW = at(2026, 12, 1, 12, 0)


@pytest.fixture
def reporter(org):
    user = UserFactory(username="pc-okafor", first_name="Sam", last_name="Okafor")
    MembershipFactory(organisation=org, user=user, role=Role.STAFF)
    return user


def report_incident(org, actor, **fields):
    values = {
        "what_happened": "A witness statement was emailed to the wrong address.",
        "occurred_at": at(2026, 11, 2, 9, 30),
        "discovered_at": at(2026, 11, 2, 11, 0),
        **fields,
    }
    return services.incident_report(organisation=org, actor=actor, now=NOW, **values)


@pytest.fixture
def reported_late(org, reporter, editor):
    """A breach assessed in full and reported 92 hours after awareness, with one update."""
    org.ico_registration_number = "Z1234567"
    org.save()
    incident = report_incident(
        org,
        reporter,
        information_involved="Name, address and statement of a witness\nDate of birth",
        people_affected_estimate=2,
    )
    incident = services.incident_update(
        incident,
        actor=editor,
        now=NOW,
        aware_at=at(2026, 11, 2, 14, 0),
        is_personal_data_breach=True,
        security_property="confidentiality",
        cause="wrong_recipient",
        department=DepartmentFactory(organisation=org, name="Criminal Justice Unit"),
        containment="The recipient confirmed deletion by phone at 15:10.",
        data_subject_categories="Witnesses in a criminal case",
        data_subjects_count=3,
        records_count=4,
        special_category=True,
        likelihood=3,
        severity=3,
        report_to_ico=True,
        ico_decision_reasons="A witness's address was disclosed.",
        tell_individuals=True,
        individuals_told_at=at(2026, 11, 3, 16, 0),
        individuals_decision_reasons="High risk to the witness's safety.",
        likely_consequences="The witness could be intimidated.",
        measures_taken="Email address autocomplete turned off in the unit.",
        contact_point="Jo Bloggs, Data Protection Officer, dpo@wessex.police.example",
        reported_to_ico_at=at(2026, 11, 6, 10, 0),
        ico_reference="IC-123456-A1B2",
        delay_reason="The duty DPO was unreachable over the weekend.",
    )
    update = services.ico_update_create(
        organisation=org,
        actor=editor,
        incident=incident,
        now=NOW,
        sent_at=at(2026, 11, 9, 9, 0),
        summary="The recipient's IT team confirmed the email was purged from backups.",
    )
    withdrawn = services.ico_update_create(
        organisation=org,
        actor=editor,
        incident=incident,
        now=NOW,
        sent_at=at(2026, 11, 10, 9, 0),
        summary="Recorded by mistake.",
    )
    services.ico_update_archive(withdrawn, actor=editor)
    assert update.pk
    return Incident.objects.get(pk=incident.pk)


def answers(report) -> dict[str, str]:
    return {
        answer.question: " ".join(answer.paragraphs)
        for part in report.parts
        for answer in part.answers
    }


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(content: bytes) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    footer = [p.text for p in document.sections[0].footer.paragraphs]
    return flat("\n".join([*(p.text for p in document.paragraphs), *cells, *footer]))


# --- Content -------------------------------------------------------------------------------


def test_a_full_report_answers_every_question_of_the_ico_form(reported_late):
    report = ico_report.ico_report(reported_late, now=NOW)
    got = answers(report)
    assert report.title == "Personal data breach report"
    assert report.reference == reported_late.reference
    assert report.date == "1 December 2026"
    assert report.meta == [
        ("Date", "1 December 2026"),
        ("Our reference", reported_late.reference),
        ("ICO reference", "IC-123456-A1B2"),
        ("ICO registration number", "Z1234567"),
    ]
    assert "UK GDPR, Article 33" in report.subtitle
    assert got["Organisation"] == "Wessex Police"
    assert got["ICO registration number"] == "Z1234567"
    assert got["Data protection officer or other contact point"].startswith("Jo Bloggs")
    assert got["When it happened"] == "2 November 2026 at 09:30 GMT"
    assert got["When it was discovered"] == "2 November 2026 at 11:00 GMT"
    assert got["When we became aware"] == "2 November 2026 at 14:00 GMT"
    assert got["How we became aware"] == (
        "Reported through our internal incident reporting process by Sam Okafor."
    )
    # The deadline is the computed one: 72 clock hours after awareness.
    assert got["When the 72 hours end"] == "5 November 2026 at 14:00 GMT"
    assert got["When it was reported to the ICO"] == "6 November 2026 at 10:00 GMT"
    assert got["Reported within 72 hours"] == "No: reported 92 hours after becoming aware"
    assert got["Reasons for any delay (Article 33(1) of the UK GDPR)"] == (
        "The duty DPO was unreachable over the weekend."
    )
    assert got["Type of report"] == ("Follow-up to the report made on 6 November 2026 at 10:00 GMT")
    assert got["Personal data involved"] == (
        "Name, address and statement of a witness Date of birth"
    )
    assert got["Categories of people affected"] == "Witnesses in a criminal case"
    assert got["Approximate number of people affected"] == "About 3"
    assert got["Approximate number of personal data records"] == "About 4"
    assert got["Special category or criminal offence data involved"] == "Yes"
    assert got["What was lost"].startswith("Confidentiality")
    assert got["Cause"] == "Sent to the wrong recipient"
    assert got["Was it a cyber incident"] == "No"
    assert got["Likely consequences for the people affected"] == (
        "The witness could be intimidated."
    )
    assert got["Our assessment of the risk"].startswith("High risk")
    assert got["What we did to contain the breach"].startswith("The recipient confirmed")
    assert got["Measures taken or proposed, including to reduce the possible harm"].startswith(
        "Email address autocomplete"
    )
    assert got["Have the people affected been told"] == "Yes, on 3 November 2026 at 16:00 GMT"
    # Phased updates: the archived one is not in the report.
    updates = report.parts[-1]
    assert [a.question for a in updates.answers] == ["Sent 9 November 2026 at 09:00 GMT"]
    assert "purged from backups" in updates.answers[0].paragraphs[0]
    assert report.unknown == 0


def test_missing_answers_say_not_yet_known_and_the_clock_is_counted(org):
    incident = report_incident(org, None, discovered_at=at(2026, 12, 1, 9, 0))
    report = ico_report.ico_report(incident, now=at(2026, 12, 1, 12, 30))
    got = answers(report)
    for question in (
        "ICO registration number",
        "Data protection officer or other contact point",
        "How we became aware",
        "What was lost",
        "Cause",
        "Was it a cyber incident",
        "Personal data involved",
        "Categories of people affected",
        "Approximate number of people affected",
        "Approximate number of personal data records",
        "Likely consequences for the people affected",
        "Our assessment of the risk",
        "What we did to contain the breach",
        "Measures taken or proposed, including to reduce the possible harm",
        "Have the people affected been told",
    ):
        assert got[question] == NOT_YET_KNOWN, question
    assert got["When we became aware"].startswith(NOT_YET_KNOWN)
    assert "counted from discovery, 1 December 2026 at 09:00 GMT" in got["When we became aware"]
    assert got["When the 72 hours end"] == "4 December 2026 at 09:00 GMT"
    assert got["Reported within 72 hours"] == (
        "Not yet reported: 68 hours 30 minutes of the 72 hours remain"
    )
    assert got["Type of report"] == "Initial report"
    assert got["ICO reference"] == "None yet: this is the first report"
    assert got["Updates"] == "None yet"
    assert report.unknown == 16  # the 15 above and when we became aware
    assert "Article 33(4)" in report.phases_note


def test_a_report_not_yet_made_after_the_72_hours_needs_reasons(org):
    incident = report_incident(org, None)
    got = answers(ico_report.ico_report(incident, now=at(2026, 11, 5, 12, 0)))
    assert got["Reported within 72 hours"] == "No: the 72 hours ended 1 hour ago"
    assert got["Reasons for any delay (Article 33(1) of the UK GDPR)"] == NOT_YET_KNOWN


def test_part_3_reports_cite_section_67_and_the_restriction_of_telling_people(org, editor):
    incident = report_incident(org, None)
    incident = services.incident_update(
        incident,
        actor=editor,
        now=NOW,
        regime="part3",
        aware_at=at(2026, 11, 2, 12, 0),
        is_personal_data_breach=True,
        likelihood=4,
        severity=4,
        tell_individuals=False,
        individuals_exception="s68_7",
        individuals_decision_reasons="Telling the suspect would prejudice the investigation.",
        reported_to_ico_at=at(2026, 11, 3, 12, 0),
        ico_reference="IC-777",
        cause="cyber_attack",
    )
    report = ico_report.ico_report(incident, now=NOW)
    got = answers(report)
    assert "section 67" in report.subtitle and "section 67(5)" in report.phases_note
    assert got["Reported within 72 hours"] == "Yes: reported 24 hours after becoming aware"
    assert got["Reasons for any delay (section 67(3) of the DPA 2018)"] == (
        "Not applicable: within the 72 hours"
    )
    assert got["Have the people affected been told"] == "No"
    assert got["Why they are not told"].startswith("DPA 2018 s.68(7)")
    assert got["Reasons for the decision"].startswith("Telling the suspect")
    assert got["Was it a cyber incident"] == "Yes"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (at(2026, 7, 1, 8, 5), "1 July 2026 at 08:05 BST"),
        (at(2026, 1, 12, 23, 0), "12 January 2026 at 23:00 GMT"),
    ],
)
def test_moments_are_written_in_uk_time(value, expected):
    assert ico_report.when(value) == expected


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(60, "1 hour"), (61, "1 hour 1 minute"), (4350, "72 hours 30 minutes"), (0, "0 hours")],
)
def test_durations_are_written_in_hours_and_minutes(minutes, expected):
    assert ico_report.hours(datetime.timedelta(minutes=minutes)) == expected


# --- Page and downloads --------------------------------------------------------------------


def url_of(incident):
    return reverse(
        "incidents:incident-ico-document",
        kwargs={"org_slug": incident.organisation.slug, "pk": incident.pk},
    )


def test_the_page_shows_what_the_report_will_say(reported_late, editor_client):
    response = editor_client.get(url_of(reported_late))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Breach report for the ICO" in body
    assert "No: reported 92 hours after becoming aware" in body
    assert "IC-123456-A1B2" in body
    assert 'href="?format=pdf"' in body and 'href="?format=docx"' in body


def test_the_page_counts_the_answers_not_yet_known(org, editor_client):
    response = editor_client.get(url_of(report_incident(org, None)))
    assert "answers are not yet known" in response.content.decode()


def test_the_pdf_holds_the_report(reported_late, editor_client):
    response = editor_client.get(url_of(reported_late) + "?format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"{reported_late.reference}-ico-breach-report.pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    for expected in (
        "Wessex Police",
        "Personal data breach report",
        reported_late.reference,
        "Z1234567",
        "IC-123456-A1B2",
        "5 November 2026 at 14:00 GMT",
        "No: reported 92 hours after becoming aware",
        "The duty DPO was unreachable over the weekend.",
        "Witnesses in a criminal case",
        "About 3",
        "purged from backups",
        "Jo Bloggs, Data Protection Officer",
    ):
        assert expected in text, expected
    assert "Recorded by mistake" not in text


def test_the_word_document_holds_the_same_report(reported_late, editor_client):
    response = editor_client.get(url_of(reported_late) + "?format=docx")
    assert response.status_code == 200
    assert response["Content-Type"] == ico_report.DOCX_MIMETYPE
    text = docx_text(response.content)
    report = ico_report.ico_report(reported_late, now=timezone.now())
    for part in report.parts:
        assert part.heading in text
        for answer in part.answers:
            assert flat(answer.question) in text
            for paragraph in answer.paragraphs:
                assert flat(paragraph) in text, paragraph
    assert "Reference " + reported_late.reference in text


def test_an_unknown_format_is_a_bad_request(reported_late, editor_client):
    response = editor_client.get(url_of(reported_late) + "?format=odt")
    assert response.status_code == 400
    assert "Choose the format of the report" in response.content.decode()


def test_only_editors_and_above_see_the_report(reported_late, client, viewer, reporter):
    for user in (viewer, reporter):
        client.force_login(user)
        assert client.get(url_of(reported_late)).status_code == 403


def test_another_organisations_incident_is_not_found(reported_late, other_org, client):
    from tests.conftest import member

    client.force_login(member(other_org, Role.ADMIN))
    theirs = reverse(
        "incidents:incident-ico-document",
        kwargs={"org_slug": other_org.slug, "pk": reported_late.pk},
    )
    assert client.get(theirs).status_code == 404
    assert client.get(theirs + "?format=pdf").status_code == 404
    assert client.get(url_of(reported_late)).status_code == 404
