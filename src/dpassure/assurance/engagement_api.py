"""API for sector projects, invitations, engagements, evidence requests and surveys: the same
services, scope and roles as the pages.

The assessor's members reach every endpoint; the organisation an engagement is about reads its
engagements (without internal notes), evidence requests and surveys once sent. Stage, status,
risk and hashes are read-only: rules and services compute them. Survey links are made with
POST and the token is in that one response only; DELETE withdraws a link.
"""

from __future__ import annotations

from functools import partial

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from dpassure.assurance import engagement_filters as filters
from dpassure.assurance import engagement_services as services
from dpassure.assurance import selectors
from dpassure.assurance import survey_services as survey_services
from dpassure.assurance.choices import AnswerKind, EngagementKind
from dpassure.assurance.findings_selectors import SHARED
from dpassure.assurance.models import (
    Engagement,
    EvidenceRequest,
    ProjectInvitation,
    SectorProject,
    Survey,
    SurveyAnswer,
    SurveyLink,
    SurveyQuestion,
)
from dpassure.assurance.request_upload_api import RequestEvidenceUpload
from dpassure.core.api import ORG_SLUG, RegisterViewSet, ScopedSerializer, scoped_viewset
from dpassure.core.registers.filters import RegisterFilterSet
from dpassure.core.registers.two_sided import is_assessor
from dpassure.core.roles import Role
from dpassure.core.tenancy import scope_for
from dpassure.rules import assurance as rules

REGISTER_FIELDS = ["id", "created_at", "updated_at", "archived_at"]


class BothSidesViewSet(RegisterViewSet):
    """Reads include rows about the caller's organisation; writes only the caller's own."""

    def get_queryset(self):
        model = self.serializer_class.Meta.model
        if getattr(self, "swagger_fake_view", False):
            return model.objects.none()
        writing = self.request.method not in ("GET", "HEAD", "OPTIONS")
        queryset = self.scope.rows(model) if writing else selectors.visible(self.scope, model)
        queryset = queryset.select_related(*self.select_related)
        if self.action == "list" and self.request.query_params.get("archived") != "true":
            queryset = queryset.filter(archived_at__isnull=True)
        return queryset.order_by(*model._meta.ordering, "pk")


class SectorProjectSerializer(ScopedSerializer):
    class Meta:
        model = SectorProject
        fields = [
            *REGISTER_FIELDS,
            "title",
            "framework",
            "scope_areas",
            "description",
            "starts_on",
            "invitations_sent_on",
            "survey_closes_on",
            "fieldwork_from",
            "fieldwork_to",
            "report_due_on",
            "completed_on",
        ]
        read_only_fields = REGISTER_FIELDS


@scoped_viewset
class SectorProjectViewSet(RegisterViewSet):
    serializer_class = SectorProjectSerializer
    filterset_class = filters.SectorProjectFilter
    create_service = services.sectorproject_create
    update_service = services.sectorproject_update
    archive_service = services.sectorproject_archive


class ProjectInvitationSerializer(ScopedSerializer):
    # The same choices as an engagement's kind: one enum (EngagementKindEnum) in the schema.
    preferred_kind = serializers.ChoiceField(
        choices=EngagementKind.choices, required=False, allow_blank=True
    )

    class Meta:
        model = ProjectInvitation
        fields = [
            *REGISTER_FIELDS,
            "project",
            "subject",
            "invited_on",
            "contact_name",
            "contact_email",
            "response",
            "responded_on",
            "preferred_kind",
            "notes",
        ]
        read_only_fields = REGISTER_FIELDS


@scoped_viewset
class ProjectInvitationViewSet(BothSidesViewSet):
    serializer_class = ProjectInvitationSerializer
    filterset_class = filters.ProjectInvitationFilter
    select_related = ("project", "subject")
    create_service = services.projectinvitation_create
    update_service = services.projectinvitation_update
    archive_service = services.projectinvitation_archive


class EngagementSerializer(ScopedSerializer):
    class Meta:
        model = Engagement
        fields = [
            *REGISTER_FIELDS,
            "title",
            "subject",
            "project",
            "framework",
            "kind",
            "scope_areas",
            "assessors",
            "follows_up",
            "stage",
            "subject_contact_name",
            "subject_contact_email",
            "overall_rating",
            "overall_opinion",
            "internal_notes",
        ]
        read_only_fields = [*REGISTER_FIELDS, "stage", "overall_rating", "overall_opinion"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        scope = self.context.get("scope")
        if scope is not None and not is_assessor(scope, instance):
            data["internal_notes"] = ""  # the assessor's own notes never leave it
            data["assessors"] = []
            if instance.stage not in SHARED:  # the opinion is the draft's, shared with it
                data["overall_rating"], data["overall_opinion"] = "", ""
        return data


@scoped_viewset
class EngagementViewSet(BothSidesViewSet):
    serializer_class = EngagementSerializer
    filterset_class = filters.EngagementFilter
    select_related = ("subject", "project", "framework")
    create_service = services.engagement_create
    update_service = services.engagement_update
    archive_service = services.engagement_archive


class EvidenceRequestSerializer(ScopedSerializer):
    class Meta:
        model = EvidenceRequest
        fields = [
            *REGISTER_FIELDS,
            "engagement",
            "title",
            "detail",
            "controls",
            "requested_on",
            "due_on",
        ]
        read_only_fields = REGISTER_FIELDS


def _evidencerequest_create(*, organisation, actor, **fields):
    return services.evidencerequest_create(actor=actor, **fields)


@scoped_viewset
class EvidenceRequestViewSet(RequestEvidenceUpload, BothSidesViewSet):
    serializer_class = EvidenceRequestSerializer
    filterset_class = filters.EvidenceRequestFilter
    select_related = ("engagement",)
    create_service = _evidencerequest_create
    update_service = services.evidencerequest_update
    archive_service = services.evidencerequest_archive


class SurveyQuestionSerializer(serializers.ModelSerializer):
    answer_kind = serializers.ChoiceField(source="kind", choices=AnswerKind.choices, read_only=True)

    class Meta:
        model = SurveyQuestion
        fields = ["id", "number", "scope_area", "control", "text", "hint", "answer_kind", "choices"]
        read_only_fields = fields


class SurveySerializer(serializers.ModelSerializer):
    questions = SurveyQuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Survey
        fields = [
            *REGISTER_FIELDS,
            "engagement",
            "title",
            "introduction",
            "status",
            "opened_at",
            "due_on",
            "submitted_at",
            "risk_scores",
            "proposed_scope",
            "questions",
        ]
        read_only_fields = fields


class ReadOnlyScoped(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = r"\d+"
    select_related: tuple[str, ...] = ()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.scope = scope_for(request.user, kwargs["org_slug"])

    def get_queryset(self):
        model = self.serializer_class.Meta.model
        if getattr(self, "swagger_fake_view", False):
            return model.objects.none()
        queryset = selectors.visible(self.scope, model).filter(archived_at__isnull=True)
        return queryset.select_related(*self.select_related).order_by(*model._meta.ordering, "pk")


def _read_only(viewset, more=()):
    """The organisation parameter documented on the actions a narrower viewset has."""
    return extend_schema_view(
        **{action: extend_schema(parameters=[ORG_SLUG]) for action in ("list", "retrieve", *more)}
    )(viewset)


@_read_only
class SurveyViewSet(ReadOnlyScoped):
    serializer_class = SurveySerializer
    filterset_class = filters.SurveyFilter

    def get_queryset(self):
        return super().get_queryset().prefetch_related("questions")


class SurveyAnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = SurveyAnswer
        fields = [
            "id",
            "question",
            "choice",
            "text",
            "file_name",
            "content_type",
            "size",
            "sha256",
            "answered_at",
            "answered_via",
            "answered_by_name",
        ]
        read_only_fields = fields


class SurveyAnswerFilter(RegisterFilterSet):
    search_fields = ("text", "answered_by_name")

    class Meta:
        model = SurveyAnswer
        fields = ["q", "archived"]


@_read_only
class SurveyAnswerViewSet(ReadOnlyScoped):
    serializer_class = SurveyAnswerSerializer
    filterset_class = SurveyAnswerFilter
    select_related = ("question",)


class SurveyLinkSerializer(serializers.ModelSerializer):
    survey = serializers.PrimaryKeyRelatedField(queryset=Survey.objects.none())
    days = serializers.IntegerField(
        write_only=True,
        required=False,
        min_value=1,
        max_value=rules.MAX_LINK_DAYS,
        default=rules.DEFAULT_LINK_DAYS,
    )
    token = serializers.CharField(read_only=True, help_text="Given once, when the link is made.")

    class Meta:
        model = SurveyLink
        fields = [
            *REGISTER_FIELDS,
            "survey",
            "contact_name",
            "contact_email",
            "contact_role",
            "expires_at",
            "revoked_at",
            "last_used_at",
            "days",
            "token",
        ]
        read_only_fields = [*REGISTER_FIELDS, "expires_at", "revoked_at", "last_used_at"]

    def get_fields(self):
        fields = super().get_fields()
        scope = self.context.get("scope")
        if scope is not None:
            fields["survey"].queryset = scope.rows(Survey).filter(archived_at__isnull=True)
        return fields


@partial(_read_only, more=("create", "destroy"))
class SurveyLinkViewSet(
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    ReadOnlyScoped,
):
    """Links for named contacts. POST makes one (the token is in the response, only there);
    DELETE withdraws it."""

    serializer_class = SurveyLinkSerializer
    filterset_class = filters.SurveyLinkFilter
    http_method_names = ["get", "post", "delete", "head", "options"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            self.scope.require(Role.EDITOR)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "scope": getattr(self, "scope", None)}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SurveyLink.objects.none()
        return self.scope.rows(SurveyLink).filter(archived_at__isnull=True).order_by("-id")

    @extend_schema(responses={201: SurveyLinkSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        link, token = survey_services.surveylink_create(
            actor=request.user, **serializer.validated_data
        )
        data = self.get_serializer(link).data
        data["token"] = token
        return Response(data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        survey_services.surveylink_revoke(self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def register_engagements(router) -> None:
    router.register("assurance/projects", SectorProjectViewSet, basename="assurance-sectorproject")
    router.register(
        "assurance/invitations", ProjectInvitationViewSet, basename="assurance-projectinvitation"
    )
    router.register("assurance/engagements", EngagementViewSet, basename="assurance-engagement")
    router.register(
        "assurance/evidence-requests", EvidenceRequestViewSet, basename="assurance-evidencerequest"
    )
    router.register("assurance/surveys", SurveyViewSet, basename="assurance-survey")
    router.register("assurance/survey-answers", SurveyAnswerViewSet, basename="assurance-answer")
    router.register("assurance/survey-links", SurveyLinkViewSet, basename="assurance-surveylink")
