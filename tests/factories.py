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
