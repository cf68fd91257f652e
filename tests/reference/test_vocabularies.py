"""The shared vocabularies agree with the plan data shipped in ``data/``."""

import json
import re
from pathlib import Path

from reference.areas import AREAS
from reference.ogp import IRM_VALUES, SELF_ASSESSMENT
from reference.sectors import SECTORS
from reference.states import STATE_CODE_PATTERN, STATE_CODES, STATES

DATA = json.loads(
    (Path(__file__).parents[2] / "data" / "pa4-mexico-2019-2022.json").read_text("utf-8")
)


def test_the_ten_areas_are_the_plan_datas():
    assert AREAS == {a["key"]: a["name_es"] for a in DATA["open_gov_challenge_areas"]}
    assert len(AREAS) == 10


def test_the_32_states_by_inegi_code():
    assert len(STATES) == 32 and STATE_CODES == set(STATES)
    assert STATES["09"] == "Ciudad de México" and STATES["32"] == "Zacatecas"
    assert all(re.fullmatch(STATE_CODE_PATTERN, code) for code in STATES)
    assert not any(re.fullmatch(STATE_CODE_PATTERN, code) for code in ("00", "33", "9"))


def test_every_assessment_of_the_4th_plan_has_a_word():
    commitments = DATA["commitments"]
    assert {c["self_assessment"] for c in commitments if c["self_assessment"]} <= set(
        SELF_ASSESSMENT
    )
    scales = {
        v for c in commitments for k, v in (c.get("irm") or {}).items()
        if k in ("completion", "did_it_open_government", "potential_impact") and v
    }  # fmt: skip
    assert scales and scales <= set(IRM_VALUES)


def test_the_committee_sectors_are_sectors():
    assert {m["sector"] for m in DATA["coordinating_committee"]} <= set(SECTORS)
