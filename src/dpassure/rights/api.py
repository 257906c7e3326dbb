"""API for requests for personal data: CRUD of requests and steps, plus the clock's actions.

The due date and status are read-only and computed by the rules, as on the pages.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from dpassure.core import clock
from dpassure.core.api import ORG_SLUG, RegisterViewSet, ScopedSerializer, scoped_viewset
from dpassure.rights import filters, services
from dpassure.rights.choices import ClockStatus, Outcome, Right
from dpassure.rights.models import (
    Clarification,
    Disclosure,
    ExemptionApplied,
    Review,
    RightsRequest,
    Search,
)
from dpassure.rights.selectors import request_clock

REGISTER_FIELDS = ["id", "created_at", "updated_at", "archived_at"]


class RightsListField(serializers.ListField):
    """Rights as a list of codes in JSON, stored as space-separated codes."""

    child = serializers.ChoiceField(choices=Right.choices)

    def __init__(self, **kwargs):
        super().__init__(allow_empty=False, **kwargs)

    def to_representation(self, value):
        return value.split() if isinstance(value, str) else value

    def to_internal_value(self, data):
        codes = super().to_internal_value(data)
        return " ".join(sorted(set(codes), key=Right.values.index))


class RightsRequestSerializer(ScopedSerializer):
    rights = RightsListField()
    due_on = serializers.DateField(read_only=True, allow_null=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = RightsRequest
        fields = [
            *REGISTER_FIELDS,
            "reference",
            "rights",
            "channel",
            "regime",
            "region",
            "received_on",
            "requester_name",
            "requester_email",
            "requester_phone",
            "requester_address",
            "requester_words",
            "is_third_party",
            "data_subject_name",
            "authority",
            "identity_requested_on",
            "identity_confirmed_on",
            "fee_requested_on",
            "fee_received_on",
            "extended",
            "extension_reasons",
            "extension_notified_on",
            "due_on",
            "status",
            "closed_on",
            "outcome",
        ]
        read_only_fields = [*REGISTER_FIELDS, "reference"]

    def get_status(self, obj) -> str:
        from dpassure.rights.selectors import status_for_row

        return status_for_row(obj, today=clock.today()).value


class StepSerializer(ScopedSerializer):
    class Meta:
        fields = [*REGISTER_FIELDS, "request"]
        read_only_fields = REGISTER_FIELDS


class ClarificationSerializer(StepSerializer):
    class Meta(StepSerializer.Meta):
        model = Clarification
        fields = [*StepSerializer.Meta.fields, "asked_on", "question", "answered_on", "answer"]


class SearchSerializer(StepSerializer):
    class Meta(StepSerializer.Meta):
        model = Search
        fields = [
            *StepSerializer.Meta.fields,
            "searched",
            "searched_by",
            "searched_on",
            "result",
            "notes",
        ]


class ExemptionSerializer(StepSerializer):
    class Meta(StepSerializer.Meta):
        model = ExemptionApplied
        fields = [*StepSerializer.Meta.fields, "exemption", "reasons", "decided_by", "decided_on"]


class DisclosureSerializer(StepSerializer):
    class Meta(StepSerializer.Meta):
        model = Disclosure
        fields = [*StepSerializer.Meta.fields, "disclosed_on", "method", "pages", "notes"]


class ReviewSerializer(StepSerializer):
    class Meta(StepSerializer.Meta):
        model = Review
        fields = [*StepSerializer.Meta.fields, "kind", "received_on", "outcome", "closed_on"]


class ConfirmIdentitySerializer(serializers.Serializer):
    identity_confirmed_on = serializers.DateField()


class ExtendSerializer(serializers.Serializer):
    extension_reasons = serializers.CharField()
    extension_notified_on = serializers.DateField()


class CloseSerializer(serializers.Serializer):
    closed_on = serializers.DateField()
    outcome = serializers.ChoiceField(choices=Outcome.choices)


class ClockSerializer(serializers.Serializer):
    due = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=ClockStatus.choices)
    days_remaining = serializers.IntegerField(allow_null=True)
    internal_target = serializers.DateField(allow_null=True)
    extension_notice_deadline = serializers.DateField(allow_null=True)
    closed_late = serializers.BooleanField()


@scoped_viewset
class RightsRequestViewSet(RegisterViewSet):
    serializer_class = RightsRequestSerializer
    filterset_class = filters.RightsRequestFilter
    create_service = services.rights_request_create
    update_service = services.rights_request_update
    archive_service = services.rights_request_archive

    def _act(self, serializer_class, **extra):
        request_row = self.get_object()
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        updated = services.rights_request_update(
            request_row, actor=self.request.user, **serializer.validated_data, **extra
        )
        return Response(
            RightsRequestSerializer(updated, context=self.get_serializer_context()).data
        )

    @extend_schema(
        parameters=[ORG_SLUG], request=ConfirmIdentitySerializer, responses=RightsRequestSerializer
    )
    @action(detail=True, methods=["post"], url_path="confirm-identity")
    def confirm_identity(self, request, *args, **kwargs):
        """Record that the requester's identity is confirmed: the clock restarts from that day."""
        return self._act(ConfirmIdentitySerializer)

    @extend_schema(
        parameters=[ORG_SLUG], request=ExtendSerializer, responses=RightsRequestSerializer
    )
    @action(detail=True, methods=["post"])
    def extend(self, request, *args, **kwargs):
        """Extend by two months; the requester must have been told within the first month."""
        return self._act(ExtendSerializer, extended=True)

    @extend_schema(
        parameters=[ORG_SLUG], request=CloseSerializer, responses=RightsRequestSerializer
    )
    @action(detail=True, methods=["post"])
    def close(self, request, *args, **kwargs):
        return self._act(CloseSerializer)

    @extend_schema(parameters=[ORG_SLUG], request=None, responses=ClockSerializer)
    @action(detail=True, methods=["get"])
    def clock(self, request, *args, **kwargs):
        """The statutory clock today: due date, status, days remaining, target."""
        current = request_clock(self.get_object(), today=clock.today())
        return Response(ClockSerializer(current).data)


class StepViewSet(RegisterViewSet):
    select_related = ("request",)


@scoped_viewset
class ClarificationViewSet(StepViewSet):
    """Clarifications: asking stops the clock; recording the answer restarts it."""

    serializer_class = ClarificationSerializer
    filterset_class = filters.ClarificationFilter
    create_service = services.clarification_create
    update_service = services.clarification_update
    archive_service = services.clarification_archive


@scoped_viewset
class SearchViewSet(StepViewSet):
    serializer_class = SearchSerializer
    filterset_class = filters.SearchFilter
    create_service = services.search_create
    update_service = services.search_update
    archive_service = services.search_archive


@scoped_viewset
class ExemptionViewSet(StepViewSet):
    serializer_class = ExemptionSerializer
    filterset_class = filters.ExemptionFilter
    create_service = services.exemption_create
    update_service = services.exemption_update
    archive_service = services.exemption_archive


@scoped_viewset
class DisclosureViewSet(StepViewSet):
    serializer_class = DisclosureSerializer
    filterset_class = filters.DisclosureFilter
    create_service = services.disclosure_create
    update_service = services.disclosure_update
    archive_service = services.disclosure_archive


@scoped_viewset
class ReviewViewSet(StepViewSet):
    serializer_class = ReviewSerializer
    filterset_class = filters.ReviewFilter
    create_service = services.review_create
    update_service = services.review_update
    archive_service = services.review_archive


rights_router = DefaultRouter(trailing_slash=True)
rights_router.include_root_view = False
rights_router.register("requests", RightsRequestViewSet, basename="rightsrequest")
rights_router.register("clarifications", ClarificationViewSet, basename="clarification")
rights_router.register("searches", SearchViewSet, basename="search")
rights_router.register("exemptions", ExemptionViewSet, basename="exemptionapplied")
rights_router.register("disclosures", DisclosureViewSet, basename="disclosure")
rights_router.register("reviews", ReviewViewSet, basename="review")
