"""The page where a document is sent against an evidence request: the organisation assessed
uploads on its own organisation's pages (the document is then marked as its own and it sees
it); the assessor may add one against its own request. The same service as the API
(:func:`.evidence_services.request_evidence_create`)."""

from __future__ import annotations

from dpassure.assurance import evidence_services as es
from dpassure.assurance import findings_forms as forms
from dpassure.assurance import selectors
from dpassure.assurance.models import EngagementEvidence, EvidenceRequest
from dpassure.assurance.pages import ChildCreate


class RequestEvidenceUpload(ChildCreate):
    model = EngagementEvidence
    parent_model = EvidenceRequest
    parent_field = "request"
    form_class = forms.EvidenceForm
    title = "Send a document"

    def parent_rows(self):
        return selectors.visible(self.scope, EvidenceRequest).select_related("engagement")

    def get_instance(self):
        instance = super().get_instance()
        instance.engagement = self.parent.engagement
        return instance

    def get_form(self, instance):
        form = super().get_form(instance)
        if self.request.method != "POST":
            form.initial.setdefault("title", self.parent.title)
            form.initial.setdefault("controls", list(self.parent.controls.all()))
        return form

    def save(self, form):
        data = form.cleaned_data
        return es.request_evidence_create(
            organisation=self.scope.organisation,
            actor=self.request.user,
            request=self.parent,
            upload=data["upload"],
            title=data["title"],
            document_date=data.get("document_date"),
            controls=data.get("controls"),
        )
