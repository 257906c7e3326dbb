"""Writes for what an engagement looks at: uploaded documents, live evidence (dated snapshots
of the organisation's own register figures) and interviews with their notes against controls.

Every write validates, saves in a transaction and leaves its audit record (through
:mod:`dpassure.core.services`). Uploads are checked by their bytes with the undertakings'
sniffer (:mod:`dpassure.core.evidence`) and refused when the name claims another type.
Live evidence stores the figures themselves: it is never re-read, so it never changes.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from dpassure.assurance.models import (
    Control,
    Engagement,
    EngagementEvidence,
    Interview,
    InterviewNote,
    LiveEvidence,
)
from dpassure.core import clock
from dpassure.core import evidence as sniffing
from dpassure.core.documents import long_date
from dpassure.core.services import register_archive, register_create, register_update

#: What a file's name may say for each type found in its content.
NAMES_FOR = {
    "pdf": {"pdf"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
    "png": {"png"},
    "jpg": {"jpg", "jpeg", "jpe"},
}
TYPE_WORDS = {
    "pdf": "a PDF",
    "docx": "a Word document (DOCX)",
    "xlsx": "an Excel workbook (XLSX)",
    "png": "a PNG image",
    "jpg": "a JPEG image",
}


def _part(engagement: Engagement) -> dict:
    return {"organisation": engagement.organisation, "subject": engagement.subject}


def _own(engagement: Engagement, organisation) -> None:
    if engagement.organisation_id != organisation.pk:
        raise ValidationError({"engagement": "Choose an engagement of this organisation."})


def _controls_of(engagement: Engagement, controls) -> list:
    controls = list(controls or [])
    wrong = [c for c in controls if c.framework_id != engagement.framework_id]
    if wrong:
        raise ValidationError(
            {"controls": f"Choose controls of the engagement's framework ({wrong[0]} is not)."}
        )
    return controls


def _control_of(engagement: Engagement, control: Control, field: str = "control") -> Control:
    if control is None or control.framework_id != engagement.framework_id:
        raise ValidationError({field: "Choose a control of the engagement's framework."})
    return control


# --- Uploaded documents ----------------------------------------------------------------------


def checked_upload(upload) -> dict:
    """The stored fields of an upload whose bytes are a PDF, DOCX, XLSX, PNG or JPEG and whose
    name (if it has an extension) says the same; anything else is refused with the reason."""
    found = sniffing.sniff(upload)
    name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1]
    claimed = name.rsplit(".", 1)[1].lower() if "." in name else ""
    if claimed and claimed not in NAMES_FOR[found.extension]:
        raise ValidationError(
            {
                "file": f"The selected file is called {name} but its content is "
                f"{TYPE_WORDS[found.extension]}: upload the document itself, named for what "
                "it is."
            }
        )
    upload.seek(0)
    return {
        "file": ContentFile(upload.read(), name=found.file_name),
        "file_name": found.file_name,
        "content_type": found.content_type,
        "size": found.size,
        "sha256": found.sha256,
    }


def evidence_create(
    *,
    organisation,
    actor,
    engagement: Engagement,
    upload,
    title: str,
    document_date: datetime.date | None = None,
    controls=(),
    request=None,
    from_subject: bool = False,
    today: datetime.date | None = None,
) -> EngagementEvidence:
    """A document the engagement reviewed. ``organisation`` is the caller's: the assessor, or
    (``from_subject``) the organisation assessed answering a request."""
    today = today or clock.today()
    expected = engagement.subject_id if from_subject else engagement.organisation_id
    if organisation.pk != expected:
        raise ValidationError({"engagement": "Choose an engagement of this organisation."})
    if upload is None:
        raise ValidationError({"file": "Select a file to upload."})
    if document_date and document_date > today:
        raise ValidationError(
            {"document_date": "The date of the document cannot be in the future."}
        )
    if request is not None and request.engagement_id != engagement.pk:
        raise ValidationError({"request": "Choose a request of this engagement."})
    chosen = _controls_of(engagement, controls)
    stored = checked_upload(upload)
    with transaction.atomic():
        item = register_create(
            EngagementEvidence,
            actor=actor,
            engagement=engagement,
            title=title,
            document_date=document_date,
            request=request,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
            from_subject=from_subject,
            **_part(engagement),
            **stored,
        )
        item.controls.set(chosen)
    return item


def request_evidence_create(
    *,
    organisation,
    actor,
    request,
    upload,
    title: str,
    document_date=None,
    controls=None,
    today=None,
) -> EngagementEvidence:
    """A document sent against an evidence request. The organisation assessed uploads it as
    ``from_subject`` (it then sees it); the assessor may add one against its own request too.
    The controls default to those the request names."""
    engagement = request.engagement
    if request.archived_at is not None or engagement.archived_at is not None:
        raise ValidationError({"request": "This evidence request has been withdrawn."})
    from_subject = organisation.pk == engagement.subject_id
    if controls is None:
        controls = list(request.controls.all())
    return evidence_create(
        organisation=organisation,
        actor=actor,
        engagement=engagement,
        upload=upload,
        title=title,
        document_date=document_date,
        controls=controls,
        request=request,
        from_subject=from_subject,
        today=today,
    )


def evidence_update(
    item: EngagementEvidence, *, actor, controls=None, today=None, upload=None, **fields
) -> EngagementEvidence:
    """Title, date and controls change; the file never does (upload a new document instead)."""
    today = today or clock.today()
    if upload is not None:
        raise ValidationError(
            {"file": "A document's file cannot be replaced: add the new version as evidence."}
        )
    fields.pop("engagement", None)
    fields.pop("request", None)
    if fields.get("document_date") and fields["document_date"] > today:
        raise ValidationError(
            {"document_date": "The date of the document cannot be in the future."}
        )
    chosen = None if controls is None else _controls_of(item.engagement, controls)
    with transaction.atomic():
        item = register_update(item, actor=actor, **fields)
        if chosen is not None:
            item.controls.set(chosen)
    return item


def evidence_archive(item: EngagementEvidence, *, actor) -> EngagementEvidence:
    return register_archive(item, actor=actor)


# --- Live evidence ---------------------------------------------------------------------------

TRAINING, REQUESTS, BREACHES = (
    "training.completion_by_department",
    "rights.requests_on_time",
    "incidents.breaches_within_72_hours",
)
METRICS = {
    TRAINING: "Training completion by department",
    REQUESTS: "Requests for personal data answered on time",
    BREACHES: "Personal data breaches reported within 72 hours",
}


def _training(engagement, on, course):
    from dpassure.training.models import Course
    from dpassure.training.selectors import completion_by_department, overall

    if not isinstance(course, Course) or course.organisation_id != engagement.subject_id:
        raise ValidationError({"course": "Choose a course of the organisation assessed."})
    rows = completion_by_department(organisation=engagement.subject, course=course, on=on)
    total = overall(rows)
    table = [[r.department, r.people, r.completed, r.percent] for r in rows]
    table.append([total.department, total.people, total.completed, total.percent])
    return (
        f"{course.code} {course.title}: completion by department on {long_date(on)}",
        f"{engagement.subject.name}'s training records in DP Assure: each person required to "
        f"take {course.code} and whether they held an in-date pass on {long_date(on)}, counted "
        f"by department. Overall: {total.percent}% of {total.people} people.",
        ["Department", "People required", "Completed", "Completion (%)"],
        table,
    )


def _requests(engagement, on, course):
    from dpassure.rights.models import RightsRequest
    from dpassure.rights.selectors import rights_dashboard

    board = rights_dashboard(
        RightsRequest.objects.filter(organisation=engagement.subject), today=on
    )
    percent = "" if board.percent_in_time is None else board.percent_in_time
    return (
        f"Requests for personal data answered on time: 12 months to {long_date(on)}",
        f"{engagement.subject.name}'s register of requests for personal data in DP Assure: "
        f"requests received in the 12 months to {long_date(on)} and closed, against the due "
        "date computed from the statutory clock.",
        ["Measure", "Value"],
        [
            ["Requests closed", board.closed],
            ["Closed within the statutory time", board.closed_in_time],
            ["Closed on time (%)", percent],
            ["Median days to respond", "" if board.median_days is None else board.median_days],
            ["Open and overdue", board.open_overdue],
        ],
    )


def _breaches(engagement, on, course):
    from dpassure.incidents.models import Action, Incident, SpotCheck
    from dpassure.incidents.selectors import incident_dashboard

    subject = engagement.subject
    board = incident_dashboard(
        Incident.objects.filter(organisation=subject),
        actions=Action.objects.filter(organisation=subject),
        spot_checks=SpotCheck.objects.filter(organisation=subject),
        today=on,
    )
    percent = "" if board.percent_in_time is None else board.percent_in_time
    return (
        f"Personal data breaches reported within 72 hours: as at {long_date(on)}",
        f"{subject.name}'s incident register in DP Assure: every breach reported to the ICO, "
        "measured in clock hours from when the organisation became aware of it.",
        ["Measure", "Value"],
        [
            ["Breaches reported to the ICO", board.reported],
            ["Reported within 72 hours", board.reported_in_time],
            ["Reported late", board.reported_late],
            ["Within 72 hours (%)", percent],
            ["Median hours to report", "" if board.median_hours is None else board.median_hours],
        ],
    )


SNAPSHOTS = {TRAINING: _training, REQUESTS: _requests, BREACHES: _breaches}


def live_evidence_take(
    *,
    organisation,
    actor,
    engagement: Engagement,
    control: Control,
    metric: str,
    on: datetime.date,
    course=None,
    now: datetime.datetime | None = None,
) -> LiveEvidence:
    """Read one figure from the organisation's own registers as it stands on ``on`` and keep
    the numbers themselves, attached to a control. Later changes to the registers do not
    change it."""
    now = now or clock.now()
    _own(engagement, organisation)
    _control_of(engagement, control)
    if metric not in SNAPSHOTS:
        raise ValidationError({"metric": "Choose one of the figures DP Assure can take."})
    if on > now.date():
        raise ValidationError({"on": "The figures cannot be taken for a date in the future."})
    title, source, columns, rows = SNAPSHOTS[metric](engagement, on, course)
    return register_create(
        LiveEvidence,
        actor=actor,
        engagement=engagement,
        control=control,
        metric=metric,
        title=title,
        source=source,
        columns=columns,
        rows=rows,
        taken_at=now,
        taken_by=actor if getattr(actor, "pk", None) else None,
        **_part(engagement),
    )


def live_evidence_archive(item: LiveEvidence, *, actor) -> LiveEvidence:
    return register_archive(item, actor=actor)


# --- Interviews ------------------------------------------------------------------------------


def interview_create(*, organisation, actor, engagement: Engagement, interviewers=(), **fields):
    _own(engagement, organisation)
    with transaction.atomic():
        interview = register_create(
            Interview, actor=actor, engagement=engagement, **_part(engagement), **fields
        )
        interview.interviewers.set(interviewers or [])
    return interview


def interview_update(interview: Interview, *, actor, interviewers=None, **fields) -> Interview:
    fields.pop("engagement", None)
    with transaction.atomic():
        interview = register_update(interview, actor=actor, **fields)
        if interviewers is not None:
            interview.interviewers.set(interviewers)
    return interview


def interview_archive(interview: Interview, *, actor) -> Interview:
    return register_archive(interview, actor=actor)


def interview_note_create(*, organisation, actor, interview: Interview, control, note: str):
    _own(interview.engagement, organisation)
    _control_of(interview.engagement, control)
    return register_create(
        InterviewNote,
        actor=actor,
        interview=interview,
        control=control,
        note=note,
        **_part(interview.engagement),
    )


def interview_note_update(item: InterviewNote, *, actor, control=None, **fields) -> InterviewNote:
    fields.pop("interview", None)
    if control is not None:
        fields["control"] = _control_of(item.interview.engagement, control)
    return register_update(item, actor=actor, **fields)


def interview_note_archive(item: InterviewNote, *, actor) -> InterviewNote:
    return register_archive(item, actor=actor)
