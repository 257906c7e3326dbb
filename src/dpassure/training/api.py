"""API for courses, training records and completion: the same services, scope and rules."""

from __future__ import annotations

import datetime

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from dpassure.core import clock
from dpassure.core.api import ORG_SLUG, RegisterViewSet, ScopedSerializer, scoped_viewset
from dpassure.core.tenancy import scope_for
from dpassure.organisations.models import Person
from dpassure.training import filters, selectors, services
from dpassure.training.models import Course, TrainingRecord

REGISTER_FIELDS = ["id", "created_at", "updated_at", "archived_at"]


class CourseSerializer(ScopedSerializer):
    class Meta:
        model = Course
        fields = [
            *REGISTER_FIELDS,
            "code",
            "title",
            "provider",
            "kind",
            "pass_mark",
            "validity_months",
            "audience",
            "departments",
            "job_titles",
            "gates_access",
        ]
        read_only_fields = REGISTER_FIELDS


class TrainingRecordSerializer(ScopedSerializer):
    passed = serializers.BooleanField(
        required=False,
        allow_null=True,
        help_text="Leave out when there is a score: pass or fail follows the pass mark.",
    )

    class Meta:
        model = TrainingRecord
        fields = [
            *REGISTER_FIELDS,
            "person",
            "course",
            "completed_on",
            "score",
            "passed",
            "certificate_reference",
            "source",
            "training_import",
        ]
        read_only_fields = [*REGISTER_FIELDS, "source", "training_import"]


@scoped_viewset
class CourseViewSet(RegisterViewSet):
    serializer_class = CourseSerializer
    filterset_class = filters.CourseFilter
    create_service = services.course_create
    update_service = services.course_update
    archive_service = services.course_archive

    def get_queryset(self):
        return super().get_queryset().prefetch_related("departments")


@scoped_viewset
class TrainingRecordViewSet(RegisterViewSet):
    serializer_class = TrainingRecordSerializer
    filterset_class = filters.TrainingRecordFilter
    select_related = ("person", "course")
    create_service = services.training_record_create
    update_service = services.training_record_update
    archive_service = services.training_record_archive


DEPARTMENT_ROW = inline_serializer(
    "DepartmentCompletion",
    {
        "department": serializers.CharField(),
        "people": serializers.IntegerField(),
        "completed": serializers.IntegerField(),
        "percent": serializers.IntegerField(),
        "due_soon": serializers.IntegerField(),
        "overdue": serializers.IntegerField(),
        "never_completed": serializers.IntegerField(),
    },
)


class CompletionViewSet(viewsets.ViewSet):
    """Completion of a course by department on a day (the report behind the training pages)."""

    @extend_schema(
        parameters=[
            ORG_SLUG,
            OpenApiParameter(
                "course",
                OpenApiTypes.STR,
                description="The course code; by default the first course that gates access.",
            ),
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="Defaults to today."),
        ],
        responses=DEPARTMENT_ROW,
    )
    def list(self, request, org_slug):
        scope = scope_for(request.user, org_slug)
        courses = scope.rows(Course).filter(archived_at__isnull=True)
        code = request.query_params.get("course", "")
        if code:
            course = courses.filter(code__iexact=code).first()
            if course is None:
                raise ValidationError({"course": [f"No current course has the code '{code}'."]})
        else:  # the first course that gates access, as on the report page
            course = courses.order_by("-gates_access", "code").first()
            if course is None:
                return Response([])
        try:
            on = datetime.date.fromisoformat(request.query_params.get("as_of", ""))
        except ValueError:
            if request.query_params.get("as_of"):
                raise ValidationError({"as_of": ["Give the date as YYYY-MM-DD."]}) from None
            on = clock.today()
        rows = selectors.completion_by_department(
            organisation=scope.organisation, course=course, on=on, people=scope.rows(Person)
        )
        return Response(
            [
                {
                    "department": row.department,
                    "people": row.people,
                    "completed": row.completed,
                    "percent": row.percent,
                    "due_soon": row.due_soon,
                    "overdue": row.overdue,
                    "never_completed": row.never_completed,
                }
                for row in [*rows, selectors.overall(rows)]
            ]
        )


training_router = DefaultRouter(trailing_slash=True)
training_router.include_root_view = False
training_router.register("courses", CourseViewSet, basename="course")
training_router.register("training-records", TrainingRecordViewSet, basename="trainingrecord")
training_router.register("training-completion", CompletionViewSet, basename="trainingcompletion")
