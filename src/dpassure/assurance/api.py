from rest_framework.routers import DefaultRouter

from dpassure.assurance.engagement_api import register_engagements
from dpassure.assurance.findings_api import register_findings
from dpassure.assurance.report_api import register_reports

assurance_router = DefaultRouter()
assurance_router.include_root_view = False
register_engagements(assurance_router)
register_findings(assurance_router)
register_reports(assurance_router)
