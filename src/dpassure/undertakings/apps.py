from django.apps import AppConfig


class UndertakingsConfig(AppConfig):
    name = "dpassure.undertakings"
    label = "undertakings"
    verbose_name = "Undertakings and follow-up"
