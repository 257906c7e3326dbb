"""Organisations, their departments, people (the staff directory) and memberships."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from dpassure.core.models import OrganisationOwned, TimeStamped
from dpassure.core.roles import Role
from dpassure.organisations.choices import PUBLIC_REQUEST_KINDS, BodyType, OrganisationKind


class Organisation(TimeStamped):
    """A controller or an assessor: an OPCC, a force, a regulator, an internal audit team.

    Policing bodies change (PCCs are to be abolished in 2028, DOMAIN_RULES.md §11), so an
    organisation has a validity period and may name its successor.
    """

    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    ico_registration_number = models.CharField("ICO registration number", max_length=20, blank=True)
    force_area = models.CharField(max_length=100, blank=True)
    body_type = models.CharField(max_length=40, choices=BodyType.choices, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    successor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="predecessors"
    )
    is_demo = models.BooleanField(default=False, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="organisation_valid_to_after_from",
                violation_error_message="The end of validity cannot be before its start.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:home", kwargs={"org_slug": self.slug})

    @property
    def has_public_request_page(self) -> bool:
        return self.kind in PUBLIC_REQUEST_KINDS

    def clean(self):
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": "An organisation cannot succeed itself."})


class Department(OrganisationOwned):
    """A department, unit or team. Departments nest: a unit sits inside a directorate."""

    name = models.CharField(max_length=150)
    code = models.CharField(max_length=30, blank=True, help_text="The code used in HR extracts.")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="part of",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                condition=Q(archived_at__isnull=True),
                name="department_unique_name",
                violation_error_message="A department with this name already exists.",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "organisations:department-detail",
            kwargs={"org_slug": self.organisation.slug, "pk": self.pk},
        )

    def clean(self):
        if self.parent_id is None:
            return
        if self.organisation_id and self.parent.organisation_id != self.organisation_id:
            raise ValidationError({"parent": "Choose a department of this organisation."})
        seen, node = set(), self.parent
        while node is not None:
            if node.pk == self.pk or node.pk in seen:
                raise ValidationError({"parent": "A department cannot be part of itself."})
            seen.add(node.pk)
            node = node.parent


class Person(OrganisationOwned):
    """Someone in the staff directory: officers, staff, volunteers, contractors."""

    employee_number = models.CharField(max_length=30)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    job_title = models.CharField("job title or rank", max_length=150, blank=True)
    line_manager = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        help_text="Copied into training reminders.",
    )
    start_date = models.DateField()
    leaving_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "employee_number"],
                name="person_unique_employee_number",
                violation_error_message="Someone in this organisation already has this "
                "employee number.",
            ),
            models.CheckConstraint(
                condition=Q(leaving_date__isnull=True)
                | Q(leaving_date__gte=models.F("start_date")),
                name="person_leaving_after_start",
                violation_error_message="The leaving date cannot be before the start date.",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "last_name", "first_name", "id"]),
            models.Index(fields=["organisation", "department", "last_name"]),
            models.Index(fields=["organisation", "start_date"]),
            models.Index(fields=["organisation", "email"]),
            # The training reports read everyone's department and dates in id order (to
            # merge with each person's latest pass); on PostgreSQL from this index alone.
            models.Index(
                fields=["organisation", "id"],
                include=["department", "start_date", "leaving_date", "archived_at"],
                name="person_service_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return str(self)

    def get_absolute_url(self) -> str:
        return reverse(
            "organisations:person-detail",
            kwargs={"org_slug": self.organisation.slug, "pk": self.pk},
        )

    def clean(self):
        if self.department_id and self.organisation_id:
            if self.department.organisation_id != self.organisation_id:
                raise ValidationError({"department": "Choose a department of this organisation."})
        if self.line_manager_id and self.organisation_id:
            if self.line_manager.organisation_id != self.organisation_id:
                raise ValidationError({"line_manager": "Choose a person of this organisation."})
            if self.line_manager_id == self.pk:
                raise ValidationError({"line_manager": "A person cannot be their own manager."})


class ServiceBreak(OrganisationOwned):
    """A break in someone's service: career break, secondment out, leaving and re-joining."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="service_breaks")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="Leave blank if still away.")
    reason = models.CharField(max_length=200, blank=True)
    returned_in_different_role = models.BooleanField(
        "re-joined in a different role",
        default=False,
        help_text="Someone who re-joins in a different role repeats their mandatory training.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="service_break_end_after_start",
                violation_error_message="A break cannot end before it starts.",
            )
        ]

    def __str__(self) -> str:
        end = self.end_date.isoformat() if self.end_date else "ongoing"
        return f"Break from {self.start_date.isoformat()} to {end}"

    def get_absolute_url(self) -> str:
        return self.person.get_absolute_url()

    def clean(self):
        if self.person_id and self.organisation_id:
            if self.person.organisation_id != self.organisation_id:
                raise ValidationError({"person": "Choose a person of this organisation."})
            if self.start_date and self.start_date < self.person.start_date:
                raise ValidationError(
                    {"start_date": "A break cannot start before the person started."}
                )


class Membership(OrganisationOwned):
    """A user's role in an organisation. A user may belong to several organisations."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="This user's entry in the staff directory, if they have one.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__username"]
        verbose_name = "member"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(archived_at__isnull=True),
                name="membership_unique_user",
                violation_error_message="This user is already a member of this organisation.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"

    def get_absolute_url(self) -> str:
        return reverse(
            "organisations:membership-detail",
            kwargs={"org_slug": self.organisation.slug, "pk": self.pk},
        )


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "Uploaded"
    CHECKING = "checking", "Checking"
    CHECKED = "checked", "Checked"
    IMPORTING = "importing", "Importing"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class PeopleImport(OrganisationOwned):
    """One upload of an HR extract: the file, how its columns map, what checking it found.

    Before the import runs the counts are what it will do; once done, what it did. The file
    and the preview of its first rows are kept out of the audit trail (the file may hold
    columns DP Assure does not import) and are emptied once the import is done.
    """

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    filename = models.CharField(max_length=255)
    content = models.BinaryField(blank=True)
    headers = models.JSONField(default=list, blank=True, help_text="The file's column headers.")
    mapping = models.JSONField(
        default=dict, blank=True, help_text="Field name to the column header that fills it."
    )
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(
        default=list, blank=True, help_text="Problems found, each with row, column and message."
    )
    preview = models.JSONField(
        default=list, blank=True, help_text="The first rows as the mapping reads them."
    )
    failure_message = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["content", "preview"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "people import"

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        if self.status == ImportStatus.UPLOADED:
            name = "organisations:person-import-check"
        elif self.status == ImportStatus.CHECKED:
            name = "organisations:person-import-result"
        else:
            name = "organisations:person-import-progress"
        return reverse(name, kwargs={"org_slug": self.organisation.slug, "pk": self.pk})

    @property
    def to_change_count(self) -> int:
        return self.created_count + self.updated_count


class ImportMapping(OrganisationOwned):
    """The column mapping last confirmed for a kind of file, so the next upload starts there."""

    source = models.CharField(max_length=40, help_text='The kind of file, for example "hr".')
    mapping = models.JSONField(default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["source"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source"],
                name="import_mapping_unique_source",
                violation_error_message="This organisation already has a mapping for this source.",
            )
        ]

    def __str__(self) -> str:
        return f"Column mapping for {self.source} files"
