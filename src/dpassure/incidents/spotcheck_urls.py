"""URLs of spot checks, their checklists and actions (in the ``incidents`` namespace)."""

from django.urls import path

from dpassure.incidents import spotcheck_views as views

S = "o/<slug:org_slug>/spot-checks/"
C = S + "checklists/"
A = "o/<slug:org_slug>/actions/"

urlpatterns = [
    # Checklists
    path(C, views.SpotCheckTemplateList.as_view(), name="spotchecktemplate-list"),
    path(C + "new/", views.SpotCheckTemplateCreate.as_view(), name="spotchecktemplate-create"),
    path(
        C + "standard/",
        views.SpotCheckTemplateStandard.as_view(),
        name="spotchecktemplate-standard",
    ),
    path(C + "<int:pk>/", views.SpotCheckTemplateDetail.as_view(), name="spotchecktemplate-detail"),
    path(
        C + "<int:pk>/edit/",
        views.SpotCheckTemplateUpdate.as_view(),
        name="spotchecktemplate-update",
    ),
    path(
        C + "<int:pk>/archive/",
        views.SpotCheckTemplateArchive.as_view(),
        name="spotchecktemplate-archive",
    ),
    path(
        C + "<int:pk>/history/",
        views.SpotCheckTemplateHistory.as_view(),
        name="spotchecktemplate-history",
    ),
    # Spot checks
    path(S, views.SpotCheckList.as_view(), name="spotcheck-list"),
    path(S + "new/", views.SpotCheckCreate.as_view(), name="spotcheck-create"),
    path(S + "<int:pk>/", views.SpotCheckDetail.as_view(), name="spotcheck-detail"),
    path(S + "<int:pk>/edit/", views.SpotCheckUpdate.as_view(), name="spotcheck-update"),
    path(S + "<int:pk>/results/", views.SpotCheckRecordResults.as_view(), name="spotcheck-record"),
    path(S + "<int:pk>/archive/", views.SpotCheckArchive.as_view(), name="spotcheck-archive"),
    path(S + "<int:pk>/history/", views.SpotCheckHistory.as_view(), name="spotcheck-history"),
    # Actions (raised by failed spot checks, and by incidents)
    path(A, views.ActionList.as_view(), name="action-list"),
    path(A + "<int:pk>/", views.ActionDetail.as_view(), name="action-detail"),
    path(A + "<int:pk>/edit/", views.ActionUpdate.as_view(), name="action-update"),
    path(A + "<int:pk>/done/", views.ActionDone.as_view(), name="action-done"),
    path(A + "<int:pk>/archive/", views.ActionArchive.as_view(), name="action-archive"),
    path(A + "<int:pk>/history/", views.ActionHistory.as_view(), name="action-history"),
]
