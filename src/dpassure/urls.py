"""Every URL of DP Assure, readable in one place."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from dpassure.assurance.api import assurance_router
from dpassure.core import accounts
from dpassure.core import views as core_views
from dpassure.incidents.api import incidents_router
from dpassure.organisations.api import organisations_router, register_router
from dpassure.rights.api import rights_router
from dpassure.training.api import training_router
from dpassure.undertakings.api import undertakings_router

handler403 = "dpassure.core.views.error_403"
handler404 = "dpassure.core.views.error_404"
handler500 = "dpassure.core.views.error_500"

api_v1 = [
    path("", include(organisations_router.urls)),
    path("o/<slug:org_slug>/", include(register_router.urls)),
    path("o/<slug:org_slug>/", include(rights_router.urls)),
    path("o/<slug:org_slug>/", include(incidents_router.urls)),
    path("o/<slug:org_slug>/", include(training_router.urls)),
    path("o/<slug:org_slug>/", include(undertakings_router.urls)),
    path("o/<slug:org_slug>/", include(assurance_router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("switch/", core_views.switch_organisation, name="switch-organisation"),
    path("accessibility/", core_views.accessibility, name="accessibility"),
    path("cookies/", core_views.cookies, name="cookies"),
    path("account/", include(accounts.urlpatterns)),
    path("", include("dpassure.core.urls")),
    path("", include("dpassure.organisations.urls")),
    path("", include("dpassure.rights.urls")),
    path("", include("dpassure.incidents.urls")),
    path("", include("dpassure.training.urls")),
    path("", include("dpassure.undertakings.urls")),
    path("", include("dpassure.assurance.urls")),
    path("api/v1/", include(api_v1)),
]
