"""reschedule migrations carry existing rows over (SQLite and PostgreSQL)."""

from datetime import date

from tests.conftest import migrate
from tests.infra.test_migrations_carry_over import _insert, _rows, _upgrade_to


async def test_tracking_activities_carry_over_with_their_dates_as_the_original_ones(databases):
    url = await databases.new("tracking")
    await _upgrade_to("tracking", url, "plan_docs_tr_02")
    base = {"key_action_id": "k1", "commitment_id": "c1", "status": "en_proceso", "current": True}
    await _insert(
        url,
        "activity",
        base
        | {
            "activity_id": "a1",
            "title": "Diagnóstico",
            "start_date": date(2027, 3, 1),
            "end_date": date(2027, 6, 30),
        },
        base | {"activity_id": "a2", "title": "Sin fechas", "start_date": None, "end_date": None},
    )

    await migrate("tracking", url)

    rows = await _rows(
        url,
        "SELECT activity_id, start_date, end_date, original_start_date, original_end_date "
        "FROM activity ORDER BY activity_id",
    )
    assert [tuple(str(v) if v else v for v in row) for row in rows] == [
        ("a1", "2027-03-01", "2027-06-30", "2027-03-01", "2027-06-30"),
        ("a2", None, None, None, None),
    ]
    assert await _rows(url, "SELECT COUNT(*) FROM activity_reschedule") == [(0,)]
