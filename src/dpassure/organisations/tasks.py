"""Background work of the organisations app, run by ``dpassure worker``."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django_tasks import task

from dpassure.organisations import import_services
from dpassure.organisations.models import ImportStatus, PeopleImport

logger = logging.getLogger(__name__)

STOPPED = (
    "The import stopped before it finished, so nothing was imported. "
    "Try again, and if it stops again tell your system administrator."
)


@task()
def people_import_run(import_id: int, user_id: int | None) -> str:
    """Commit a checked import. Safe to run again: a done or refused import is left alone."""
    people_import = PeopleImport.objects.filter(pk=import_id).first()
    if people_import is None:
        return "missing"
    if people_import.status == ImportStatus.DONE or people_import.errors:
        return people_import.status
    actor = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        people_import = import_services.people_import_commit(people_import, actor=actor)
    except Exception:
        logger.exception("People import %s stopped", import_id)
        import_services.people_import_fail(people_import, actor=actor, message=STOPPED)
        raise
    return people_import.status
