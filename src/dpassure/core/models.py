"""Base models shared by every register."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class TimeStamped(models.Model):
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class OrganisationOwned(TimeStamped):
    """A row that belongs to exactly one organisation and is only ever reached through it.

    Rows are archived, not deleted: ``archived_at`` hides them from registers while the
    audit trail keeps every version.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", editable=False
    )
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class AboutSubject(OrganisationOwned):
    """A row an assessor keeps about another organisation, its ``subject``: an undertaking, an
    engagement and everything under them. The assessor's members reach it through
    ``Scope.rows``; the subject's members only through ``Scope.rows_about``, for what that side
    may see (:mod:`dpassure.core.registers.two_sided`)."""

    subject = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        abstract = True
