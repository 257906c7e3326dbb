"""Background work of training reminders, run by ``dpassure worker``."""

from __future__ import annotations

import logging

from django_tasks import task

from dpassure.training import reminders
from dpassure.training.models import ReminderRun

logger = logging.getLogger(__name__)


@task()
def reminder_run_deliver(run_id: int) -> str:
    """Send a run's reminder emails. Safe to run again: a sent run is left alone and a run that
    stopped part way carries on after the emails it had sent."""
    run = ReminderRun.objects.select_related("course__organisation").filter(pk=run_id).first()
    if run is None:
        return "missing"
    try:
        run = reminders.reminder_run_deliver(run)
    except Exception:
        logger.exception("Training reminder run %s stopped", run_id)
        raise
    return run.status
