"""What a letter is: its kinds, the headed sections it is made of, and how it writes a date.

The content builders fill these in (:mod:`dpassure.rights.letters.content`); the renderers only
lay them out (:mod:`dpassure.rights.letters.render`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from dpassure.core.documents import long_date

__all__ = ["Letter", "LetterKind", "LetterNotApplicable", "Point", "Section", "long_date"]


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
