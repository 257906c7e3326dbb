"""API for undertakings and their follow-up: the same services, scope and roles as the pages.

The assessor's members reach every endpoint; the organisation an undertaking is about reads its
undertakings (without internal notes), requirements and issued reports, and writes its own
action plan. Due dates, status and hashes are read-only: the rules and services compute them.
An issued report cannot be changed (PUT, PATCH and DELETE are refused with the reason);
POST to ``issued-reports/`` issues the follow-up named in the body as version n+1.
"""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.routers import DefaultRouter

from dpassure.core.api import RegisterViewSet, ScopedSerializer, scoped_viewset
from dpassure.core.registers.two_sided import is_assessor
from dpassure.undertakings import filters, selectors, services
from dpassure.undertakings import followup_services as fs
from dpassure.undertakings.models import (
    ActionPlanStep,
    EvidenceItem,
    FollowUp,
    IssuedReport,
    LiveSnapshot,
    Requirement,
    RequirementVerdict,
    SubsequentBreach,
    Undertaking,
)

REGISTER_FIELDS = ["id", "created_at", "updated_at", "archived_at"]


class UndertakingSerializer(ScopedSerializer):
    class Meta:
        model = Undertaking
        fields = [
            *REGISTER_FIELDS,
            "status",
            "title",
            "subject",
            "subject_short_name",
            "enforcement_reference",
            "complaint_reference",
            "legislation",
            "signed_on",
            "signatory",
            "background",
            "internal_notes",
            "closed_on",
        ]
        read_only_fields = [*REGISTER_FIELDS, "status"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        scope = self.context.get("scope")
        if scope is not None and not is_assessor(scope, instance):
            data["internal_notes"] = ""  # the assessor's own notes never leave it
        return data


class BothSidesViewSet(RegisterViewSet):
    """Reads include rows about the caller's organisation; writes only the caller's own rows,
    unless ``subject_may_write``."""

    subject_may_write = False

    def get_queryset(self):
        model = self.serializer_class.Meta.model
        if getattr(self, "swagger_fake_view", False):
            return model.objects.none()
        writing = self.request.method not in ("GET", "HEAD", "OPTIONS")
        if writing and not self.subject_may_write:
            queryset = self.scope.rows(model)
        else:
            queryset = selectors.visible(self.scope, model)
        queryset = queryset.select_related(*self.select_related)
        if self.action == "list" and self.request.query_params.get("archived") != "true":
            queryset = queryset.filter(archived_at__isnull=True)
        return queryset.order_by(*model._meta.ordering, "pk")


@scoped_viewset
class UndertakingViewSet(BothSidesViewSet):
    serializer_class = UndertakingSerializer
    filterset_class = filters.UndertakingFilter
    select_related = ("organisation", "subject")
    create_service = services.undertaking_create
    update_service = services.undertaking_update
    archive_service = services.undertaking_archive


class RequirementSerializer(ScopedSerializer):
    class Meta:
        model = Requirement
        fields = [
            *REGISTER_FIELDS,
            "undertaking",
            "number",
            "text",
            "kind",
            "deadline_date",
            "deadline_months",
            "due_on",
        ]
        read_only_fields = [*REGISTER_FIELDS, "due_on"]


@scoped_viewset
class RequirementViewSet(BothSidesViewSet):
    serializer_class = RequirementSerializer
    filterset_class = filters.RequirementFilter
    select_related = ("undertaking",)
    create_service = services.requirement_create
    update_service = services.requirement_update
    archive_service = services.requirement_archive


class ActionPlanStepSerializer(ScopedSerializer):
    requirement = serializers.PrimaryKeyRelatedField(queryset=Requirement.objects.none())

    class Meta:
        model = ActionPlanStep
        fields = [
            *REGISTER_FIELDS,
            "requirement",
            "steps_taken",
            "evidence_supplied",
            "supplied_on",
            "entered_by",
        ]
        read_only_fields = [*REGISTER_FIELDS, "entered_by"]

    def get_fields(self):
        fields = super().get_fields()
        scope = self.context.get("scope")
        if scope is not None:
            # The organisation followed up writes steps against requirements about it.
            fields["requirement"].queryset = selectors.visible(scope, Requirement).filter(
                archived_at__isnull=True
            )
        return fields


@scoped_viewset
class ActionPlanStepViewSet(BothSidesViewSet):
    serializer_class = ActionPlanStepSerializer
    filterset_class = filters.ActionPlanStepFilter
    select_related = ("requirement",)
    subject_may_write = True
    create_service = services.action_plan_step_create
    update_service = services.action_plan_step_update
    archive_service = services.action_plan_step_archive


class FollowUpSerializer(ScopedSerializer):
    class Meta:
        model = FollowUp
        fields = [
            *REGISTER_FIELDS,
            "undertaking",
            "assessed_on",
            "method",
            "summary",
            "conclusion",
            "referred_to_enforcement",
            "referred_on",
            "referral_note",
            "internal_notes",
        ]
        read_only_fields = REGISTER_FIELDS


@scoped_viewset
class FollowUpViewSet(RegisterViewSet):
    serializer_class = FollowUpSerializer
    filterset_class = filters.FollowUpFilter
    select_related = ("undertaking",)
    create_service = services.follow_up_create
    update_service = services.follow_up_update
    archive_service = services.follow_up_archive


class EvidenceItemSerializer(ScopedSerializer):
    upload = serializers.FileField(
        write_only=True, required=False, help_text="PDF, DOCX, XLSX, PNG or JPEG."
    )

    class Meta:
        model = EvidenceItem
        fields = [
            *REGISTER_FIELDS,
            "follow_up",
            "title",
            "received_on",
            "upload",
            "file_name",
            "content_type",
            "size",
            "sha256",
        ]
        read_only_fields = [*REGISTER_FIELDS, "file_name", "content_type", "size", "sha256"]


@scoped_viewset
class EvidenceItemViewSet(RegisterViewSet):
    serializer_class = EvidenceItemSerializer
    filterset_class = filters.EvidenceItemFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    select_related = ("follow_up",)
    create_service = fs.evidence_item_create
    update_service = fs.evidence_item_update
    archive_service = fs.evidence_item_archive


class VerdictSerializer(ScopedSerializer):
    class Meta:
        model = RequirementVerdict
        fields = [*REGISTER_FIELDS, "follow_up", "requirement", "verdict", "findings"]
        read_only_fields = REGISTER_FIELDS


@scoped_viewset
class VerdictViewSet(RegisterViewSet):
    serializer_class = VerdictSerializer
    filterset_class = filters.RequirementVerdictFilter
    select_related = ("follow_up", "requirement")
    create_service = services.verdict_create
    update_service = services.verdict_update
    archive_service = services.verdict_archive


class SubsequentBreachSerializer(ScopedSerializer):
    incident_reference = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20,
        help_text="The reference of a breach in the organisation's incident register, "
        "reported to the ICO since the undertaking was signed.",
    )

    class Meta:
        model = SubsequentBreach
        fields = [
            *REGISTER_FIELDS,
            "follow_up",
            "incident_reference",
            "description",
            "occurred_on",
        ]
        read_only_fields = REGISTER_FIELDS

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["incident_reference"] = instance.incident.reference if instance.incident_id else ""
        return data


@scoped_viewset
class SubsequentBreachViewSet(RegisterViewSet):
    serializer_class = SubsequentBreachSerializer
    filterset_class = filters.SubsequentBreachFilter
    select_related = ("follow_up", "incident")
    create_service = fs.subsequent_breach_create
    update_service = fs.subsequent_breach_update
    archive_service = fs.subsequent_breach_archive


class LiveSnapshotSerializer(ScopedSerializer):
    columns = serializers.ListField(child=serializers.CharField(max_length=200), min_length=1)
    rows = serializers.ListField(child=serializers.ListField(child=serializers.JSONField()))

    class Meta:
        model = LiveSnapshot
        fields = [
            *REGISTER_FIELDS,
            "undertaking",
            "follow_up",
            "requirement",
            "title",
            "taken_at",
            "source",
            "columns",
            "rows",
        ]
        read_only_fields = [*REGISTER_FIELDS, "taken_at"]


@scoped_viewset
class LiveSnapshotViewSet(RegisterViewSet):
    """Snapshots are evidence: they are taken and archived, never edited."""

    serializer_class = LiveSnapshotSerializer
    filterset_class = filters.LiveSnapshotFilter
    http_method_names = ["get", "post", "delete", "head", "options"]
    select_related = ("undertaking", "follow_up", "requirement")
    create_service = services.snapshot_create
    archive_service = services.snapshot_archive


class IssuedReportSerializer(ScopedSerializer):
    follow_up = serializers.PrimaryKeyRelatedField(queryset=FollowUp.objects.none())
    issued_on = serializers.DateField(required=False)

    class Meta:
        model = IssuedReport
        fields = [
            *REGISTER_FIELDS,
            "follow_up",
            "undertaking",
            "version",
            "issued_on",
            "issued_at",
            "sha256",
            "docx_sha256",
            "verdicts",
        ]
        read_only_fields = [
            *REGISTER_FIELDS,
            "undertaking",
            "version",
            "issued_at",
            "sha256",
            "docx_sha256",
            "verdicts",
        ]

    def get_fields(self):
        fields = super().get_fields()
        scope = self.context.get("scope")
        if scope is not None:
            fields["follow_up"].queryset = scope.rows(FollowUp).filter(archived_at__isnull=True)
        return fields


def issue(*, organisation, actor, follow_up, issued_on=None):
    return fs.follow_up_issue(follow_up, actor=actor, issued_on=issued_on)


@scoped_viewset
class IssuedReportViewSet(BothSidesViewSet):
    serializer_class = IssuedReportSerializer
    filterset_class = filters.IssuedReportFilter
    select_related = ("undertaking", "follow_up")
    create_service = issue
    update_service = fs.issued_report_update
    archive_service = fs.issued_report_archive

    def get_queryset(self):
        return super().get_queryset().defer("pdf", "docx")

    def update(self, request, *args, **kwargs):
        fs.issued_report_update(self.get_object(), actor=request.user)

    def partial_update(self, request, *args, **kwargs):
        fs.issued_report_update(self.get_object(), actor=request.user)

    def destroy(self, request, *args, **kwargs):
        fs.issued_report_archive(self.get_object(), actor=request.user)


undertakings_router = DefaultRouter(trailing_slash=True)
undertakings_router.include_root_view = False
undertakings_router.register("undertakings", UndertakingViewSet, basename="undertaking")
undertakings_router.register("requirements", RequirementViewSet, basename="requirement")
undertakings_router.register("action-plan-steps", ActionPlanStepViewSet, basename="actionplanstep")
undertakings_router.register("follow-ups", FollowUpViewSet, basename="followup")
undertakings_router.register("evidence", EvidenceItemViewSet, basename="evidenceitem")
undertakings_router.register("verdicts", VerdictViewSet, basename="requirementverdict")
undertakings_router.register(
    "subsequent-breaches", SubsequentBreachViewSet, basename="subsequentbreach"
)
undertakings_router.register("live-snapshots", LiveSnapshotViewSet, basename="livesnapshot")
undertakings_router.register("issued-reports", IssuedReportViewSet, basename="issuedreport")
