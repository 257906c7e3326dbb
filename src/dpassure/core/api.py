"""The API toolkit: every register's endpoints go through the same scope as its pages.

URLs carry the organisation (``/api/v1/o/<org_slug>/people/``); a caller who is not a member
gets 404. Writes call the register's services, so the API validates and audits exactly as the
pages do. DELETE archives.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from dpassure.core.roles import Role
from dpassure.core.tenancy import scope_for

ORG_SLUG = OpenApiParameter(
    "org_slug",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The organisation's slug; you must be a member of it.",
)


class ScopedSerializer(serializers.ModelSerializer):
    """Related fields only accept rows of the caller's organisation."""

    def get_fields(self):
        fields = super().get_fields()
        scope = self.context.get("scope")
        for field in fields.values():
            queryset = getattr(field, "queryset", None)
            owned = queryset is not None and any(
                f.name == "organisation" for f in queryset.model._meta.fields
            )
            if scope is not None and owned:
                field.queryset = scope.rows(queryset).filter(archived_at__isnull=True)
        return fields


class RegisterViewSet(viewsets.ModelViewSet):
    """CRUD for one register, scoped to the organisation in the URL.

    Reading needs the viewer role; writing needs ``edit_role``. Subclasses name the model's
    services; nothing writes around them.
    """

    edit_role = Role.EDITOR
    create_service = None
    update_service = None
    archive_service = None
    select_related: tuple[str, ...] = ()
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    lookup_value_regex = r"\d+"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.scope = scope_for(request.user, kwargs["org_slug"])
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            self.scope.require(self.edit_role)

    def get_queryset(self):
        model = self.serializer_class.Meta.model
        if getattr(self, "swagger_fake_view", False):
            return model.objects.none()
        queryset = self.scope.rows(model).select_related(*self.select_related)
        if self.action == "list" and self.request.query_params.get("archived") != "true":
            queryset = queryset.filter(archived_at__isnull=True)
        return queryset.order_by(*model._meta.ordering, "pk")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["scope"] = getattr(self, "scope", None)
        return context

    def perform_create(self, serializer):
        serializer.instance = type(self).create_service(
            organisation=self.scope.organisation,
            actor=self.request.user,
            **serializer.validated_data,
        )

    def perform_update(self, serializer):
        serializer.instance = type(self).update_service(
            serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    def destroy(self, request, *args, **kwargs):
        type(self).archive_service(self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def scoped_viewset(viewset):
    """Document the organisation path parameter on every operation of a register viewset."""
    return extend_schema_view(
        **{
            action: extend_schema(parameters=[ORG_SLUG])
            for action in ("list", "retrieve", "create", "update", "partial_update", "destroy")
        }
    )(viewset)
