"""Human-readable references for registers: RR-2026-00042, INC-2026-00007."""

from django.db.models import QuerySet
from django.db.models.functions import Length


def next_reference(rows: QuerySet, prefix: str, *, digits: int = 5) -> str:
    """The next number after the highest reference starting with ``prefix`` in ``rows``.

    References are compared by length first, so RR-2026-100000 follows RR-2026-99999.
    Callers lock the organisation row so two writers never take the same number.
    """
    last = (
        rows.filter(reference__startswith=prefix)
        .order_by(Length("reference").desc(), "-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:0{digits}d}"
