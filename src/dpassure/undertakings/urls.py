from django.urls import path

from dpassure.undertakings import followup_views as fv
from dpassure.undertakings import views

app_name = "undertakings"

P = "o/<slug:org_slug>/undertakings/"


def register(prefix: str, name: str, pages: dict) -> list:
    """Detail, change, archive and history pages of one kind of row, in the usual places."""
    suffixes = {"detail": "", "update": "edit/", "archive": "archive/", "history": "history/"}
    return [
        path(f"{P}{prefix}<int:pk>/{suffixes[action]}", view.as_view(), name=f"{name}-{action}")
        for action, view in pages.items()
    ]


urlpatterns = [
    path(P, views.UndertakingList.as_view(), name="undertaking-list"),
    path(P + "new/", views.UndertakingCreate.as_view(), name="undertaking-create"),
    path(P + "dashboard/", views.Dashboard.as_view(), name="dashboard"),
    *register(
        "",
        "undertaking",
        {
            "detail": views.UndertakingDetail,
            "update": views.UndertakingUpdate,
            "archive": views.UndertakingArchive,
            "history": views.UndertakingHistory,
        },
    ),
    path(
        P + "<int:undertaking_pk>/requirements/new/",
        views.RequirementCreate.as_view(),
        name="requirement-create",
    ),
    *register(
        "requirements/",
        "requirement",
        {
            "detail": views.RequirementDetail,
            "update": views.RequirementUpdate,
            "archive": views.RequirementArchive,
            "history": views.RequirementHistory,
        },
    ),
    path(
        P + "requirements/<int:requirement_pk>/steps/new/",
        views.ActionPlanStepCreate.as_view(),
        name="actionplanstep-create",
    ),
    *register(
        "steps/",
        "actionplanstep",
        {
            "detail": views.ActionPlanStepDetail,
            "update": views.ActionPlanStepUpdate,
            "archive": views.ActionPlanStepArchive,
            "history": views.ActionPlanStepHistory,
        },
    ),
    path(
        P + "<int:undertaking_pk>/follow-ups/new/",
        fv.FollowUpCreate.as_view(),
        name="followup-create",
    ),
    *register(
        "follow-ups/",
        "followup",
        {
            "detail": fv.FollowUpDetail,
            "update": fv.FollowUpUpdate,
            "archive": fv.FollowUpArchive,
            "history": fv.FollowUpHistory,
        },
    ),
    path(
        P + "follow-ups/<int:followup_pk>/issue/", fv.FollowUpIssue.as_view(), name="followup-issue"
    ),
    path(
        P + "follow-ups/<int:followup_pk>/evidence/new/",
        fv.EvidenceItemCreate.as_view(),
        name="evidenceitem-create",
    ),
    *register(
        "evidence/",
        "evidenceitem",
        {
            "detail": fv.EvidenceItemDetail,
            "update": fv.EvidenceItemUpdate,
            "archive": fv.EvidenceItemArchive,
            "history": fv.EvidenceItemHistory,
        },
    ),
    path(
        P + "evidence/<int:pk>/download/",
        fv.EvidenceDownload.as_view(),
        name="evidenceitem-download",
    ),
    path(
        P + "follow-ups/<int:followup_pk>/verdicts/new/",
        fv.VerdictCreate.as_view(),
        name="requirementverdict-create",
    ),
    *register(
        "verdicts/",
        "requirementverdict",
        {
            "detail": fv.VerdictDetail,
            "update": fv.VerdictUpdate,
            "archive": fv.VerdictArchive,
            "history": fv.VerdictHistory,
        },
    ),
    path(
        P + "follow-ups/<int:followup_pk>/breaches/new/",
        fv.SubsequentBreachCreate.as_view(),
        name="subsequentbreach-create",
    ),
    *register(
        "breaches/",
        "subsequentbreach",
        {
            "detail": fv.SubsequentBreachDetail,
            "update": fv.SubsequentBreachUpdate,
            "archive": fv.SubsequentBreachArchive,
            "history": fv.SubsequentBreachHistory,
        },
    ),
    path(
        P + "follow-ups/<int:followup_pk>/training-snapshot/",
        fv.TrainingSnapshotTake.as_view(),
        name="livesnapshot-create",
    ),
    *register(
        "snapshots/",
        "livesnapshot",
        {
            "detail": fv.LiveSnapshotDetail,
            "archive": fv.LiveSnapshotArchive,
            "history": fv.LiveSnapshotHistory,
        },
    ),
    *register(
        "reports/",
        "issuedreport",
        {"detail": fv.IssuedReportDetail, "history": fv.IssuedReportHistory},
    ),
    path(
        P + "reports/<int:pk>/download/",
        fv.IssuedReportDownload.as_view(),
        name="issuedreport-download",
    ),
]
