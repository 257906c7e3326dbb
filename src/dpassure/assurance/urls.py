from django.urls import path

from dpassure.assurance import engagement_views as ev
from dpassure.assurance import survey_views as sv

app_name = "assurance"

P = "o/<slug:org_slug>/assurance/"


def register(prefix: str, name: str, pages: dict) -> list:
    """Detail, change, archive and history pages of one kind of row, in the usual places."""
    suffixes = {"detail": "", "update": "edit/", "archive": "archive/", "history": "history/"}
    return [
        path(f"{P}{prefix}<int:pk>/{suffixes[action]}", view.as_view(), name=f"{name}-{action}")
        for action, view in pages.items()
    ]


urlpatterns = [
    path(P, ev.Home.as_view(), name="home"),
    path(P + "frameworks/", ev.FrameworkList.as_view(), name="framework-list"),
    # Sector projects and their invitations
    path(P + "projects/", ev.SectorProjectList.as_view(), name="sectorproject-list"),
    path(P + "projects/new/", ev.SectorProjectCreate.as_view(), name="sectorproject-create"),
    *register(
        "projects/",
        "sectorproject",
        {
            "detail": ev.SectorProjectDetail,
            "update": ev.SectorProjectUpdate,
            "archive": ev.SectorProjectArchive,
            "history": ev.SectorProjectHistory,
        },
    ),
    path(
        P + "projects/<int:sectorproject_pk>/invitations/new/",
        ev.ProjectInvitationCreate.as_view(),
        name="projectinvitation-create",
    ),
    *register(
        "invitations/",
        "projectinvitation",
        {
            "detail": ev.ProjectInvitationDetail,
            "update": ev.ProjectInvitationUpdate,
            "archive": ev.ProjectInvitationArchive,
            "history": ev.ProjectInvitationHistory,
        },
    ),
    # Engagements
    path(P + "engagements/", ev.EngagementList.as_view(), name="engagement-list"),
    path(P + "engagements/new/", ev.EngagementCreate.as_view(), name="engagement-create"),
    *register(
        "engagements/",
        "engagement",
        {
            "detail": ev.EngagementDetail,
            "update": ev.EngagementUpdate,
            "archive": ev.EngagementArchive,
            "history": ev.EngagementHistory,
        },
    ),
    path(
        P + "engagements/<int:engagement_pk>/stage/",
        ev.EngagementAdvance.as_view(),
        name="engagement-advance",
    ),
    path(
        P + "engagements/<int:engagement_pk>/evidence-requests/new/",
        ev.EvidenceRequestCreate.as_view(),
        name="evidencerequest-create",
    ),
    *register(
        "evidence-requests/",
        "evidencerequest",
        {
            "detail": ev.EvidenceRequestDetail,
            "update": ev.EvidenceRequestUpdate,
            "archive": ev.EvidenceRequestArchive,
            "history": ev.EvidenceRequestHistory,
        },
    ),
    # Surveys
    path(
        P + "engagements/<int:engagement_pk>/survey/new/",
        sv.SurveyCreate.as_view(),
        name="survey-create",
    ),
    *register("surveys/", "survey", {"detail": sv.SurveyDetail, "history": sv.SurveyHistory}),
    path(P + "surveys/<int:survey_pk>/open/", sv.SurveyOpen.as_view(), name="survey-open"),
    path(
        P + "surveys/<int:survey_pk>/answer/", sv.SurveyAnswerPage.as_view(), name="survey-answer"
    ),
    path(
        P + "surveys/<int:survey_pk>/links/new/",
        sv.SurveyLinkCreate.as_view(),
        name="surveylink-create",
    ),
    *register(
        "survey-links/",
        "surveylink",
        {"detail": sv.SurveyLinkDetail, "history": sv.SurveyLinkHistory},
    ),
    path(
        P + "survey-links/<int:surveylink_pk>/revoke/",
        sv.SurveyLinkRevoke.as_view(),
        name="surveylink-revoke",
    ),
    # A named contact's survey: no account, the token is the key.
    path("survey/<str:token>/", sv.SurveyByLink.as_view(), name="survey-by-link"),
]

# 6b: evidence, interviews, findings, ratings, reports and follow-up (findings_urls.py).
from dpassure.assurance import findings_urls  # noqa: E402

urlpatterns += findings_urls.urlpatterns
