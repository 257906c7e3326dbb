"""Letters to requesters, as PDF and Word documents, built from what the request records.

The wording of every letter is written once, as a :class:`Letter` of headed :class:`Section`
objects; the HTML template (rendered to PDF by WeasyPrint) and the DOCX builder both only lay that
content out. Every date comes from the request's steps or from the statutory clock
(:func:`dpassure.rights.selectors.request_clock`) — none is typed.

- :mod:`.document` — what a letter is: its kinds, sections and points, and how it writes a date.
- :mod:`.wording` — the words as data: the law's names, plain words for codes, the exemptions.
- :mod:`.parts` — the parts several letters share: introduction, addressee, complaints.
- :mod:`.content` — :func:`letter_context`, the four letters and when each one applies.
- :mod:`.render` — the PDF (WeasyPrint) and the Word document (python-docx).
"""

from dpassure.rights.letters.content import letter_context, letters_available
from dpassure.rights.letters.document import Letter, LetterKind, LetterNotApplicable, long_date
from dpassure.rights.letters.render import DOCX_MIMETYPE, render_docx, render_html, render_pdf
from dpassure.rights.letters.wording import ASKED_FOR, DONE, EXEMPTIONS, OUTCOME_PARAGRAPHS

__all__ = [
    "ASKED_FOR",
    "DOCX_MIMETYPE",
    "DONE",
    "EXEMPTIONS",
    "OUTCOME_PARAGRAPHS",
    "Letter",
    "LetterKind",
    "LetterNotApplicable",
    "letter_context",
    "letters_available",
    "long_date",
    "render_docx",
    "render_html",
    "render_pdf",
]
