"""Security incidents, near misses and personal data breaches; information security spot checks.

The 72-hour deadline and the risk are never typed: services compute them with
:mod:`dpassure.rules.breach` and store them only so lists can sort and filter on them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from dpassure.core.models import OrganisationOwned
from dpassure.incidents.choices import (
    Cause,
    IncidentStatus,
    IndividualsException,
    Involvement,
    LikelihoodChoice,
    Regime,
    RiskChoice,
    SecurityProperty,
    SeverityChoice,
)

EARLIEST_YEAR = 1990
INCIDENT_MOMENTS = (
    "occurred_at",
    "discovered_at",
    "aware_at",
    "reported_to_ico_at",
    "individuals_told_at",
    "closed_at",
)


class Incident(OrganisationOwned):
    reference = models.CharField(max_length=20, editable=False)
    is_near_miss = models.BooleanField(
        "near miss", default=False, help_text="Something that could have happened but did not."
    )
    what_happened = models.TextField()
    occurred_at = models.DateTimeField("when it happened")
    discovered_at = models.DateTimeField("when it was discovered")
    information_involved = models.TextField("what information was involved", blank=True)
    people_affected_estimate = models.PositiveIntegerField(
        "how many people might be affected", null=True, blank=True
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    status = models.CharField(
        max_length=20,
        choices=IncidentStatus.choices,
        default=IncidentStatus.REPORTED,
        editable=False,
    )
    # Triage by the information governance team.
    aware_at = models.DateTimeField(
        "when the organisation became aware",
        null=True,
        blank=True,
        help_text="When you had a reasonable degree of certainty that personal data was "
        "compromised. The 72 hours run from here.",
    )
    security_property = models.CharField(
        "what was lost", max_length=20, choices=SecurityProperty.choices, blank=True
    )
    cause = models.CharField(max_length=30, choices=Cause.choices, blank=True)
    department = models.ForeignKey(
        "organisations.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    containment = models.TextField("containment actions taken", blank=True)
    is_personal_data_breach = models.BooleanField(null=True, blank=True)
    # Breach assessment (UK GDPR Arts 33–34; DPA 2018 ss.67–68).
    regime = models.CharField(max_length=10, choices=Regime.choices, default=Regime.UK_GDPR)
    data_subject_categories = models.TextField("categories of people affected", blank=True)
    data_subjects_count = models.PositiveIntegerField(
        "approximate number of people", null=True, blank=True
    )
    records_count = models.PositiveIntegerField(
        "approximate number of records", null=True, blank=True
    )
    special_category = models.BooleanField(
        "special category or criminal offence data involved", default=False
    )
    likelihood = models.PositiveSmallIntegerField(
        choices=LikelihoodChoice.choices, null=True, blank=True
    )
    severity = models.PositiveSmallIntegerField(
        choices=SeverityChoice.choices, null=True, blank=True
    )
    risk = models.CharField(max_length=10, choices=RiskChoice.choices, blank=True, editable=False)
    report_to_ico = models.BooleanField("report to the ICO", null=True, blank=True)
    ico_decision_reasons = models.TextField("reasons for the ICO decision", blank=True)
    tell_individuals = models.BooleanField("tell the people affected", null=True, blank=True)
    individuals_exception = models.CharField(
        "why the people affected are not told",
        max_length=20,
        choices=IndividualsException.choices,
        blank=True,
    )
    individuals_decision_reasons = models.TextField(blank=True)
    dpo_advice = models.TextField("the DPO's advice", blank=True)
    individuals_told_at = models.DateTimeField(null=True, blank=True)
    # Notification to the ICO (Art 33(3); s.67(4)).
    report_due_at = models.DateTimeField(null=True, blank=True, editable=False)
    reported_to_ico_at = models.DateTimeField(null=True, blank=True)
    ico_reference = models.CharField("ICO reference", max_length=40, blank=True)
    delay_reason = models.TextField("reasons for reporting after 72 hours", blank=True)
    likely_consequences = models.TextField(blank=True)
    measures_taken = models.TextField("measures taken or proposed", blank=True)
    contact_point = models.CharField("DPO or other contact point", max_length=200, blank=True)
    # Learning.
    root_cause = models.TextField(blank=True)
    lessons_learned = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-discovered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="incident_unique_reference"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "-discovered_at", "-id"]),
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["organisation", "report_due_at"]),
            # "Reported to the ICO after 72 hours" compares two columns (bench/incidents.py).
            models.Index(
                fields=["organisation", "-discovered_at", "-id"],
                condition=models.Q(
                    archived_at__isnull=True,
                    reported_to_ico_at__isnull=False,
                    reported_to_ico_at__gt=models.F("report_due_at"),
                ),
                name="incident_reported_late_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or "New incident"

    def get_absolute_url(self) -> str:
        return reverse(
            "incidents:incident-detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk}
        )

    @property
    def clock_starts_at(self):
        """The 72 hours run from awareness; until triage, from discovery (the earlier moment)."""
        return self.aware_at or self.discovered_at

    def clean(self):
        errors = {
            name: "Enter a date after 1 January 1990."
            for name in INCIDENT_MOMENTS
            if getattr(self, name) and getattr(self, name).year < EARLIEST_YEAR
        }
        if self.occurred_at and self.discovered_at and self.discovered_at < self.occurred_at:
            errors["discovered_at"] = "It cannot have been discovered before it happened."
        if self.aware_at and self.discovered_at and self.aware_at < self.discovered_at:
            errors["aware_at"] = (
                "The organisation cannot have become aware before it was discovered."
            )
        if self.reported_to_ico_at:
            if self.aware_at and self.reported_to_ico_at < self.aware_at:
                errors["reported_to_ico_at"] = (
                    "It cannot have been reported before you became aware."
                )
            if not self.ico_reference.strip():
                errors["ico_reference"] = "Enter the reference the ICO gave the report."
        if self.individuals_told_at and self.aware_at and self.individuals_told_at < self.aware_at:
            errors["individuals_told_at"] = "People cannot have been told before you became aware."
        if (
            self.tell_individuals is False
            and self.risk == RiskChoice.HIGH
            and not self.individuals_exception
        ):
            errors["individuals_exception"] = (
                "The risk is high: choose the exception that means people are not told."
            )
        if self.report_to_ico is not None and not self.ico_decision_reasons.strip():
            errors["ico_decision_reasons"] = "Record the reasons for the decision."
        if errors:
            raise ValidationError(errors)


class IncidentStep(OrganisationOwned):
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return self.incident.get_absolute_url()

    def clean(self):
        if self.incident_id and self.organisation_id:
            if self.incident.organisation_id != self.organisation_id:
                raise ValidationError({"incident": "Choose an incident of this organisation."})


class IcoUpdate(IncidentStep):
    """Information sent to the ICO in phases after the first report (Art 33(4); s.67(5))."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="ico_updates")
    sent_at = models.DateTimeField()
    summary = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["sent_at", "id"]
        verbose_name = "update to the ICO"

    def __str__(self) -> str:
        return f"Update sent {self.sent_at:%-d %B %Y}"


class InvolvedPerson(IncidentStep):
    """Someone in the staff directory involved in an incident, so training gaps can show."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="people_involved")
    person = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    involvement = models.CharField(max_length=20, choices=Involvement.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = "person involved"
        verbose_name_plural = "people involved"

    def __str__(self) -> str:
        return f"{self.person} ({self.get_involvement_display().lower()})"

    def clean(self):
        super().clean()
        if (
            self.person_id
            and self.organisation_id
            and self.person.organisation_id != self.organisation_id
        ):
            raise ValidationError({"person": "Choose a person of this organisation."})


class SpotCheckTemplate(OrganisationOwned):
    """A checklist the organisation keeps for information security spot checks."""

    name = models.CharField(max_length=150)
    items = models.TextField(help_text="One item to check on each line.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "spot check checklist"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "incidents:spotchecktemplate-detail",
            kwargs={"org_slug": self.organisation.slug, "pk": self.pk},
        )

    @property
    def item_list(self) -> list[str]:
        return [line.strip() for line in self.items.splitlines() if line.strip()]


class SpotCheck(OrganisationOwned):
    template = models.ForeignKey(SpotCheckTemplate, on_delete=models.PROTECT, related_name="checks")
    department = models.ForeignKey(
        "organisations.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    location = models.CharField(max_length=200, blank=True)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    done_by = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "spot check"
        indexes = [models.Index(fields=["organisation", "due_on"])]

    def __str__(self) -> str:
        return f"{self.template} — due {self.due_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse(
            "incidents:spotcheck-detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk}
        )


class SpotCheckResult(OrganisationOwned):
    spot_check = models.ForeignKey(SpotCheck, on_delete=models.PROTECT, related_name="results")
    item = models.CharField(max_length=300)
    passed = models.BooleanField()
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.item}: {'pass' if self.passed else 'fail'}"

    def get_absolute_url(self) -> str:
        return self.spot_check.get_absolute_url()


class Action(OrganisationOwned):
    """Something someone must do after an incident or a failed spot check."""

    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    spot_check = models.ForeignKey(
        SpotCheck, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    description = models.TextField()
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["organisation", "due_on"])]

    def __str__(self) -> str:
        return self.description[:60]

    def get_absolute_url(self) -> str:
        return reverse(
            "incidents:action-detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk}
        )

    def clean(self):
        if (self.incident_id is None) == (self.spot_check_id is None):
            raise ValidationError("An action follows either an incident or a spot check.")
