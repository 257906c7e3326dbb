"""API for incidents, near misses and breaches: the same services, scope and roles as pages.

The 72-hour deadline, the risk and the status are read-only: the rules compute them.
"""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.routers import DefaultRouter

from dpassure.core.api import RegisterViewSet, ScopedSerializer, scoped_viewset
from dpassure.core.roles import Role
from dpassure.incidents import filters, services, spotcheck_filters
from dpassure.incidents.models import (
    Action,
    IcoUpdate,
    Incident,
    InvolvedPerson,
    SpotCheck,
    SpotCheckResult,
    SpotCheckTemplate,
)

REGISTER_FIELDS = ["id", "created_at", "updated_at", "archived_at"]
COMPUTED = ["reference", "status", "risk", "report_due_at"]


class IncidentSerializer(ScopedSerializer):
    risk = serializers.CharField(
        read_only=True, help_text="From the risk matrix: none, risk, high, or empty until assessed."
    )

    class Meta:
        model = Incident
        fields = [
            *REGISTER_FIELDS,
            *COMPUTED,
            "is_near_miss",
            "what_happened",
            "occurred_at",
            "discovered_at",
            "information_involved",
            "people_affected_estimate",
            "aware_at",
            "security_property",
            "cause",
            "department",
            "containment",
            "is_personal_data_breach",
            "regime",
            "data_subject_categories",
            "data_subjects_count",
            "records_count",
            "special_category",
            "likelihood",
            "severity",
            "report_to_ico",
            "ico_decision_reasons",
            "tell_individuals",
            "individuals_exception",
            "individuals_decision_reasons",
            "dpo_advice",
            "individuals_told_at",
            "reported_to_ico_at",
            "ico_reference",
            "delay_reason",
            "likely_consequences",
            "measures_taken",
            "contact_point",
            "root_cause",
            "lessons_learned",
            "closed_at",
        ]
        read_only_fields = [*REGISTER_FIELDS, *COMPUTED]


class IcoUpdateSerializer(ScopedSerializer):
    class Meta:
        model = IcoUpdate
        fields = [*REGISTER_FIELDS, "incident", "sent_at", "summary"]
        read_only_fields = REGISTER_FIELDS


class InvolvedPersonSerializer(ScopedSerializer):
    class Meta:
        model = InvolvedPerson
        fields = [*REGISTER_FIELDS, "incident", "person", "involvement"]
        read_only_fields = REGISTER_FIELDS


@scoped_viewset
class IncidentViewSet(RegisterViewSet):
    """Any member (staff and up) may report; triage and decisions need the editor role
    (the same service refuses impossible timelines)."""

    serializer_class = IncidentSerializer
    filterset_class = filters.IncidentFilter
    select_related = ("department",)
    edit_role = Role.STAFF
    create_service = services.incident_report
    update_service = services.incident_update
    archive_service = services.incident_archive

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD", "OPTIONS", "POST"):
            self.scope.require(Role.EDITOR)


@scoped_viewset
class IcoUpdateViewSet(RegisterViewSet):
    serializer_class = IcoUpdateSerializer
    filterset_class = filters.IcoUpdateFilter
    select_related = ("incident",)
    create_service = services.ico_update_create
    update_service = services.ico_update_update
    archive_service = services.ico_update_archive


@scoped_viewset
class InvolvedPersonViewSet(RegisterViewSet):
    serializer_class = InvolvedPersonSerializer
    filterset_class = filters.InvolvedPersonFilter
    select_related = ("incident", "person")
    create_service = services.involved_person_create
    update_service = services.involved_person_update
    archive_service = services.involved_person_archive


class SpotCheckTemplateSerializer(ScopedSerializer):
    class Meta:
        model = SpotCheckTemplate
        fields = [*REGISTER_FIELDS, "name", "items"]
        read_only_fields = REGISTER_FIELDS


class SpotCheckResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = SpotCheckResult
        fields = ["item", "passed", "note"]


class SpotCheckSerializer(ScopedSerializer):
    results = SpotCheckResultSerializer(many=True, read_only=True)

    class Meta:
        model = SpotCheck
        fields = [
            *REGISTER_FIELDS,
            "template",
            "department",
            "location",
            "due_on",
            "done_on",
            "done_by",
            "notes",
            "results",
        ]
        read_only_fields = [*REGISTER_FIELDS, "done_on", "done_by", "results"]


class ActionSerializer(ScopedSerializer):
    class Meta:
        model = Action
        fields = [
            *REGISTER_FIELDS,
            "incident",
            "spot_check",
            "description",
            "owner",
            "due_on",
            "done_on",
        ]
        read_only_fields = REGISTER_FIELDS


@scoped_viewset
class SpotCheckTemplateViewSet(RegisterViewSet):
    serializer_class = SpotCheckTemplateSerializer
    filterset_class = spotcheck_filters.SpotCheckTemplateFilter
    create_service = services.spot_check_template_create
    update_service = services.spot_check_template_update
    archive_service = services.spot_check_template_archive


@scoped_viewset
class SpotCheckViewSet(RegisterViewSet):
    """Scheduled spot checks with their results (results are recorded on the page)."""

    serializer_class = SpotCheckSerializer
    filterset_class = spotcheck_filters.SpotCheckFilter
    select_related = ("template", "department")
    create_service = services.spot_check_schedule
    update_service = services.spot_check_update
    archive_service = services.spot_check_archive

    def get_queryset(self):
        return super().get_queryset().prefetch_related("results")


@scoped_viewset
class ActionViewSet(RegisterViewSet):
    serializer_class = ActionSerializer
    filterset_class = spotcheck_filters.ActionFilter
    create_service = services.action_create
    update_service = services.action_update
    archive_service = services.action_archive


incidents_router = DefaultRouter(trailing_slash=True)
incidents_router.include_root_view = False
incidents_router.register("incidents", IncidentViewSet, basename="incident")
incidents_router.register("ico-updates", IcoUpdateViewSet, basename="icoupdate")
incidents_router.register("people-involved", InvolvedPersonViewSet, basename="involvedperson")
incidents_router.register(
    "spot-check-checklists", SpotCheckTemplateViewSet, basename="spotchecktemplate"
)
incidents_router.register("spot-checks", SpotCheckViewSet, basename="spotcheck")
incidents_router.register("actions", ActionViewSet, basename="action")
