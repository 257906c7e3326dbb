import django_filters

from dpassure.assurance.choices import EngagementKind, InvitationResponse, Stage, SurveyStatus
from dpassure.assurance.models import (
    Engagement,
    EvidenceRequest,
    ProjectInvitation,
    SectorProject,
    Survey,
    SurveyLink,
)
from dpassure.core.registers.filters import RegisterFilterSet


class SectorProjectFilter(RegisterFilterSet):
    search_fields = ("title", "description")

    class Meta:
        model = SectorProject
        fields = ["q", "archived"]


class EngagementFilter(RegisterFilterSet):
    search_fields = ("title", "subject__name")
    kind = django_filters.ChoiceFilter(choices=EngagementKind.choices, empty_label="Any")
    stage = django_filters.ChoiceFilter(choices=Stage.choices, empty_label="Any")

    class Meta:
        model = Engagement
        fields = ["q", "kind", "stage", "archived"]


class ProjectInvitationFilter(RegisterFilterSet):
    search_fields = ("subject__name", "contact_name")
    response = django_filters.ChoiceFilter(choices=InvitationResponse.choices, empty_label="Any")

    class Meta:
        model = ProjectInvitation
        fields = ["q", "response", "archived"]


class SurveyFilter(RegisterFilterSet):
    search_fields = ("title",)
    status = django_filters.ChoiceFilter(choices=SurveyStatus.choices, empty_label="Any")

    class Meta:
        model = Survey
        fields = ["q", "status", "archived"]


class SurveyLinkFilter(RegisterFilterSet):
    search_fields = ("contact_name", "contact_email")

    class Meta:
        model = SurveyLink
        fields = ["q", "archived"]


class EvidenceRequestFilter(RegisterFilterSet):
    search_fields = ("title", "detail")

    class Meta:
        model = EvidenceRequest
        fields = ["q", "archived"]
