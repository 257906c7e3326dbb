from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "dpassure.assurance"
    label = "assurance"
    verbose_name = "Assurance engagements"
