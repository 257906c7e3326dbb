"""API for the per-organisation report and the follow-up grades.

A report is issued with POST (the service builds, renders, hashes and keeps it as version
n+1); an issued report stands as issued, so PUT, PATCH and DELETE are refused with 405 and the
reason. The assessor reads its reports; the organisation assessed reads the issued ones.
``download/`` gives the PDF (``?file=pdf``, the default) or the Word document as issued.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from dpassure.assurance import findings_filters as filters
from dpassure.assurance import followup_services as grades
from dpassure.assurance import report_services as reports
from dpassure.assurance.findings_api import REGISTER_FIELDS, VisibleViewSet
from dpassure.assurance.models import Engagement, EngagementReport, FollowUpGrade
from dpassure.assurance.models.reports import ISSUED_REPORT_IMMUTABLE
from dpassure.core.api import ORG_SLUG, ScopedSerializer, scoped_viewset
from dpassure.core.documents import DOCX_MIMETYPE, PDF_MIMETYPE, download_response

REFUSED = inline_serializer("IssuedReportRefusal", fields={"detail": serializers.CharField()})


class ReportSerializer(ScopedSerializer):
    engagement = serializers.PrimaryKeyRelatedField(queryset=Engagement.objects.none())

    class Meta:
        model = EngagementReport
        fields = [
            *REGISTER_FIELDS,
            "engagement",
            "status",
            "version",
            "issued_on",
            "issued_at",
            "issued_by",
            "sha256",
            "docx_sha256",
        ]
        read_only_fields = [
            *REGISTER_FIELDS,
            "status",
            "version",
            "issued_at",
            "issued_by",
            "sha256",
            "docx_sha256",
        ]

    def get_fields(self):
        fields = super().get_fields()
        scope = self.context.get("scope")
        if scope is not None:
            fields["engagement"].queryset = scope.rows(Engagement).filter(archived_at__isnull=True)
        return fields


def _refuse(viewset, request):
    viewset.get_object()  # another organisation's report, or none: 404
    return Response({"detail": ISSUED_REPORT_IMMUTABLE}, status=status.HTTP_405_METHOD_NOT_ALLOWED)


@scoped_viewset
class ReportViewSet(VisibleViewSet):
    serializer_class = ReportSerializer
    filterset_class = filters.ReportFilter
    select_related = ("engagement", "issued_by")

    def get_queryset(self):
        return super().get_queryset().defer("pdf", "docx", "content")

    @extend_schema(responses={201: ReportSerializer})
    def create(self, request, *args, **kwargs):
        """Issue the engagement's report as its next version."""
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = reports.report_issue(
            data["engagement"], actor=self.request.user, issued_on=data.get("issued_on")
        )

    @extend_schema(request=None, responses={405: REFUSED})
    def update(self, request, *args, **kwargs):
        """Refused: an issued report cannot be changed."""
        return _refuse(self, request)

    @extend_schema(request=None, responses={405: REFUSED})
    def partial_update(self, request, *args, **kwargs):
        """Refused: an issued report cannot be changed."""
        return _refuse(self, request)

    @extend_schema(responses={405: REFUSED})
    def destroy(self, request, *args, **kwargs):
        """Refused: an issued report cannot be removed."""
        return _refuse(self, request)

    @extend_schema(
        parameters=[
            ORG_SLUG,
            OpenApiParameter("file", OpenApiTypes.STR, enum=["pdf", "docx"], required=False),
        ],
        responses={
            (200, PDF_MIMETYPE): OpenApiTypes.BINARY,
            (200, DOCX_MIMETYPE): OpenApiTypes.BINARY,
        },
    )
    @action(detail=True, methods=["get"])
    def download(self, request, *args, **kwargs):
        """The PDF or Word document exactly as issued, as an attachment."""
        report = self.get_object()
        kind = "docx" if request.query_params.get("file") == "docx" else "pdf"
        content = EngagementReport.objects.values_list(kind, flat=True).get(pk=report.pk)
        stem = f"assurance-report-{report.issued_on:%Y-%m-%d}-v{report.version}"
        return download_response(
            bytes(content),
            content_type=PDF_MIMETYPE if kind == "pdf" else DOCX_MIMETYPE,
            filename=f"{stem}.{kind}",
        )


class GradeSerializer(ScopedSerializer):
    class Meta:
        model = FollowUpGrade
        fields = [
            *REGISTER_FIELDS,
            "engagement",
            "recommendation",
            "status",
            "evidence",
            "evidence_documents",
            "graded_on",
        ]
        read_only_fields = REGISTER_FIELDS
        extra_kwargs = {"graded_on": {"required": False}}


@scoped_viewset
class GradeViewSet(VisibleViewSet):
    serializer_class = GradeSerializer
    filterset_class = filters.GradeFilter
    select_related = ("engagement", "recommendation")
    create_service = grades.grade_create
    update_service = grades.grade_update
    archive_service = grades.grade_archive


def register_reports(router) -> None:
    router.register("assurance/reports", ReportViewSet, basename="assurance-engagementreport")
    router.register("assurance/grades", GradeViewSet, basename="assurance-followupgrade")
