"""Every published CSV neutralises cells that a spreadsheet would run as a formula."""

import csv
import io

from consultation.statistics.service import to_csv
from kit.csvcells import neutralise, write_rows


def test_formula_starts_get_an_apostrophe_and_numbers_do_not():
    for hostile in ("=1+1", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(hostile) == "'" + hostile
    assert neutralise(-5) == -5 and neutralise(2.5) == 2.5 and neutralise("Agua") == "Agua"
    rows = list(csv.reader(io.StringIO(write_rows([["=cmd", 3]]), newline="")))
    assert rows == [["'=cmd", "3"]]


def test_the_statistics_csv_neutralises_its_text_cells():
    stats = {
        "totals": {"participants": {"count": 7, "suppressed": False}},
        "tables": {
            "topics_by_area": [{"key": "=x", "label": "@y", "count": 9, "suppressed": False}]
        },
    }
    rows = list(csv.reader(io.StringIO(to_csv(stats), newline="")))
    assert rows[-1] == ["topics_by_area", "'=x", "'@y", "9", "False"]
