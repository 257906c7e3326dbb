"""Letters to requesters: their content comes from the request and the clock, and the PDF and
Word versions carry the same words."""

import datetime
import io

import pytest
from docx import Document
from pypdf import PdfReader

from dpassure.core.roles import Role
from dpassure.rights import letters
from dpassure.rights.choices import Exemption, Outcome, Right
from dpassure.rights.letters import LetterKind, LetterNotApplicable, letter_context
from dpassure.rights.services import clarification_update, rights_request_update
from tests.factories import (
    RightsRequestFactory,
    make_clarification,
    make_disclosure,
    make_exemption,
)

D = datetime.date
TODAY = D(2026, 12, 1)


def text_of(letter) -> str:
    parts = [letter.title, letter.date, letter.reference, *letter.addressee]
    for section in letter.sections:
        parts += [section.heading, *section.paragraphs, *section.inset, *section.paragraphs_after]
        parts += [f"{point.lead} {point.text}" for point in section.points]
    return "\n".join(parts)


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for cell in table._cells]
    footer = [p.text for p in document.sections[0].footer.paragraphs]
    return "\n".join([*(p.text for p in document.paragraphs), *cells, *footer])


@pytest.fixture
def closed_in_part(org):
    request = RightsRequestFactory(
        organisation=org,
        requester_name="Chris Taylor",
        requester_address="4 Mill Lane\nBudmouth\nWX9 1ZZ",
        received_on=D(2026, 6, 1),
    )
    make_disclosure(request, disclosed_on=D(2026, 6, 20), method="portal", pages=12)
    make_exemption(request, exemption="sch2_16", reasons="Officer Z's name is in the footage.")
    return rights_request_update(
        request,
        actor=None,
        today=TODAY,
        closed_on=D(2026, 6, 26),
        outcome=Outcome.DISCLOSED_IN_PART,
    )


# --- The wording -------------------------------------------------------------------------


def test_every_code_has_plain_words():
    assert set(letters.EXEMPTIONS) == set(Exemption)
    assert set(letters.ASKED_FOR) == set(Right) == set(letters.DONE)
    assert set(letters.OUTCOME_PARAGRAPHS) | {Outcome.ACTIONED} == set(Outcome)


@pytest.mark.parametrize(
    "value, expected",
    [(D(2026, 12, 1), "1 December 2026"), (D(2027, 1, 12), "12 January 2027")],
)
def test_long_date(value, expected):
    assert letters.long_date(value) == expected


def test_acknowledgement_gives_the_reference_and_the_computed_due_date(org):
    request = RightsRequestFactory(
        organisation=org, received_on=D(2026, 9, 3), requester_name="Jane Smith"
    )
    letter = letter_context(request, LetterKind.ACKNOWLEDGEMENT, today=D(2026, 9, 4))
    text = text_of(letter)
    assert letter.reference == "RR-2026-00001" and letter.date == "4 September 2026"
    assert "received on 3 September 2026" in text
    # 3 October 2026 is a Saturday: the clock moves the due date to Monday.
    assert "We will respond by 5 October 2026 at the latest." in text
    assert "Article 12A of the UK GDPR" in text
    assert "prove your identity" in text
    assert "by phone or in person" in text
    assert letter.salutation == "Dear Jane Smith"


def test_acknowledgement_of_a_verbal_request_reads_it_back(org):
    request = RightsRequestFactory(
        organisation=org,
        channel="phone",
        requester_words="Wants the custody record from March.",
        requester_address="1 High Street, Casterbridge, WX1 1AA",
    )
    letter = letter_context(request, LetterKind.ACKNOWLEDGEMENT, today=D(2026, 6, 2))
    text = text_of(letter)
    assert "by phone" in text
    assert "We wrote your request down as: “Wants the custody record from March.”" in text
    assert letter.addressee[1:] == ("1 High Street", "Casterbridge", "WX1 1AA")


def test_acknowledgement_states_no_date_while_identity_is_awaited(org):
    request = RightsRequestFactory(organisation=org, identity_requested_on=D(2026, 6, 2))
    text = text_of(letter_context(request, LetterKind.ACKNOWLEDGEMENT, today=D(2026, 6, 2)))
    assert "We have asked you for proof of your identity" in text
    assert "We will respond by" not in text


def test_clarification_quotes_the_open_question_and_pauses_the_clock(org):
    request = RightsRequestFactory(organisation=org, received_on=D(2026, 11, 2))
    make_clarification(request, asked_on=D(2026, 11, 10), question="Which incident do you mean?")
    letter = letter_context(request, LetterKind.CLARIFICATION, today=TODAY)
    text = text_of(letter)
    assert letter.date == "10 November 2026"  # the day the question was asked
    assert "Which incident do you mean?" in text
    assert "The pause started on 10 November 2026" in text
    assert "Article 12A of the UK GDPR" in text


def test_clarification_under_part3_cites_section_54(org):
    request = RightsRequestFactory(organisation=org, regime="part3")
    make_clarification(request)
    text = text_of(letter_context(request, LetterKind.CLARIFICATION, today=TODAY))
    assert "section 54(3C) of the Data Protection Act 2018" in text


def test_clarification_letter_needs_an_unanswered_question(org):
    request = RightsRequestFactory(organisation=org)
    with pytest.raises(LetterNotApplicable, match="no unanswered clarification"):
        letter_context(request, LetterKind.CLARIFICATION, today=TODAY)
    asked = make_clarification(request)
    clarification_update(asked, actor=None, today=TODAY, answered_on=D(2026, 6, 5), answer="A")
    with pytest.raises(LetterNotApplicable):
        letter_context(request, LetterKind.CLARIFICATION, today=TODAY)


def test_extension_gives_reasons_and_the_new_date(org):
    request = RightsRequestFactory(
        organisation=org,
        received_on=D(2026, 10, 12),
        extended=True,
        extension_reasons="Twelve years of records on four systems.\nPaper files off site.",
        extension_notified_on=D(2026, 10, 30),
    )
    letter = letter_context(request, LetterKind.EXTENSION, today=TODAY)
    text = text_of(letter)
    assert letter.date == "30 October 2026"  # the day the requester was told
    assert "Twelve years of records on four systems." in text
    assert "Paper files off site." in text
    assert "We will now respond by 12 January 2027 at the latest." in text
    assert "Information Commissioner's Office" in text and "0303 123 1113" in text


def test_extension_letter_needs_an_extension(org):
    request = RightsRequestFactory(organisation=org)
    with pytest.raises(LetterNotApplicable, match="has not been extended"):
        letter_context(request, LetterKind.EXTENSION, today=TODAY)


def test_response_reports_disclosures_exemptions_and_remedies(closed_in_part):
    letter = letter_context(closed_in_part, LetterKind.RESPONSE, today=TODAY)
    text = text_of(letter)
    assert letter.date == "26 June 2026"  # the day the request was closed
    assert "we have withheld some information" in text
    assert "20 June 2026: 12 pages made available to you through our secure portal." in text
    assert "Information about other people." in text
    assert "paragraph 16 of Schedule 2 to the Data Protection Act 2018" in text
    # The recorded reasons are the organisation's own record, never the letter's.
    assert "Officer Z" not in text
    assert "please tell us first" in text
    assert "Information Commissioner's Office" in text
    assert "the county court or the High Court" in text
    assert "Article 82 of the UK GDPR" in text


def test_neither_confirm_nor_deny_reveals_nothing(org):
    request = RightsRequestFactory(organisation=org, regime="part3", region="scotland")
    make_disclosure(request)
    make_exemption(request, exemption="s45_4_b")
    rights_request_update(
        request,
        actor=None,
        today=TODAY,
        closed_on=D(2026, 6, 26),
        outcome=Outcome.NEITHER_CONFIRM_NOR_DENY,
    )
    text = text_of(letter_context(request, LetterKind.RESPONSE, today=TODAY))
    assert "neither confirm nor deny" in text
    assert "pages" not in text and "withheld" not in text
    assert "the sheriff court or the Court of Session" in text
    assert "section 169 of the Data Protection Act 2018" in text


def test_response_letter_needs_a_closed_request(org):
    request = RightsRequestFactory(organisation=org)
    with pytest.raises(LetterNotApplicable, match="still open"):
        letter_context(request, LetterKind.RESPONSE, today=TODAY)


def test_a_partial_disclosure_must_record_what_was_withheld(org):
    request = RightsRequestFactory(
        organisation=org, closed_on=D(2026, 6, 26), outcome=Outcome.DISCLOSED_IN_PART
    )
    with pytest.raises(LetterNotApplicable, match="no exemption or restriction"):
        letter_context(request, LetterKind.RESPONSE, today=TODAY)


def test_letters_available_says_why_a_letter_does_not_apply(org):
    request = RightsRequestFactory(organisation=org)
    available = dict(letters.letters_available(request, today=TODAY))
    assert available[LetterKind.ACKNOWLEDGEMENT] == ""
    assert "no unanswered clarification" in available[LetterKind.CLARIFICATION]
    assert "not been extended" in available[LetterKind.EXTENSION]
    assert "still open" in available[LetterKind.RESPONSE]


# --- The documents -----------------------------------------------------------------------


def test_pdf_and_docx_carry_the_same_words(closed_in_part):
    letter = letter_context(closed_in_part, LetterKind.RESPONSE, today=TODAY)
    pdf = letters.render_pdf(letter)
    assert pdf.startswith(b"%PDF")
    docx = letters.render_docx(letter)
    for text in (pdf_text(pdf), docx_text(docx)):
        flat = " ".join(text.split())
        assert "RR-2026-00001" in flat
        assert "Wessex Police" in flat and "Chris Taylor" in flat
        assert "26 June 2026" in flat
        assert "Our response to your request" in flat
        assert "Information about other people." in flat
        assert "Yours sincerely" in flat


def test_acknowledgement_documents_give_the_due_date(org):
    request = RightsRequestFactory(organisation=org, received_on=D(2026, 11, 20))
    letter = letter_context(request, LetterKind.ACKNOWLEDGEMENT, today=TODAY)
    for text in (pdf_text(letters.render_pdf(letter)), docx_text(letters.render_docx(letter))):
        flat = " ".join(text.split())
        assert "We will respond by 21 December 2026 at the latest." in flat
        assert "RR-2026-00001" in flat


def test_requesters_words_are_escaped_in_the_pdf(org):
    request = RightsRequestFactory(organisation=org)
    make_clarification(request, question='<img src="http://example.test/x.png"> Which date?')
    letter = letter_context(request, LetterKind.CLARIFICATION, today=TODAY)
    assert "&lt;img" in letters.render_html(letter)
    assert '<img src="http://example.test/x.png">' in pdf_text(letters.render_pdf(letter))


# --- The page ----------------------------------------------------------------------------


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("dpassure.core.clock.today", lambda: TODAY)
    return TODAY


def url(request) -> str:
    return f"/o/{request.organisation.slug}/requests/{request.pk}/letters/"


def test_the_page_lists_the_letters_and_why_some_do_not_apply(editor_client, org, today):
    request = RightsRequestFactory(organisation=org)
    body = editor_client.get(url(request)).content.decode()
    assert "?kind=acknowledgement&amp;format=pdf" in body
    assert "?kind=acknowledgement&amp;format=docx" in body
    assert "?kind=response&amp;format=pdf" not in body
    assert "still open" in body and "Does not apply" in body


@pytest.mark.parametrize(
    "fmt, content_type",
    [("pdf", "application/pdf"), ("docx", letters.DOCX_MIMETYPE)],
)
def test_downloads_a_letter(editor_client, org, today, fmt, content_type):
    request = RightsRequestFactory(organisation=org)
    response = editor_client.get(url(request), {"kind": "acknowledgement", "format": fmt})
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="RR-2026-00001-acknowledgement.{fmt}"'
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content[:4] == (b"%PDF" if fmt == "pdf" else b"PK\x03\x04")


@pytest.mark.parametrize(
    "query, message",
    [
        ({"kind": "apology", "format": "pdf"}, "There is no such letter"),
        ({"kind": "acknowledgement", "format": "odt"}, "Choose the format"),
        ({"kind": "acknowledgement"}, "Choose the format"),
        ({"kind": "response", "format": "pdf"}, "The response letter does not apply"),
    ],
)
def test_bad_or_inapplicable_letters_are_a_400_with_the_reason(
    editor_client, org, today, query, message
):
    request = RightsRequestFactory(organisation=org)
    response = editor_client.get(url(request), query)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and "There is a problem" in body and "<title>Error:" in body


def test_another_organisations_request_is_not_found(editor_client, other_org, today):
    theirs = RightsRequestFactory(organisation=other_org)
    mine = f"/o/wessex/requests/{theirs.pk}/letters/"
    assert editor_client.get(mine).status_code == 404
    assert editor_client.get(mine, {"kind": "acknowledgement", "format": "pdf"}).status_code == 404
    assert editor_client.get(url(theirs)).status_code == 404


@pytest.mark.parametrize("role", [Role.VIEWER, Role.STAFF])
def test_only_editors_write_letters(client, org, make_member, today, role):
    request = RightsRequestFactory(organisation=org)
    client.force_login(make_member(org, role))
    assert client.get(url(request)).status_code == 403
    query = {"kind": "acknowledgement", "format": "pdf"}
    assert client.get(url(request), query).status_code == 403
