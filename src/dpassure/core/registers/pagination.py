"""Pagination that stays fast at a million rows.

Counting every matching row of a large register costs more than the page itself, so the
count stops at ``DPASSURE_COUNT_LIMIT``: beyond it the page says "more than 10,000" and
still offers the next page while pages come back full.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    def __init__(self, *args, count_limit: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_limit = count_limit or settings.DPASSURE_COUNT_LIMIT

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.count_limit + 1].count()

    @property
    def count_is_capped(self) -> bool:
        return self.count > self.count_limit

    def validate_number(self, number):
        if not self.count_is_capped:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        return number

    def page(self, number):
        if not self.count_is_capped:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)

    def has_next(self, page) -> bool:
        if self.count_is_capped:
            return len(page.object_list) == self.per_page
        return page.has_next()
