"""Background work of training imports, run by ``dpassure worker``."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django_tasks import task

from dpassure.organisations.models import ImportStatus
from dpassure.training import import_services
from dpassure.training.import_services.writers import progress
from dpassure.training.models import TrainingImport

logger = logging.getLogger(__name__)

CHECK_STOPPED = (
    "Checking the file stopped before it finished. Check it again, and if it stops again "
    "tell your system administrator."
)
STOPPED = (
    "The import stopped before it finished, so nothing was imported. "
    "Try again, and if it stops again tell your system administrator."
)


@task()
def training_import_run(import_id: int, user_id: int | None) -> str:
    """Commit a started import. Safe to run again: only an import that is importing runs."""
    training_import = _waiting(import_id, ImportStatus.IMPORTING)
    if isinstance(training_import, str):
        return training_import
    actor = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        training_import = import_services.training_import_commit(training_import, actor=actor)
    except Exception:
        logger.exception("Training import %s stopped", import_id)
        import_services.training_import_fail(training_import, actor=actor, message=STOPPED)
        raise
    return training_import.status


@task()
def training_import_check_run(import_id: int, user_id: int | None) -> str:
    """Check a queued import's rows and store its data-quality report. Safe to run again:
    only an import that is being checked is checked."""
    training_import = _waiting(import_id, ImportStatus.CHECKING)
    if isinstance(training_import, str):
        return training_import
    actor = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        with progress(training_import) as report:
            training_import = import_services.training_import_check(
                training_import, actor=actor, mapping=training_import.mapping, progress=report
            )
    except ValidationError as error:
        message = " ".join(error.messages)
        import_services.training_import_check_stopped(training_import, actor=actor, message=message)
        return "stopped"
    except Exception:
        logger.exception("Checking training import %s stopped", import_id)
        import_services.training_import_check_stopped(
            training_import, actor=actor, message=CHECK_STOPPED
        )
        raise
    return training_import.status


def _waiting(import_id: int, status: str) -> TrainingImport | str:
    """The import, if it is still in ``status``; otherwise what the task reports instead
    (``"missing"``, or the status it has moved on to)."""
    training_import = TrainingImport.objects.filter(pk=import_id).first()
    if training_import is None:
        return "missing"
    return training_import if training_import.status == status else training_import.status
