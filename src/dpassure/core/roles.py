"""Roles a member holds in an organisation, ordered from least to most trusted."""

from django.db import models


class Role(models.TextChoices):
    VIEWER = "viewer", "Viewer"
    STAFF = "staff", "Staff member"
    EDITOR = "editor", "Editor"
    DPO = "dpo", "Data protection officer"
    ADMIN = "admin", "Administrator"


RANK = {role: position for position, role in enumerate(Role)}


def role_at_least(role: str, minimum: str) -> bool:
    """True when ``role`` carries every permission of ``minimum``."""
    return RANK[Role(role)] >= RANK[Role(minimum)]
