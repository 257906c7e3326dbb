from django.urls import path

from dpassure.rights import letter_views, public, views

app_name = "rights"

R = "o/<slug:org_slug>/requests/"

urlpatterns = [
    path(R, views.RightsRequestList.as_view(), name="rightsrequest-list"),
    path(R + "new/", views.RightsRequestCreate.as_view(), name="rightsrequest-create"),
    path(R + "verbal/", views.VerbalRequestCreate.as_view(), name="verbal-create"),
    path(R + "recognise/", views.Recognise.as_view(), name="recognise"),
    path(R + "dashboard/", views.Dashboard.as_view(), name="dashboard"),
    path(R + "<int:pk>/", views.RightsRequestDetail.as_view(), name="rightsrequest-detail"),
    path(R + "<int:pk>/edit/", views.RightsRequestUpdate.as_view(), name="rightsrequest-update"),
    path(
        R + "<int:pk>/archive/", views.RightsRequestArchive.as_view(), name="rightsrequest-archive"
    ),
    path(
        R + "<int:pk>/history/", views.RightsRequestHistory.as_view(), name="rightsrequest-history"
    ),
    # Steps, recorded from a request's page
    path(
        R + "<int:rightsrequest_pk>/clarifications/new/",
        views.ClarificationCreate.as_view(),
        name="clarification-create",
    ),
    path(
        R + "clarifications/<int:pk>/",
        views.ClarificationDetail.as_view(),
        name="clarification-detail",
    ),
    path(
        R + "clarifications/<int:pk>/edit/",
        views.ClarificationUpdate.as_view(),
        name="clarification-update",
    ),
    path(
        R + "clarifications/<int:pk>/archive/",
        views.ClarificationArchive.as_view(),
        name="clarification-archive",
    ),
    path(
        R + "clarifications/<int:pk>/history/",
        views.ClarificationHistory.as_view(),
        name="clarification-history",
    ),
    path(
        R + "<int:rightsrequest_pk>/searches/new/",
        views.SearchCreate.as_view(),
        name="search-create",
    ),
    path(R + "searches/<int:pk>/", views.SearchDetail.as_view(), name="search-detail"),
    path(R + "searches/<int:pk>/edit/", views.SearchUpdate.as_view(), name="search-update"),
    path(R + "searches/<int:pk>/archive/", views.SearchArchive.as_view(), name="search-archive"),
    path(R + "searches/<int:pk>/history/", views.SearchHistory.as_view(), name="search-history"),
    path(
        R + "<int:rightsrequest_pk>/exemptions/new/",
        views.ExemptionCreate.as_view(),
        name="exemptionapplied-create",
    ),
    path(
        R + "exemptions/<int:pk>/", views.ExemptionDetail.as_view(), name="exemptionapplied-detail"
    ),
    path(
        R + "exemptions/<int:pk>/edit/",
        views.ExemptionUpdate.as_view(),
        name="exemptionapplied-update",
    ),
    path(
        R + "exemptions/<int:pk>/archive/",
        views.ExemptionArchive.as_view(),
        name="exemptionapplied-archive",
    ),
    path(
        R + "exemptions/<int:pk>/history/",
        views.ExemptionHistory.as_view(),
        name="exemptionapplied-history",
    ),
    path(
        R + "<int:rightsrequest_pk>/disclosures/new/",
        views.DisclosureCreate.as_view(),
        name="disclosure-create",
    ),
    path(R + "disclosures/<int:pk>/", views.DisclosureDetail.as_view(), name="disclosure-detail"),
    path(
        R + "disclosures/<int:pk>/edit/", views.DisclosureUpdate.as_view(), name="disclosure-update"
    ),
    path(
        R + "disclosures/<int:pk>/archive/",
        views.DisclosureArchive.as_view(),
        name="disclosure-archive",
    ),
    path(
        R + "disclosures/<int:pk>/history/",
        views.DisclosureHistory.as_view(),
        name="disclosure-history",
    ),
    path(
        R + "<int:rightsrequest_pk>/reviews/new/",
        views.ReviewCreate.as_view(),
        name="review-create",
    ),
    path(R + "reviews/<int:pk>/", views.ReviewDetail.as_view(), name="review-detail"),
    path(R + "reviews/<int:pk>/edit/", views.ReviewUpdate.as_view(), name="review-update"),
    path(R + "reviews/<int:pk>/archive/", views.ReviewArchive.as_view(), name="review-archive"),
    path(R + "reviews/<int:pk>/history/", views.ReviewHistory.as_view(), name="review-history"),
    # The public page: no account needed
    path(
        "public/<slug:org_slug>/your-information/",
        public.RequestPage.as_view(),
        name="public-request",
    ),
    path(
        "public/<slug:org_slug>/your-information/sent/",
        public.RequestSent.as_view(),
        name="public-request-sent",
    ),
    path(R + "<int:pk>/letters/", letter_views.LetterDownload.as_view(), name="letters"),
]
