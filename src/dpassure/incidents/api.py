"""API for incidents, near misses and breaches: the same services, scope and roles as pages.

The 72-hour deadline, the risk and the status are read-only: the rules compute them.
"""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.routers import DefaultRouter

from dpassure.core.api import RegisterViewSet, ScopedSerializer, scoped_viewset
from dpassure.core.roles import Role
from dpassure.incidents import filters, services
from dpassure.incidents.models import IcoUpdate, Incident, InvolvedPerson

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


incidents_router = DefaultRouter(trailing_slash=True)
incidents_router.include_root_view = False
incidents_router.register("incidents", IncidentViewSet, basename="incident")
incidents_router.register("ico-updates", IcoUpdateViewSet, basename="icoupdate")
incidents_router.register("people-involved", InvolvedPersonViewSet, basename="involvedperson")
