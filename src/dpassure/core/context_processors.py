"""What every page's header needs: the service name, the user's organisations and the navigation."""

from django.urls import reverse

from dpassure.core.tenancy import organisations_for

SERVICE_NAME = "DP Assure"


def service(request):
    scope = getattr(request, "scope", None)
    context = {"service_name": SERVICE_NAME, "scope": scope, "navigation": []}
    if request.user.is_authenticated:
        context["my_organisations"] = organisations_for(request.user)
    if scope is not None:
        context["navigation"] = _navigation(request, scope)
    return context


def _navigation(request, scope):
    slug = scope.organisation.slug
    items = [
        ("Overview", reverse("organisations:home", kwargs={"org_slug": slug})),
        ("People", reverse("organisations:person-list", kwargs={"org_slug": slug})),
        ("Departments", reverse("organisations:department-list", kwargs={"org_slug": slug})),
        ("Requests", reverse("rights:rightsrequest-list", kwargs={"org_slug": slug})),
        ("Incidents", reverse("incidents:incident-list", kwargs={"org_slug": slug})),
        ("Undertakings", reverse("undertakings:undertaking-list", kwargs={"org_slug": slug})),
        ("Training", reverse("training:home", kwargs={"org_slug": slug})),
    ]
    if _assurance_visible(scope.organisation):
        items.append(("Assurance", reverse("assurance:home", kwargs={"org_slug": slug})))
    if scope.can("admin"):
        items.append(
            ("Members", reverse("organisations:membership-list", kwargs={"org_slug": slug}))
        )
    if scope.can("dpo"):
        items.append(("Audit log", reverse("core:audit-log", kwargs={"org_slug": slug})))
    path = request.path
    # The longest matching prefix is the current section (Overview is only current on itself).
    current = max(
        (url for _, url in items if path == url or (path.startswith(url) and url != items[0][1])),
        key=len,
        default=items[0][1] if path == items[0][1] else None,
    )
    return [{"label": label, "url": url, "current": url == current} for label, url in items]


def _assurance_visible(organisation) -> bool:
    """Assessor bodies, and organisations an assessor has an engagement with."""
    from dpassure.assurance.selectors import is_subject_of_engagement

    return organisation.kind == "assessor_body" or is_subject_of_engagement(organisation)
