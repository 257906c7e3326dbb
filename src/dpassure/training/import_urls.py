"""URLs of training imports, under ``/o/<org>/training/imports/`` (namespace ``training``)."""

from django.urls import path

from dpassure.training import import_views as views

urlpatterns = [
    path("", views.TrainingImportList.as_view(), name="trainingimport-list"),
    path("new/", views.TrainingImportUpload.as_view(), name="trainingimport-create"),
    path("template.csv", views.TrainingImportTemplate.as_view(), name="trainingimport-template"),
    path("<int:pk>/", views.TrainingImportDetail.as_view(), name="trainingimport-detail"),
    path("<int:pk>/columns/", views.TrainingImportCheck.as_view(), name="trainingimport-check"),
    path(
        "<int:pk>/problems.csv",
        views.TrainingImportProblems.as_view(),
        name="trainingimport-problems",
    ),
    path(
        "<int:pk>/progress/",
        views.TrainingImportProgress.as_view(),
        name="trainingimport-progress",
    ),
    path(
        "<int:pk>/progress/status/",
        views.TrainingImportProgressStatus.as_view(),
        name="trainingimport-progress-status",
    ),
]
