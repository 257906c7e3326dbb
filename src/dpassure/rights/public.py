"""The public page of each policing body: people can ask for their information verbally or
in writing, and here online, without an account (ICO: no prescribed form; requests may be
verbal — DOMAIN_RULES.md §1.2)."""

from __future__ import annotations

from django.core.cache import cache
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import TemplateView

from dpassure.core import clock
from dpassure.organisations.choices import PUBLIC_REQUEST_KINDS
from dpassure.organisations.models import Organisation
from dpassure.rights import services
from dpassure.rights.choices import Channel
from dpassure.rights.forms import PublicRequestForm

RATE_LIMIT = 5  # submissions per address per hour
RATE_WINDOW_SECONDS = 3600
CONTROLLERS = PUBLIC_REQUEST_KINDS


def _organisation(slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug, kind__in=CONTROLLERS).first()
    if organisation is None:
        raise Http404("No such organisation.")
    return organisation


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


class RequestPage(TemplateView):
    template_name = "rights/public_request.html"

    def dispatch(self, request, *args, **kwargs):
        self.organisation = _organisation(kwargs["org_slug"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=PublicRequestForm()))

    def post(self, request, *args, **kwargs):
        form = PublicRequestForm(request.POST)
        key = f"public-request:{_client_address(request)}"
        attempts = cache.get(key, 0)
        if attempts >= RATE_LIMIT:
            form.add_error(
                None,
                "You have sent several requests in the last hour. Try again later, or phone or "
                "write to us instead.",
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        cache.set(key, attempts + 1, RATE_WINDOW_SECONDS)
        data = form.cleaned_data
        if data["website"]:
            # A robot filled in the hidden field: thank it and keep nothing.
            request.session["public_request_reference"] = "received"
        else:
            created = services.rights_request_create(
                organisation=self.organisation,
                actor=None,
                channel=Channel.WEB_FORM,
                received_on=clock.today(),
                requester_name=data["requester_name"],
                requester_email=data["requester_email"],
                requester_phone=data["requester_phone"],
                requester_words=data["requester_words"],
                rights=data["rights"],
            )
            request.session["public_request_reference"] = created.reference
        return HttpResponseRedirect(
            reverse("rights:public-request-sent", kwargs={"org_slug": self.organisation.slug})
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.organisation, **kwargs)


class RequestSent(TemplateView):
    template_name = "rights/public_request_sent.html"

    def get(self, request, *args, **kwargs):
        organisation = _organisation(kwargs["org_slug"])
        reference = request.session.get("public_request_reference")
        if reference is None:
            return HttpResponseRedirect(
                reverse("rights:public-request", kwargs={"org_slug": organisation.slug})
            )
        return self.render_to_response(
            self.get_context_data(organisation=organisation, reference=reference)
        )
