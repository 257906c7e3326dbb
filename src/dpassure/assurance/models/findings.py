"""Findings per control, recommendations, the organisation's management responses, and the
assurance rating of each scope area (DOMAIN_RULES.md §9.2, §9.4–9.5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from dpassure.assurance.choices import AssuranceLevel, FindingKind, Priority, ResponseDecision
from dpassure.assurance.models.engagements import Engagement, EngagementPart, assessor_url


class Finding(EngagementPart):
    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT, related_name="findings")
    control = models.ForeignKey("assurance.Control", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=FindingKind.choices)
    text = models.TextField()
    evidence = models.ManyToManyField(
        "assurance.EngagementEvidence", blank=True, related_name="findings"
    )
    live_evidence = models.ManyToManyField(
        "assurance.LiveEvidence", blank=True, related_name="findings"
    )
    evidence_references = models.TextField(
        blank=True, help_text="Other evidence the finding rests on, for example a record seen."
    )
    history = HistoricalRecords(m2m_fields=[evidence, live_evidence])

    class Meta:
        ordering = ["engagement", "control__identifier", "id"]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()}: {self.control.identifier}"
            if self.control_id
            else "Finding"
        )

    def get_absolute_url(self) -> str:
        return assessor_url("finding-detail", self)


class Recommendation(EngagementPart):
    engagement = models.ForeignKey(
        Engagement, on_delete=models.PROTECT, related_name="recommendations"
    )
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="recommendations")
    number = models.PositiveSmallIntegerField(editable=False)
    priority = models.CharField(max_length=10, choices=Priority.choices)
    text = models.TextField()
    owner = models.CharField(
        "owner at the organisation", max_length=200, blank=True, help_text="A role, e.g. the DPO."
    )
    target_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["engagement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "number"],
                name="recommendation_unique_number",
                violation_error_message="This engagement already has a recommendation with "
                "this number.",
            )
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.number}"

    def get_absolute_url(self) -> str:
        return assessor_url("recommendation-detail", self)


class ManagementResponse(EngagementPart):
    """The organisation's response to a recommendation, entered by its own users."""

    recommendation = models.OneToOneField(
        Recommendation, on_delete=models.PROTECT, related_name="management_response"
    )
    decision = models.CharField(max_length=20, choices=ResponseDecision.choices)
    action = models.TextField("action the organisation will take", blank=True)
    owner = models.CharField(max_length=200, blank=True)
    target_date = models.DateField("date", null=True, blank=True)
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
        ordering = ["recommendation__number"]
        verbose_name = "management response"

    def __str__(self) -> str:
        return f"Response to {self.recommendation}" if self.recommendation_id else "Response"

    @property
    def parent_engagement(self):
        return self.recommendation.engagement if self.recommendation_id else None


class ScopeRating(EngagementPart):
    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT, related_name="ratings")
    scope_area = models.ForeignKey(
        "assurance.ScopeArea", on_delete=models.PROTECT, related_name="+"
    )
    rating = models.CharField(max_length=20, choices=AssuranceLevel.choices)
    opinion = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["engagement", "scope_area__position"]
        verbose_name = "scope area rating"
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "scope_area"],
                name="scope_rating_one_per_area",
                violation_error_message="This scope area is already rated: change that rating.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope_area}: {self.get_rating_display()}" if self.scope_area_id else "Rating"
