"""Letters to requesters, as PDF and Word documents, built from what the request records.

The wording of every letter is written once, here, as a :class:`Letter` of headed
:class:`Section` objects; the HTML template (rendered to PDF by WeasyPrint) and the DOCX builder
both only lay that content out. Every date comes from the request's steps or from the statutory
clock (:func:`dpassure.rights.selectors.request_clock`) — none is typed.

Sources of the wording:
- Time limit, extension and its notice, stopping the clock for clarification: UK GDPR Arts 12(3)
  and 12A; DPA 2018 s.54 (Part 3), as amended by the Data (Use and Access) Act 2025 s.76.
- What a response must say: UK GDPR Arts 12(4) and 15; DPA 2018 ss.45(5)–(6) (restrictions and
  neither confirming nor denying under Part 3).
- Remedies: complaints to the controller (DPA 2018 s.164A), to the ICO (UK GDPR Art 77; DPA 2018
  s.165), compliance orders (s.167, courts under s.180) and compensation (UK GDPR Art 82 with
  s.168; s.169 for Part 3).
"""

from __future__ import annotations

import datetime
import enum
import io
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.template.loader import render_to_string

from dpassure.rights.choices import (
    PART3_RESTRICTIONS,
    VERBAL_CHANNELS,
    Channel,
    DisclosureMethod,
    Exemption,
    Outcome,
    Regime,
    Region,
    Right,
)
from dpassure.rights.models import RightsRequest
from dpassure.rights.selectors import Clock, request_clock
from dpassure.rules import sar

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SIGNATORY = "Data Protection Officer"
# A requester's own words are quoted back to them when they fit on a letter; a long email
# pasted in full is summarised by the rights it exercises instead.
QUOTE_LIMIT = 600


class LetterKind(enum.StrEnum):
    ACKNOWLEDGEMENT = "acknowledgement"
    CLARIFICATION = "clarification"
    EXTENSION = "extension"
    RESPONSE = "response"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]

    @property
    def description(self) -> str:
        return KIND_DESCRIPTIONS[self]


KIND_LABELS = {
    LetterKind.ACKNOWLEDGEMENT: "Acknowledgement",
    LetterKind.CLARIFICATION: "Request for clarification",
    LetterKind.EXTENSION: "Notice of extension",
    LetterKind.RESPONSE: "Response",
}


KIND_DESCRIPTIONS = {
    LetterKind.ACKNOWLEDGEMENT: "Confirms we have the request, its reference and the date we "
    "will respond by.",
    LetterKind.CLARIFICATION: "Asks the open clarification question and explains that the time "
    "limit is paused until the answer arrives.",
    LetterKind.EXTENSION: "Tells the requester of the two-month extension, the reasons for it "
    "and the new date.",
    LetterKind.RESPONSE: "Reports the outcome, what was disclosed, any exemptions applied and "
    "the right to complain.",
}


class LetterNotApplicable(Exception):
    """This kind of letter cannot be written for this request; the message says why."""


@dataclass(frozen=True)
class Point:
    """A bullet point, optionally opening with a few words in bold."""

    text: str
    lead: str = ""


@dataclass(frozen=True)
class Section:
    """A part of a letter, in this order: a heading (may be empty), paragraphs, an inset (the
    one thing the reader must not miss: a date, our question), bullet points, more paragraphs."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    inset: tuple[str, ...] = ()
    points: tuple[Point, ...] = ()
    paragraphs_after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Letter:
    kind: LetterKind
    title: str
    organisation: str
    ico_registration_number: str
    date: str
    reference: str
    received: str
    addressee: tuple[str, ...]
    salutation: str
    sections: tuple[Section, ...]
    signatory: tuple[str, ...]

    @property
    def filename_stem(self) -> str:
        return f"{self.reference}-{self.kind}"


def long_date(value: datetime.date) -> str:
    """The date as a letter writes it: 1 December 2026."""
    return f"{value.day} {value:%B %Y}"


def _paragraphs(text: str) -> tuple[str, ...]:
    """Free text typed into the register, split into the paragraphs its author made."""
    return tuple(line.strip() for line in text.strip().splitlines() if line.strip())


# --- What the law is called in each letter --------------------------------------------------


@dataclass(frozen=True)
class _Law:
    name: str
    time_limit: str
    pause: str
    compensation: str
    ncnd: str


def _law(request: RightsRequest) -> _Law:
    if request.regime == Regime.PART3:
        return _Law(
            name="Part 3 of the Data Protection Act 2018, which covers personal data used "
            "for law enforcement purposes",
            time_limit="section 54 of the Data Protection Act 2018",
            pause="section 54(3C) of the Data Protection Act 2018",
            compensation="section 169 of the Data Protection Act 2018",
            ncnd="section 45(4) of the Data Protection Act 2018",
        )
    before_12a = request.received_on < sar.DUAA_COMMENCEMENT
    return _Law(
        name="the UK General Data Protection Regulation (UK GDPR)",
        time_limit="Article 12(3) of the UK GDPR" if before_12a else "Article 12A of the UK GDPR",
        pause="Article 12A of the UK GDPR",
        compensation="Article 82 of the UK GDPR and section 168 of the Data Protection Act 2018",
        ncnd="the exemptions in Schedule 2 to the Data Protection Act 2018",
    )


# --- Plain words for the recorded codes ----------------------------------------------------

ASKED_FOR = {
    Right.ACCESS: "a copy of the personal data we hold about {whom}",
    Right.RECTIFICATION: "to correct personal data about {whom} that is inaccurate or incomplete",
    Right.ERASURE: "to erase personal data we hold about {whom}",
    Right.RESTRICTION: "to restrict how we use personal data about {whom}",
    Right.OBJECTION: "to stop using personal data about {whom}, because of an objection to how "
    "we use it",
    Right.PORTABILITY: "personal data provided to us, in a format that can be given to another "
    "organisation",
    Right.AUTOMATED_DECISION: "a review, by a person, of a decision about {whom} made by "
    "automated means",
}

DONE = {
    Right.ACCESS: "given you a copy of the personal data we hold",
    Right.RECTIFICATION: "corrected the personal data that was inaccurate or incomplete",
    Right.ERASURE: "erased the personal data you asked us to erase",
    Right.RESTRICTION: "restricted how we use the personal data",
    Right.OBJECTION: "stopped using the personal data in the way you objected to",
    Right.PORTABILITY: "provided the personal data in a structured, commonly used, "
    "machine-readable format",
    Right.AUTOMATED_DECISION: "had the decision reviewed by a member of staff",
}

CHANNEL_PHRASES = {
    Channel.LETTER: "by letter",
    Channel.EMAIL: "by email",
    Channel.WEB_FORM: "through our online form",
    Channel.PHONE: "by phone",
    Channel.IN_PERSON: "in person",
    Channel.SOCIAL_MEDIA: "through social media",
}

DISCLOSURE_PHRASES = {
    DisclosureMethod.EMAIL: "sent to you by secure email",
    DisclosureMethod.PORTAL: "made available to you through our secure portal",
    DisclosureMethod.POST: "sent to you by recorded post",
    DisclosureMethod.IN_PERSON: "collected by you in person",
}


@dataclass(frozen=True)
class _Explained:
    name: str
    meaning: str
    source: str


# Each exemption in plain words. The reasons recorded against an exemption are the
# organisation's own record for the ICO and are never copied into a letter: they may themselves
# reveal what the exemption protects.
EXEMPTIONS = {
    Exemption.SCH2_2_CRIME: _Explained(
        "Crime and taxation",
        "We have withheld information where giving it to you would be likely to prejudice the "
        "prevention or detection of crime, or the arrest or prosecution of offenders.",
        "paragraph 2 of Schedule 2 to the Data Protection Act 2018",
    ),
    Exemption.SCH2_5_LEGAL: _Explained(
        "Information required by law or for legal proceedings",
        "Some information is exempt because the law, a court order or legal proceedings "
        "require it to be handled in a particular way.",
        "paragraph 5 of Schedule 2 to the Data Protection Act 2018",
    ),
    Exemption.SCH2_7_PUBLIC: _Explained(
        "Work to protect the public",
        "We have withheld information where giving it to you would be likely to prejudice work "
        "to protect the public, for example from dishonesty, malpractice or other seriously "
        "improper conduct.",
        "paragraph 7 of Schedule 2 to the Data Protection Act 2018",
    ),
    Exemption.SCH2_16_OTHERS: _Explained(
        "Information about other people",
        "We have withheld information that would identify other people, because they have not "
        "agreed to it being shared and it would not be reasonable to share it without their "
        "agreement.",
        "paragraph 16 of Schedule 2 to the Data Protection Act 2018",
    ),
    Exemption.SCH2_19_LPP: _Explained(
        "Legal professional privilege",
        "We have withheld confidential communications with our lawyers, which are protected by "
        "legal professional privilege.",
        "paragraph 19 of Schedule 2 to the Data Protection Act 2018",
    ),
    Exemption.SCH2_24_REFERENCES: _Explained(
        "Confidential references",
        "We have withheld a reference given in confidence, for example for employment, "
        "training or volunteering.",
        "paragraph 24 of Schedule 2 to the Data Protection Act 2018",
    ),
    Exemption.SCH3_HEALTH: _Explained(
        "Health, social work or education information",
        "We have withheld health, social work or education information where the law restricts "
        "its disclosure, for example because it would be likely to cause serious harm to you "
        "or to someone else.",
        "Schedule 3 to the Data Protection Act 2018",
    ),
    Exemption.SCH4_PROHIBITED: _Explained(
        "Disclosure prohibited by another law",
        "We have withheld information that another law prohibits or restricts us from disclosing.",
        "Schedule 4 to the Data Protection Act 2018",
    ),
    Exemption.S45_4_A: _Explained(
        "Avoiding obstruction of an inquiry, investigation or procedure",
        "We have withheld information where giving it to you would obstruct an official or "
        "legal inquiry, investigation or procedure.",
        "section 45(4)(a) of the Data Protection Act 2018",
    ),
    Exemption.S45_4_B: _Explained(
        "Avoiding prejudice to the prevention or detection of crime",
        "We have withheld information where giving it to you would prejudice the prevention, "
        "detection, investigation or prosecution of criminal offences, or the carrying out of "
        "criminal penalties.",
        "section 45(4)(b) of the Data Protection Act 2018",
    ),
    Exemption.S45_4_C: _Explained(
        "Protecting public security",
        "We have withheld information where that is necessary to protect public security.",
        "section 45(4)(c) of the Data Protection Act 2018",
    ),
    Exemption.S45_4_D: _Explained(
        "Protecting national security",
        "We have withheld information where that is necessary to protect national security.",
        "section 45(4)(d) of the Data Protection Act 2018",
    ),
    Exemption.S45_4_E: _Explained(
        "Protecting the rights and freedoms of others",
        "We have withheld information where giving it to you would affect the rights and "
        "freedoms of other people, for example by identifying them.",
        "section 45(4)(e) of the Data Protection Act 2018",
    ),
    Exemption.S43_3_COURT: _Explained(
        "Judicial decisions and court records",
        "Some information is held in court records or judicial decisions from criminal "
        "proceedings. You can ask the court for it under the court's own rules.",
        "section 43(3) of the Data Protection Act 2018",
    ),
}

ICO_CONTACT = (
    Point("ico.org.uk/make-a-complaint", lead="Online:"),
    Point("0303 123 1113", lead="Helpline:"),
    Point(
        "Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF",
        lead="Post:",
    ),
)


# --- Shared parts -------------------------------------------------------------------------


def _whom(request: RightsRequest) -> str:
    return request.data_subject_name if request.is_third_party else "you"


def _complain_to_us(request: RightsRequest) -> str:
    return (
        "If you are unhappy with how we have handled your request, please tell us first, "
        f"quoting reference {request.reference}. We will acknowledge your complaint within 30 "
        "days and look into it without undue delay (section 164A of the Data Protection Act "
        "2018)."
    )


def _complain_to_ico() -> Section:
    return Section(
        "Complaining to the Information Commissioner",
        paragraphs=(
            "You also have the right to complain to the Information Commissioner's Office "
            "(ICO), the UK's independent regulator for data protection:",
        ),
        points=ICO_CONTACT,
    )


def _court(request: RightsRequest) -> str:
    courts = (
        "the sheriff court or the Court of Session"
        if request.region == Region.SCOTLAND
        else "the county court or the High Court"
    )
    return (
        f"You can also apply to {courts} for an order requiring us to comply with the law "
        "(section 167 of the Data Protection Act 2018), and you may be entitled to compensation "
        f"if you have suffered damage or distress ({_law(request).compensation}). You may want "
        "to take independent legal advice first."
    )


def _how_to_contact(request: RightsRequest) -> str:
    return (
        f"Please quote reference {request.reference} whenever you contact us. You do not have to "
        "write: you can also talk to us by phone or in person, about this request or to make a "
        "new one."
    )


def _listed(items: list[str]) -> tuple[Point, ...]:
    """Bullet points that continue a sentence: each ends with a semicolon, the last a full stop."""
    return tuple(Point(item + (";" if n < len(items) else ".")) for n, item in enumerate(items, 1))


def _addressee(request: RightsRequest) -> tuple[str, ...]:
    lines = [request.requester_name]
    address = _paragraphs(request.requester_address)
    if len(address) == 1 and "," in address[0]:
        address = tuple(part.strip() for part in address[0].split(",") if part.strip())
    if address and address[0].casefold() == request.requester_name.strip().casefold():
        address = address[1:]  # a firm's address often starts with its own name
    lines.extend(address)
    if not address and request.requester_email:
        lines.append(f"By email: {request.requester_email}")
    return tuple(lines)


def _intro(request: RightsRequest) -> str:
    about = f", made on behalf of {request.data_subject_name}" if request.is_third_party else ""
    return (
        f"Thank you for your request{about}, which we received on {long_date(request.received_on)}."
    )


def _live(related):
    return related.filter(archived_at__isnull=True)


def _open_clarification(request: RightsRequest):
    """The latest question to the requester that is still unanswered, if any."""
    return (
        _live(request.clarifications)
        .filter(answered_on__isnull=True)
        .order_by("-asked_on", "-id")
        .first()
    )


# --- The four letters ----------------------------------------------------------------------
#
# Each builder returns the letter's date, title and sections. A letter that is itself a step
# on the register (the question, the extension notice, the response) is dated with the date
# recorded for that step, so the letter and the register always agree; an acknowledgement is
# dated the day it is written.


def _acknowledgement(request: RightsRequest, clock: Clock, today: datetime.date):
    whom = _whom(request)
    asked = [ASKED_FOR[Right(code)].format(whom=whom) for code in request.right_codes]
    how = CHANNEL_PHRASES.get(request.channel, "")
    if len(asked) == 1:
        asked_section = Section(
            "What you asked for",
            paragraphs=(f"You made your request {how} and asked us for {asked[0]}.",),
        )
    else:
        asked_section = Section(
            "What you asked for",
            paragraphs=(f"You made your request {how} and asked us for:",),
            points=_listed(asked),
        )
    words = " ".join(_paragraphs(request.requester_words))
    if request.channel in VERBAL_CHANNELS and words and len(words) <= QUOTE_LIMIT:
        asked_section = replace(
            asked_section,
            paragraphs_after=(
                f"We wrote your request down as: “{words}” Please tell us straight away if we "
                "have misunderstood what you asked for.",
            ),
        )

    law = _law(request)
    waiting = []
    if request.identity_requested_on and not request.identity_confirmed_on:
        waiting.append("proof of your identity")
    if request.fee_requested_on and not request.fee_received_on:
        waiting.append("the fee")
    if waiting:
        when = Section(
            "When we will respond",
            paragraphs=(
                f"We have asked you for {' and '.join(waiting)}. The one calendar month we have "
                f"to respond ({law.time_limit}) starts on the day we receive it, and we will "
                "then tell you the date by which we will respond.",
            ),
        )
    elif clock.due is None:
        when = Section(
            "When we will respond",
            paragraphs=(
                "We have asked you a question about your request. The time we have to respond "
                "is paused until you answer, and we will then tell you the date by which we "
                "will respond.",
            ),
        )
    elif clock.due < today:
        when = Section(
            "When we will respond",
            paragraphs=(
                f"The law ({law.time_limit}) required us to respond by {long_date(clock.due)}. "
                "We are sorry that we have not yet done so: we will respond as soon as we can.",
            ),
        )
    else:
        when = Section(
            "When we will respond",
            paragraphs=(f"The law ({law.time_limit}) gives us one calendar month to respond.",),
            inset=(f"We will respond by {long_date(clock.due)} at the latest.",),
        )
    if not request.extended and clock.due is not None and not waiting:
        when = replace(
            when,
            paragraphs_after=(
                "If your request is complex, the law allows us to extend this by up to two further "
                f"months. We would tell you why by {_notice_date(clock)}.",
            ),
        )

    next_steps = (
        Point("We will search the places where we hold personal information."),
        Point(
            (
                f"We may ask for proof of {request.data_subject_name}'s identity and of your "
                "authority to act for them"
                if request.is_third_party
                else "We may ask you to prove your identity"
            )
            + ", so that we give personal information only to the person it belongs to. The "
            "time limit then starts when we receive it."
        ),
        Point(
            "If we need more detail to find what you asked for, we will ask you. The time limit "
            "is paused until you reply."
        ),
        Point(
            "The law lets us withhold some information, for example to protect other people or "
            "to avoid harming the prevention or detection of crime. If we do, we will tell you, "
            "unless telling you would itself cause that harm."
        ),
    )
    title = (
        f"Your request about the personal data of {request.data_subject_name}"
        if request.is_third_party
        else "Your request about your personal data"
    )
    return (
        today,
        title,
        (
            Section("", paragraphs=(_intro(request),)),
            asked_section,
            when,
            Section("What happens next", points=next_steps),
            Section("", paragraphs=(_how_to_contact(request),)),
        ),
    )


def _notice_date(clock: Clock) -> str:
    if clock.extension_notice_deadline is None:
        return "the end of the first month"
    return long_date(clock.extension_notice_deadline)


def _clarification(request: RightsRequest, clock: Clock, today: datetime.date):
    question = _open_clarification(request)
    if question is None:
        raise LetterNotApplicable(
            "There is no unanswered clarification on this request. Record the question you "
            "are asking first: the letter quotes it."
        )
    law = _law(request)
    return (
        question.asked_on,
        "We need more information about your request",
        (
            Section("", paragraphs=(_intro(request),)),
            Section(
                "Our question",
                paragraphs=("So that we can find the information you asked for, please tell us:",),
                inset=_paragraphs(question.question),
            ),
            Section(
                "The time limit is paused",
                paragraphs=(
                    f"The law ({law.pause}) allows us to pause the time we have to respond "
                    "while we wait for your answer. The pause started on "
                    f"{long_date(question.asked_on)}, the day we asked, and ends on the day "
                    "we receive your reply. When we have it, we will tell you the new date by "
                    "which we will respond.",
                    "You do not have to narrow your request. If you would rather not, tell us "
                    "and we will carry on with your request as you made it; the time limit "
                    "starts again on the day you tell us.",
                ),
            ),
            Section(
                "How to reply",
                paragraphs=(
                    "You can reply by letter or email, or tell us by phone or in person. "
                    f"Please quote reference {request.reference}.",
                ),
            ),
        ),
    )


def _extension(request: RightsRequest, clock: Clock, today: datetime.date):
    if not request.extended:
        raise LetterNotApplicable(
            "This request has not been extended. Record the extension, its reasons and the "
            "date you tell the requester on the request first."
        )
    law = _law(request)
    if clock.due is None:
        new_date = Section(
            "Our new date",
            paragraphs=(
                "The time limit is paused while we wait for your answer to our question. When "
                "we have it, we will tell you the date by which we will respond.",
            ),
        )
    else:
        new_date = Section(
            "Our new date", inset=(f"We will now respond by {long_date(clock.due)} at the latest.",)
        )
    return (
        request.extension_notified_on or today,
        "We need more time to respond to your request",
        (
            Section("", paragraphs=(_intro(request),)),
            Section(
                "Why we need more time",
                paragraphs=(
                    "The law normally gives us one calendar month to respond, but allows us to "
                    "extend this by up to two further months where a request is complex or a "
                    f"person has made a number of requests ({law.time_limit}). We are extending "
                    "the time for your request by two months because:",
                ),
                points=tuple(Point(reason) for reason in _paragraphs(request.extension_reasons)),
            ),
            new_date,
            Section("If you are unhappy with this", paragraphs=(_complain_to_us(request),)),
            _complain_to_ico(),
        ),
    )


OUTCOME_PARAGRAPHS = {
    Outcome.DISCLOSED_IN_FULL: "We have found personal data about {whom} and we are giving you "
    "a copy of all of it.",
    Outcome.DISCLOSED_IN_PART: "We have found personal data about {whom}. We are giving you a "
    "copy of it, but we have withheld some information where the law allows us to. We explain "
    "below what we have withheld and why.",
    Outcome.NO_DATA: "We have searched the places where we would expect to hold information "
    "about {whom}, and we do not hold any personal data about {whom}.",
    Outcome.REFUSED: "The law allows us to refuse a request that is manifestly unfounded or "
    "excessive. We have decided that this request is, and we will not be responding to it "
    "further. If you make a new request, we will consider it afresh.",
    Outcome.NEITHER_CONFIRM_NOR_DENY: "We can neither confirm nor deny whether we hold "
    "personal data about {whom}. This is not an indication that we do or do not hold any "
    "information: we give the same answer to everyone in the same circumstances. The law allows "
    "us to respond in this way where confirming whether information is held would itself cause "
    "harm ({ncnd}).",
    Outcome.WITHDRAWN: "You told us that you no longer want us to deal with your request, so "
    "we have closed it. You can make a new request at any time.",
}

DISCLOSED = {Outcome.DISCLOSED_IN_FULL, Outcome.DISCLOSED_IN_PART}


def _response(request: RightsRequest, clock: Clock, today: datetime.date):
    if request.closed_on is None:
        raise LetterNotApplicable(
            "The request is still open. Record the date it was closed and its outcome first: "
            "the response letter reports them."
        )
    outcome = Outcome(request.outcome)
    whom = _whom(request)
    exemptions = list(_live(request.exemptions))
    if outcome == Outcome.DISCLOSED_IN_PART and not exemptions:
        raise LetterNotApplicable(
            "The outcome is a partial disclosure but no exemption or restriction is recorded. "
            "Record what was withheld first: the letter must tell the requester why."
        )
    if outcome == Outcome.ACTIONED:
        done = [DONE[Right(code)] for code in request.right_codes]
        result = Section(
            "Our decision",
            paragraphs=("We have done what you asked. We have:",),
            points=_listed(done),
        )
    else:
        result = Section(
            "Our decision",
            paragraphs=(OUTCOME_PARAGRAPHS[outcome].format(whom=whom, ncnd=_law(request).ncnd),),
        )
    sections = [Section("", paragraphs=(_intro(request),)), result]

    if outcome in DISCLOSED:
        disclosures = list(_live(request.disclosures))
        if disclosures:
            given = Section(
                "What we have given you",
                points=tuple(
                    Point(
                        f"{_amount(d.pages)} {DISCLOSURE_PHRASES[DisclosureMethod(d.method)]}.",
                        lead=f"{long_date(d.disclosed_on)}:",
                    )
                    for d in disclosures
                ),
            )
        else:
            given = Section(
                "What we have given you",
                paragraphs=("A copy of the personal data is enclosed with this letter.",),
            )
        if Right.ACCESS in request.right_codes:
            given = replace(
                given,
                paragraphs_after=(
                    "Our privacy notice explains why we use personal information, where it "
                    "comes from, who we share it with and how long we keep it. It is on our "
                    "website, and we will send you a copy if you ask.",
                ),
            )
        sections.append(given)
    if exemptions and outcome in (Outcome.DISCLOSED_IN_PART, Outcome.ACTIONED):
        codes = list(dict.fromkeys(Exemption(applied.exemption) for applied in exemptions))
        sections.append(
            Section(
                "What we have withheld and why",
                paragraphs=(
                    "The law allows us to withhold information in some circumstances. "
                    "We have relied on:",
                ),
                points=tuple(
                    Point(
                        f"{EXEMPTIONS[code].meaning} The "
                        f"{'restriction' if code in PART3_RESTRICTIONS else 'exemption'} is in "
                        f"{EXEMPTIONS[code].source}.",
                        lead=f"{EXEMPTIONS[code].name}.",
                    )
                    for code in codes
                ),
            )
        )
    sections += [
        Section("If you are unhappy with our response", paragraphs=(_complain_to_us(request),)),
        _complain_to_ico(),
        Section("Going to court", paragraphs=(_court(request),)),
    ]
    return request.closed_on, "Our response to your request", tuple(sections)


def _amount(pages: int) -> str:
    if pages == 0:
        return "Information"
    return f"{pages} page{'s' if pages != 1 else ''}"


BUILDERS: dict[LetterKind, Callable] = {
    LetterKind.ACKNOWLEDGEMENT: _acknowledgement,
    LetterKind.CLARIFICATION: _clarification,
    LetterKind.EXTENSION: _extension,
    LetterKind.RESPONSE: _response,
}


def letter_context(request: RightsRequest, kind: LetterKind, *, today: datetime.date) -> Letter:
    """The content of a letter of this kind for this request, dated ``today``.

    Raises :class:`LetterNotApplicable` when the request does not call for this letter.
    """
    kind = LetterKind(kind)
    clock = request_clock(request, today=today)
    dated, title, sections = BUILDERS[kind](request, clock, today)
    organisation = request.organisation
    return Letter(
        kind=kind,
        title=title,
        organisation=organisation.name,
        ico_registration_number=organisation.ico_registration_number,
        date=long_date(dated),
        reference=request.reference,
        received=long_date(request.received_on),
        addressee=_addressee(request),
        salutation=f"Dear {request.requester_name}",
        sections=sections,
        signatory=(SIGNATORY, organisation.name),
    )


def letters_available(request: RightsRequest, *, today: datetime.date) -> list[tuple]:
    """Each kind of letter with the reason it does not apply to this request ("" if it does)."""
    available = []
    for kind in LetterKind:
        try:
            letter_context(request, kind, today=today)
        except LetterNotApplicable as refusal:
            available.append((kind, str(refusal)))
        else:
            available.append((kind, ""))
    return available


# --- Rendering -----------------------------------------------------------------------------


def render_html(letter: Letter) -> str:
    return render_to_string(f"rights/letters/{letter.kind}.html", {"letter": letter})


def render_pdf(letter: Letter) -> bytes:
    """The letter as an A4 PDF, through WeasyPrint. Nothing outside the HTML is fetched."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = HTML(string=render_html(letter), url_fetcher=URLFetcher(allowed_protocols=()))
    # PDF/UA: a tagged PDF that a requester's screen reader can read in order.
    return html.write_pdf(pdf_variant="pdf/ua-1")


def render_docx(letter: Letter) -> bytes:
    """The same letter as a Word document, for teams that edit a letter before sending it."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    _docx_styles(document)
    document.core_properties.title = f"{letter.title} – {letter.reference}"
    document.core_properties.author = letter.organisation
    page = document.sections[0]
    page.page_width, page.page_height = Mm(210), Mm(297)
    page.top_margin, page.bottom_margin = Mm(15), Mm(20)
    page.left_margin, page.right_margin = Mm(25), Mm(20)

    head = document.add_paragraph()
    name = head.add_run(letter.organisation)
    name.bold, name.font.size = True, Pt(17)
    head.add_run("\nData protection and information rights").font.size = Pt(10)
    _docx_border(head, "bottom", size=16)
    head.paragraph_format.space_after = Pt(18)

    table = document.add_table(rows=1, cols=2)
    to, meta = table.rows[0].cells
    to.width, meta.width = Mm(100), Mm(65)
    marking = to.paragraphs[0].add_run("PRIVATE AND CONFIDENTIAL")
    marking.bold, marking.font.size = True, Pt(9)
    to.paragraphs[0].paragraph_format.space_after = Pt(3)
    for line in letter.addressee:
        to.add_paragraph(line).paragraph_format.space_after = Pt(0)
    rows = [("Date", letter.date), ("Our reference", letter.reference)]
    rows.append(("Received", letter.received))
    for index, (label, value) in enumerate(rows):
        paragraph = meta.paragraphs[0] if index == 0 else meta.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
        for run in paragraph.runs:
            run.font.size = Pt(10)

    document.add_paragraph().paragraph_format.space_after = Pt(12)
    document.add_paragraph(letter.salutation)
    document.add_paragraph(letter.title, style="Title")
    for index, part in enumerate(letter.sections, 1):
        added = _docx_section(document, part)
        if index == len(letter.sections):
            for paragraph in added:  # the last part stays on the page with the signature
                paragraph.paragraph_format.keep_with_next = True
    closing = document.add_paragraph("Yours sincerely")
    closing.paragraph_format.space_before = Pt(12)
    closing.paragraph_format.space_after = Pt(36)
    closing.paragraph_format.keep_with_next = True
    for index, line in enumerate(letter.signatory):
        paragraph = document.add_paragraph()
        paragraph.add_run(line).bold = index == 0
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.keep_with_next = index < len(letter.signatory) - 1

    footer = page.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.style.font.size = Pt(8)
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    parts = [letter.organisation]
    if letter.ico_registration_number:
        parts.append(f"ICO registration {letter.ico_registration_number}")
    parts.append(f"Reference {letter.reference}")
    footer.add_run(" · ".join(parts) + " · Page ")
    _docx_page_number(footer.add_run())

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_section(document, part: Section) -> list:
    from docx.shared import Mm, Pt

    added = []
    if part.heading:
        added.append(document.add_paragraph(part.heading, style="Heading 2"))
    for text in part.paragraphs:
        added.append(document.add_paragraph(text))
    for text in part.inset:
        paragraph = document.add_paragraph()
        paragraph.add_run(text).bold = True
        paragraph.paragraph_format.left_indent = Mm(4)
        _docx_border(paragraph, "left", size=24, colour="1D70B8", space=8)
        added.append(paragraph)
    for point in part.points:
        paragraph = document.add_paragraph(style="List Bullet")
        if point.lead:
            paragraph.add_run(f"{point.lead} ").bold = True
        paragraph.add_run(point.text)
        added.append(paragraph)
    if part.points:
        added[-1].paragraph_format.space_after = Pt(8)
    for text in part.paragraphs_after:
        added.append(document.add_paragraph(text))
    return added


def _docx_styles(document) -> None:
    """Arial 11pt in near-black throughout, in place of the default template's theme fonts."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    for name, size, bold, before, after in [
        ("Normal", 11, False, 0, 8),
        ("Title", 13, True, 6, 10),
        ("Heading 2", 11, True, 12, 3),
        ("List Bullet", 11, False, 0, 3),
    ]:
        style = document.styles[name]
        style.font.name, style.font.size = "Arial", Pt(size)
        style.font.bold, style.font.italic = bold, False
        style.font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), "Arial")
        layout = style.paragraph_format
        layout.space_before, layout.space_after = Pt(before), Pt(after)
        layout.line_spacing = 1.15
    title = document.styles["Title"].element.get_or_add_pPr()
    for border in title.findall(qn("w:pBdr")):
        title.remove(border)


def _docx_border(paragraph, side: str, *, size: int, colour: str = "0B0C0C", space: int = 4):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", size), ("space", space), ("color", colour)):
        line.set(qn(f"w:{key}"), str(value))
    borders.append(line)
    paragraph._p.get_or_add_pPr().append(borders)


def _docx_page_number(run) -> None:
    """A PAGE field, which Word fills in with the page number."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    begin, instruction, end = (
        OxmlElement("w:fldChar"),
        OxmlElement("w:instrText"),
        OxmlElement("w:fldChar"),
    )
    begin.set(qn("w:fldCharType"), "begin")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = "PAGE"
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, end):
        run._r.append(element)
