"""API endpoints: organisations (read), departments, people, service breaks, memberships."""

from __future__ import annotations

from rest_framework import serializers, viewsets
from rest_framework.routers import DefaultRouter

from dpassure.core.api import RegisterViewSet, ScopedSerializer, scoped_viewset
from dpassure.core.roles import Role
from dpassure.core.tenancy import organisations_for
from dpassure.organisations import filters, services
from dpassure.organisations.models import Department, Membership, Organisation, Person, ServiceBreak


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = [
            "slug",
            "name",
            "kind",
            "ico_registration_number",
            "force_area",
            "body_type",
            "valid_from",
            "valid_to",
            "successor",
        ]

    successor = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """The organisations you belong to."""

    serializer_class = OrganisationSerializer
    lookup_field = "slug"
    filter_backends = []

    def get_queryset(self):
        return organisations_for(self.request.user).select_related("successor")


REGISTER_FIELDS = ["id", "created_at", "updated_at", "archived_at"]


class DepartmentSerializer(ScopedSerializer):
    class Meta:
        model = Department
        fields = [*REGISTER_FIELDS, "name", "code", "parent"]
        read_only_fields = REGISTER_FIELDS


class PersonSerializer(ScopedSerializer):
    class Meta:
        model = Person
        fields = [
            *REGISTER_FIELDS,
            "employee_number",
            "first_name",
            "last_name",
            "email",
            "department",
            "job_title",
            "line_manager",
            "start_date",
            "leaving_date",
        ]
        read_only_fields = REGISTER_FIELDS


class ServiceBreakSerializer(ScopedSerializer):
    class Meta:
        model = ServiceBreak
        fields = [
            *REGISTER_FIELDS,
            "person",
            "start_date",
            "end_date",
            "reason",
            "returned_in_different_role",
        ]
        read_only_fields = REGISTER_FIELDS


class MembershipSerializer(ScopedSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    email = serializers.EmailField(source="user.email")
    first_name = serializers.CharField(source="user.first_name", required=False, allow_blank=True)
    last_name = serializers.CharField(source="user.last_name", required=False, allow_blank=True)

    class Meta:
        model = Membership
        fields = [*REGISTER_FIELDS, "username", "email", "first_name", "last_name", "role"]
        read_only_fields = REGISTER_FIELDS


@scoped_viewset
class DepartmentViewSet(RegisterViewSet):
    serializer_class = DepartmentSerializer
    filterset_class = filters.DepartmentFilter
    create_service = services.department_create
    update_service = services.department_update
    archive_service = services.department_archive


@scoped_viewset
class PersonViewSet(RegisterViewSet):
    serializer_class = PersonSerializer
    filterset_class = filters.PersonFilter
    create_service = services.person_create
    update_service = services.person_update
    archive_service = services.person_archive


@scoped_viewset
class ServiceBreakViewSet(RegisterViewSet):
    serializer_class = ServiceBreakSerializer
    filterset_class = filters.ServiceBreakFilter
    create_service = services.service_break_create
    update_service = services.service_break_update
    archive_service = services.service_break_archive


@scoped_viewset
class MembershipViewSet(RegisterViewSet):
    """Members of the organisation. Administrators only, for reading and writing."""

    serializer_class = MembershipSerializer
    filterset_class = filters.MembershipFilter
    edit_role = Role.ADMIN
    select_related = ("user",)
    archive_service = services.membership_archive

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.scope.require(Role.ADMIN)

    def perform_create(self, serializer):
        user = serializer.validated_data.pop("user")
        serializer.instance = services.membership_invite(
            organisation=self.scope.organisation,
            actor=self.request.user,
            email=user["email"],
            first_name=user.get("first_name", ""),
            last_name=user.get("last_name", ""),
            **serializer.validated_data,
        )

    def perform_update(self, serializer):
        serializer.validated_data.pop("user", None)
        serializer.instance = services.membership_update(
            serializer.instance, actor=self.request.user, **serializer.validated_data
        )


organisations_router = DefaultRouter(trailing_slash=True)
organisations_router.register("organisations", OrganisationViewSet, basename="organisation")

register_router = DefaultRouter(trailing_slash=True)
register_router.include_root_view = False
register_router.register("departments", DepartmentViewSet, basename="department")
register_router.register("people", PersonViewSet, basename="person")
register_router.register("service-breaks", ServiceBreakViewSet, basename="servicebreak")
register_router.register("members", MembershipViewSet, basename="membership")
