"""Requests for personal data and the dated, audited steps taken to answer them.

The due date is never typed: ``due_on`` is computed by :func:`dpassure.rules.sar.sar_due_date`
in the services whenever a step that moves the clock is recorded, and stored only so that
lists of a million requests can be filtered by it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from dpassure.core.models import OrganisationOwned
from dpassure.rights.choices import (
    Channel,
    DisclosureMethod,
    Exemption,
    Outcome,
    Regime,
    Region,
    ReviewKind,
    Right,
    SearchResult,
)


class RightsRequest(OrganisationOwned):
    reference = models.CharField(max_length=20, editable=False)
    rights = models.CharField(
        max_length=200,
        help_text="The rights exercised, as space-separated codes (see Right).",
    )
    channel = models.CharField(max_length=20, choices=Channel.choices)
    regime = models.CharField(max_length=10, choices=Regime.choices, default=Regime.UK_GDPR)
    region = models.CharField(
        max_length=20, choices=Region.choices, default=Region.ENGLAND_AND_WALES
    )
    received_on = models.DateField("date received")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    requester_name = models.CharField(max_length=200)
    requester_email = models.EmailField(blank=True)
    requester_phone = models.CharField(max_length=40, blank=True)
    requester_address = models.TextField(blank=True)
    requester_words = models.TextField(
        "what they asked for",
        help_text="In their own words, especially for a request made by phone or in person.",
    )
    is_third_party = models.BooleanField("made on someone else's behalf", default=False)
    data_subject_name = models.CharField("data subject", max_length=200, blank=True)
    authority = models.TextField(
        "authority to act",
        blank=True,
        help_text="For example: signed consent from the data subject, lasting power of "
        "attorney, solicitor's letter of authority.",
    )
    identity_requested_on = models.DateField(null=True, blank=True)
    identity_confirmed_on = models.DateField(null=True, blank=True)
    fee_requested_on = models.DateField(null=True, blank=True)
    fee_received_on = models.DateField(null=True, blank=True)
    extended = models.BooleanField(default=False)
    extension_reasons = models.TextField(blank=True)
    extension_notified_on = models.DateField(
        "requester told of extension on", null=True, blank=True
    )
    due_on = models.DateField(null=True, blank=True, editable=False)
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "request for personal data"
        verbose_name_plural = "requests for personal data"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="rights_request_unique_reference"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("received_on")),
                name="rights_request_closed_after_received",
                violation_error_message="A request cannot be closed before it was received.",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "-received_on", "-id"]),
            models.Index(fields=["organisation", "due_on"]),
            models.Index(fields=["organisation", "closed_on"]),
            # The work lists (bench/rights.py): open requests, and those closed late, in list order.
            models.Index(
                fields=["organisation", "-received_on", "-id", "due_on"],
                condition=Q(closed_on__isnull=True, archived_at__isnull=True),
                name="rr_open_work_idx",
            ),
            models.Index(
                fields=["organisation", "-received_on", "-id"],
                condition=Q(closed_on__gt=models.F("due_on"), archived_at__isnull=True),
                name="rr_closed_late_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or "New request"

    def get_absolute_url(self) -> str:
        return reverse(
            "rights:rightsrequest-detail",
            kwargs={"org_slug": self.organisation.slug, "pk": self.pk},
        )

    @property
    def right_codes(self) -> list[str]:
        return self.rights.split()

    @property
    def rights_display(self) -> str:
        labels = dict(Right.choices)
        return "; ".join(labels.get(code, code) for code in self.right_codes)

    @property
    def rights_short(self) -> str:
        labels = {value: label.split(" (")[0] for value, label in Right.choices}
        return ", ".join(labels.get(code, code) for code in self.right_codes)

    def clean(self):
        errors = {}
        unknown = [code for code in self.right_codes if code not in Right.values]
        if not self.right_codes:
            errors["rights"] = "Select at least one right."
        elif unknown:
            errors["rights"] = f"Unknown right: {', '.join(unknown)}."
        if self.is_third_party and not self.authority.strip():
            errors["authority"] = (
                "Record the authority the requester has to act for the data subject."
            )
        if self.is_third_party and not self.data_subject_name.strip():
            errors["data_subject_name"] = "Enter the name of the person the request is about."
        received = self.received_on
        if received and received.year < 1990:
            errors["received_on"] = "Enter a date after 1 January 1990."
        for field, label in [
            ("identity_requested_on", "Identity can only be asked for"),
            ("identity_confirmed_on", "Identity can only be confirmed"),
            ("fee_requested_on", "A fee can only be asked for"),
            ("fee_received_on", "A fee can only be received"),
            ("extension_notified_on", "The requester can only be told of an extension"),
            ("closed_on", "A request can only be closed"),
        ]:
            value = getattr(self, field)
            if received and value and value < received:
                errors[field] = f"{label} on or after the date the request was received."
        if self.identity_confirmed_on and self.identity_requested_on:
            if self.identity_confirmed_on < self.identity_requested_on:
                errors["identity_confirmed_on"] = (
                    "Identity cannot be confirmed before it was asked for."
                )
        if self.fee_received_on and self.fee_requested_on:
            if self.fee_received_on < self.fee_requested_on:
                errors["fee_received_on"] = "A fee cannot be received before it was asked for."
        if self.extended and not self.extension_reasons.strip():
            errors["extension_reasons"] = "Give the reasons for the extension."
        if self.closed_on and not self.outcome:
            errors["outcome"] = "Choose the outcome of the request."
        if self.outcome and not self.closed_on:
            errors["closed_on"] = "Enter the date the request was closed."
        if errors:
            raise ValidationError(errors)


class RequestStep(OrganisationOwned):
    """A dated step recorded against a request; each kind adds its own fields."""

    request = models.ForeignKey(RightsRequest, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return self.request.get_absolute_url()

    def clean(self):
        if self.request_id and self.organisation_id:
            if self.request.organisation_id != self.organisation_id:
                raise ValidationError({"request": "Choose a request of this organisation."})

    def _not_before_receipt(self, field: str, label: str) -> dict:
        value = getattr(self, field)
        if self.request_id and value and value < self.request.received_on:
            return {field: f"{label} cannot be before the request was received."}
        return {}


class Clarification(RequestStep):
    """A question to the requester about what they want. It stops the clock until answered
    (UK GDPR Art 12A(4); DPA 2018 s.54(3C))."""

    request = models.ForeignKey(
        RightsRequest, on_delete=models.PROTECT, related_name="clarifications"
    )
    asked_on = models.DateField()
    question = models.TextField()
    answered_on = models.DateField(null=True, blank=True)
    answer = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["asked_on", "id"]

    def __str__(self) -> str:
        return f"Clarification asked {self.asked_on:%-d %B %Y}"

    def clean(self):
        super().clean()
        errors = self._not_before_receipt("asked_on", "A clarification")
        if self.answered_on and self.asked_on and self.answered_on < self.asked_on:
            errors["answered_on"] = "The answer cannot come before the question was asked."
        if errors:
            raise ValidationError(errors)


class Search(RequestStep):
    """Where the organisation looked: the evidence of a reasonable and proportionate search
    (UK GDPR Art 15(1A), inserted by the Data (Use and Access) Act 2025 s.78)."""

    request = models.ForeignKey(RightsRequest, on_delete=models.PROTECT, related_name="searches")
    searched = models.CharField("system or location searched", max_length=200)
    searched_by = models.CharField(max_length=200)
    searched_on = models.DateField()
    result = models.CharField(max_length=20, choices=SearchResult.choices)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["searched_on", "id"]
        verbose_name_plural = "searches"

    def __str__(self) -> str:
        return f"Search of {self.searched}"

    def clean(self):
        super().clean()
        errors = self._not_before_receipt("searched_on", "A search")
        if self.result == SearchResult.NOT_SEARCHED and not self.notes.strip():
            errors["notes"] = "Record why searching here would be disproportionate."
        if errors:
            raise ValidationError(errors)


class ExemptionApplied(RequestStep):
    """An exemption or Part 3 restriction, with the reasons the ICO may ask to see
    (DPA 2018 s.45(6)–(7))."""

    request = models.ForeignKey(RightsRequest, on_delete=models.PROTECT, related_name="exemptions")
    exemption = models.CharField(max_length=20, choices=Exemption.choices)
    reasons = models.TextField()
    decided_by = models.CharField(max_length=200)
    decided_on = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["decided_on", "id"]
        verbose_name = "exemption or restriction"

    def __str__(self) -> str:
        return self.get_exemption_display()

    def clean(self):
        super().clean()
        errors = self._not_before_receipt("decided_on", "A decision")
        if errors:
            raise ValidationError(errors)


class Disclosure(RequestStep):
    request = models.ForeignKey(RightsRequest, on_delete=models.PROTECT, related_name="disclosures")
    disclosed_on = models.DateField()
    method = models.CharField(max_length=20, choices=DisclosureMethod.choices)
    pages = models.PositiveIntegerField(default=0)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["disclosed_on", "id"]

    def __str__(self) -> str:
        return f"Disclosure on {self.disclosed_on:%-d %B %Y}"

    def clean(self):
        super().clean()
        errors = self._not_before_receipt("disclosed_on", "A disclosure")
        if errors:
            raise ValidationError(errors)


class Review(RequestStep):
    """An internal review or complaint about how the request was handled."""

    request = models.ForeignKey(RightsRequest, on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField(max_length=20, choices=ReviewKind.choices)
    received_on = models.DateField()
    outcome = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} received {self.received_on:%-d %B %Y}"

    def clean(self):
        super().clean()
        errors = self._not_before_receipt("received_on", "A review")
        if self.closed_on and self.received_on and self.closed_on < self.received_on:
            errors["closed_on"] = "A review cannot close before it was received."
        if errors:
            raise ValidationError(errors)
