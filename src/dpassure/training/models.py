"""Courses, per-person training records and the organisation's training policy.

The undertaking follow-up (seeds/001, point 6) found a force that could report completion
only per department, "no dates … no percentage pass rate known or recorded". Every record
here is one person's result: the course, the date, the score, pass or fail, where it came from.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from dpassure.core.models import OrganisationOwned
from dpassure.organisations.models import ImportStatus
from dpassure.rules import training as rules
from dpassure.training.choices import Audience, CourseKind, Provider, RecordSource

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class TrainingPolicy(OrganisationOwned):
    """The organisation's training parameters; the defaults are the seed's policy (rules)."""

    new_starter_grace_days = models.PositiveSmallIntegerField(
        "grace period for new starters (days)",
        default=rules.DEFAULT_POLICY.new_starter_grace_days,
        help_text="0 means the course must be passed before system access (policy 9.1).",
    )
    refresher_months = models.PositiveSmallIntegerField(
        "refresher interval (months)",
        default=rules.DEFAULT_POLICY.refresher_months,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="How long a pass stays in date unless the course sets its own period.",
    )
    break_threshold_months = models.PositiveSmallIntegerField(
        "break in service threshold (months)",
        default=rules.DEFAULT_POLICY.break_threshold_months,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="After a break longer than this, the training must be repeated (policy 9.6).",
    )
    due_soon_days = models.PositiveSmallIntegerField(
        "due soon window (days)",
        default=rules.DEFAULT_POLICY.due_soon_days,
        validators=[MaxValueValidator(365)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "training policy"
        verbose_name_plural = "training policies"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                name="training_policy_one_per_organisation",
                violation_error_message="This organisation already has a training policy.",
            )
        ]

    def __str__(self) -> str:
        return "Training policy"

    def get_absolute_url(self) -> str:
        return reverse("training:policy", kwargs={"org_slug": self.organisation.slug})

    def as_rule(self) -> rules.TrainingPolicy:
        return rules.TrainingPolicy(
            new_starter_grace_days=self.new_starter_grace_days,
            refresher_months=self.refresher_months,
            break_threshold_months=self.break_threshold_months,
            due_soon_days=self.due_soon_days,
        )


class Course(OrganisationOwned):
    """A course people must (or may) take, and who must take it."""

    code = models.CharField(max_length=40, help_text="The code the learning platform uses.")
    title = models.CharField(max_length=200)
    provider = models.CharField(max_length=20, choices=Provider.choices, default=Provider.NATIONAL)
    kind = models.CharField(max_length=20, choices=CourseKind.choices)
    pass_mark = models.DecimalField(
        "pass mark (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
        help_text="Leave blank if the course has no test.",
    )
    validity_months = models.PositiveSmallIntegerField(
        "validity period (months)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(120)],
        help_text="Leave blank to use the refresher interval of the training policy; "
        "0 means taken once.",
    )
    audience = models.CharField(
        "who must take it", max_length=20, choices=Audience.choices, default=Audience.EVERYONE
    )
    departments = models.ManyToManyField(
        "organisations.Department",
        blank=True,
        related_name="+",
        help_text="Everyone in these departments and the departments inside them.",
    )
    job_titles = models.TextField(
        "roles or ranks",
        blank=True,
        help_text="One per line, as they appear in the HR extract.",
    )
    gates_access = models.BooleanField(
        "gates system access",
        default=False,
        help_text="People without an in-date pass must not have access to systems.",
    )
    history = HistoricalRecords(m2m_fields=[departments])

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"],
                condition=Q(archived_at__isnull=True),
                name="course_unique_code",
                violation_error_message="A course with this code already exists.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "training:course-detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk}
        )

    @property
    def job_title_list(self) -> list[str]:
        return [line.strip() for line in self.job_titles.splitlines() if line.strip()]


class TrainingRecord(OrganisationOwned):
    """One person's result on one course on one day.

    Pass or fail comes from the score and the course's pass mark where both are known
    (:func:`dpassure.rules.training.passed`), otherwise from the source. Records are never
    overwritten by later results: a later failure is another record, so an earlier pass stays.
    Imported records name their import, which records who imported which file and when;
    records entered or corrected by hand are in the audit trail.

    A million rows arrive in one import, and every index is written for every row, so the
    single-column indexes Django would add for each foreign key are left out where a composite
    index leads with the same column (organisation, person) or nothing looks rows up by it
    (course — reports go through the organisation's index —, entered_by, archived_by).
    bench/training_import.py measures the import.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,
    )
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        db_index=False,
    )
    person = models.ForeignKey(
        "organisations.Person",
        on_delete=models.PROTECT,
        related_name="training_records",
        db_index=False,
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="records", db_index=False
    )
    completed_on = models.DateField("completion date")
    score = models.DecimalField(
        "score (%)", max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT
    )
    passed = models.BooleanField(default=True)
    source = models.CharField(
        max_length=20, choices=RecordSource.choices, default=RecordSource.ENTERED, editable=False
    )
    training_import = models.ForeignKey(
        "training.TrainingImport",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
        editable=False,
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        db_index=False,
    )
    certificate_reference = models.CharField(max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-completed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "course", "completed_on"],
                name="training_record_one_per_day",
                violation_error_message="This person already has a result for this course "
                "on this date.",
            )
        ]
        indexes = [
            models.Index(
                fields=["course", "person", "completed_on"],
                condition=Q(passed=True, archived_at__isnull=True),
                name="training_pass_by_person",
            ),
            models.Index(fields=["organisation", "course", "completed_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.course.code} on {self.completed_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse(
            "training:trainingrecord-detail",
            kwargs={"org_slug": self.organisation.slug, "pk": self.pk},
        )

    def clean(self):
        if self.organisation_id:
            for name in ("person", "course"):
                related = getattr(self, name, None) if getattr(self, f"{name}_id") else None
                if related is not None and related.organisation_id != self.organisation_id:
                    raise ValidationError({name: f"Choose a {name} of this organisation."})


class TrainingImport(OrganisationOwned):
    """One upload of a completion export from a learning platform: the file, how its columns
    map, and the data-quality report that checking it produced.

    The file is kept in storage (not in the database) and read as a stream, so an export of a
    million rows never sits in memory. Once the import is done the file is deleted; its
    SHA-256 stays, so the same file uploaded again is recognised.
    """

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    source = models.CharField(
        max_length=40, default="lms", help_text='The kind of file, for example "lms".'
    )
    filename = models.CharField(max_length=255)
    file = models.FileField(upload_to="imports/training/%Y/%m/", blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    encoding = models.CharField(
        max_length=20, blank=True, help_text="How a CSV file is read: utf-8-sig or cp1252."
    )
    problems_file = models.FileField(
        upload_to="imports/training/problems/%Y/%m/",
        blank=True,
        help_text="Every problem the check found, as CSV (the report keeps the first ones).",
    )
    headers = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    new_count = models.PositiveIntegerField("new records", default=0)
    unchanged_count = models.PositiveIntegerField("already imported", default=0)
    problem_count = models.PositiveIntegerField("rows with problems", default=0)
    report = models.JSONField(
        default=dict, blank=True, help_text="The data-quality report: problems by kind."
    )
    commit_clean_rows = models.BooleanField(
        default=False, help_text="Import the clean rows and leave the listed problems out."
    )
    failure_message = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["report"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "training import"

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse(
            "training:trainingimport-detail",
            kwargs={"org_slug": self.organisation.slug, "pk": self.pk},
        )


class ReminderRun(OrganisationOwned):
    """Reminder emails for one course to people due soon or overdue (and their managers):
    previewed, then sent in the background. The counts are what was sent."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="reminder_runs")
    as_of = models.DateField("people due or overdue on")
    include_managers = models.BooleanField("copy line managers", default=True)
    status = models.CharField(
        max_length=20,
        choices=[("draft", "Preview"), ("sending", "Sending"), ("sent", "Sent")],
        default="draft",
    )
    recipient_count = models.PositiveIntegerField(default=0)
    sent_count = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "training reminder"

    def __str__(self) -> str:
        return f"Reminders for {self.course.code} on {self.as_of:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse(
            "training:reminderrun-detail",
            kwargs={"org_slug": self.organisation.slug, "pk": self.pk},
        )
