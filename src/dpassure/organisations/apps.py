from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "dpassure.organisations"
    label = "organisations"
    verbose_name = "Organisations and people"
