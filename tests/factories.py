"""factory_boy factories for every model the tests need."""

import datetime

import factory
from django.contrib.auth import get_user_model

from dpassure.core.roles import Role
from dpassure.organisations.choices import OrganisationKind
from dpassure.organisations.models import Department, Membership, Organisation, Person, ServiceBreak


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    password = factory.django.Password("correct-horse-battery")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.POLICE_FORCE
    name = factory.Sequence(lambda n: f"Test Constabulary {n}")
    slug = factory.Sequence(lambda n: f"test-constabulary-{n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Department {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    employee_number = factory.Sequence(lambda n: f"E{n:06d}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.Sequence(lambda n: f"person{n}@force.example")
    department = factory.SubFactory(
        DepartmentFactory, organisation=factory.SelfAttribute("..organisation")
    )
    job_title = "Police Constable"
    start_date = datetime.date(2020, 1, 6)


class ServiceBreakFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceBreak

    organisation = factory.SubFactory(OrganisationFactory)
    person = factory.SubFactory(PersonFactory, organisation=factory.SelfAttribute("..organisation"))
    start_date = datetime.date(2022, 3, 1)
    end_date = datetime.date(2022, 9, 30)
    reason = "Career break"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.EDITOR


class RightsRequestFactory(factory.django.DjangoModelFactory):
    """A request made through the service, so its reference and due date are computed."""

    class Meta:
        model = "rights.RightsRequest"

    organisation = factory.SubFactory(OrganisationFactory)
    channel = "email"
    rights = "access"
    received_on = datetime.date(2026, 6, 1)
    requester_name = factory.Faker("name", locale="en_GB")
    requester_email = "requester@example.test"
    requester_words = "Please send me a copy of the body-worn video of me."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from dpassure.rights.services import rights_request_create

        organisation = kwargs.pop("organisation")
        return rights_request_create(organisation=organisation, actor=None, **kwargs)


def step_factory(model_path: str, **defaults):
    """A step of a request, created through its service."""

    def make(request, **fields):
        from django.apps import apps

        from dpassure.rights import services

        model = apps.get_model(model_path)
        create = {
            "Clarification": services.clarification_create,
            "Search": services.search_create,
            "ExemptionApplied": services.exemption_create,
            "Disclosure": services.disclosure_create,
            "Review": services.review_create,
        }[model.__name__]
        return create(
            organisation=request.organisation,
            actor=None,
            request=request,
            today=datetime.date(2026, 12, 1),
            **{**defaults, **fields},
        )

    return make


make_clarification = step_factory(
    "rights.Clarification", asked_on=datetime.date(2026, 6, 3), question="Which incident?"
)
make_search = step_factory(
    "rights.Search",
    searched="Body-worn video system",
    searched_by="Information Management",
    searched_on=datetime.date(2026, 6, 4),
    result="found",
)
make_exemption = step_factory(
    "rights.ExemptionApplied",
    exemption="sch2_16",
    reasons="Third-party officers' images cannot be disclosed without consent.",
    decided_by="DPO",
    decided_on=datetime.date(2026, 6, 10),
)
make_disclosure = step_factory(
    "rights.Disclosure", disclosed_on=datetime.date(2026, 6, 20), method="portal", pages=12
)
make_review = step_factory(
    "rights.Review", kind="internal_review", received_on=datetime.date(2026, 7, 1)
)


def make_incident(organisation, now=None, **fields):
    """An incident reported through the service (reference and clock computed)."""
    from django.utils import timezone

    from dpassure.incidents.services import incident_report

    values = {
        "what_happened": "A witness statement was emailed to the wrong address.",
        "occurred_at": timezone.make_aware(datetime.datetime(2026, 11, 2, 9, 30)),
        "discovered_at": timezone.make_aware(datetime.datetime(2026, 11, 2, 11, 0)),
        "information_involved": "Name, address and statement of a witness",
        **fields,
    }
    return incident_report(
        organisation=organisation,
        actor=None,
        now=now or timezone.make_aware(datetime.datetime(2026, 12, 1, 12, 0)),
        **values,
    )


class SpotCheckTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "incidents.SpotCheckTemplate"

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Clear desk {n}")
    items = "No papers left on desks\nPedestals locked\nScreens locked when unattended"


class SpotCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "incidents.SpotCheck"

    organisation = factory.SubFactory(OrganisationFactory)
    template = factory.SubFactory(
        SpotCheckTemplateFactory, organisation=factory.SelfAttribute("..organisation")
    )
    department = factory.SubFactory(
        DepartmentFactory, organisation=factory.SelfAttribute("..organisation")
    )
    location = "Headquarters, first floor"
    due_on = datetime.date(2026, 6, 1)


def make_spot_check_action(
    organisation, *, owner="Office manager", due_on=datetime.date(2026, 6, 15)
):
    """An action raised by a spot check whose first item failed, through the service."""
    from dpassure.incidents.services import spot_check_record_results

    check = SpotCheckFactory(organisation=organisation)
    first, *rest = check.template.item_list
    spot_check_record_results(
        check,
        actor=None,
        done_on=datetime.date(2026, 6, 1),
        done_by="PS Patel",
        results=[(first, False, "Case file left on a desk"), *[(item, True, "") for item in rest]],
        action_owner=owner,
        action_due_on=due_on,
        today=datetime.date(2026, 6, 1),
    )
    return check.actions.get()
