from django.urls import include, path

from dpassure.incidents import views

app_name = "incidents"

P = "o/<slug:org_slug>/incidents/"

urlpatterns = [
    path(P, views.IncidentList.as_view(), name="incident-list"),
    path(P + "report/", views.IncidentReport.as_view(), name="incident-create"),
    path(P + "<int:pk>/", views.IncidentDetail.as_view(), name="incident-detail"),
    path(P + "<int:pk>/triage/", views.IncidentTriage.as_view(), name="incident-update"),
    path(P + "<int:pk>/assessment/", views.IncidentAssessment.as_view(), name="incident-assess"),
    path(P + "<int:pk>/ico-report/", views.IncidentIcoReport.as_view(), name="incident-notify"),
    path(P + "<int:pk>/close/", views.IncidentClose.as_view(), name="incident-close"),
    path(P + "<int:pk>/archive/", views.IncidentArchive.as_view(), name="incident-archive"),
    path(P + "<int:pk>/history/", views.IncidentHistory.as_view(), name="incident-history"),
    path(
        P + "<int:incident_pk>/ico-updates/new/",
        views.IcoUpdateCreate.as_view(),
        name="icoupdate-create",
    ),
    path(P + "ico-updates/<int:pk>/", views.IcoUpdateDetail.as_view(), name="icoupdate-detail"),
    path(
        P + "ico-updates/<int:pk>/edit/", views.IcoUpdateUpdate.as_view(), name="icoupdate-update"
    ),
    path(
        P + "ico-updates/<int:pk>/archive/",
        views.IcoUpdateArchive.as_view(),
        name="icoupdate-archive",
    ),
    path(
        P + "ico-updates/<int:pk>/history/",
        views.IcoUpdateHistory.as_view(),
        name="icoupdate-history",
    ),
    path(
        P + "<int:incident_pk>/people/new/",
        views.InvolvedPersonCreate.as_view(),
        name="involvedperson-create",
    ),
    path(
        P + "people/<int:pk>/", views.InvolvedPersonDetail.as_view(), name="involvedperson-detail"
    ),
    path(
        P + "people/<int:pk>/edit/",
        views.InvolvedPersonUpdate.as_view(),
        name="involvedperson-update",
    ),
    path(
        P + "people/<int:pk>/archive/",
        views.InvolvedPersonArchive.as_view(),
        name="involvedperson-archive",
    ),
    path(
        P + "people/<int:pk>/history/",
        views.InvolvedPersonHistory.as_view(),
        name="involvedperson-history",
    ),
    path(
        P + "<int:incident_pk>/actions/new/",
        views.IncidentActionCreate.as_view(),
        name="action-create",
    ),
    path("", include("dpassure.incidents.spotcheck_urls")),
    path("", include("dpassure.incidents.report_urls")),
]
