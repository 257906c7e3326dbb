"""``POST evidence-requests/{id}/upload/``: a document sent against an evidence request by the
organisation assessed (on its own organisation's URL) or by the assessor — the same service as
the page (:func:`.evidence_services.request_evidence_create`)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from dpassure.assurance import evidence_services as es
from dpassure.assurance.findings_api import EngagementEvidenceSerializer
from dpassure.core.api import ORG_SLUG


class RequestEvidenceSerializer(serializers.Serializer):
    """A document sent against an evidence request (multipart)."""

    upload = serializers.FileField(help_text="PDF, DOCX, XLSX, PNG or JPEG.")
    title = serializers.CharField(max_length=300)
    document_date = serializers.DateField(required=False, allow_null=True)
    controls = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=es.Control.objects.all(),
        help_text="The controls it supports; those the request names when left out.",
    )


class RequestEvidenceUpload:
    """Mixed into the evidence requests' viewset: ``POST evidence-requests/{id}/upload/``, a
    document sent against the request by the organisation assessed (or the assessor), through
    :func:`.evidence_services.request_evidence_create` — the same service as the page."""

    @extend_schema(
        parameters=[ORG_SLUG],
        request={"multipart/form-data": RequestEvidenceSerializer},
        responses={201: EngagementEvidenceSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        parser_classes=[MultiPartParser, FormParser, JSONParser],
        serializer_class=RequestEvidenceSerializer,
    )
    def upload(self, request, *args, **kwargs):
        from dpassure.assurance import selectors
        from dpassure.assurance.models import EvidenceRequest

        rows = selectors.visible(self.scope, EvidenceRequest).filter(archived_at__isnull=True)
        evidence_request = get_object_or_404(rows, pk=self.kwargs["pk"])
        serializer = RequestEvidenceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = es.request_evidence_create(
            organisation=self.scope.organisation,
            actor=request.user,
            request=evidence_request,
            **serializer.validated_data,
        )
        data = EngagementEvidenceSerializer(item, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)
