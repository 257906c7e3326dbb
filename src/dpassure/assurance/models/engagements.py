"""Sector projects, the organisations they invite, and engagements with one organisation.

Every row is owned by the assessor (``organisation``) and is about the organisation assessed
(``subject``), the pattern of :class:`dpassure.core.models.AboutSubject`: the assessor's
members reach rows through ``Scope.rows``; the subject's members through ``Scope.rows_about``,
and only what :mod:`dpassure.assurance.selectors` shows them (never interviews or notes).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from dpassure.assurance.choices import (
    AssuranceLevel,
    EngagementKind,
    InvitationResponse,
    Stage,
)
from dpassure.core.models import AboutSubject, OrganisationOwned


def assessor_url(name: str, row) -> str:
    return reverse(f"assurance:{name}", kwargs={"org_slug": row.organisation.slug, "pk": row.pk})


class SectorProject(OrganisationOwned):
    """A project across a sector: one framework, its scope areas, many organisations invited."""

    title = models.CharField(max_length=200)
    framework = models.ForeignKey("assurance.Framework", on_delete=models.PROTECT, related_name="+")
    scope_areas = models.ManyToManyField("assurance.ScopeArea", blank=True, related_name="+")
    description = models.TextField(blank=True)
    starts_on = models.DateField("project starts")
    invitations_sent_on = models.DateField(null=True, blank=True)
    survey_closes_on = models.DateField("surveys due back", null=True, blank=True)
    fieldwork_from = models.DateField("visits and teleconferences from", null=True, blank=True)
    fieldwork_to = models.DateField("visits and teleconferences to", null=True, blank=True)
    report_due_on = models.DateField("overview report due", null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[scope_areas])

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = "sector project"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return assessor_url("sectorproject-detail", self)

    def clean(self):
        errors = {}
        later = [
            ("invitations_sent_on", self.invitations_sent_on),
            ("survey_closes_on", self.survey_closes_on),
            ("fieldwork_from", self.fieldwork_from),
            ("fieldwork_to", self.fieldwork_to),
            ("report_due_on", self.report_due_on),
            ("completed_on", self.completed_on),
        ]
        if self.starts_on:
            for name, value in later:
                if value and value < self.starts_on:
                    errors[name] = "This cannot be before the project starts."
        if self.fieldwork_from and self.fieldwork_to and self.fieldwork_to < self.fieldwork_from:
            errors["fieldwork_to"] = "The end of fieldwork cannot be before its start."
        if errors:
            raise ValidationError(errors)


class ProjectInvitation(AboutSubject):
    """One organisation invited to a sector project, and what it answered."""

    project = models.ForeignKey(SectorProject, on_delete=models.PROTECT, related_name="invitations")
    subject = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="organisation invited",
    )
    invited_on = models.DateField()
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    response = models.CharField(
        max_length=20, choices=InvitationResponse.choices, default=InvitationResponse.NO_RESPONSE
    )
    responded_on = models.DateField(null=True, blank=True)
    preferred_kind = models.CharField(
        "engagement preferred", max_length=30, choices=EngagementKind.choices, blank=True
    )
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "subject__name", "id"]
        verbose_name = "invitation"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "subject"],
                condition=models.Q(archived_at__isnull=True),
                name="invitation_one_per_organisation",
                violation_error_message="This organisation has already been invited to this "
                "project.",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.subject}" if self.subject_id else "Invitation"

    def get_absolute_url(self) -> str:
        return assessor_url("projectinvitation-detail", self)


class Engagement(AboutSubject):
    """An assessor's engagement with one organisation, from invitation to follow-up."""

    title = models.CharField(max_length=200)
    subject = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="organisation assessed",
    )
    project = models.ForeignKey(
        SectorProject,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="engagements",
        verbose_name="sector project",
    )
    framework = models.ForeignKey("assurance.Framework", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=EngagementKind.choices)
    scope_areas = models.ManyToManyField(
        "assurance.ScopeArea", blank=True, related_name="+", verbose_name="agreed scope areas"
    )
    assessors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    #: The engagement this one follows up (a follow-up grades its recommendations).
    follows_up = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups"
    )
    stage = models.CharField(
        max_length=30, choices=Stage.choices, default=Stage.INVITED, editable=False
    )
    subject_contact_name = models.CharField("organisation's contact", max_length=200, blank=True)
    subject_contact_email = models.EmailField("contact's email", blank=True)
    overall_rating = models.CharField(
        "overall assurance rating", max_length=20, choices=AssuranceLevel.choices, blank=True
    )
    overall_opinion = models.TextField(blank=True)
    internal_notes = models.TextField(
        blank=True, help_text="Only your organisation sees these, never the organisation."
    )
    history = HistoricalRecords(m2m_fields=[scope_areas, assessors])

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "stage"]),
            models.Index(fields=["subject", "stage"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return assessor_url("engagement-detail", self)

    def clean(self):
        errors = {}
        if self.subject_id and self.subject_id == self.organisation_id:
            errors["subject"] = "An organisation cannot assess itself in an engagement."
        if self.project_id and self.organisation_id:
            if self.project.organisation_id != self.organisation_id:
                errors["project"] = "Choose a project of this organisation."
            elif self.framework_id and self.project.framework_id != self.framework_id:
                errors["framework"] = "Use the project's framework."
        if self.follows_up_id:
            earlier = self.follows_up
            if earlier.organisation_id != self.organisation_id:
                errors["follows_up"] = "Choose an engagement of this organisation."
            elif self.subject_id and earlier.subject_id != self.subject_id:
                errors["follows_up"] = "Choose an earlier engagement with the same organisation."
            elif earlier.pk == self.pk:
                errors["follows_up"] = "An engagement cannot follow itself up."
        if errors:
            raise ValidationError(errors)


class EngagementPart(AboutSubject):
    """A row of one engagement, owned by and about the same organisations as the engagement."""

    class Meta:
        abstract = True

    @property
    def parent_engagement(self):
        engagement_id = getattr(self, "engagement_id", None)
        return self.engagement if engagement_id else None

    def clean(self):
        engagement = self.parent_engagement
        if engagement is not None and self.organisation_id:
            if engagement.organisation_id != self.organisation_id:
                raise ValidationError("Choose an engagement of this organisation.")


class EngagementStage(EngagementPart):
    """When an engagement entered one stage (each stage is dated once)."""

    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT, related_name="stages")
    stage = models.CharField(max_length=30, choices=Stage.choices)
    started_on = models.DateField()
    note = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["engagement", "started_on", "id"]
        verbose_name = "engagement stage"
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "stage"],
                name="engagement_stage_once",
                violation_error_message="The engagement has already been at this stage.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} from {self.started_on:%d/%m/%Y}"
