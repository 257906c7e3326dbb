"""Parts that more than one letter shares: the introduction, the addressee, the ways to
complain, and the register's free text split into paragraphs."""

from __future__ import annotations

from dpassure.rights.choices import Region
from dpassure.rights.letters.document import Point, Section, long_date
from dpassure.rights.letters.wording import ICO_CONTACT, law_for
from dpassure.rights.models import RightsRequest


def typed_paragraphs(text: str) -> tuple[str, ...]:
    """Free text typed into the register, split into the paragraphs its author made."""
    return tuple(line.strip() for line in text.strip().splitlines() if line.strip())


def whom(request: RightsRequest) -> str:
    return request.data_subject_name if request.is_third_party else "you"


def complain_to_us(request: RightsRequest) -> str:
    return (
        "If you are unhappy with how we have handled your request, please tell us first, "
        f"quoting reference {request.reference}. We will acknowledge your complaint within 30 "
        "days and look into it without undue delay (section 164A of the Data Protection Act "
        "2018)."
    )


def complain_to_ico() -> Section:
    return Section(
        "Complaining to the Information Commissioner",
        paragraphs=(
            "You also have the right to complain to the Information Commissioner's Office "
            "(ICO), the UK's independent regulator for data protection:",
        ),
        points=ICO_CONTACT,
    )


def court(request: RightsRequest) -> str:
    courts = (
        "the sheriff court or the Court of Session"
        if request.region == Region.SCOTLAND
        else "the county court or the High Court"
    )
    return (
        f"You can also apply to {courts} for an order requiring us to comply with the law "
        "(section 167 of the Data Protection Act 2018), and you may be entitled to compensation "
        f"if you have suffered damage or distress ({law_for(request).compensation}). You may want "
        "to take independent legal advice first."
    )


def how_to_contact(request: RightsRequest) -> str:
    return (
        f"Please quote reference {request.reference} whenever you contact us. You do not have to "
        "write: you can also talk to us by phone or in person, about this request or to make a "
        "new one."
    )


def listed(items: list[str]) -> tuple[Point, ...]:
    """Bullet points that continue a sentence: each ends with a semicolon, the last a full stop."""
    return tuple(Point(item + (";" if n < len(items) else ".")) for n, item in enumerate(items, 1))


def addressee(request: RightsRequest) -> tuple[str, ...]:
    lines = [request.requester_name]
    address = typed_paragraphs(request.requester_address)
    if len(address) == 1 and "," in address[0]:
        address = tuple(part.strip() for part in address[0].split(",") if part.strip())
    if address and address[0].casefold() == request.requester_name.strip().casefold():
        address = address[1:]  # a firm's address often starts with its own name
    lines.extend(address)
    if not address and request.requester_email:
        lines.append(f"By email: {request.requester_email}")
    return tuple(lines)


def intro(request: RightsRequest) -> str:
    about = f", made on behalf of {request.data_subject_name}" if request.is_third_party else ""
    return (
        f"Thank you for your request{about}, which we received on {long_date(request.received_on)}."
    )


def live(related):
    return related.filter(archived_at__isnull=True)


def open_clarification(request: RightsRequest):
    """The latest question to the requester that is still unanswered, if any."""
    return (
        live(request.clarifications)
        .filter(answered_on__isnull=True)
        .order_by("-asked_on", "-id")
        .first()
    )
