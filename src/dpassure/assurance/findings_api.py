"""API for what an engagement looks at and finds: evidence documents (multipart upload, the
same sniffing service as the pages, downloaded only as an attachment), live evidence,
interviews and their notes (assessor-only), findings, recommendations, the organisation's
management responses, ratings per scope area and the overall opinion.

The same services, scope and roles as the pages (:mod:`.findings_views`): reads go through
:func:`.findings_selectors.visible` (the organisation assessed sees what is meant for it),
writes through ``Scope.rows`` and the services. Management responses are written only by the
organisation assessed, on its own organisation's URL, during the management response stage.
Reports and follow-up grades are in :mod:`.report_api`.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from dpassure.assurance import evidence_services as es
from dpassure.assurance import findings_filters as filters
from dpassure.assurance import findings_selectors as fsel
from dpassure.assurance import findings_services as fs
from dpassure.assurance.models import (
    Engagement,
    EngagementEvidence,
    Finding,
    Interview,
    InterviewNote,
    LiveEvidence,
    ManagementResponse,
    Recommendation,
    ScopeRating,
)
from dpassure.core.api import ORG_SLUG, RegisterViewSet, ScopedSerializer, scoped_viewset
from dpassure.core.documents import download_response
from dpassure.core.roles import Role
from dpassure.core.tenancy import scope_for
from dpassure.training.models import Course

REGISTER_FIELDS = ["id", "created_at", "updated_at", "archived_at"]
SAFE = ("GET", "HEAD", "OPTIONS")
DOWNLOAD_TYPES = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "image/png",
    "image/jpeg",
)


class VisibleViewSet(RegisterViewSet):
    """Reads include the rows about the caller's organisation that are meant for it
    (:func:`.findings_selectors.visible`); writes reach only the caller's own rows."""

    def get_queryset(self):
        model = self.serializer_class.Meta.model
        if getattr(self, "swagger_fake_view", False):
            return model.objects.none()
        writing = self.request.method not in SAFE
        queryset = self.scope.rows(model) if writing else fsel.visible(self.scope, model)
        queryset = queryset.select_related(*self.select_related)
        if self.action == "list" and self.request.query_params.get("archived") != "true":
            queryset = queryset.filter(archived_at__isnull=True)
        return queryset.order_by(*model._meta.ordering, "pk")


# --- Evidence documents ----------------------------------------------------------------------


class EngagementEvidenceSerializer(ScopedSerializer):
    upload = serializers.FileField(
        write_only=True,
        required=False,
        help_text="PDF, DOCX, XLSX, PNG or JPEG; its type is found from its content. "
        "Needed when the document is added; a document's file is never replaced.",
    )

    class Meta:
        model = EngagementEvidence
        fields = [
            *REGISTER_FIELDS,
            "engagement",
            "request",
            "title",
            "document_date",
            "controls",
            "upload",
            "file_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "from_subject",
        ]
        read_only_fields = [
            *REGISTER_FIELDS,
            "file_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "from_subject",
        ]


def _evidence_create(*, upload=None, **fields):
    # No file: the service refuses it with its own message ("Select a file to upload").
    return es.evidence_create(upload=upload, **fields)


@scoped_viewset
class EvidenceViewSet(VisibleViewSet):
    """Documents the assessor reviewed (and, read-only here, those the organisation uploaded
    against an evidence request: see ``evidence-requests/{id}/upload/``)."""

    serializer_class = EngagementEvidenceSerializer
    filterset_class = filters.EvidenceFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    select_related = ("engagement", "uploaded_by")
    create_service = _evidence_create
    update_service = es.evidence_update
    archive_service = es.evidence_archive

    @extend_schema(
        parameters=[ORG_SLUG],
        responses={(200, kind): OpenApiTypes.BINARY for kind in DOWNLOAD_TYPES},
    )
    @action(detail=True, methods=["get"])
    def download(self, request, *args, **kwargs):
        """The file, only ever as an attachment, with the type found in its content."""
        item = self.get_object()
        with item.file.open("rb") as handle:
            content = handle.read()
        return download_response(content, content_type=item.content_type, filename=item.file_name)


# --- Live evidence ---------------------------------------------------------------------------


class LiveEvidenceSerializer(ScopedSerializer):
    metric = serializers.ChoiceField(choices=list(es.METRICS.items()))
    on = serializers.DateField(write_only=True, help_text="The date the figures are taken for.")
    course = serializers.PrimaryKeyRelatedField(
        write_only=True,
        required=False,
        allow_null=True,
        queryset=Course.objects.none(),
        help_text="For training completion: a course of the organisation assessed.",
    )
    columns = serializers.ListField(child=serializers.CharField(), read_only=True)
    rows = serializers.ListField(child=serializers.ListField(), read_only=True)

    class Meta:
        model = LiveEvidence
        fields = [
            *REGISTER_FIELDS,
            "engagement",
            "control",
            "metric",
            "on",
            "course",
            "title",
            "taken_at",
            "taken_by",
            "source",
            "columns",
            "rows",
        ]
        read_only_fields = [*REGISTER_FIELDS, "title", "taken_at", "taken_by", "source"]

    def get_fields(self):
        fields = super().get_fields()
        scope = self.context.get("scope")
        if scope is not None:
            subjects = scope.rows(Engagement).values("subject")
            fields["course"].queryset = Course.objects.filter(
                organisation__in=subjects, archived_at__isnull=True
            )
        return fields


@scoped_viewset
class LiveEvidenceViewSet(RegisterViewSet):
    """Assessor-only. Taken (POST) and archived (DELETE), never edited: the figures stay as
    they were on the day."""

    serializer_class = LiveEvidenceSerializer
    filterset_class = filters.LiveEvidenceFilter
    http_method_names = ["get", "post", "delete", "head", "options"]
    select_related = ("engagement", "control", "taken_by")
    create_service = es.live_evidence_take
    archive_service = es.live_evidence_archive


# --- Interviews and notes (assessor-only) ----------------------------------------------------


class InterviewSerializer(ScopedSerializer):
    class Meta:
        model = Interview
        fields = [
            *REGISTER_FIELDS,
            "engagement",
            "interviewee_role",
            "held_at",
            "mode",
            "interviewers",
            "summary",
        ]
        read_only_fields = REGISTER_FIELDS

    def get_fields(self):
        fields = super().get_fields()
        scope = self.context.get("scope")
        if scope is not None:
            # Only the assessor's own members interview.
            people = fields["interviewers"].child_relation
            people.queryset = people.queryset.filter(
                memberships__organisation=scope.organisation,
                memberships__archived_at__isnull=True,
            ).distinct()
        return fields


@scoped_viewset
class InterviewViewSet(RegisterViewSet):
    serializer_class = InterviewSerializer
    filterset_class = filters.InterviewFilter
    select_related = ("engagement",)
    create_service = es.interview_create
    update_service = es.interview_update
    archive_service = es.interview_archive


class InterviewNoteSerializer(ScopedSerializer):
    class Meta:
        model = InterviewNote
        fields = [*REGISTER_FIELDS, "interview", "control", "note"]
        read_only_fields = REGISTER_FIELDS


@scoped_viewset
class InterviewNoteViewSet(RegisterViewSet):
    serializer_class = InterviewNoteSerializer
    filterset_class = filters.InterviewNoteFilter
    select_related = ("interview", "control")
    create_service = es.interview_note_create
    update_service = es.interview_note_update
    archive_service = es.interview_note_archive


# --- Findings, recommendations, ratings ------------------------------------------------------


class FindingSerializer(ScopedSerializer):
    class Meta:
        model = Finding
        fields = [
            *REGISTER_FIELDS,
            "engagement",
            "control",
            "kind",
            "text",
            "evidence",
            "live_evidence",
            "evidence_references",
        ]
        read_only_fields = REGISTER_FIELDS


@scoped_viewset
class FindingViewSet(VisibleViewSet):
    serializer_class = FindingSerializer
    filterset_class = filters.FindingFilter
    select_related = ("engagement", "control")
    create_service = fs.finding_create
    update_service = fs.finding_update
    archive_service = fs.finding_archive

    def get_queryset(self):
        return super().get_queryset().prefetch_related("evidence", "live_evidence")


class RecommendationSerializer(ScopedSerializer):
    class Meta:
        model = Recommendation
        fields = [
            *REGISTER_FIELDS,
            "engagement",
            "finding",
            "number",
            "priority",
            "text",
            "owner",
            "target_date",
        ]
        read_only_fields = [*REGISTER_FIELDS, "engagement", "number"]


@scoped_viewset
class RecommendationViewSet(VisibleViewSet):
    serializer_class = RecommendationSerializer
    filterset_class = filters.RecommendationFilter
    select_related = ("engagement", "finding")
    create_service = fs.recommendation_create
    update_service = fs.recommendation_update
    archive_service = fs.recommendation_archive


class ScopeRatingSerializer(ScopedSerializer):
    class Meta:
        model = ScopeRating
        fields = [*REGISTER_FIELDS, "engagement", "scope_area", "rating", "opinion"]
        read_only_fields = REGISTER_FIELDS


@scoped_viewset
class ScopeRatingViewSet(VisibleViewSet):
    serializer_class = ScopeRatingSerializer
    filterset_class = filters.ScopeRatingFilter
    select_related = ("engagement", "scope_area")
    create_service = fs.scope_rating_create
    update_service = fs.scope_rating_update
    archive_service = fs.scope_rating_archive


# --- Management responses (the organisation assessed) ----------------------------------------


class ManagementResponseSerializer(ScopedSerializer):
    recommendation = serializers.PrimaryKeyRelatedField(queryset=Recommendation.objects.none())

    class Meta:
        model = ManagementResponse
        fields = [
            *REGISTER_FIELDS,
            "recommendation",
            "decision",
            "action",
            "owner",
            "target_date",
            "entered_by",
        ]
        read_only_fields = [*REGISTER_FIELDS, "entered_by"]

    def get_fields(self):
        fields = super().get_fields()
        scope = self.context.get("scope")
        if scope is not None:
            # Any recommendation the caller may read: the service says who may respond.
            fields["recommendation"].queryset = fsel.visible(scope, Recommendation).filter(
                archived_at__isnull=True
            )
        return fields


def _response_create(*, organisation, actor, **fields):
    return fs.management_response_create(organisation=organisation, actor=actor, **fields)


@scoped_viewset
class ManagementResponseViewSet(RegisterViewSet):
    """Given (POST) and changed (PUT/PATCH) only by the organisation assessed, through its own
    organisation's URL, while the draft is with it; the assessor reads them. Never removed."""

    serializer_class = ManagementResponseSerializer
    filterset_class = filters.ManagementResponseFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    select_related = ("recommendation",)
    create_service = _response_create

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ManagementResponse.objects.none()
        queryset = fsel.visible(self.scope, ManagementResponse).select_related(
            "recommendation__engagement"
        )
        if self.action == "list" and self.request.query_params.get("archived") != "true":
            queryset = queryset.filter(archived_at__isnull=True)
        return queryset.order_by("recommendation__number", "pk")

    def perform_update(self, serializer):
        serializer.instance = fs.management_response_update(
            serializer.instance,
            actor=self.request.user,
            organisation=self.scope.organisation,
            **serializer.validated_data,
        )


# --- The overall opinion ---------------------------------------------------------------------


class OpinionSerializer(serializers.ModelSerializer):
    overall_rating = serializers.ChoiceField(
        choices=Engagement._meta.get_field("overall_rating").choices, allow_blank=True
    )
    overall_opinion = serializers.CharField(allow_blank=True)

    class Meta:
        model = Engagement
        fields = ["id", "overall_rating", "overall_opinion"]
        read_only_fields = ["id"]


@extend_schema(parameters=[ORG_SLUG])
class OpinionViewSet(mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """The overall assurance rating and opinion of an engagement (its id): set by the
    assessor; read by the organisation assessed once the draft is shared with it."""

    serializer_class = OpinionSerializer
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "put", "patch", "head", "options"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.scope = scope_for(request.user, kwargs["org_slug"])
        if request.method not in SAFE:
            self.scope.require(Role.EDITOR)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Engagement.objects.none()
        if self.request.method not in SAFE:
            queryset = self.scope.rows(Engagement)
        else:
            shared = self.scope.rows_about(Engagement).filter(stage__in=fsel.SHARED)
            queryset = self.scope.rows(Engagement) | shared
        return queryset.filter(archived_at__isnull=True).order_by("pk")

    def perform_update(self, serializer):
        data = {
            "overall_rating": serializer.instance.overall_rating,
            "overall_opinion": serializer.instance.overall_opinion,
            **serializer.validated_data,
        }
        serializer.instance = fs.engagement_opinion_set(
            serializer.instance, actor=self.request.user, **data
        )


def register_findings(router) -> None:
    router.register("assurance/evidence", EvidenceViewSet, basename="assurance-engagementevidence")
    router.register(
        "assurance/live-evidence", LiveEvidenceViewSet, basename="assurance-liveevidence"
    )
    router.register("assurance/interviews", InterviewViewSet, basename="assurance-interview")
    router.register(
        "assurance/interview-notes", InterviewNoteViewSet, basename="assurance-interviewnote"
    )
    router.register("assurance/findings", FindingViewSet, basename="assurance-finding")
    router.register(
        "assurance/recommendations", RecommendationViewSet, basename="assurance-recommendation"
    )
    router.register(
        "assurance/management-responses",
        ManagementResponseViewSet,
        basename="assurance-managementresponse",
    )
    router.register("assurance/ratings", ScopeRatingViewSet, basename="assurance-scoperating")
    router.register("assurance/opinions", OpinionViewSet, basename="assurance-opinion")
