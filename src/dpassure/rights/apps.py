from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "dpassure.rights"
    label = "rights"
    verbose_name = "Requests for personal data"
