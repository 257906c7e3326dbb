"""Reminder emails: choose a course and day, preview who gets what, then send once.

Editors and above create and send runs; every member can read a run's page.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect

from dpassure.core import clock
from dpassure.core.forms import DateField, GovukForm
from dpassure.core.roles import Role
from dpassure.training import reminders
from dpassure.training import report_selectors as reports
from dpassure.training.models import Course, ReminderRun
from dpassure.training.report_views import ReportView


class ReminderForm(GovukForm, forms.Form):
    course = forms.ModelChoiceField(queryset=Course.objects.all())
    as_of = DateField(
        label="People due soon or overdue on",
        help_text="Usually today. Everyone whose pass runs out within the due-soon window, "
        "has run out, or who has never passed gets a reminder.",
    )
    include_managers = forms.BooleanField(
        label="Also send each line manager a list of their people", required=False, initial=True
    )

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, scope=scope, **kwargs)
        self.fields["course"].queryset = reports.reportable_courses(scope.rows(Course))


class ReminderCreate(ReportView):
    required_role = Role.EDITOR
    template_name = "training/reminder_create.html"

    def get(self, request, *args, **kwargs):
        course = reports.default_course(self.scope.rows(Course))
        initial = {"as_of": clock.today(), "course": course, "include_managers": True}
        form = ReminderForm(initial=initial, scope=self.scope)
        return self.render_to_response(self.get_context_data(form=form, no_courses=not course))

    def post(self, request, *args, **kwargs):
        form = ReminderForm(request.POST, scope=self.scope)
        if form.is_valid():
            run = reminders.reminder_run_create(
                organisation=self.scope.organisation, actor=request.user, **form.cleaned_data
            )
            return HttpResponseRedirect(run.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ReminderRunPage(ReportView):
    # The tenancy meta-test reads ``model`` to know which rows ``<pk>`` names.
    model = ReminderRun

    def get_object(self) -> ReminderRun:
        try:
            return (
                self.scope.rows(ReminderRun)
                .select_related("course__organisation", "requested_by")
                .get(pk=self.kwargs["pk"])
            )
        except (ReminderRun.DoesNotExist, ValueError):
            raise Http404("No such reminder run.") from None

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data(run=self.object, **self.extra()))

    def extra(self) -> dict:
        run = self.object
        if run.status != reminders.DRAFT:
            return {}
        preview = reminders.reminder_preview(
            course=run.course, as_of=run.as_of, include_managers=run.include_managers
        )
        return {"preview": preview}


class ReminderRunDetail(ReminderRunPage):
    """The preview of a draft run (how many emails, one of each), or what a run sent."""

    template_name = "training/reminder_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_send"] = self.scope.can(Role.EDITOR)
        return context


class ReminderSend(ReminderRunPage):
    """Confirm and send a previewed run (POST); sending twice is refused."""

    required_role = Role.EDITOR
    template_name = "training/reminder_send.html"

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            reminders.reminder_run_send(self.object, actor=request.user)
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
        else:
            messages.success(request, "Sending reminders. This page shows when they have gone.")
        return HttpResponseRedirect(self.object.get_absolute_url())
