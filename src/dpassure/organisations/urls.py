from django.urls import path

from dpassure.organisations import import_views, views

app_name = "organisations"

urlpatterns = [
    path("o/<slug:org_slug>/", views.Home.as_view(), name="home"),
    # Departments
    path("o/<slug:org_slug>/departments/", views.DepartmentList.as_view(), name="department-list"),
    path(
        "o/<slug:org_slug>/departments/new/",
        views.DepartmentCreate.as_view(),
        name="department-create",
    ),
    path(
        "o/<slug:org_slug>/departments/<int:pk>/",
        views.DepartmentDetail.as_view(),
        name="department-detail",
    ),
    path(
        "o/<slug:org_slug>/departments/<int:pk>/edit/",
        views.DepartmentUpdate.as_view(),
        name="department-update",
    ),
    path(
        "o/<slug:org_slug>/departments/<int:pk>/archive/",
        views.DepartmentArchive.as_view(),
        name="department-archive",
    ),
    path(
        "o/<slug:org_slug>/departments/<int:pk>/history/",
        views.DepartmentHistory.as_view(),
        name="department-history",
    ),
    # People
    path("o/<slug:org_slug>/people/", views.PersonList.as_view(), name="person-list"),
    path("o/<slug:org_slug>/people/new/", views.PersonCreate.as_view(), name="person-create"),
    path("o/<slug:org_slug>/people/<int:pk>/", views.PersonDetail.as_view(), name="person-detail"),
    path(
        "o/<slug:org_slug>/people/<int:pk>/edit/",
        views.PersonUpdate.as_view(),
        name="person-update",
    ),
    path(
        "o/<slug:org_slug>/people/<int:pk>/archive/",
        views.PersonArchive.as_view(),
        name="person-archive",
    ),
    path(
        "o/<slug:org_slug>/people/<int:pk>/history/",
        views.PersonHistory.as_view(),
        name="person-history",
    ),
    # Breaks in service
    path(
        "o/<slug:org_slug>/people/<int:person_pk>/service-breaks/new/",
        views.ServiceBreakCreate.as_view(),
        name="servicebreak-create",
    ),
    path(
        "o/<slug:org_slug>/service-breaks/",
        views.ServiceBreakList.as_view(),
        name="servicebreak-list",
    ),
    path(
        "o/<slug:org_slug>/service-breaks/<int:pk>/",
        views.ServiceBreakDetail.as_view(),
        name="servicebreak-detail",
    ),
    path(
        "o/<slug:org_slug>/service-breaks/<int:pk>/edit/",
        views.ServiceBreakUpdate.as_view(),
        name="servicebreak-update",
    ),
    path(
        "o/<slug:org_slug>/service-breaks/<int:pk>/archive/",
        views.ServiceBreakArchive.as_view(),
        name="servicebreak-archive",
    ),
    path(
        "o/<slug:org_slug>/service-breaks/<int:pk>/history/",
        views.ServiceBreakHistory.as_view(),
        name="servicebreak-history",
    ),
    # Members
    path("o/<slug:org_slug>/members/", views.MembershipList.as_view(), name="membership-list"),
    path(
        "o/<slug:org_slug>/members/new/", views.MembershipCreate.as_view(), name="membership-create"
    ),
    path(
        "o/<slug:org_slug>/members/<int:pk>/",
        views.MembershipDetail.as_view(),
        name="membership-detail",
    ),
    path(
        "o/<slug:org_slug>/members/<int:pk>/edit/",
        views.MembershipUpdate.as_view(),
        name="membership-update",
    ),
    path(
        "o/<slug:org_slug>/members/<int:pk>/archive/",
        views.MembershipArchive.as_view(),
        name="membership-archive",
    ),
    path(
        "o/<slug:org_slug>/members/<int:pk>/history/",
        views.MembershipHistory.as_view(),
        name="membership-history",
    ),
    # Importing people from an HR extract
    path(
        "o/<slug:org_slug>/people/import/",
        import_views.PersonImportUpload.as_view(),
        name="person-import",
    ),
    path(
        "o/<slug:org_slug>/people/import/template.csv",
        import_views.PersonImportTemplate.as_view(),
        name="person-import-template",
    ),
    path(
        "o/<slug:org_slug>/people/import/<int:pk>/",
        import_views.PersonImportCheck.as_view(),
        name="person-import-check",
    ),
    path(
        "o/<slug:org_slug>/people/import/<int:pk>/result/",
        import_views.PersonImportResult.as_view(),
        name="person-import-result",
    ),
    path(
        "o/<slug:org_slug>/people/import/<int:pk>/problems.csv",
        import_views.PersonImportErrors.as_view(),
        name="person-import-errors",
    ),
    path(
        "o/<slug:org_slug>/people/import/<int:pk>/progress/",
        import_views.PersonImportProgress.as_view(),
        name="person-import-progress",
    ),
    path(
        "o/<slug:org_slug>/people/import/<int:pk>/progress/status/",
        import_views.PersonImportProgressStatus.as_view(),
        name="person-import-progress-status",
    ),
]
