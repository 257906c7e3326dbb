from django.urls import path

from dpassure.core import views

app_name = "core"

urlpatterns = [
    path("o/<slug:org_slug>/audit/", views.AuditLog.as_view(), name="audit-log"),
]
