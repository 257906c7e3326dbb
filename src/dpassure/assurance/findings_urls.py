"""URLs of evidence, interviews, findings, recommendations, ratings, reports and follow-up
grades; added to :mod:`dpassure.assurance.urls` (app ``assurance``)."""

from django.urls import path

from dpassure.assurance import findings_views as v
from dpassure.assurance import report_views as rv
from dpassure.assurance import request_upload_views as uv

P = "o/<slug:org_slug>/assurance/"
E = P + "engagements/<int:engagement_pk>/"
SUFFIXES = {"detail": "", "update": "edit/", "archive": "archive/", "history": "history/"}


def register(prefix: str, name: str, made: dict) -> list:
    """Detail, change, archive and history pages of one kind of row, in the usual places."""
    return [
        path(f"{P}{prefix}<int:pk>/{SUFFIXES[action]}", view.as_view(), name=f"{name}-{action}")
        for action, view in made.items()
    ]


urlpatterns = [
    path(E + "evidence/new/", v.EvidenceCreate.as_view(), name="engagementevidence-create"),
    *register("evidence/", "engagementevidence", v.EVIDENCE),
    path(
        P + "evidence/<int:pk>/download/",
        v.EvidenceDownload.as_view(),
        name="engagementevidence-download",
    ),
    path(
        P + "evidence-requests/<int:evidencerequest_pk>/upload/",
        uv.RequestEvidenceUpload.as_view(),
        name="evidencerequest-upload",
    ),
    path(E + "live-evidence/new/", v.LiveEvidenceTake.as_view(), name="liveevidence-create"),
    *register("live-evidence/", "liveevidence", v.LIVE_EVIDENCE),
    path(E + "interviews/new/", v.InterviewCreate.as_view(), name="interview-create"),
    *register("interviews/", "interview", v.INTERVIEW),
    path(
        P + "interviews/<int:interview_pk>/notes/new/",
        v.NoteCreate.as_view(),
        name="interviewnote-create",
    ),
    *register("interview-notes/", "interviewnote", v.NOTE),
    path(E + "findings/new/", v.FindingCreate.as_view(), name="finding-create"),
    *register("findings/", "finding", v.FINDING),
    path(
        P + "findings/<int:finding_pk>/recommendations/new/",
        v.RecommendationCreate.as_view(),
        name="recommendation-create",
    ),
    *register("recommendations/", "recommendation", v.RECOMMENDATION),
    path(
        P + "recommendations/<int:pk>/response/",
        v.RecommendationRespond.as_view(),
        name="recommendation-respond",
    ),
    path(E + "ratings/new/", v.RatingCreate.as_view(), name="scoperating-create"),
    *register("ratings/", "scoperating", v.RATING),
    path(E + "opinion/", v.OpinionSet.as_view(), name="engagement-opinion"),
    path(E + "report/", rv.ReportDraft.as_view(), name="engagement-report-draft"),
    path(E + "report/draft/", rv.DraftDownload.as_view(), name="engagement-report-draft-download"),
    *register("reports/", "engagementreport", rv.REPORT),
    path(
        P + "reports/<int:pk>/download/",
        rv.ReportDownload.as_view(),
        name="engagementreport-download",
    ),
    path(E + "grades/new/", rv.GradeCreate.as_view(), name="followupgrade-create"),
    *register("grades/", "followupgrade", rv.GRADE),
    path(P + "actions/", rv.TrackedActions.as_view(), name="tracked-actions"),
]
