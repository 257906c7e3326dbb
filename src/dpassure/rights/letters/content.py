"""A letter's content, built from what the request records: :func:`letter_context` and, for each
kind, the check that the request calls for it (:class:`LetterNotApplicable` says why not).

Every date comes from the request's steps or from the statutory clock
(:func:`dpassure.rights.selectors.request_clock`) — none is typed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import replace

from dpassure.rights.choices import (
    PART3_RESTRICTIONS,
    VERBAL_CHANNELS,
    DisclosureMethod,
    Exemption,
    Outcome,
    Right,
)
from dpassure.rights.letters import parts
from dpassure.rights.letters.document import (
    Letter,
    LetterKind,
    LetterNotApplicable,
    Point,
    Section,
    long_date,
)
from dpassure.rights.letters.wording import (
    ASKED_FOR,
    CHANNEL_PHRASES,
    DISCLOSURE_PHRASES,
    DONE,
    EXEMPTIONS,
    OUTCOME_PARAGRAPHS,
    SIGNATORY,
    law_for,
)
from dpassure.rights.models import RightsRequest
from dpassure.rights.selectors import Clock, request_clock

# A requester's own words are quoted back to them when they fit on a letter; a long email
# pasted in full is summarised by the rights it exercises instead.
QUOTE_LIMIT = 600


# --- The four letters ----------------------------------------------------------------------
#
# Each builder returns the letter's date, title and sections. A letter that is itself a step
# on the register (the question, the extension notice, the response) is dated with the date
# recorded for that step, so the letter and the register always agree; an acknowledgement is
# dated the day it is written.


def _acknowledgement(request: RightsRequest, clock: Clock, today: datetime.date):
    whom = parts.whom(request)
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
            points=parts.listed(asked),
        )
    words = " ".join(parts.typed_paragraphs(request.requester_words))
    if request.channel in VERBAL_CHANNELS and words and len(words) <= QUOTE_LIMIT:
        asked_section = replace(
            asked_section,
            paragraphs_after=(
                f"We wrote your request down as: “{words}” Please tell us straight away if we "
                "have misunderstood what you asked for.",
            ),
        )

    law = law_for(request)
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
            Section("", paragraphs=(parts.intro(request),)),
            asked_section,
            when,
            Section("What happens next", points=next_steps),
            Section("", paragraphs=(parts.how_to_contact(request),)),
        ),
    )


def _notice_date(clock: Clock) -> str:
    if clock.extension_notice_deadline is None:
        return "the end of the first month"
    return long_date(clock.extension_notice_deadline)


def _clarification(request: RightsRequest, clock: Clock, today: datetime.date):
    question = parts.open_clarification(request)
    if question is None:
        raise LetterNotApplicable(
            "There is no unanswered clarification on this request. Record the question you "
            "are asking first: the letter quotes it."
        )
    law = law_for(request)
    return (
        question.asked_on,
        "We need more information about your request",
        (
            Section("", paragraphs=(parts.intro(request),)),
            Section(
                "Our question",
                paragraphs=("So that we can find the information you asked for, please tell us:",),
                inset=parts.typed_paragraphs(question.question),
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
    law = law_for(request)
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
            Section("", paragraphs=(parts.intro(request),)),
            Section(
                "Why we need more time",
                paragraphs=(
                    "The law normally gives us one calendar month to respond, but allows us to "
                    "extend this by up to two further months where a request is complex or a "
                    f"person has made a number of requests ({law.time_limit}). We are extending "
                    "the time for your request by two months because:",
                ),
                points=tuple(
                    Point(reason) for reason in parts.typed_paragraphs(request.extension_reasons)
                ),
            ),
            new_date,
            Section("If you are unhappy with this", paragraphs=(parts.complain_to_us(request),)),
            parts.complain_to_ico(),
        ),
    )


DISCLOSED = {Outcome.DISCLOSED_IN_FULL, Outcome.DISCLOSED_IN_PART}


def _response(request: RightsRequest, clock: Clock, today: datetime.date):
    if request.closed_on is None:
        raise LetterNotApplicable(
            "The request is still open. Record the date it was closed and its outcome first: "
            "the response letter reports them."
        )
    outcome = Outcome(request.outcome)
    whom = parts.whom(request)
    exemptions = list(parts.live(request.exemptions))
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
            points=parts.listed(done),
        )
    else:
        result = Section(
            "Our decision",
            paragraphs=(OUTCOME_PARAGRAPHS[outcome].format(whom=whom, ncnd=law_for(request).ncnd),),
        )
    sections = [Section("", paragraphs=(parts.intro(request),)), result]

    if outcome in DISCLOSED:
        disclosures = list(parts.live(request.disclosures))
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
        Section(
            "If you are unhappy with our response", paragraphs=(parts.complain_to_us(request),)
        ),
        parts.complain_to_ico(),
        Section("Going to court", paragraphs=(parts.court(request),)),
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
        addressee=parts.addressee(request),
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
