"""URLs of the ICO report document and the incidents dashboard."""

from django.urls import path

from dpassure.incidents import report_views as views

INCIDENTS = "o/<slug:org_slug>/incidents/"

urlpatterns = [
    path(INCIDENTS + "dashboard/", views.Dashboard.as_view(), name="dashboard"),
    path(
        INCIDENTS + "<int:pk>/ico-document/",
        views.IcoDocument.as_view(),
        name="incident-ico-document",
    ),
]
