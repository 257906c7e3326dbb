"""The words of the letters, as data: what the law is called, plain words for the recorded codes,
and each exemption explained.

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

from dataclasses import dataclass

from dpassure.rights.choices import (
    Channel,
    DisclosureMethod,
    Exemption,
    Outcome,
    Regime,
    Right,
)
from dpassure.rights.letters.document import Point
from dpassure.rights.models import RightsRequest
from dpassure.rules import sar

SIGNATORY = "Data Protection Officer"


# --- What the law is called in each letter --------------------------------------------------


@dataclass(frozen=True)
class Law:
    name: str
    time_limit: str
    pause: str
    compensation: str
    ncnd: str


def law_for(request: RightsRequest) -> Law:
    if request.regime == Regime.PART3:
        return Law(
            name="Part 3 of the Data Protection Act 2018, which covers personal data used "
            "for law enforcement purposes",
            time_limit="section 54 of the Data Protection Act 2018",
            pause="section 54(3C) of the Data Protection Act 2018",
            compensation="section 169 of the Data Protection Act 2018",
            ncnd="section 45(4) of the Data Protection Act 2018",
        )
    before_12a = request.received_on < sar.DUAA_COMMENCEMENT
    return Law(
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
