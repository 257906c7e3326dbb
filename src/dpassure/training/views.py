"""Pages of the course and training record registers, the training policy and the overview."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse

from dpassure.core import clock
from dpassure.core.registers.columns import Column, Row
from dpassure.core.registers.views import (
    ChildCreateView,
    OrganisationView,
    RegisterArchiveView,
    RegisterCreateView,
    RegisterDetailView,
    RegisterHistoryView,
    RegisterListView,
    RegisterUpdateView,
    _add_errors,
)
from dpassure.core.roles import Role
from dpassure.organisations.models import Person
from dpassure.training import filters, forms, selectors, services
from dpassure.training.models import Course, TrainingPolicy, TrainingRecord

STATUS_COLOURS = {
    "compliant": "green",
    "due_soon": "yellow",
    "overdue": "red",
    "never_completed": "red",
    "not_required": "grey",
}


def _validity(course: Course) -> str:
    if course.validity_months is None:
        return "Refresher interval of the training policy"
    if course.validity_months == 0:
        return "Taken once"
    return f"{course.validity_months} months"


def _audience(course: Course) -> str:
    if course.audience == "everyone":
        return "Everyone"
    parts = [department.name for department in course.departments.all()]
    parts += course.job_title_list
    return ", ".join(parts)


def person_training_context(person: Person) -> dict:
    """What a person's page shows about their training: today's status for each course and
    their results, newest first."""
    today = clock.today()
    return {
        "today": today,
        "training_status": [
            (course, assessment, STATUS_COLOURS[assessment.status])
            for course, assessment in selectors.person_training(person, on=today)
        ],
        "training_records": person.training_records.filter(archived_at__isnull=True)
        .select_related("course")
        .order_by("-completed_on", "-id")[:50],
    }


# --- Courses ------------------------------------------------------------------------------


class CourseList(RegisterListView):
    model = Course
    filterset_class = filters.CourseFilter
    columns = [
        Column("code", "Code", sort="code"),
        Column("title", "Title", sort="title"),
        Column("kind", "Kind", sort="kind"),
        Column("provider", "Provider"),
        Column("pass_mark", "Pass mark (%)"),
        Column("gates_access", "Gates access"),
    ]
    export_columns = [
        *columns,
        Column(_validity, "Validity"),
        Column(_audience, "Who must take it"),
    ]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("departments")


class CourseDetail(RegisterDetailView):
    model = Course
    rows_ = [
        Row("code", "Code"),
        Row("title", "Title"),
        Row("provider", "Provider"),
        Row("kind", "Kind"),
        Row("pass_mark", "Pass mark (%)"),
        Row("gates_access", "Gates system access"),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] += [
            ("Validity period", _validity(self.object)),
            ("Who must take it", _audience(self.object)),
        ]
        return context


class CourseCreate(RegisterCreateView):
    model = Course
    form_class = forms.CourseForm
    create_service = services.course_create


class CourseUpdate(RegisterUpdateView):
    model = Course
    form_class = forms.CourseForm
    update_service = services.course_update


class CourseArchive(RegisterArchiveView):
    model = Course
    archive_service = services.course_archive


class CourseHistory(RegisterHistoryView):
    model = Course


# --- Training records -------------------------------------------------------------------


class TrainingRecordList(RegisterListView):
    model = TrainingRecord
    filterset_class = filters.TrainingRecordFilter
    select_related = ("person", "person__department", "course")
    has_create = False  # results are recorded from the person's page or imported
    columns = [
        Column("person", "Person", sort="person__last_name"),
        Column("person.employee_number", "Employee number"),
        Column("person.department", "Department"),
        Column("course.code", "Course", sort="course__code"),
        Column("completed_on", "Completed", sort="completed_on"),
        Column("score", "Score (%)", sort="score"),
        Column(
            lambda r: "Passed" if r.passed else "Failed",
            "Result",
            tag=lambda r: "green" if r.passed else "red",
        ),
        Column("source", "Source"),
    ]
    export_columns = [
        Column("person.employee_number", "Employee number"),
        Column("person", "Name"),
        Column("person.department", "Department"),
        Column("course.code", "Course code"),
        Column("course.title", "Course"),
        Column("completed_on", "Completed on"),
        Column("score", "Score (%)"),
        Column(lambda r: "Passed" if r.passed else "Failed", "Result"),
        Column("source", "Source"),
        Column("training_import", "Import"),
        Column("certificate_reference", "Certificate reference"),
    ]


class TrainingRecordDetail(RegisterDetailView):
    model = TrainingRecord
    select_related = ("person", "course", "training_import", "entered_by")
    rows_ = [
        Row("person", "Person"),
        Row("person.employee_number", "Employee number"),
        Row("course", "Course"),
        Row("completed_on", "Completion date"),
        Row("score", "Score (%)"),
        Row("passed", "Passed"),
        Row("source", "Source"),
        Row("training_import", "Import"),
        Row("entered_by", "Entered by"),
        Row("certificate_reference", "Certificate reference"),
    ]


class TrainingRecordCreate(ChildCreateView):
    """A result entered by hand, against the person in the URL."""

    model = TrainingRecord
    form_class = forms.TrainingRecordForm
    create_service = services.training_record_create
    parent_model = Person
    parent_field = "person"
    title = "Record a training result"


class TrainingRecordUpdate(RegisterUpdateView):
    model = TrainingRecord
    form_class = forms.TrainingRecordForm
    update_service = services.training_record_update


class TrainingRecordArchive(RegisterArchiveView):
    model = TrainingRecord
    archive_service = services.training_record_archive


class TrainingRecordHistory(RegisterHistoryView):
    model = TrainingRecord


# --- Policy and overview ----------------------------------------------------------------


class PolicyEdit(OrganisationView):
    """The organisation's training parameters. DPOs change them; everyone may read them."""

    template_name = "training/policy.html"

    def form(self):
        saved = TrainingPolicy.objects.filter(organisation=self.scope.organisation).first()
        instance = saved or TrainingPolicy(organisation=self.scope.organisation)
        data = self.request.POST if self.request.method == "POST" else None
        return forms.TrainingPolicyForm(data, instance=instance, scope=self.scope)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request, *args, **kwargs):
        self.scope.require(Role.DPO)
        form = self.form()
        if form.is_valid():
            try:
                services.training_policy_save(
                    organisation=self.scope.organisation,
                    actor=request.user,
                    **{name: form.cleaned_data[name] for name in form.fields},
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, "Training policy saved")
                return HttpResponseRedirect(
                    reverse("training:policy", kwargs={"org_slug": self.scope.organisation.slug})
                )
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_change"] = self.scope.can(Role.DPO)
        context["title"] = "Training policy"
        return context


class TrainingHome(OrganisationView):
    """Training at a glance: every current course with today's completion."""

    template_name = "training/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation, today = self.scope.organisation, clock.today()
        people = self.scope.rows(Person)
        courses = []
        for course in self.scope.rows(Course).filter(archived_at__isnull=True):
            rows = selectors.completion_by_department(
                organisation=organisation, course=course, on=today, people=people
            )
            courses.append((course, selectors.overall(rows)))
        context.update(
            courses=courses,
            today=today,
            policy=selectors.policy_for(organisation),
            can_edit=self.scope.can(Role.EDITOR),
        )
        return context
