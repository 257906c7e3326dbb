"""The ICO breach report document of an incident, and the incidents dashboard.

The document page shows what will go in the report; ``?format=pdf`` or ``?format=docx`` on the
same URL downloads it. The dashboard's monthly table downloads with ``?export=csv|xlsx``.
"""

from __future__ import annotations

import enum
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

from dpassure.core import clock
from dpassure.core.registers.columns import Column
from dpassure.core.registers.exports import csv_response, xlsx_response
from dpassure.core.registers.views import OrganisationView
from dpassure.core.roles import Role
from dpassure.incidents import ico_report
from dpassure.incidents.models import Action, IcoUpdate, Incident, SpotCheck
from dpassure.incidents.selectors import IncidentDashboard, incident_dashboard


class DocumentFormat(enum.StrEnum):
    PDF = "pdf"
    DOCX = "docx"


RENDERERS = {
    DocumentFormat.PDF: (ico_report.render_pdf, "application/pdf"),
    DocumentFormat.DOCX: (ico_report.render_docx, ico_report.DOCX_MIMETYPE),
}


class IcoDocument(OrganisationView):
    # The tenancy meta-test reads ``model`` to know which rows ``<pk>`` names.
    model = Incident
    required_role = Role.EDITOR
    template_name = "incidents/ico_report.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.report = ico_report.ico_report(self.object, now=clock.now())
        if "format" not in request.GET:
            return self.render_to_response(self.get_context_data())
        try:
            fmt = DocumentFormat(request.GET["format"])
        except ValueError:
            return self.render_to_response(
                self.get_context_data(error="Choose the format of the report: pdf or docx."),
                status=400,
            )
        render, content_type = RENDERERS[fmt]
        response = HttpResponse(render(self.report), content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"{self.report.filename_stem}.{fmt}"
        )
        patch_cache_control(response, private=True, no_store=True)
        return response

    def get_object(self) -> Incident:
        updates = IcoUpdate.objects.filter(archived_at__isnull=True).order_by("sent_at", "id")
        try:
            return (
                self.scope.rows(Incident)
                .select_related("organisation", "reported_by")
                .prefetch_related(Prefetch("ico_updates", queryset=updates))
                .get(pk=self.kwargs["pk"])
            )
        except (Incident.DoesNotExist, ValueError):
            raise Http404("No such incident.") from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        incident = self.object
        context.update(
            object=incident,
            report=self.report,
            detail_url=incident.get_absolute_url(),
            list_url=reverse(
                "incidents:incident-list", kwargs={"org_slug": self.scope.organisation.slug}
            ),
            downloads=[("PDF", "?format=pdf"), ("Word", "?format=docx")],
            not_a_breach=incident.is_near_miss or incident.is_personal_data_breach is False,
        )
        return context


def month_columns(board: IncidentDashboard) -> list[Column]:
    """The monthly table as export columns: one row per month."""
    columns = [
        Column(lambda m: m.label, "Month"),
        Column(lambda m: m.incidents, "Incidents"),
        Column(lambda m: m.near_misses, "Near misses"),
        Column(lambda m: m.total, "Total"),
        Column(lambda m: m.breaches, "Personal data breaches"),
    ]
    for i, (_, label) in enumerate(board.causes):
        columns.append(Column(lambda m, i=i: m.by_cause[i], f"Cause: {label}"))
    for i, (_, name) in enumerate(board.departments):
        columns.append(Column(lambda m, i=i: m.by_department[i], f"Department: {name}"))
    return columns


class Dashboard(OrganisationView):
    """Incidents at a glance; every figure links to the records behind it."""

    template_name = "incidents/dashboard.html"

    def get(self, request, *args, **kwargs):
        rows = self.scope.rows
        board = incident_dashboard(
            rows(Incident),
            actions=rows(Action),
            spot_checks=rows(SpotCheck),
            today=clock.today(),
        )
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            respond = csv_response if export == "csv" else xlsx_response
            filename = f"{self.scope.organisation.slug}-incidents-by-month"
            return respond(month_columns(board), board.months, filename)
        return self.render_to_response(self.get_context_data(board=board))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        slug = {"org_slug": self.scope.organisation.slug}
        board = context["board"]
        context.update(
            list_url=reverse("incidents:incident-list", kwargs=slug),
            actions_url=reverse("incidents:action-list", kwargs=slug),
            spot_checks_url=reverse("incidents:spotcheck-list", kwargs=slug),
            months=[
                {
                    "month": m,
                    "causes": _cells(m.key, "cause", board.causes, m.by_cause),
                    "departments": _cells(m.key, "department", board.departments, m.by_department),
                }
                for m in board.months
            ],
        )
        return context


def _cells(month: str, name: str, values: list, counts: tuple[int, ...]) -> list[dict]:
    """Table cells with the incident list's query for each non-zero count; records with no
    cause or department recorded have no filter of their own, so they are not linked."""
    return [
        {
            "count": count,
            "label": label,
            "query": urlencode({"month": month, name: value})
            if count and value not in ("", None)
            else "",
        }
        for (value, label), count in zip(values, counts, strict=True)
    ]
