"""Pages for requests for personal data: the register, its steps, the verbal-request form,
recognition help, the dashboard and the public page."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from dpassure.core import clock
from dpassure.core.registers.columns import Column, Row
from dpassure.core.registers.views import (
    ChildCreateView,
    ChildPage,
    OrganisationView,
    RegisterArchiveView,
    RegisterCreateView,
    RegisterDetailView,
    RegisterHistoryView,
    RegisterListView,
    RegisterUpdateView,
)
from dpassure.core.roles import Role
from dpassure.rights import filters, forms, services
from dpassure.rights.choices import ClockStatus, Right
from dpassure.rights.models import (
    Clarification,
    Disclosure,
    ExemptionApplied,
    Review,
    RightsRequest,
    Search,
)
from dpassure.rights.recognition import recognise
from dpassure.rights.selectors import request_clock, rights_dashboard, status_for_row

KIND_LABELS = {
    "rights_request": "A request for personal data",
    "foi": "A Freedom of Information request (handle under FOIA, not here)",
    "complaint": "A complaint",
    "enquiry": "A general enquiry",
}


STATUS_COLOURS = {
    "on_track": "green",
    "due_soon": "yellow",
    "overdue": "red",
    "stopped": "grey",
    "closed": "blue",
}


def _status(request: RightsRequest) -> str:
    return ClockStatus(status_for_row(request, today=clock.today())).label


def _status_colour(request: RightsRequest) -> str:
    return STATUS_COLOURS[status_for_row(request, today=clock.today())]


class RightsRequestList(RegisterListView):
    model = RightsRequest
    filterset_class = filters.RightsRequestFilter
    columns = [
        Column("reference", "Reference", sort="reference"),
        Column("requester_name", "Requester", sort="requester_name"),
        Column("rights_short", "Rights"),
        Column("channel", "Channel"),
        Column("received_on", "Received", sort="received_on"),
        Column("due_on", "Due", sort="due_on"),
        Column(_status, "Status", tag=_status_colour),
    ]
    default_sort = ("-received_on", "-id")


DETAIL_ROWS = [
    Row("rights_display", "Rights asked for"),
    Row("channel", "Channel"),
    Row("regime", "Regime"),
    Row("received_on", "Received"),
    Row("requester_name", "Requester"),
    Row("requester_email", "Email"),
    Row("requester_phone", "Phone"),
    Row("requester_words", "What they asked for"),
    Row("is_third_party", "Made on someone else's behalf"),
    Row("data_subject_name", "Data subject"),
    Row("authority", "Authority to act"),
    Row("identity_requested_on", "Identity asked for"),
    Row("identity_confirmed_on", "Identity confirmed"),
    Row("fee_requested_on", "Fee asked for"),
    Row("fee_received_on", "Fee received"),
    Row("extended", "Extended by two months"),
    Row("extension_reasons", "Reasons for the extension"),
    Row("extension_notified_on", "Requester told of the extension"),
    Row("closed_on", "Closed"),
    Row("outcome", "Outcome"),
    Row("recorded_by", "Recorded by"),
]


class RightsRequestDetail(RegisterDetailView):
    model = RightsRequest
    rows_ = DETAIL_ROWS

    def get_queryset(self):
        return super().get_queryset().prefetch_related("clarifications")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.object
        context["clock"] = request_clock(request, today=clock.today())
        context["status_label"] = ClockStatus(context["clock"].status).label
        live = {"archived_at__isnull": True}
        context["steps"] = [
            ("Clarifications", "clarification", request.clarifications.filter(**live)),
            ("Searches", "search", request.searches.filter(**live)),
            ("Exemptions and restrictions", "exemptionapplied", request.exemptions.filter(**live)),
            ("Disclosures", "disclosure", request.disclosures.filter(**live)),
            ("Reviews and complaints", "review", request.reviews.filter(**live)),
        ]
        return context


class RightsRequestCreate(RegisterCreateView):
    model = RightsRequest
    form_class = forms.RightsRequestForm
    create_service = services.rights_request_create

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "Record a request for personal data"
        return context


class RightsRequestUpdate(RegisterUpdateView):
    model = RightsRequest
    form_class = forms.RightsRequestForm
    update_service = services.rights_request_update


class RightsRequestArchive(RegisterArchiveView):
    model = RightsRequest
    archive_service = services.rights_request_archive


class RightsRequestHistory(RegisterHistoryView):
    model = RightsRequest


class VerbalRequestCreate(RegisterCreateView):
    """Any staff member records a request made by phone or in person, in a minute."""

    model = RightsRequest
    required_role = Role.STAFF
    edit_role = Role.STAFF
    form_class = forms.VerbalRequestForm
    create_service = services.rights_request_create
    template_suffix = "verbal"

    def get_form(self, instance):
        form = super().get_form(instance)
        if self.request.method == "GET":
            form.initial.update(
                received_on=clock.today(),
                requester_words=self.request.GET.get("words", ""),
            )
            if self.request.GET.get("right"):
                form.initial["rights"] = [self.request.GET["right"]]
        return form

    def success_message(self, saved) -> str:
        return f"Request recorded. Its reference is {saved.reference}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "Record a request made by phone or in person"
        slug = self.scope.organisation.slug
        context["cancel_url"] = reverse("organisations:home", kwargs={"org_slug": slug})
        return context


class Dashboard(OrganisationView):
    """Requests at a glance; every figure links to the requests behind it."""

    template_name = "rights/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = clock.today()
        board = rights_dashboard(self.scope.rows(RightsRequest), today=today)
        peak = max((m["total"] for m in board.months), default=0) or 1
        for month in board.months:
            month["percent"] = round(100 * month["total"] / peak)
        context.update(
            board=board,
            list_url=reverse(
                "rights:rightsrequest-list", kwargs={"org_slug": self.scope.organisation.slug}
            ),
        )
        return context


class Recognise(OrganisationView):
    """Paste a letter, email or call note: is it a request for personal data?"""

    required_role = Role.STAFF
    template_name = "rights/recognise.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=forms.RecognitionForm()))

    def post(self, request, *args, **kwargs):
        form = forms.RecognitionForm(request.POST)
        context = {"form": form}
        if form.is_valid():
            result = recognise(form.cleaned_data["text"])
            context["result"] = result
            context["kind_label"] = KIND_LABELS[result.kind]
            context["right_label"] = Right(result.right).label if result.right else ""
            query = {"words": form.cleaned_data["text"][:4000]}
            if result.right:
                query["right"] = result.right
            context["create_url"] = (
                reverse("rights:verbal-create", kwargs={"org_slug": self.scope.organisation.slug})
                + "?"
                + urlencode(query)
            )
        return self.render_to_response(self.get_context_data(**context))


# --- Steps: recorded from the request's page ---------------------------------------------


class StepCreate(ChildCreateView):
    """Record a step against the request in the URL."""

    parent_model = RightsRequest
    parent_field = "request"


class StepPage(ChildPage):
    parent_field = "request"


class ClarificationCreate(StepCreate):
    model = Clarification
    form_class = forms.ClarificationForm
    create_service = services.clarification_create
    title = "Ask for clarification"


class ClarificationDetail(StepPage, RegisterDetailView):
    model = Clarification
    rows_ = [
        Row("asked_on", "Asked"),
        Row("question", "Question"),
        Row("answered_on", "Answered"),
        Row("answer", "Answer"),
    ]


class ClarificationUpdate(StepPage, RegisterUpdateView):
    model = Clarification
    form_class = forms.ClarificationForm
    update_service = services.clarification_update


class ClarificationArchive(StepPage, RegisterArchiveView):
    model = Clarification
    archive_service = services.clarification_archive


class ClarificationHistory(StepPage, RegisterHistoryView):
    model = Clarification


class SearchCreate(StepCreate):
    model = Search
    form_class = forms.SearchForm
    create_service = services.search_create
    title = "Record a search"


class SearchDetail(StepPage, RegisterDetailView):
    model = Search
    rows_ = [
        Row("searched", "System or location"),
        Row("searched_by", "Searched by"),
        Row("searched_on", "Date"),
        Row("result", "Result"),
        Row("notes", "Notes"),
    ]


class SearchUpdate(StepPage, RegisterUpdateView):
    model = Search
    form_class = forms.SearchForm
    update_service = services.search_update


class SearchArchive(StepPage, RegisterArchiveView):
    model = Search
    archive_service = services.search_archive


class SearchHistory(StepPage, RegisterHistoryView):
    model = Search


class ExemptionCreate(StepCreate):
    model = ExemptionApplied
    form_class = forms.ExemptionForm
    create_service = services.exemption_create
    title = "Apply an exemption or restriction"


class ExemptionDetail(StepPage, RegisterDetailView):
    model = ExemptionApplied
    rows_ = [
        Row("exemption", "Exemption"),
        Row("reasons", "Reasons"),
        Row("decided_by", "Decided by"),
        Row("decided_on", "Date"),
    ]


class ExemptionUpdate(StepPage, RegisterUpdateView):
    model = ExemptionApplied
    form_class = forms.ExemptionForm
    update_service = services.exemption_update


class ExemptionArchive(StepPage, RegisterArchiveView):
    model = ExemptionApplied
    archive_service = services.exemption_archive


class ExemptionHistory(StepPage, RegisterHistoryView):
    model = ExemptionApplied


class DisclosureCreate(StepCreate):
    model = Disclosure
    form_class = forms.DisclosureForm
    create_service = services.disclosure_create
    title = "Record a disclosure"


class DisclosureDetail(StepPage, RegisterDetailView):
    model = Disclosure
    rows_ = [
        Row("disclosed_on", "Date"),
        Row("method", "Method"),
        Row("pages", "Pages"),
        Row("notes", "Notes"),
    ]


class DisclosureUpdate(StepPage, RegisterUpdateView):
    model = Disclosure
    form_class = forms.DisclosureForm
    update_service = services.disclosure_update


class DisclosureArchive(StepPage, RegisterArchiveView):
    model = Disclosure
    archive_service = services.disclosure_archive


class DisclosureHistory(StepPage, RegisterHistoryView):
    model = Disclosure


class ReviewCreate(StepCreate):
    model = Review
    form_class = forms.ReviewForm
    create_service = services.review_create
    title = "Record a review or complaint"


class ReviewDetail(StepPage, RegisterDetailView):
    model = Review
    rows_ = [
        Row("kind", "Kind"),
        Row("received_on", "Received"),
        Row("outcome", "Outcome"),
        Row("closed_on", "Closed"),
    ]


class ReviewUpdate(StepPage, RegisterUpdateView):
    model = Review
    form_class = forms.ReviewForm
    update_service = services.review_update


class ReviewArchive(StepPage, RegisterArchiveView):
    model = Review
    archive_service = services.review_archive


class ReviewHistory(StepPage, RegisterHistoryView):
    model = Review
