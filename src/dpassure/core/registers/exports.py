"""CSV and XLSX exports of exactly the rows a register list is showing (all pages)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook

from dpassure.core.registers.columns import Column

XLSX_MAX_ROWS = 1_048_575
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """Neutralise spreadsheet formulae in exported text (CSV injection)."""
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def _lines(columns: list[Column], rows: Iterable) -> Iterator[list[str]]:
    yield [column.label for column in columns]
    for row in rows:
        yield [safe_cell(column.text(row)) for column in columns]


class _Echo:
    def write(self, value):
        return value


def csv_response(columns: list[Column], rows: Iterable, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        ("\ufeff" if index == 0 else "") + writer.writerow(line)
        for index, line in enumerate(_lines(columns, rows))
    )
    response["Content-Type"] = "text/csv; charset=utf-8"
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(columns: list[Column], rows: Iterable, filename: str) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=filename[:31])
    for count, line in enumerate(_lines(columns, rows)):
        if count > XLSX_MAX_ROWS:
            break
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
