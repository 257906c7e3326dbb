"""Service-wide pages: home, organisation switcher, audit log, statements, error pages."""

from __future__ import annotations

from itertools import islice

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, resolve, reverse
from django.views.decorators.http import require_GET

from dpassure.core.audit import ACTIONS, audit_log, record_names, record_type_choices, user_names
from dpassure.core.forms import DateField, GovukForm
from dpassure.core.registers.columns import Column
from dpassure.core.registers.exports import csv_response
from dpassure.core.registers.pagination import CappedPaginator
from dpassure.core.registers.views import OrganisationView
from dpassure.core.roles import Role
from dpassure.core.tenancy import organisations_for, scope_for


@login_required
def home(request):
    """Send a signed-in user to their organisation (the first, if they belong to several)."""
    organisations = list(organisations_for(request.user)[:2])
    if len(organisations) == 1:
        return HttpResponseRedirect(organisations[0].get_absolute_url())
    context = {"organisations": organisations_for(request.user)}
    return render(request, "core/choose_organisation.html", context)


@login_required
@require_GET
def switch_organisation(request):
    slug = request.GET.get("organisation", "")
    scope = scope_for(request.user, slug)
    return HttpResponseRedirect(scope.organisation.get_absolute_url())


def accessibility(request):
    return render(request, "core/accessibility.html")


def cookies(request):
    return render(request, "core/cookies.html")


class AuditLogForm(GovukForm, forms.Form):
    user = forms.ChoiceField(label="Changed by", required=False)
    record_type = forms.ChoiceField(label="Type of record", required=False)
    since = DateField(label="From", required=False)
    until = DateField(label="To", required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "Anyone"), *members]
        self.fields["record_type"].choices = [("", "All records"), *record_type_choices()]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", "To must be the same as or after From")
        return cleaned


AUDIT_COLUMNS = [
    Column("when", "When"),
    Column("who", "Changed by"),
    Column("action", "Action"),
    Column("record", "Record"),
    Column("reason", "Reason"),
]


class AuditLog(OrganisationView):
    """The organisation's whole audit trail, filterable and exportable. Read-only by design."""

    required_role = Role.DPO
    template_name = "core/audit_log.html"

    def get(self, request, *args, **kwargs):
        from dpassure.organisations.models import Membership

        members = [
            (str(m.user_id), m.user.get_full_name() or m.user.username)
            for m in self.scope.rows(Membership).select_related("user")
        ]
        form = AuditLogForm(request.GET or None, members=members)
        if form.is_bound and not form.is_valid():
            rows = audit_log(organisation=self.scope.organisation).none()
        else:
            data = form.cleaned_data if form.is_bound else {}
            rows = audit_log(
                organisation=self.scope.organisation,
                user_id=data.get("user") or None,
                record_type=data.get("record_type") or None,
                since=data.get("since"),
                until=data.get("until"),
            )
        if request.GET.get("export") == "csv":
            return csv_response(AUDIT_COLUMNS, _labelled(rows.iterator()), "audit-log")
        paginator = CappedPaginator(rows, 50)
        try:
            page = paginator.page(request.GET.get("page") or 1)
        except InvalidPage:
            raise Http404("No such page.") from None
        query = request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        return self.render_to_response(
            self.get_context_data(
                form=form,
                page=page,
                paginator=paginator,
                has_next=paginator.has_next(page),
                entries=_labelled(
                    page.object_list, slug=self.scope.organisation.slug, scope=self.scope
                ),
                query=query.urlencode(),
            )
        )


class _Labelled(dict):
    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _labelled(rows, slug=None, scope=None):
    """Audit rows with names instead of ids, looked up a chunk of rows at a time."""
    labels = dict(record_type_choices())
    rows = iter(rows)
    while chunk := list(islice(rows, 2000)):
        yield from _label_chunk(chunk, labels, slug, scope)


def _label_chunk(rows, labels, slug, scope):
    names = user_names(row["history_user_id"] for row in rows)
    records = record_names(rows)
    for row in rows:
        action = ACTIONS[row["history_type"]]
        if row["history_change_reason"] == "Archived":
            action = "Archived"
        yield _Labelled(
            when=row["history_date"],
            who=names.get(row["history_user_id"], "System"),
            action=action,
            record=f"{labels.get(row['record_type'], row['record_type'])}: "
            + records.get((row["record_type"], row["id"]), f"#{row['id']}"),
            reason=row["history_change_reason"] or "",
            url=_history_url(row, slug, scope) if slug else None,
        )


def _history_url(row, slug, scope):
    """A link to the record's history, if it has a page this user's role may open."""
    app_label, model_name = row["record_type"].split(".")
    if model_name == "organisation":
        return None
    try:
        url = reverse(
            f"{app_label}:{model_name}-history", kwargs={"org_slug": slug, "pk": row["id"]}
        )
    except NoReverseMatch:
        return None
    view_class = getattr(resolve(url).func, "view_class", None)
    required = getattr(view_class, "required_role", Role.VIEWER)
    return url if scope is None or scope.can(required) else None


def error_404(request, exception):
    return render(request, "404.html", status=404)


def error_403(request, exception):
    return render(request, "403.html", {"reason": str(exception) if exception else ""}, status=403)


def error_500(request):
    return render(request, "500.html", status=500)
