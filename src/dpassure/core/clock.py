"""The one seam through which the current date and time enter DP Assure.

Rules never call this: they take ``today`` / ``now`` as arguments. Services and selectors call
it once per request and pass the value on; tests pass their own dates instead.
"""

import datetime

from django.utils import timezone


def today() -> datetime.date:
    return timezone.localdate()


def now() -> datetime.datetime:
    return timezone.now()
