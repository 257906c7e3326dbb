"""Choices of the assessor workspace. Values come from :mod:`dpassure.rules.assurance`, so the
rules, the database and the API agree; definitions of ratings and priorities are kept there."""

from django.db import models

from dpassure.rules import assurance as rules


class InvitationResponse(models.TextChoices):
    NO_RESPONSE = rules.InvitationResponse.NO_RESPONSE.value, "No response"
    ACCEPTED = rules.InvitationResponse.ACCEPTED.value, "Accepted"
    DECLINED = rules.InvitationResponse.DECLINED.value, "Declined"


class EngagementKind(models.TextChoices):
    SURVEY_ONLY = rules.EngagementKind.SURVEY_ONLY.value, "Survey only"
    TELECONFERENCE = rules.EngagementKind.TELECONFERENCE.value, "Teleconference"
    SITE_VISIT = rules.EngagementKind.SITE_VISIT.value, "Site visit"
    CONSENSUAL_AUDIT = rules.EngagementKind.CONSENSUAL_AUDIT.value, "Consensual audit"
    UNDERTAKING_FOLLOW_UP = (
        rules.EngagementKind.UNDERTAKING_FOLLOW_UP.value,
        "Undertaking follow-up",
    )


class Stage(models.TextChoices):
    INVITED = rules.Stage.INVITED.value, "Invited"
    SURVEY = rules.Stage.SURVEY.value, "Survey"
    DOCUMENT_REVIEW = rules.Stage.DOCUMENT_REVIEW.value, "Document review"
    INTERVIEWS = rules.Stage.INTERVIEWS.value, "Interviews"
    DRAFT_REPORT = rules.Stage.DRAFT_REPORT.value, "Draft report"
    MANAGEMENT_RESPONSE = rules.Stage.MANAGEMENT_RESPONSE.value, "Management response"
    FINAL_REPORT = rules.Stage.FINAL_REPORT.value, "Final report"
    FOLLOW_UP = rules.Stage.FOLLOW_UP.value, "Follow-up"


class AnswerKind(models.TextChoices):
    YES_PARTLY_NO = rules.AnswerKind.YES_PARTLY_NO.value, "Yes, partly or no"
    CHOICE = rules.AnswerKind.CHOICE.value, "One of a list"
    FREE_TEXT = rules.AnswerKind.FREE_TEXT.value, "Free text"
    FILE = rules.AnswerKind.FILE.value, "A file"


class YesPartlyNo(models.TextChoices):
    YES = rules.YesPartlyNo.YES.value, "Yes"
    PARTLY = rules.YesPartlyNo.PARTLY.value, "Partly"
    NO = rules.YesPartlyNo.NO.value, "No"
    NOT_APPLICABLE = rules.YesPartlyNo.NOT_APPLICABLE.value, "Not applicable"


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", "Not yet sent"
    OPEN = "open", "Open for answers"
    SUBMITTED = "submitted", "Submitted"
    CLOSED = "closed", "Closed"


class InterviewMode(models.TextChoices):
    ON_SITE = "on_site", "On site"
    REMOTE = "remote", "Remote"


class FindingKind(models.TextChoices):
    GOOD_PRACTICE = "good_practice", "Good practice"
    AREA_FOR_IMPROVEMENT = "area_for_improvement", "Area for improvement"
    OBSERVATION = "observation", "Observation"


class Priority(models.TextChoices):
    URGENT = rules.Priority.URGENT.value, "Urgent"
    HIGH = rules.Priority.HIGH.value, "High"
    MEDIUM = rules.Priority.MEDIUM.value, "Medium"
    LOW = rules.Priority.LOW.value, "Low"


class ResponseDecision(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    PARTLY_ACCEPTED = "partly_accepted", "Partly accepted"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


class AssuranceLevel(models.TextChoices):
    HIGH = rules.AssuranceLevel.HIGH.value, "High"
    REASONABLE = rules.AssuranceLevel.REASONABLE.value, "Reasonable"
    LIMITED = rules.AssuranceLevel.LIMITED.value, "Limited"
    VERY_LIMITED = rules.AssuranceLevel.VERY_LIMITED.value, "Very limited"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"


class FollowUpStatus(models.TextChoices):
    COMPLETED = rules.FollowUpStatus.COMPLETED.value, "Completed"
    PARTLY_COMPLETED = rules.FollowUpStatus.PARTLY_COMPLETED.value, "Partly completed"
    NOT_STARTED = rules.FollowUpStatus.NOT_STARTED.value, "Not started"


class AnsweredBy(models.TextChoices):
    MEMBER = "member", "A member of the organisation, signed in"
    LINK = "link", "A named contact, through a survey link"


#: Definitions shown beside the choices (DOMAIN_RULES.md §9.4–9.5), keyed by stored value.
RATING_DEFINITIONS = {level.value: text for level, text in rules.RATING_DEFINITIONS.items()}
PRIORITY_DEFINITIONS = {level.value: text for level, text in rules.PRIORITY_DEFINITIONS.items()}

RATING_COLOURS = {
    AssuranceLevel.HIGH: "green",
    AssuranceLevel.REASONABLE: "turquoise",
    AssuranceLevel.LIMITED: "orange",
    AssuranceLevel.VERY_LIMITED: "red",
}
PRIORITY_COLOURS = {
    Priority.URGENT: "red",
    Priority.HIGH: "orange",
    Priority.MEDIUM: "yellow",
    Priority.LOW: "blue",
}
