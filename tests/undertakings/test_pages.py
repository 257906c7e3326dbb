"""Pages across the two sides: the assessor runs the follow-up; the organisation it is about
reads its undertakings and owes its action plan, never the assessor's drafts or notes; anyone
else gets 404."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dpassure.core.roles import Role
from tests.conftest import member
from tests.factories import (
    OrganisationFactory,
    make_evidence_item,
    make_follow_up,
    make_issued_report,
    make_requirement,
    make_undertaking,
)

D = datetime.date


@pytest.fixture
def case(org):
    """``org`` (Wessex) assesses a force that gave an undertaking with two requirements."""
    force = OrganisationFactory(name="Dorset Police", slug="dorset")
    undertaking = make_undertaking(
        org, subject=force, internal_notes="ASSESSOR-ONLY note", title="Publicity of CBOs"
    )
    first = make_requirement(undertaking, text="Carry out publicity risk assessments.")
    make_requirement(undertaking, text="Train new starters on induction.")
    follow_up = make_follow_up(undertaking, summary="DRAFT-FINDING summary")
    return {
        "force": force,
        "undertaking": undertaking,
        "requirement": first,
        "follow_up": follow_up,
    }


def url(name, org, **kwargs):
    return reverse(f"undertakings:{name}", kwargs={"org_slug": org.slug, **kwargs})


def signed_in(client, user):
    client.force_login(user)
    return client


def test_the_assessor_sees_everything_including_internal_notes(client, org, case):
    signed_in(client, member(org, Role.EDITOR))
    page = client.get(url("undertaking-detail", org, pk=case["undertaking"].pk)).content.decode()
    assert "ASSESSOR-ONLY note" in page
    assert "Follow-up of 1 June 2026" in page
    assert "Due" in page and "30 Apr 2026" in page  # 31 January + 3 months
    follow_up = client.get(url("followup-detail", org, pk=case["follow_up"].pk))
    assert follow_up.status_code == 200
    assert b"DRAFT-FINDING" in follow_up.content


def test_the_organisation_sees_its_undertaking_on_its_own_pages_without_assessor_material(
    client, org, case
):
    force = case["force"]
    signed_in(client, member(force, Role.ADMIN))  # even its administrator
    listing = client.get(url("undertaking-list", force)).content.decode()
    assert "Publicity of CBOs" in listing
    page = client.get(url("undertaking-detail", force, pk=case["undertaking"].pk))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Carry out publicity risk assessments." in body
    assert "ASSESSOR-ONLY" not in body
    assert "DRAFT-FINDING" not in body and "Follow-up of" not in body
    assert "History of changes" not in body
    assert client.get(url("followup-detail", force, pk=case["follow_up"].pk)).status_code == 404
    assert (
        client.get(url("undertaking-update", force, pk=case["undertaking"].pk)).status_code == 404
    )
    assert (
        client.get(url("undertaking-history", force, pk=case["undertaking"].pk)).status_code == 404
    )
    issue = reverse(
        "undertakings:followup-issue",
        kwargs={"org_slug": force.slug, "followup_pk": case["follow_up"].pk},
    )
    assert client.get(issue).status_code == 404


def test_a_draft_undertaking_is_not_shown_to_the_organisation(client, org, case):
    force = case["force"]
    draft = make_undertaking(org, subject=force, signed_on=None, title="Not yet signed")
    signed_in(client, member(force, Role.ADMIN))
    assert b"Not yet signed" not in client.get(url("undertaking-list", force)).content
    assert client.get(url("undertaking-detail", force, pk=draft.pk)).status_code == 404


def test_the_organisation_records_its_action_plan_and_the_viewer_cannot(client, org, case):
    force, requirement = case["force"], case["requirement"]
    create = reverse(
        "undertakings:actionplanstep-create",
        kwargs={"org_slug": force.slug, "requirement_pk": requirement.pk},
    )
    signed_in(client, member(force, Role.VIEWER, username="force-viewer"))
    assert client.get(create).status_code == 403
    signed_in(client, member(force, Role.EDITOR, username="force-editor"))
    response = client.post(
        create,
        {
            "steps_taken": "Risk assessment form introduced.",
            "supplied_on_0": "2",
            "supplied_on_1": "4",
            "supplied_on_2": "2026",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("requirement-detail", force, pk=requirement.pk)
    step = requirement.action_steps.get()
    assert (step.entered_by, step.organisation, step.subject) == ("subject", org, force)
    detail = client.get(url("requirement-detail", force, pk=requirement.pk)).content.decode()
    assert "Risk assessment form introduced." in detail
    # The assessor sees the same step on its own pages.
    signed_in(client, member(org, Role.VIEWER, username="assessor-viewer"))
    assert (
        b"Risk assessment form introduced."
        in client.get(url("requirement-detail", org, pk=requirement.pk)).content
    )


def test_an_outsider_gets_404_everywhere(client, org, other_org, case):
    signed_in(client, member(other_org, Role.ADMIN, username="outsider"))
    for name, pk in (
        ("undertaking-detail", case["undertaking"].pk),
        ("requirement-detail", case["requirement"].pk),
        ("followup-detail", case["follow_up"].pk),
    ):
        assert client.get(url(name, other_org, pk=pk)).status_code == 404
        assert client.get(url(name, org, pk=pk)).status_code == 404
    assert b"Publicity of CBOs" not in client.get(url("undertaking-list", other_org)).content


def test_bad_requirement_input_gets_the_error_summary(client, org, case):
    signed_in(client, member(org, Role.EDITOR))
    create = reverse(
        "undertakings:requirement-create",
        kwargs={"org_slug": org.slug, "undertaking_pk": case["undertaking"].pk},
    )
    response = client.post(
        create,
        {
            "number": "3",
            "text": "Both deadlines",
            "kind": "action",
            "deadline_date_0": "1",
            "deadline_date_1": "3",
            "deadline_date_2": "2026",
            "deadline_months": "3",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body and "<title>Error: " in body
    assert "Give the deadline as a date or as a number of months, not both." in body
    assert case["undertaking"].requirements.count() == 2


def test_a_follow_up_dated_before_signing_is_refused_on_the_page(client, org, case):
    signed_in(client, member(org, Role.EDITOR))
    create = reverse(
        "undertakings:followup-create",
        kwargs={"org_slug": org.slug, "undertaking_pk": case["undertaking"].pk},
    )
    response = client.post(
        create,
        {"assessed_on_0": "1", "assessed_on_1": "1", "assessed_on_2": "2026", "method": "desk"},
    )
    assert response.status_code == 400
    assert "before the undertaking was signed on 31 January 2026" in response.content.decode()


def test_evidence_upload_and_download_only_as_an_attachment(client, org, case):
    signed_in(client, member(org, Role.EDITOR))
    create = reverse(
        "undertakings:evidenceitem-create",
        kwargs={"org_slug": org.slug, "followup_pk": case["follow_up"].pk},
    )
    refused = client.post(
        create,
        {"title": "Script", "upload": SimpleUploadedFile("x.pdf", b"<script>alert(1)</script>")},
    )
    assert refused.status_code == 400
    assert "The selected file must be a PDF" in refused.content.decode()
    accepted = client.post(
        create, {"title": "Policy", "upload": SimpleUploadedFile("policy.pdf", b"%PDF-1.4 x")}
    )
    assert accepted.status_code == 302
    item = case["follow_up"].evidence.get()
    download = client.get(url("evidenceitem-download", org, pk=item.pk))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download.content == b"%PDF-1.4 x"
    signed_in(client, member(case["force"], Role.ADMIN))
    assert client.get(url("evidenceitem-download", case["force"], pk=item.pk)).status_code == 404


def test_issuing_on_the_page_then_the_organisation_downloads_it(client, org, case):
    follow_up, undertaking = case["follow_up"], case["undertaking"]
    signed_in(client, member(org, Role.EDITOR))
    issue = reverse(
        "undertakings:followup-issue", kwargs={"org_slug": org.slug, "followup_pk": follow_up.pk}
    )
    preview = client.get(issue)
    assert preview.status_code == 200
    assert b"Give a verdict on every requirement before issuing: 1, 2 to go." in preview.content
    date = {"issued_on_0": "5", "issued_on_1": "6", "issued_on_2": "2026"}
    assert client.post(issue, date).status_code == 400
    for requirement in undertaking.requirements.all():
        from tests.factories import make_verdict

        make_verdict(follow_up, requirement)
    response = client.post(issue, date)
    assert response.status_code == 302
    issued = undertaking.reports.get()
    force = case["force"]
    signed_in(client, member(force, Role.VIEWER))
    detail = client.get(url("issuedreport-detail", force, pk=issued.pk))
    assert detail.status_code == 200 and issued.sha256.encode() in detail.content
    pdf = client.get(url("issuedreport-download", force, pk=issued.pk) + "?format=pdf")
    assert pdf.content == bytes(issued.pdf)
    assert pdf["Content-Disposition"].startswith("attachment;")
    docx = client.get(url("issuedreport-download", force, pk=issued.pk) + "?format=docx")
    assert docx.content == bytes(issued.docx)
    assert (
        client.get(url("issuedreport-download", force, pk=issued.pk) + "?format=exe").status_code
        == 404
    )


def test_dashboards_show_what_is_owed_and_what_is_overdue(client, org, case):
    follow_up, force = case["follow_up"], case["force"]
    from tests.factories import make_verdict

    first, second = case["undertaking"].requirements.order_by("number")
    make_verdict(follow_up, first, verdict="implemented")
    make_verdict(follow_up, second, verdict="not_implemented")
    make_issued_report(follow_up)
    signed_in(client, member(force, Role.VIEWER))
    owed = client.get(url("dashboard", force)).content.decode()
    assert "Train new starters on induction." in owed
    assert "Carry out publicity risk assessments." not in owed
    assert "Overdue" in owed and "Not implemented" in owed
    assert "Undertakings you follow up" not in owed  # the force follows none up
    signed_in(client, member(org, Role.VIEWER, username="assessor-viewer"))
    board = client.get(url("dashboard", org)).content.decode()
    assert "Dorset Police: Publicity of CBOs, requirement 2" in board
    assert "Undertakings you follow up" in board


def test_navigation_has_undertakings(client, org):
    signed_in(client, member(org, Role.VIEWER))
    page = client.get(url("undertaking-list", org)).content.decode()
    assert 'aria-current="page"' in page and ">Undertakings<" in page


def test_snapshot_page_shows_the_table(client, org, case):
    from tests.factories import make_snapshot

    snapshot = make_snapshot(case["undertaking"], follow_up=case["follow_up"])
    signed_in(client, member(org, Role.VIEWER))
    page = client.get(url("livesnapshot-detail", org, pk=snapshot.pk)).content.decode()
    assert "Student Officers" in page and "23.0" in page
    assert make_evidence_item(case["follow_up"]).file_name == "policy.pdf"
