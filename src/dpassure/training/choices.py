from django.db import models


class Provider(models.TextChoices):
    NATIONAL = "national", "National police e-learning (NCALT / College Learn)"
    IN_HOUSE = "in_house", "In-house e-learning"
    CLASSROOM = "classroom", "Classroom"
    EXTERNAL = "external", "External provider"


class CourseKind(models.TextChoices):
    INDUCTION = "induction", "Induction"
    REFRESHER = "refresher", "Annual refresher"
    SPECIALIST = "specialist", "Specialist"


class Audience(models.TextChoices):
    EVERYONE = "everyone", "Everyone"
    SELECTED = "selected", "Selected departments, roles or ranks"


class RecordSource(models.TextChoices):
    IMPORTED = "imported", "Imported"
    ENTERED = "entered", "Entered by hand"
