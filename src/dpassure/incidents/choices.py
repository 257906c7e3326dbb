from django.db import models

from dpassure.rules.breach import Exception34, Likelihood, Risk, Severity


class SecurityProperty(models.TextChoices):
    """Which property of the information was lost (the C-I-A triad, ICO breach guidance)."""

    CONFIDENTIALITY = "confidentiality", "Confidentiality (seen or sent to the wrong people)"
    INTEGRITY = "integrity", "Integrity (altered or corrupted)"
    AVAILABILITY = "availability", "Availability (lost or inaccessible)"


class Cause(models.TextChoices):
    WRONG_RECIPIENT = "wrong_recipient", "Sent to the wrong recipient"
    LOST_DEVICE = "lost_device", "Lost or stolen device"
    LOST_PAPERWORK = "lost_paperwork", "Lost or stolen paperwork"
    UNAUTHORISED_ACCESS = "unauthorised_access", "Unauthorised access or misuse of systems"
    CYBER_ATTACK = "cyber_attack", "Cyber attack (phishing, malware, ransomware)"
    SYSTEM_ERROR = "system_error", "System or software error"
    DISPOSAL_FAILURE = "disposal_failure", "Failure to dispose of information securely"
    PUBLICATION = "publication", "Published or disclosed in error"
    VERBAL = "verbal", "Verbal disclosure"
    OTHER = "other", "Other"


class Regime(models.TextChoices):
    UK_GDPR = "uk_gdpr", "UK GDPR (Art 33–34)"
    PART3 = "part3", "DPA 2018 Part 3 (ss.67–68)"


class LikelihoodChoice(models.IntegerChoices):
    """Values match :class:`dpassure.rules.breach.Likelihood`."""

    REMOTE = Likelihood.REMOTE.value, "Remote"
    POSSIBLE = Likelihood.POSSIBLE.value, "Possible"
    LIKELY = Likelihood.LIKELY.value, "Likely"
    ALMOST_CERTAIN = Likelihood.ALMOST_CERTAIN.value, "Almost certain"


class SeverityChoice(models.IntegerChoices):
    """Values match :class:`dpassure.rules.breach.Severity`."""

    MINIMAL = Severity.MINIMAL.value, "Minimal — inconvenience, quickly overcome"
    SIGNIFICANT = (
        Severity.SIGNIFICANT.value,
        "Significant — costs or distress, overcome with difficulty",
    )
    SERIOUS = (
        Severity.SERIOUS.value,
        "Serious — e.g. financial loss, discrimination, harm to reputation",
    )
    SEVERE = Severity.SEVERE.value, "Severe — irreversible, e.g. a threat to someone's safety"


class RiskChoice(models.TextChoices):
    NONE = Risk.NONE.value, "No risk"
    RISK = Risk.RISK.value, "Risk"
    HIGH = Risk.HIGH.value, "High risk"


class IndividualsException(models.TextChoices):
    UNINTELLIGIBLE = (
        Exception34.UNINTELLIGIBLE.value,
        "Art 34(3)(a) — the data was unintelligible (e.g. encrypted)",
    )
    RISK_NO_LONGER_LIKELY = (
        Exception34.RISK_NO_LONGER_LIKELY.value,
        "Art 34(3)(b) — later measures mean the high risk is no longer likely",
    )
    DISPROPORTIONATE = (
        Exception34.DISPROPORTIONATE.value,
        "Art 34(3)(c) — disproportionate effort: a public communication instead",
    )
    PART3_RESTRICTED = (
        Exception34.PART3_RESTRICTED.value,
        "DPA 2018 s.68(7) — communication restricted",
    )


class Involvement(models.TextChoices):
    CAUSED = "caused", "Caused or contributed to it"
    AFFECTED = "affected", "Affected by it"
    REPORTED = "reported", "Reported or witnessed it"


class IncidentStatus(models.TextChoices):
    REPORTED = "reported", "Reported — awaiting triage"
    TRIAGED = "triaged", "Triaged"
    ASSESSED = "assessed", "Breach assessed"
    CLOSED = "closed", "Closed"
