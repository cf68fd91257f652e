"""plan-docs migrations carry existing rows over (SQLite and PostgreSQL)."""

from tests.conftest import migrate
from tests.infra.test_migrations_carry_over import _insert, _rows, _upgrade_to


async def test_tracking_key_actions_carry_over_with_no_institution(databases):
    url = await databases.new("tracking")
    await _upgrade_to("tracking", url, "plan_docs_tr_01")
    await _insert(
        url,
        "key_action",
        {"key_action_id": "k1", "commitment_id": "c1", "title": "Diagnóstico", "weight": 60.0},
        {"key_action_id": "k2", "commitment_id": "c1", "title": "Plataforma", "weight": 40.0},
    )

    await migrate("tracking", url)

    rows = await _rows(
        url,
        "SELECT key_action_id, title, weight, responsible_institution FROM key_action "
        "ORDER BY key_action_id",
    )
    assert rows == [("k1", "Diagnóstico", 60.0, ""), ("k2", "Plataforma", 40.0, "")]


async def test_roadmaps_commitments_carry_over_with_empty_template_fields(databases):
    url = await databases.new("roadmaps")
    await _upgrade_to("roadmaps", url, "sec_public_rm_01")
    await _insert(
        url,
        "commitment",
        {"id": "c1", "plan_code": "MX-4PA", "number": 1, "slug": "a", "title": "Uno"},
    )

    await migrate("roadmaps", url)

    rows = await _rows(
        url,
        "SELECT id, title, pnd_axis, risk_analysis, gender_perspective, ambition, "
        "short_term_objective, medium_term_objective FROM commitment",
    )
    assert rows == [("c1", "Uno", "", "", "", "", "", "")]


async def test_roadmaps_commitments_carry_over_continuing_none(databases):
    url = await databases.new("roadmaps")
    await _upgrade_to("roadmaps", url, "plan_docs_rm_01")
    await _insert(
        url,
        "commitment",
        {"id": "c1", "plan_code": "MX-4PA", "number": 1, "slug": "a", "title": "Uno"},
    )

    await migrate("roadmaps", url)

    rows = await _rows(url, "SELECT id, title, continues_commitment_id FROM commitment")
    assert rows == [("c1", "Uno", None)]
