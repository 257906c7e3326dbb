from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "dpassure.incidents"
    label = "incidents"
    verbose_name = "Information security"
