"""Tasks every deployment has. ``ping`` lets operators check that a worker is running."""

from django_tasks import task


@task()
def ping(message: str = "ping") -> str:
    return message
