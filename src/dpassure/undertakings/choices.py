from django.db import models

from dpassure.rules.undertakings import UndertakingState, VerdictKind


class Legislation(models.TextChoices):
    DPA_1998 = "dpa_1998", "Data Protection Act 1998"
    DPA_2018 = "dpa_2018", "Data Protection Act 2018"
    UK_GDPR = "uk_gdpr", "UK GDPR"


class UndertakingStatus(models.TextChoices):
    DRAFT = UndertakingState.DRAFT.value, "Draft — not yet signed"
    IN_FORCE = UndertakingState.IN_FORCE.value, "In force"
    FOLLOWED_UP = UndertakingState.FOLLOWED_UP.value, "Followed up"
    REFERRED = UndertakingState.REFERRED.value, "Referred to enforcement"
    CLOSED = UndertakingState.CLOSED.value, "Closed"


class RequirementKind(models.TextChoices):
    ACTION = "action", "A step the organisation must take"
    DEADLINE = "deadline", "The deadline for all the steps"


class Method(models.TextChoices):
    DESK = "desk", "Desk-based review of documentary evidence"
    VISIT = "visit", "Visit"


class Verdict(models.TextChoices):
    IMPLEMENTED = VerdictKind.IMPLEMENTED.value, "Implemented"
    PARTLY_IMPLEMENTED = VerdictKind.PARTLY_IMPLEMENTED.value, "Partly implemented"
    NOT_IMPLEMENTED = VerdictKind.NOT_IMPLEMENTED.value, "Not implemented"
    NOT_EVIDENCED = VerdictKind.NOT_EVIDENCED.value, "Not evidenced"


VERDICT_COLOURS = {
    Verdict.IMPLEMENTED: "green",
    Verdict.PARTLY_IMPLEMENTED: "yellow",
    Verdict.NOT_IMPLEMENTED: "red",
    Verdict.NOT_EVIDENCED: "orange",
}

STATUS_COLOURS = {
    UndertakingStatus.DRAFT: "grey",
    UndertakingStatus.IN_FORCE: "blue",
    UndertakingStatus.FOLLOWED_UP: "green",
    UndertakingStatus.REFERRED: "red",
    UndertakingStatus.CLOSED: "grey",
}


class EnteredBy(models.TextChoices):
    SUBJECT = "subject", "The organisation"
    ASSESSOR = "assessor", "The assessor, from the documents received"
