"""The letters page of a request: which letters apply, and their PDF and Word downloads.

One URL serves both: with no ``kind`` or ``format`` in the query it lists the letters; with
``?kind=acknowledgement&format=pdf`` it downloads one.
"""

from __future__ import annotations

import enum
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

from dpassure.core import clock
from dpassure.core.registers.views import OrganisationView
from dpassure.core.roles import Role
from dpassure.rights import letters
from dpassure.rights.models import RightsRequest


class LetterFormat(enum.StrEnum):
    PDF = "pdf"
    DOCX = "docx"


RENDERERS = {
    LetterFormat.PDF: (letters.render_pdf, "application/pdf"),
    LetterFormat.DOCX: (letters.render_docx, letters.DOCX_MIMETYPE),
}


class LetterDownload(OrganisationView):
    # The tenancy meta-test reads ``model`` to know which rows ``<pk>`` names.
    model = RightsRequest
    required_role = Role.EDITOR
    template_name = "rights/letters.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if "kind" not in request.GET and "format" not in request.GET:
            return self.render_to_response(self.get_context_data())
        try:
            kind = letters.LetterKind(request.GET.get("kind", ""))
        except ValueError:
            choices = ", ".join(k.value for k in letters.LetterKind)
            return self.bad_request(f"There is no such letter. Choose one of: {choices}.")
        try:
            fmt = LetterFormat(request.GET.get("format", ""))
        except ValueError:
            return self.bad_request("Choose the format of the letter: pdf or docx.")
        try:
            letter = letters.letter_context(self.object, kind, today=clock.today())
        except letters.LetterNotApplicable as refusal:
            return self.bad_request(f"The {kind.label.lower()} letter does not apply. {refusal}")
        render, content_type = RENDERERS[fmt]
        response = HttpResponse(render(letter), content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"{letter.filename_stem}.{fmt}"
        )
        patch_cache_control(response, private=True, no_store=True)
        return response

    def get_object(self) -> RightsRequest:
        try:
            return (
                self.scope.rows(RightsRequest)
                .select_related("organisation")
                .get(pk=self.kwargs["pk"])
            )
        except (RightsRequest.DoesNotExist, ValueError):
            raise Http404("No such request.") from None

    def bad_request(self, message: str) -> HttpResponse:
        return self.render_to_response(self.get_context_data(error=message), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.object
        rows = []
        for kind, refusal in letters.letters_available(request, today=clock.today()):
            rows.append(
                {
                    "label": kind.label,
                    "description": kind.description,
                    "refusal": refusal,
                    "links": [
                        (label, "?" + urlencode({"kind": kind, "format": fmt}))
                        for fmt, label in ((LetterFormat.PDF, "PDF"), (LetterFormat.DOCX, "Word"))
                    ],
                }
            )
        context.update(object=request, letters=rows, detail_url=request.get_absolute_url())
        return context
