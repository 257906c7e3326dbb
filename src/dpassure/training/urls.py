from django.urls import include, path

from dpassure.training import views

app_name = "training"

P = "o/<slug:org_slug>/training/"

urlpatterns = [
    path(P, views.TrainingHome.as_view(), name="home"),
    path(P + "policy/", views.PolicyEdit.as_view(), name="policy"),
    # Courses
    path(P + "courses/", views.CourseList.as_view(), name="course-list"),
    path(P + "courses/new/", views.CourseCreate.as_view(), name="course-create"),
    path(P + "courses/<int:pk>/", views.CourseDetail.as_view(), name="course-detail"),
    path(P + "courses/<int:pk>/edit/", views.CourseUpdate.as_view(), name="course-update"),
    path(P + "courses/<int:pk>/archive/", views.CourseArchive.as_view(), name="course-archive"),
    path(P + "courses/<int:pk>/history/", views.CourseHistory.as_view(), name="course-history"),
    # Training records
    path(P + "records/", views.TrainingRecordList.as_view(), name="trainingrecord-list"),
    path(
        P + "people/<int:person_pk>/records/new/",
        views.TrainingRecordCreate.as_view(),
        name="trainingrecord-create",
    ),
    path(
        P + "records/<int:pk>/", views.TrainingRecordDetail.as_view(), name="trainingrecord-detail"
    ),
    path(
        P + "records/<int:pk>/edit/",
        views.TrainingRecordUpdate.as_view(),
        name="trainingrecord-update",
    ),
    path(
        P + "records/<int:pk>/archive/",
        views.TrainingRecordArchive.as_view(),
        name="trainingrecord-archive",
    ),
    path(
        P + "records/<int:pk>/history/",
        views.TrainingRecordHistory.as_view(),
        name="trainingrecord-history",
    ),
    path(P + "imports/", include("dpassure.training.import_urls")),
    path(P + "reports/", include("dpassure.training.report_urls")),
]
