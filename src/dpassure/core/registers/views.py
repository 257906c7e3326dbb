"""The register toolkit: generic list, detail, create, update, archive and history pages.

A register declares its model, columns, filters, form and services; these views do the rest
through the one scoping path (:func:`dpassure.core.tenancy.scope_for`).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import InvalidPage
from django.db.models import CharField
from django.db.models.functions import Lower
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import TemplateView

from dpassure.core.audit import history_entries
from dpassure.core.registers.columns import Column, Row
from dpassure.core.registers.exports import csv_response, xlsx_response
from dpassure.core.registers.pagination import CappedPaginator
from dpassure.core.roles import Role
from dpassure.core.tenancy import scope_for

SEARCH_COUNT_LIMIT = 1_000


def register_url(model, action: str, org_slug: str, pk=None) -> str:
    """URL of a register page, by the ``app:model-action`` naming convention of urls.py."""
    kwargs = {"org_slug": org_slug} if pk is None else {"org_slug": org_slug, "pk": pk}
    return reverse(f"{model._meta.app_label}:{model._meta.model_name}-{action}", kwargs=kwargs)


class OrganisationView(TemplateView):
    """A page inside an organisation: ``/o/<org_slug>/…``. Members only; others get 404."""

    required_role = Role.VIEWER

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.scope = scope_for(request.user, kwargs["org_slug"])
        request.scope = self.scope
        self.scope.require(self.required_role)
        return super().dispatch(request, *args, **kwargs)


class RegisterView(OrganisationView):
    model = None
    edit_role = Role.EDITOR
    select_related: tuple[str, ...] = ()

    def get_queryset(self):
        return self.scope.rows(self.model).select_related(*self.select_related)

    def url(self, action: str, pk=None) -> str:
        return register_url(self.model, action, self.scope.organisation.slug, pk)

    def get_template_names(self):
        meta = self.model._meta
        return [
            f"{meta.app_label}/{meta.model_name}_{self.template_suffix}.html",
            f"core/register_{self.template_suffix}.html",
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            register=self,
            verbose_name=self.model._meta.verbose_name,
            verbose_name_plural=self.model._meta.verbose_name_plural,
            can_edit=self.scope.can(self.edit_role),
            list_url=self.list_url(),
        )
        return context

    def list_url(self) -> str:
        """Where "back" goes: the register's list, or a parent record for nested registers."""
        return self.url("list")


class RegisterListView(RegisterView):
    template_suffix = "list"
    filterset_class = None
    columns: list[Column] = []
    export_columns: list[Column] | None = None
    default_sort: tuple[str, ...] = ()
    page_size = 25
    has_create = True
    create_label = ""

    def rows(self):
        """The filtered, sorted rows: the page, the export and the count all read these."""
        queryset = self.get_queryset()
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=queryset, scope=self.scope
        )
        if self.filterset.is_bound and not self.filterset.is_valid():
            return queryset.none()
        rows = self.filterset.qs
        include_archived = self.filterset.is_bound and self.filterset.form.cleaned_data.get(
            "archived"
        )
        if not include_archived:
            rows = rows.filter(archived_at__isnull=True)
        ordering = self.ordering()
        if self.request.GET.get("q"):
            ordering = [self._unindexed(name) for name in ordering]
        return rows.order_by(*ordering)

    def ordering(self) -> list[str]:
        sortable = {column.sort for column in self.columns if column.sort}
        requested = self.request.GET.get("sort", "")
        field = requested.removeprefix("-")
        if field in sortable:
            return [requested, "pk"]
        return [*(self.default_sort or self.model._meta.ordering), "pk"]

    def _unindexed(self, name: str):
        """A search's matches are scattered through the table: walking an index in list order
        to find them reads most of it. Sorting text by Lower() matches no index, so PostgreSQL
        finds the matches through the trigram indexes and sorts just those (bench/people.py)."""
        field_name = name.removeprefix("-")
        try:
            field = self.model._meta.get_field(field_name)
        except FieldDoesNotExist:
            return name
        if not isinstance(field, CharField):
            return name
        expression = Lower(field_name)
        return expression.desc() if name.startswith("-") else expression.asc()

    def get(self, request, *args, **kwargs):
        rows = self.rows()
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            columns = self.export_columns or self.columns
            filename = f"{self.scope.organisation.slug}-{self.model._meta.model_name}"
            respond = csv_response if export == "csv" else xlsx_response
            return respond(columns, rows.iterator(chunk_size=2000), filename)
        searching = bool(request.GET.get("q")) and self.filterset.is_valid()
        paginator = CappedPaginator(
            rows, self.page_size, count_limit=SEARCH_COUNT_LIMIT if searching else None
        )
        try:
            page = paginator.page(request.GET.get("page") or 1)
        except InvalidPage:
            raise Http404("No such page.") from None
        context = self.get_context_data(
            page=page,
            paginator=paginator,
            has_next=paginator.has_next(page),
            filter_form=self.filterset.form,
            form=self.filterset.form,
            table=self.table(page),
            query=self._query_without("page"),
            export_query=self._query_without("page", "export"),
            headers=self.headers(),
            create_url=self.url("create") if self.has_create else None,
            create_label=self.create_label or _add_label(self.model._meta.verbose_name),
            searching=searching,
        )
        return self.render_to_response(context)

    def table(self, page):
        slug = self.scope.organisation.slug
        return [
            {
                "url": register_url(self.model, "detail", slug, obj.pk),
                "cells": [column.cell(obj) for column in self.columns],
                "obj": obj,
            }
            for obj in page.object_list
        ]

    def headers(self):
        current = self.request.GET.get("sort", "")
        headers = []
        for column in self.columns:
            header = {"label": column.label, "sort": None, "aria_sort": None}
            if column.sort:
                ascending = current == column.sort
                descending = current == f"-{column.sort}"
                header["aria_sort"] = (
                    "ascending" if ascending else "descending" if descending else "none"
                )
                header["sort"] = self._query_without(
                    "page", "sort", add={"sort": f"-{column.sort}" if ascending else column.sort}
                )
            headers.append(header)
        return headers

    def _query_without(self, *names, add=None) -> str:
        query = self.request.GET.copy()
        for name in names:
            query.pop(name, None)
        for key, value in (add or {}).items():
            query[key] = value
        return query.urlencode()


class RegisterDetailView(RegisterView):
    template_suffix = "detail"
    rows_: list[Row] = []

    def get_object(self):
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except (self.model.DoesNotExist, ValueError):
            raise Http404(f"No such {self.model._meta.verbose_name}.") from None

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        context["summary"] = [(row.label, row.text(obj)) for row in self.rows_]
        context["detail_url"] = self.url("detail", obj.pk)
        context["edit_url"] = self.url("update", obj.pk)
        context["archive_url"] = self.url("archive", obj.pk)
        context["history_url"] = self.url("history", obj.pk)
        return context


class RegisterFormView(RegisterView):
    template_suffix = "form"
    form_class = None
    required_role = Role.EDITOR

    def get_form(self, instance):
        data = self.request.POST if self.request.method == "POST" else None
        files = self.request.FILES if self.request.method == "POST" else None
        return self.form_class(data, files, instance=instance, scope=self.scope)

    def get(self, request, *args, **kwargs):
        instance = self.get_instance()
        return self.render_to_response(self.get_context_data(form=self.get_form(instance)))

    def post(self, request, *args, **kwargs):
        instance = self.get_instance()
        form = self.get_form(instance)
        if form.is_valid():
            try:
                saved = self.save(form)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, self.success_message(saved))
                return HttpResponseRedirect(self.url("detail", saved.pk))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def fields_of(self, form) -> dict:
        return {name: form.cleaned_data[name] for name in form.fields}


class RegisterCreateView(RegisterFormView):
    create_service = None

    def get_instance(self):
        return self.model(organisation=self.scope.organisation)

    def save(self, form):
        return type(self).create_service(
            organisation=self.scope.organisation, actor=self.request.user, **self.fields_of(form)
        )

    def success_message(self, saved) -> str:
        return f"{self.model._meta.verbose_name.capitalize()} “{saved}” added"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _add_label(self.model._meta.verbose_name)
        context["cancel_url"] = self.list_url()
        return context


class ChildCreateView(RegisterCreateView):
    """Record a row that belongs to a parent record named in the URL (``<parent>_pk``):
    a step of a request, a break in someone's service, an update about an incident."""

    parent_model = None
    parent_field = ""
    title = ""

    def get_instance(self):
        kwarg = f"{self.parent_model._meta.model_name}_pk"
        try:
            self.parent = self.scope.rows(self.parent_model).get(pk=self.kwargs[kwarg])
        except (self.parent_model.DoesNotExist, ValueError):
            raise Http404(f"No such {self.parent_model._meta.verbose_name}.") from None
        return self.model(organisation=self.scope.organisation, **{self.parent_field: self.parent})

    def fields_of(self, form):
        return {**super().fields_of(form), self.parent_field: self.parent}

    def list_url(self) -> str:
        return self.parent.get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"{self.title} — {self.parent}"
        return context

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if response.status_code == 302:
            return HttpResponseRedirect(self.parent.get_absolute_url())
        return response


class ChildPage:
    """Pages of a child row lead back to its parent rather than to a list of children."""

    parent_field = ""

    def get_queryset(self):
        return super().get_queryset().select_related(self.parent_field)

    def list_url(self) -> str:
        return getattr(self.object, self.parent_field).get_absolute_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        parent = getattr(self.object, self.parent_field)
        context["verbose_name_plural"] = f"{parent._meta.verbose_name.capitalize()} {parent}"
        return context


class RegisterUpdateView(RegisterFormView, RegisterDetailView):
    update_service = None
    template_suffix = "form"

    def get_instance(self):
        self.object = self.get_object()
        return self.object

    def save(self, form):
        fresh = self.get_object()
        return type(self).update_service(fresh, actor=self.request.user, **self.fields_of(form))

    def success_message(self, saved) -> str:
        return f"Changes to “{saved}” saved"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"Change {self.object}"
        context["cancel_url"] = self.url("detail", self.object.pk)
        return context


class RegisterArchiveView(RegisterDetailView):
    template_suffix = "archive"
    required_role = Role.EDITOR
    archive_service = None

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            type(self).archive_service(self.object, actor=request.user)
        except ValidationError as error:
            context = self.get_context_data(object=self.object, problems=error.messages)
            return self.render_to_response(context, status=400)
        messages.success(request, f"“{self.object}” archived")
        return HttpResponseRedirect(self.url("list"))


class RegisterHistoryView(RegisterDetailView):
    template_suffix = "history"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = history_entries(self.object)
        return context


def _add_label(verbose_name: str) -> str:
    article = "an" if verbose_name[:1].lower() in "aeiou" else "a"
    return f"Add {article} {verbose_name}"


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
