from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "dpassure.training"
    label = "training"
    verbose_name = "Training and awareness"
