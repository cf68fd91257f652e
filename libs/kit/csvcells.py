"""CSV that a spreadsheet opens as data, never as formulas (OWASP "CSV injection").

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
written with a leading apostrophe, which spreadsheets read as "this is text"; numbers are
written as they are. Every CSV a service publishes goes through :func:`write_rows`.
"""

import csv
import io
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """``value`` as a cell: text that would start a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_rows(rows: Iterable[Iterable[Any]], *, lineterminator: str = "\r\n") -> str:
    """The rows as CSV text, every text cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=lineterminator)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()
