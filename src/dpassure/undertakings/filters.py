import django_filters

from dpassure.core.registers.filters import RegisterFilterSet
from dpassure.undertakings.choices import Legislation, UndertakingStatus, Verdict
from dpassure.undertakings.models import (
    ActionPlanStep,
    EvidenceItem,
    FollowUp,
    IssuedReport,
    LiveSnapshot,
    Requirement,
    RequirementVerdict,
    SubsequentBreach,
    Undertaking,
)


class UndertakingFilter(RegisterFilterSet):
    search_fields = ("title", "enforcement_reference", "complaint_reference", "subject__name")
    status = django_filters.ChoiceFilter(choices=UndertakingStatus.choices, empty_label="Any")
    legislation = django_filters.ChoiceFilter(choices=Legislation.choices, empty_label="Any")

    class Meta:
        model = Undertaking
        fields = ["q", "status", "legislation", "archived"]


def _simple(model_, *search):
    """A FilterSet for the API of a part of an undertaking: search and archived rows."""

    class Meta:
        model = model_
        fields = ["q", "archived"]

    return type(
        f"{model_.__name__}Filter", (RegisterFilterSet,), {"Meta": Meta, "search_fields": search}
    )


RequirementFilter = _simple(Requirement, "text", "undertaking__title")
ActionPlanStepFilter = _simple(ActionPlanStep, "steps_taken", "evidence_supplied")
FollowUpFilter = _simple(FollowUp, "summary", "undertaking__title")
EvidenceItemFilter = _simple(EvidenceItem, "title")
SubsequentBreachFilter = _simple(SubsequentBreach, "description", "incident__reference")
LiveSnapshotFilter = _simple(LiveSnapshot, "title", "source")
IssuedReportFilter = _simple(IssuedReport, "undertaking__title")


class RequirementVerdictFilter(RegisterFilterSet):
    search_fields = ("findings",)
    verdict = django_filters.ChoiceFilter(choices=Verdict.choices, empty_label="Any")

    class Meta:
        model = RequirementVerdict
        fields = ["q", "verdict", "archived"]
