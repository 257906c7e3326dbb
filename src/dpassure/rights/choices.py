from django.db import models


class Right(models.TextChoices):
    """The rights a request can exercise (UK GDPR Arts 15–22; DPA 2018 ss.45–47)."""

    ACCESS = "access", "Access (a copy of their personal data)"
    RECTIFICATION = "rectification", "Rectification (correct it)"
    ERASURE = "erasure", "Erasure (delete it)"
    RESTRICTION = "restriction", "Restriction of processing"
    OBJECTION = "objection", "Objection to processing"
    PORTABILITY = "portability", "Data portability"
    AUTOMATED_DECISION = "automated_decision", "Automated decision-making"


class Channel(models.TextChoices):
    """How the request arrived. There is no prescribed form: verbal requests count (ICO)."""

    LETTER = "letter", "Letter"
    EMAIL = "email", "Email"
    WEB_FORM = "web_form", "Online form"
    PHONE = "phone", "Phone call"
    IN_PERSON = "in_person", "In person"
    SOCIAL_MEDIA = "social_media", "Social media"


VERBAL_CHANNELS = {Channel.PHONE, Channel.IN_PERSON}


class Regime(models.TextChoices):
    UK_GDPR = "uk_gdpr", "UK GDPR (general processing)"
    PART3 = "part3", "DPA 2018 Part 3 (law enforcement)"


class Region(models.TextChoices):
    ENGLAND_AND_WALES = "england-and-wales", "England and Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"


class Outcome(models.TextChoices):
    DISCLOSED_IN_FULL = "disclosed_in_full", "Disclosed in full"
    DISCLOSED_IN_PART = "disclosed_in_part", "Disclosed in part (exemptions applied)"
    NO_DATA = "no_data", "No personal data held"
    ACTIONED = "actioned", "Right actioned (rectified, erased, restricted)"
    REFUSED = "refused", "Refused (manifestly unfounded or excessive)"
    NEITHER_CONFIRM_NOR_DENY = "ncnd", "Neither confirmed nor denied (s.45(5))"
    WITHDRAWN = "withdrawn", "Withdrawn by the requester"


class Exemption(models.TextChoices):
    """Exemptions (UK GDPR, DPA 2018 Schs 2–4) and Part 3 restrictions (s.45(4), s.43(3))."""

    SCH2_2_CRIME = "sch2_2", "Sch 2 para 2 — crime and taxation"
    SCH2_5_LEGAL = "sch2_5", "Sch 2 para 5 — disclosure required by law or legal proceedings"
    SCH2_7_PUBLIC = "sch2_7", "Sch 2 para 7 — functions designed to protect the public"
    SCH2_16_OTHERS = "sch2_16", "Sch 2 para 16 — protection of the rights of others"
    SCH2_19_LPP = "sch2_19", "Sch 2 para 19 — legal professional privilege"
    SCH2_24_REFERENCES = "sch2_24", "Sch 2 para 24 — confidential references"
    SCH3_HEALTH = "sch3", "Sch 3 — health, social work or education data"
    SCH4_PROHIBITED = "sch4", "Sch 4 — disclosure prohibited by another enactment"
    S45_4_A = "s45_4_a", "s.45(4)(a) — avoid obstructing an inquiry, investigation or procedure"
    S45_4_B = "s45_4_b", "s.45(4)(b) — avoid prejudicing the prevention or detection of crime"
    S45_4_C = "s45_4_c", "s.45(4)(c) — protect public security"
    S45_4_D = "s45_4_d", "s.45(4)(d) — protect national security"
    S45_4_E = "s45_4_e", "s.45(4)(e) — protect the rights and freedoms of others"
    S43_3_COURT = "s43_3", "s.43(3) — judicial decisions and court documents"


PART3_RESTRICTIONS = {
    Exemption.S45_4_A,
    Exemption.S45_4_B,
    Exemption.S45_4_C,
    Exemption.S45_4_D,
    Exemption.S45_4_E,
}


class SearchResult(models.TextChoices):
    FOUND = "found", "Personal data found"
    NOTHING = "nothing", "Nothing found"
    NOT_SEARCHED = "not_searched", "Not searched (disproportionate — reasons recorded)"


class DisclosureMethod(models.TextChoices):
    EMAIL = "email", "Secure email"
    PORTAL = "portal", "Secure portal"
    POST = "post", "Recorded post"
    IN_PERSON = "in_person", "Collected in person"


class ReviewKind(models.TextChoices):
    INTERNAL_REVIEW = "internal_review", "Internal review"
    COMPLAINT = "complaint", "Complaint to the organisation (DPA 2018 s.164A)"
    ICO = "ico", "Complaint to the ICO"


class ClockStatus(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    STOPPED = "stopped", "Clock stopped"
    CLOSED = "closed", "Closed"
