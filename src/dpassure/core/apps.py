from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dpassure.core"
    label = "core"
    verbose_name = "DP Assure core"
