"""A closed consultation's statistics come from what people declared when they took part
(CONSUL #5531): editing or deleting a profile afterwards changes nothing published."""

import asyncio
from datetime import timedelta

from alembic import command

from kit.migrations import alembic_config
from tests.conftest import ROOT
from tests.consultation.conftest import mx_today, propose
from tests.consultation.test_systematization import deliver

DECLARED = {"gender": "mujer", "age_band": "30-44", "sector": "academia", "state_code": "09"}
CHANGED = {"gender": "hombre", "age_band": "60+", "sector": "gobierno", "state_code": "32"}


def _figures(stats: dict) -> dict:
    return {k: v for k, v in stats.items() if k != "generated_at"}


async def _declare(consultation, who, bands: dict) -> None:
    body = bands | {"consent": True, "privacy_notice_version": "v1"}
    assert (await consultation.put("/me/demographics", json=body, headers=who)).is_success


async def test_closed_statistics_do_not_follow_edited_profiles(
    consultation, process_id, citizen, set_today
):
    people = [citizen(f"c{n}") for n in range(6)]
    for who in people:
        await _declare(consultation, who, DECLARED)
    topic = await propose(consultation, people[0], process_id)
    for who in people:
        assert (await consultation.post(f"/topics/{topic['id']}/votes", headers=who)).is_success
    url = f"/processes/{process_id}/statistics"
    before = (await consultation.get(url)).json()

    set_today(mx_today() + timedelta(days=30))  # the consultation closed 16 days ago
    for who in people[:5]:
        await _declare(consultation, who, CHANGED)
    await consultation.delete("/me/demographics", headers=people[5])
    await deliver(consultation, "auth.account.deleted.v1", {"account_id": "acct-c4"})
    after = (await consultation.get(url)).json()

    assert _figures(after) == _figures(before)
    by_state = {c["key"]: c["count"] for c in after["tables"]["participants_by_state"]}
    assert by_state == {"09": 6}


async def test_the_migration_records_everyone_who_took_part(
    consultation, process_id, citizen, token_for
):
    """Backfilled from votes, topics and profiles, the figures are the ones recorded live."""
    people = [citizen(f"m{n}") for n in range(7)]
    for n, who in enumerate(people[:6]):
        await _declare(consultation, who, DECLARED if n % 2 else CHANGED)
    topic = await propose(consultation, people[6], process_id)
    for who in people[:6]:
        await consultation.post(f"/topics/{topic['id']}/votes", headers=who)
    staff = token_for("cso", sub="osc-7")
    for n in range(5):
        body = {k: topic[k] for k in ("title", "problem", "affected", "solution", "area")}
        body |= {"state_code": "14", "title": f"Cuestionario {n} de la consulta territorial"}
        paper = await consultation.post(
            f"/processes/{process_id}/territorial/topics", json=body, headers=staff
        )
        assert paper.status_code == 201, paper.text
    url = f"/processes/{process_id}/statistics"
    live = (await consultation.get(url)).json()

    config = alembic_config(
        ROOT / "services" / "consultation", consultation.app.state.settings.database_url
    )
    await asyncio.to_thread(command.downgrade, config, "integrity_stats_01-1")
    await asyncio.to_thread(command.upgrade, config, "head")
    backfilled = (await consultation.get(url)).json()

    assert live["totals"]["participants"]["count"] == 12
    assert _figures(backfilled) == _figures(live)
