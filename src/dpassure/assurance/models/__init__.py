"""The assessor workspace's models, one module per part of the lifecycle."""

from dpassure.assurance.models.engagements import (
    Engagement,
    EngagementPart,
    EngagementStage,
    ProjectInvitation,
    SectorProject,
)
from dpassure.assurance.models.evidence import (
    EngagementEvidence,
    EvidenceRequest,
    Interview,
    InterviewNote,
    LiveEvidence,
)
from dpassure.assurance.models.findings import (
    Finding,
    ManagementResponse,
    Recommendation,
    ScopeRating,
)
from dpassure.assurance.models.frameworks import Control, Framework, ScopeArea
from dpassure.assurance.models.reports import EngagementReport, FollowUpGrade
from dpassure.assurance.models.surveys import Survey, SurveyAnswer, SurveyLink, SurveyQuestion

__all__ = [
    "Control",
    "Engagement",
    "EngagementEvidence",
    "EngagementPart",
    "EngagementReport",
    "EngagementStage",
    "EvidenceRequest",
    "Finding",
    "FollowUpGrade",
    "Framework",
    "Interview",
    "InterviewNote",
    "LiveEvidence",
    "ManagementResponse",
    "ProjectInvitation",
    "Recommendation",
    "ScopeArea",
    "ScopeRating",
    "SectorProject",
    "Survey",
    "SurveyAnswer",
    "SurveyLink",
    "SurveyQuestion",
]
