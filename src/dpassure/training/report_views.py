"""Training reports: completion by department with every figure linked to the people behind
it, the access-gating list for IT, new starters without induction, pass rates and score bands,
and completion over time. Every table downloads with ``?export=csv|xlsx``.

Members with any role read the reports (they are about whether training happened); the
figures come from :mod:`dpassure.training.report_selectors`.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.core.paginator import InvalidPage
from django.http import Http404
from django.urls import reverse

from dpassure.core import clock
from dpassure.core.registers.columns import Column
from dpassure.core.registers.exports import csv_response, xlsx_response
from dpassure.core.registers.pagination import CappedPaginator
from dpassure.core.registers.views import OrganisationView, RegisterListView
from dpassure.core.roles import Role
from dpassure.organisations.models import Person
from dpassure.rules.calendars import add_calendar_months
from dpassure.rules.training import TrainingStatus
from dpassure.training import report_selectors as reports
from dpassure.training.models import Course, TrainingRecord
from dpassure.training.report_filters import (
    CompletionForm,
    GatingForm,
    NewStarterFilter,
    ScoresForm,
    TrainingPeopleFilter,
)
from dpassure.training.selectors import policy_for

EXACT = 10**9  # drill-downs count every row: the count is the figure that was clicked
STATUS_TAGS = {
    TrainingStatus.COMPLIANT: "green",
    TrainingStatus.DUE_SOON: "yellow",
    TrainingStatus.OVERDUE: "orange",
    TrainingStatus.NEVER_COMPLETED: "red",
}
EXPORTS = {"csv": csv_response, "xlsx": xlsx_response}


def with_defaults(query, **defaults):
    """The query string with a value for each parameter the user left out (dates may come as
    ISO ``name=`` or as the three boxes ``name_0``…``name_2``)."""
    data = query.copy()
    for name, value in defaults.items():
        given = data.get(name) or any(data.get(f"{name}_{i}") for i in range(3))
        if not given and value is not None:
            data[name] = value.isoformat() if isinstance(value, datetime.date) else str(value)
    return data


def status_label(person) -> str:
    return TrainingStatus(person.training_status).label


def status_tag(person) -> str:
    return STATUS_TAGS.get(person.training_status, "grey")


REPORT_LINKS = [
    ("report-completion", "Completion by department", {}),
    ("report-people", "Overdue or never completed", {"status": reports.Figure.NOT_COMPLETED}),
    ("report-gating", "Access gating list", {}),
    ("report-new-starters", "New starters without induction", {}),
    ("report-scores", "Pass rates and scores", {}),
    ("report-trend", "Completion over time", {}),
]


class ReportLinks:
    """Every report page links to the others (and editors to reminders)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        slug = {"org_slug": self.scope.organisation.slug}
        current = self.request.resolver_match.url_name if self.request.resolver_match else ""
        links = REPORT_LINKS + (
            [("reminder-create", "Send reminders", {})] if self.scope.can(Role.EDITOR) else []
        )
        context["report_links"] = [
            {
                "url": reverse(f"training:{name}", kwargs=slug)
                + (f"?{urlencode(query)}" if query else ""),
                "label": label,
                "current": name == current
                and (not query or self.request.GET.get("status") == query.get("status")),
            }
            for name, label, query in links
        ]
        return context


class ReportView(ReportLinks, OrganisationView):
    """A report page: knows the organisation's slug and builds the reports' URLs."""

    def report_url(self, name: str, **query) -> str:
        url = reverse(f"training:{name}", kwargs={"org_slug": self.scope.organisation.slug})
        query = {key: value for key, value in query.items() if value not in (None, "")}
        return f"{url}?{urlencode(query)}" if query else url

    def courses(self):
        return reports.reportable_courses(self.scope.rows(Course))

    def export(self, columns, rows, name: str):
        respond = EXPORTS[self.request.GET["export"]]
        return respond(columns, rows, f"{self.scope.organisation.slug}-{name}")

    def wants_export(self) -> bool:
        return self.request.GET.get("export") in EXPORTS


# --- Completion by department --------------------------------------------------------------

FIGURES = [
    ("people", reports.Figure.REQUIRED, "must take it"),
    ("completed", reports.Figure.COMPLETED, "completed"),
    ("due_soon", reports.Figure.DUE_SOON, "due soon"),
    ("overdue", reports.Figure.OVERDUE, "overdue"),
    ("never_completed", reports.Figure.NEVER_COMPLETED, "never completed"),
]

COMPLETION_COLUMNS = [
    Column(lambda r: r.department, "Department"),
    Column(lambda r: r.people, "People"),
    Column(lambda r: r.completed, "Completed"),
    Column(lambda r: r.percent, "Percent"),
    Column(lambda r: r.due_soon, "Due soon"),
    Column(lambda r: r.overdue, "Overdue"),
    Column(lambda r: r.never_completed, "Never completed"),
]


class CompletionReport(ReportView):
    template_name = "training/report_completion.html"

    def get(self, request, *args, **kwargs):
        course = reports.default_course(self.scope.rows(Course))
        if course is None:
            return self.render_to_response(self.get_context_data(no_courses=True))
        data = with_defaults(request.GET, course=course.pk, as_of=clock.today())
        form = CompletionForm(data, scope=self.scope)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        course, on = form.cleaned_data["course"], form.cleaned_data["as_of"]
        rows, total = reports.completion_table(self.scope.rows(Person), course=course, on=on)
        if self.wants_export():
            return self.export(COMPLETION_COLUMNS, [*rows, total], f"{course.code}-completion")
        context = self.get_context_data(
            form=form,
            course=course,
            on=on,
            rows=[self.linked(row, course, on, reports.department_key(row)) for row in rows],
            total=self.linked(total, course, on, ""),
            export_query=urlencode({"course": course.pk, "as_of": on.isoformat()}),
            trend_url=self.report_url("report-trend", course=course.pk, as_of=on.isoformat()),
        )
        return self.render_to_response(context)

    def linked(self, row, course, on, department: str) -> dict:
        """A table row with the drill-down URL of each figure (``department`` "" for all)."""
        cells = {}
        for attribute, figure, words in FIGURES:
            count = getattr(row, attribute)
            url = self.report_url(
                "report-people",
                course=course.pk,
                as_of=on.isoformat(),
                department=department,
                status=figure,
            )
            cells[attribute] = {"count": count, "url": url if count else "", "words": words}
        return {"row": row, "cells": cells, "percent": row.percent}


# --- The people behind a figure ----------------------------------------------------------------


class PeopleReport(ReportLinks, RegisterListView):
    """The named people behind a figure of the completion table."""

    model = Person
    filterset_class = TrainingPeopleFilter
    select_related = ("department",)
    template_name = "training/report_people.html"
    page_size = 50
    has_create = False
    default_sort = ("last_name", "first_name")
    title = "People behind the figures"
    export_name = "training-people"
    columns = [
        Column("employee_number", "Employee number", sort="employee_number"),
        Column("full_name", "Name", sort="last_name"),
        Column("department.name", "Department", sort="department__name"),
        Column("job_title", "Job title or rank", sort="job_title"),
        Column(status_label, "Status", sort="training_status", tag=status_tag),
        Column("last_pass", "Last pass", sort="last_pass"),
    ]

    def get_template_names(self):
        return [self.template_name]

    def defaults(self) -> dict:
        return {"course": getattr(self.default_course(), "pk", None), "as_of": clock.today()}

    def default_course(self):
        return reports.default_course(self.scope.rows(Course))

    def rows(self):
        data = with_defaults(self.request.GET, **self.defaults())
        queryset = self.get_queryset().filter(archived_at__isnull=True)
        self.filterset = self.filterset_class(data, queryset=queryset, scope=self.scope)
        if not self.filterset.is_valid():
            return queryset.none()
        rows = self.filterset.qs
        self.columns = [*type(self).columns, self.due_column()]
        return rows.order_by(*self.ordering())

    def due_column(self) -> Column:
        course, policy = self.filterset.course, self.filterset.policy
        return Column(lambda p: reports.due_on(p, course=course, policy=policy), "Due")

    def export_columns_(self) -> list[Column]:
        course = self.filterset.course
        return [
            Column("employee_number", "Employee number"),
            Column("first_name", "First name"),
            Column("last_name", "Last name"),
            Column("email", "Email"),
            Column("department.name", "Department"),
            Column("job_title", "Job title or rank"),
            Column("start_date", "Start date"),
            Column(lambda p: course.code, "Course"),
            Column(status_label, "Status"),
            Column("last_pass", "Last pass"),
            self.due_column(),
        ]

    def get(self, request, *args, **kwargs):
        rows = self.rows()
        valid = self.filterset.is_valid()
        if request.GET.get("export") in EXPORTS:
            columns = self.export_columns_() if valid else type(self).columns
            respond = EXPORTS[request.GET["export"]]
            filename = f"{self.scope.organisation.slug}-{self.export_name}"
            return respond(columns, rows.iterator(chunk_size=2000), filename)
        no_courses = self.default_course() is None
        paginator = CappedPaginator(rows, self.page_size, count_limit=EXACT)
        try:
            page = paginator.page(request.GET.get("page") or 1)
        except InvalidPage:
            raise Http404("No such page.") from None
        form = None if no_courses else self.filterset.form
        context = self.get_context_data(
            title=self.title,
            page=page,
            paginator=paginator,
            has_next=paginator.has_next(page),
            filter_form=form,
            form=form,
            table=self.table(page),
            query=self._query_without("page"),
            export_query=self._query_without("page", "export"),
            headers=self.headers(),
            course=self.filterset.course if valid else None,
            on=self.filterset.on if valid else None,
            no_courses=no_courses,
            completion_url=reverse(
                "training:report-completion", kwargs={"org_slug": self.scope.organisation.slug}
            ),
        )
        return self.render_to_response(context, status=200 if valid or no_courses else 400)

    def list_url(self) -> str:
        return reverse(
            "training:report-completion", kwargs={"org_slug": self.scope.organisation.slug}
        )


class NewStartersReport(PeopleReport):
    """People who started recently and have not passed their induction course."""

    filterset_class = NewStarterFilter
    default_sort = ("-start_date", "last_name", "first_name")
    title = "New starters without induction"
    export_name = "new-starters-without-induction"
    columns = [
        *PeopleReport.columns[:4],
        Column("start_date", "Start date", sort="start_date"),
        *PeopleReport.columns[4:],
    ]

    def defaults(self) -> dict:
        return {**super().defaults(), "days": 90}

    def default_course(self):
        return reports.default_course(self.scope.rows(Course), kind="induction")


# --- The access-gating list --------------------------------------------------------------------

GATING_COLUMNS = [
    Column(lambda r: r.employee_number, "Employee number"),
    Column(lambda r: r.full_name, "Name"),
    Column(lambda r: r.email, "Email"),
    Column(lambda r: r.department, "Department"),
    Column(lambda r: r.course.code, "Course"),
    Column(lambda r: r.reason, "Reason"),
    Column(lambda r: r.since, "Since"),
]


class GatingReport(ReportView):
    """Everyone who must not have, or must lose, system access (policy 9.1 and 9.5)."""

    template_name = "training/report_gating.html"
    page_size = 50

    def get(self, request, *args, **kwargs):
        data = with_defaults(request.GET, as_of=clock.today())
        form = GatingForm(data, scope=self.scope)
        gating = list(self.courses().filter(gates_access=True))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        chosen = form.cleaned_data["course"]
        courses = [chosen] if chosen else gating
        on = form.cleaned_data["as_of"]
        policy = policy_for(self.scope.organisation)
        rows = reports.gating_rows(self.scope.rows(Person), courses=courses, on=on, policy=policy)
        by_pk = {course.pk: course for course in courses}

        def made(values):
            return (reports.gating_row(v, courses=by_pk, policy=policy) for v in values)

        if self.wants_export():
            return self.export(GATING_COLUMNS, made(rows.iterator()), "access-gating")
        paginator = CappedPaginator(rows, self.page_size, count_limit=EXACT)
        try:
            page = paginator.page(request.GET.get("page") or 1)
        except InvalidPage:
            raise Http404("No such page.") from None
        query = request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        context = self.get_context_data(
            form=form,
            on=on,
            courses=courses,
            gating=gating,
            page=page,
            paginator=paginator,
            has_next=paginator.has_next(page),
            table=list(made(page.object_list)),
            query=query.urlencode(),
            export_query=query.urlencode(),
        )
        return self.render_to_response(context)


# --- Pass rates and score bands ----------------------------------------------------------------


def score_columns() -> list[Column]:
    columns = [
        Column(lambda s: s.course.code, "Course"),
        Column(lambda s: s.course.title, "Title"),
        Column(lambda s: s.attempts, "Attempts"),
        Column(lambda s: s.passes, "Passes"),
        Column(lambda s: s.failures, "Failures"),
        Column(lambda s: s.pass_rate, "Pass rate (%)"),
        Column(lambda s: s.unscored, "No score recorded"),
    ]
    for i, (low, high) in enumerate(reports.SCORE_BANDS):
        label = reports.band_label(low, high)
        columns.append(Column(lambda s, i=i: s.bands[i], f"Score {label}"))
    return columns


class ScoresReport(ReportView):
    template_name = "training/report_scores.html"

    def get(self, request, *args, **kwargs):
        today = clock.today()
        start = add_calendar_months(today, -12) + datetime.timedelta(days=1)
        form = ScoresForm(with_defaults(request.GET, start=start, end=today), scope=self.scope)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        scores = reports.course_scores(
            self.scope.rows(TrainingRecord), courses=list(self.courses()), start=start, end=end
        )
        if self.wants_export():
            return self.export(score_columns(), scores, "pass-rates")
        context = self.get_context_data(
            form=form,
            start=start,
            end=end,
            scores=scores,
            export_query=urlencode({"start": start.isoformat(), "end": end.isoformat()}),
        )
        return self.render_to_response(context)


# --- Completion over time ------------------------------------------------------------------

TREND_COLUMNS = [
    Column(lambda p: p.on, "On"),
    Column(lambda p: p.people, "People"),
    Column(lambda p: p.completed, "Completed"),
    Column(lambda p: p.percent, "Percent"),
]


class TrendReport(ReportView):
    template_name = "training/report_trend.html"

    def get(self, request, *args, **kwargs):
        course = reports.default_course(self.scope.rows(Course))
        if course is None:
            return self.render_to_response(self.get_context_data(no_courses=True))
        data = with_defaults(request.GET, course=course.pk, as_of=clock.today())
        form = CompletionForm(data, scope=self.scope)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        course, on = form.cleaned_data["course"], form.cleaned_data["as_of"]
        points = reports.completion_trend(self.scope.rows(Person), course=course, on=on)
        if self.wants_export():
            return self.export(TREND_COLUMNS, points, f"{course.code}-completion-trend")
        context = self.get_context_data(
            form=form,
            course=course,
            on=on,
            points=[
                {
                    "point": point,
                    "url": self.report_url(
                        "report-completion", course=course.pk, as_of=point.on.isoformat()
                    ),
                }
                for point in points
            ],
            export_query=urlencode({"course": course.pk, "as_of": on.isoformat()}),
        )
        return self.render_to_response(context)
