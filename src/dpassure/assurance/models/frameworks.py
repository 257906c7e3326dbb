"""Control frameworks, loaded from the YAML files in ``assurance/frameworks/``.

A framework is reference data shared by every assessor: it belongs to no organisation and is
changed only by loading a new version (``dpassure load-framework FILE``).
"""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from dpassure.assurance.choices import AnswerKind
from dpassure.core.models import TimeStamped


class Framework(TimeStamped):
    key = models.SlugField(max_length=80, help_text="Stable key, the same in every version.")
    version = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    source = models.TextField(help_text="Where the framework comes from.")
    description = models.TextField(blank=True)
    file_sha256 = models.CharField("SHA-256 of the file loaded", max_length=64, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "version"],
                name="framework_unique_version",
                violation_error_message="This version of this framework is already loaded.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class ScopeArea(TimeStamped):
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="scope_areas")
    key = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "key"],
                name="scope_area_unique_key",
                violation_error_message="This framework already has a scope area with this key.",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Control(TimeStamped):
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="controls")
    scope_area = models.ForeignKey(ScopeArea, on_delete=models.PROTECT, related_name="controls")
    identifier = models.CharField(max_length=30, help_text="For example: IG-01.")
    title = models.CharField(max_length=300)
    expectation = models.TextField(help_text="What a compliant organisation does.")
    guidance = models.TextField(blank=True)
    suggested_evidence = models.JSONField(
        default=list, blank=True, help_text="Documents or records that would show it."
    )
    #: The key of a figure the organisation's own DP Assure registers can supply, for example
    #: ``training.completion_by_department``; blank when none can.
    live_metric = models.CharField(max_length=80, blank=True)
    survey_question = models.TextField(
        blank=True, help_text="The question the survey asks about this control."
    )
    answer_kind = models.CharField(
        max_length=20, choices=AnswerKind.choices, default=AnswerKind.YES_PARTLY_NO
    )
    answer_choices = models.JSONField(default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    #: Controls of other frameworks this one meets (framework (a) onto the ICO framework (b)).
    mappings = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="mapped_from"
    )
    history = HistoricalRecords(m2m_fields=[mappings])

    class Meta:
        ordering = ["framework", "scope_area__position", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "identifier"],
                name="control_unique_identifier",
                violation_error_message="This framework already has a control with this "
                "identifier.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.identifier} {self.title}"
