"""URLs of the training reports and reminders, under ``/o/<org>/training/reports/``."""

from django.urls import path

from dpassure.training import reminder_views, report_views

urlpatterns = [
    path("", report_views.CompletionReport.as_view(), name="report-completion"),
    path("people/", report_views.PeopleReport.as_view(), name="report-people"),
    path("access/", report_views.GatingReport.as_view(), name="report-gating"),
    path("new-starters/", report_views.NewStartersReport.as_view(), name="report-new-starters"),
    path("scores/", report_views.ScoresReport.as_view(), name="report-scores"),
    path("trend/", report_views.TrendReport.as_view(), name="report-trend"),
    path("reminders/new/", reminder_views.ReminderCreate.as_view(), name="reminder-create"),
    path(
        "reminders/<int:pk>/",
        reminder_views.ReminderRunDetail.as_view(),
        name="reminderrun-detail",
    ),
    path("reminders/<int:pk>/send/", reminder_views.ReminderSend.as_view(), name="reminder-send"),
]
