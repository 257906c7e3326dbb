"""Undertakings, their numbered requirements, the organisation's action plan, and follow-ups.

Every row is owned by the assessor (``organisation``) and is about the organisation assessed
(``subject``): the assessor's members reach rows through ``Scope.rows``, the subject's members
through ``Scope.rows_about`` — and only the rows :mod:`.selectors` shows them (never draft
findings or internal notes). Due dates are never typed: services compute them with
:mod:`dpassure.rules.undertakings`. Issued reports are immutable.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from dpassure.core.documents import long_date
from dpassure.core.models import AboutSubject
from dpassure.undertakings.choices import (
    EnteredBy,
    Legislation,
    Method,
    RequirementKind,
    UndertakingStatus,
    Verdict,
)

ISSUED_REPORT_IMMUTABLE = (
    "An issued report cannot be changed or removed: it stands as it was issued. "
    "Change the follow-up and issue a new version instead."
)


def _url(name: str, row) -> str:
    return reverse(f"undertakings:{name}", kwargs={"org_slug": row.organisation.slug, "pk": row.pk})


class Undertaking(AboutSubject):
    title = models.CharField(
        max_length=200, help_text="A few words saying what it is about, for lists."
    )
    subject = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="organisation that gave the undertaking",
    )
    subject_short_name = models.CharField(
        "short name used in the report",
        max_length=20,
        blank=True,
        help_text="For example: WMP. Leave blank to use the full name throughout.",
    )
    enforcement_reference = models.CharField(max_length=40, blank=True)
    complaint_reference = models.CharField(max_length=40, blank=True)
    legislation = models.CharField(max_length=10, choices=Legislation.choices)
    signed_on = models.DateField(
        "date signed", null=True, blank=True, help_text="Leave blank while it is a draft."
    )
    signatory = models.CharField(
        max_length=200, blank=True, help_text="For example: Chief Constable."
    )
    background = models.TextField(blank=True, help_text="What led to the undertaking.")
    internal_notes = models.TextField(
        blank=True, help_text="Only your organisation sees these, never the organisation."
    )
    closed_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20,
        choices=UndertakingStatus.choices,
        default=UndertakingStatus.DRAFT,
        editable=False,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-signed_on", "-id"]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["subject", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return _url("undertaking-detail", self)

    @property
    def references(self) -> str:
        return ", ".join(r for r in (self.enforcement_reference, self.complaint_reference) if r)

    @property
    def subject_name(self) -> str:
        return self.subject_short_name or self.subject.name

    def clean(self):
        errors = {}
        if self.subject_id and self.subject_id == self.organisation_id:
            errors["subject"] = "An organisation cannot give an undertaking to itself."
        if self.closed_on and not self.signed_on:
            errors["closed_on"] = "An undertaking cannot be closed before it is signed."
        elif self.closed_on and self.closed_on < self.signed_on:
            errors["closed_on"] = "It cannot be closed before it was signed."
        if errors:
            raise ValidationError(errors)


class UndertakingPart(AboutSubject):
    """A row that belongs to one undertaking, owned and about the same organisations."""

    class Meta:
        abstract = True

    def clean(self):
        undertaking = self.parent_undertaking
        if undertaking is not None and self.organisation_id:
            if undertaking.organisation_id != self.organisation_id:
                raise ValidationError("Choose an undertaking of this organisation.")


class Requirement(UndertakingPart):
    undertaking = models.ForeignKey(
        Undertaking, on_delete=models.PROTECT, related_name="requirements"
    )
    number = models.PositiveSmallIntegerField()
    text = models.TextField("what the organisation undertook to do")
    kind = models.CharField(
        max_length=10, choices=RequirementKind.choices, default=RequirementKind.ACTION
    )
    deadline_date = models.DateField("deadline (a date)", null=True, blank=True)
    deadline_months = models.PositiveSmallIntegerField(
        "deadline (months after signing)",
        null=True,
        blank=True,
        help_text="For “within three months”, enter 3.",
    )
    due_on = models.DateField("due", null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["undertaking", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["undertaking", "number"],
                condition=models.Q(archived_at__isnull=True),
                name="requirement_unique_number",
                violation_error_message="This undertaking already has a requirement with "
                "this number.",
            )
        ]
        indexes = [models.Index(fields=["subject", "due_on"])]

    def __str__(self) -> str:
        return f"Requirement {self.number}"

    def get_absolute_url(self) -> str:
        return _url("requirement-detail", self)

    @property
    def parent_undertaking(self):
        return self.undertaking if self.undertaking_id else None

    @property
    def deadline_text(self) -> str:
        if self.deadline_months:
            months = self.deadline_months
            return f"Within {months} month{'s' if months != 1 else ''} of signing"
        return f"By {long_date(self.deadline_date)}" if self.deadline_date else ""


class ActionPlanStep(UndertakingPart):
    """What the organisation says it has done about one requirement, and its evidence."""

    requirement = models.ForeignKey(
        Requirement, on_delete=models.PROTECT, related_name="action_steps"
    )
    steps_taken = models.TextField()
    evidence_supplied = models.TextField(
        blank=True, help_text="The documents that show it, for example: the signed-off policy."
    )
    supplied_on = models.DateField("date")
    entered_by = models.CharField(max_length=10, choices=EnteredBy.choices, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["requirement", "supplied_on", "id"]
        verbose_name = "action plan step"

    def __str__(self) -> str:
        return f"{self.requirement}: step of {long_date(self.supplied_on)}"

    def get_absolute_url(self) -> str:
        return _url("actionplanstep-detail", self)

    @property
    def parent_undertaking(self):
        return self.requirement.undertaking if self.requirement_id else None


class FollowUp(UndertakingPart):
    undertaking = models.ForeignKey(
        Undertaking, on_delete=models.PROTECT, related_name="follow_ups"
    )
    assessed_on = models.DateField("date of the follow-up assessment")
    method = models.CharField(max_length=10, choices=Method.choices, default=Method.DESK)
    summary = models.TextField(
        blank=True,
        help_text="What the review showed overall. For example: some appropriate steps taken, "
        "further work needed.",
    )
    conclusion = models.TextField(blank=True)
    referred_to_enforcement = models.BooleanField("referred to enforcement", default=False)
    referred_on = models.DateField("date referred", null=True, blank=True)
    referral_note = models.TextField(blank=True)
    internal_notes = models.TextField(
        blank=True, help_text="Only your organisation sees these, never the organisation."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = "follow-up"

    def __str__(self) -> str:
        return f"Follow-up of {long_date(self.assessed_on)}" if self.assessed_on else "Follow-up"

    def get_absolute_url(self) -> str:
        return _url("followup-detail", self)

    @property
    def parent_undertaking(self):
        return self.undertaking if self.undertaking_id else None

    def clean(self):
        super().clean()
        errors = {}
        undertaking = self.parent_undertaking
        if undertaking is not None and self.assessed_on:
            if undertaking.signed_on is None:
                errors["assessed_on"] = (
                    "The undertaking has not been signed yet: record the date it was signed "
                    "before following it up."
                )
            elif self.assessed_on < undertaking.signed_on:
                errors["assessed_on"] = (
                    "A follow-up cannot be dated before the undertaking was signed on "
                    f"{long_date(undertaking.signed_on)}."
                )
        if self.referred_to_enforcement and not self.referred_on:
            errors["referred_on"] = "Enter the date it was referred to enforcement."
        if not self.referred_to_enforcement and self.referred_on:
            errors["referred_on"] = "It was not referred: leave the date blank."
        if self.referred_on and self.assessed_on and self.referred_on < self.assessed_on:
            errors["referred_on"] = "It cannot be referred before the follow-up assessment."
        if errors:
            raise ValidationError(errors)


class FollowUpPart(UndertakingPart):
    follow_up = models.ForeignKey(FollowUp, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    @property
    def parent_undertaking(self):
        return self.follow_up.undertaking if self.follow_up_id else None


def evidence_path(instance, filename: str) -> str:
    """Stored under a random name: the uploader's filename never reaches the file system."""
    import uuid

    return f"undertakings/evidence/{instance.organisation_id}/{uuid.uuid4().hex}"


class EvidenceItem(FollowUpPart):
    """A document reviewed in the follow-up; the file itself is optional."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.PROTECT, related_name="evidence")
    title = models.CharField(
        max_length=300,
        help_text="As the report lists it, for example: Data Protection Policy, dated 2016.",
    )
    received_on = models.DateField("date received", null=True, blank=True)
    file = models.FileField(upload_to=evidence_path, blank=True, editable=False)
    file_name = models.CharField(max_length=200, blank=True, editable=False)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    size = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["follow_up", "id"]
        verbose_name = "evidence reviewed"
        verbose_name_plural = "evidence reviewed"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return _url("evidenceitem-detail", self)


class RequirementVerdict(FollowUpPart):
    follow_up = models.ForeignKey(FollowUp, on_delete=models.PROTECT, related_name="verdicts")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="verdicts")
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    findings = models.TextField(
        help_text="Each line becomes a point in the report, under the requirement's text."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["follow_up", "requirement__number", "id"]
        verbose_name = "verdict"
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "requirement"],
                condition=models.Q(archived_at__isnull=True),
                name="verdict_one_per_requirement",
                violation_error_message="This follow-up already has a verdict on this "
                "requirement: change that one instead.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.requirement}: {self.get_verdict_display().lower()}"

    def get_absolute_url(self) -> str:
        return _url("requirementverdict-detail", self)

    def clean(self):
        super().clean()
        if self.requirement_id and self.follow_up_id:
            requirement, undertaking = self.requirement, self.follow_up.undertaking
            if requirement.undertaking_id != undertaking.pk:
                raise ValidationError(
                    {
                        "requirement": f"{requirement} belongs to another undertaking "
                        f"(“{requirement.undertaking}”): choose a requirement of "
                        f"“{undertaking}”."
                    }
                )


class SubsequentBreach(FollowUpPart):
    """A breach reported since the undertaking: from the organisation's incident register where
    it keeps one in DP Assure, or as the assessor recorded it."""

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.PROTECT, related_name="subsequent_breaches"
    )
    incident = models.ForeignKey(
        "incidents.Incident",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    description = models.TextField(blank=True)
    occurred_on = models.DateField("date reported", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["follow_up", "occurred_on", "id"]
        verbose_name = "breach since the undertaking"
        verbose_name_plural = "breaches since the undertaking"

    def __str__(self) -> str:
        if self.incident_id:
            return self.incident.reference
        return f"Breach reported {long_date(self.occurred_on)}" if self.occurred_on else "Breach"

    def get_absolute_url(self) -> str:
        return _url("subsequentbreach-detail", self)

    def clean(self):
        super().clean()
        if not self.incident_id:
            errors = {}
            if not self.description.strip():
                errors["description"] = "Describe the breach, or choose it from the incidents."
            if not self.occurred_on:
                errors["occurred_on"] = "Enter the date the breach was reported."
            if errors:
                raise ValidationError(errors)


class LiveSnapshot(UndertakingPart):
    """A register's figures as they stood at a moment, kept as evidence: columns and rows."""

    undertaking = models.ForeignKey(Undertaking, on_delete=models.PROTECT, related_name="+")
    follow_up = models.ForeignKey(
        FollowUp, null=True, blank=True, on_delete=models.PROTECT, related_name="snapshots"
    )
    requirement = models.ForeignKey(
        Requirement, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=300)
    taken_at = models.DateTimeField()
    source = models.TextField(help_text="Where the figures come from and how they were counted.")
    columns = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-taken_at", "-id"]
        verbose_name = "live snapshot"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return _url("livesnapshot-detail", self)

    @property
    def parent_undertaking(self):
        return self.undertaking if self.undertaking_id else None

    def clean(self):
        super().clean()
        columns, rows = self.columns, self.rows
        if (
            not isinstance(columns, list)
            or not columns
            or not all(isinstance(c, str) and c.strip() for c in columns)
        ):
            raise ValidationError({"columns": "Give the columns as a list of headings."})
        if not isinstance(rows, list) or not all(
            isinstance(r, list) and len(r) == len(columns) for r in rows
        ):
            raise ValidationError(
                {"rows": f"Give each row as a list of {len(columns)} values, one per column."}
            )
        if self.follow_up_id and self.follow_up.undertaking_id != self.undertaking_id:
            raise ValidationError({"follow_up": "Choose a follow-up of this undertaking."})
        if self.requirement_id and self.requirement.undertaking_id != self.undertaking_id:
            raise ValidationError({"requirement": "Choose a requirement of this undertaking."})


class IssuedReport(FollowUpPart):
    """One issued version of a follow-up report: the PDF and Word files exactly as issued."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.PROTECT, related_name="reports")
    undertaking = models.ForeignKey(Undertaking, on_delete=models.PROTECT, related_name="reports")
    version = models.PositiveIntegerField()
    issued_on = models.DateField("date issued")
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sha256 = models.CharField("SHA-256 of the PDF", max_length=64)
    docx_sha256 = models.CharField("SHA-256 of the Word document", max_length=64)
    pdf = models.BinaryField()
    docx = models.BinaryField()
    #: Requirement number → verdict as issued, so the organisation sees only issued findings.
    verdicts = models.JSONField(default=dict)
    history = HistoricalRecords(excluded_fields=["pdf", "docx"])

    class Meta:
        ordering = ["follow_up", "-version"]
        verbose_name = "issued report"
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "version"], name="issued_report_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"Follow-up report, version {self.version}, issued {long_date(self.issued_on)}"

    def get_absolute_url(self) -> str:
        return _url("issuedreport-detail", self)

    @property
    def filename_stem(self) -> str:
        return f"undertaking-follow-up-{self.issued_on:%Y-%m-%d}-v{self.version}"

    def save(self, *args, **kwargs):
        # The one guard nothing may go around: an issued report is never rewritten.
        if not self._state.adding:
            raise ValidationError(ISSUED_REPORT_IMMUTABLE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(ISSUED_REPORT_IMMUTABLE)
