"""CURP: format, real date, state code and check digit; only a keyed hash is stored."""

import pytest
from sqlalchemy import select

from consultation.config import ConsultationSettings
from consultation.votes.curp import check_digit, curp_problem
from consultation.votes.models import CurpRegistration


def with_digit(first17: str) -> str:
    return first17 + str(check_digit(first17))


@pytest.mark.parametrize(
    "curp",
    [
        "HEGG560427MVZRRL04",  # a published example
        with_digit("GODE561231HDFRRN0"),
        with_digit("MAXA000229XNEBBCA"),  # X in position 11; born abroad (NE); 2000 leap day
        with_digit("LOPM991231HCSRRR0"),
    ],
)
def test_valid_curps(curp):
    assert curp_problem(curp) is None


@pytest.mark.parametrize(
    ("curp", "problem"),
    [
        ("HEGG560427MVZRRL05", "check_digit"),
        (with_digit("GODE561332HDFRRN0"), "date"),  # month 13
        (with_digit("MAXX000229XNEBBC0"), "date"),  # 29 Feb 1900 did not exist
        (with_digit("GODE561231HXXRRN0"), "format"),  # no such state
        (with_digit("GODE561231ZDFRRN0"), "format"),  # sex must be H, M or X
        ("GODE561231HDFRRN0", "format"),  # 17 characters
        (with_digit("G0DE561231HDFRRN0"), "format"),
    ],
)
def test_invalid_curps(curp, problem):
    assert curp_problem(curp) == problem


async def test_one_account_per_curp_and_only_a_hash_stored(consultation, citizen):
    first = await consultation.post(
        "/me/curp", json={"curp": "HEGG560427MVZRRL04"}, headers=citizen("a")
    )
    repeat = await consultation.post(
        "/me/curp", json={"curp": "hegg560427mvzrrl04"}, headers=citizen("a")
    )
    other = await consultation.post(
        "/me/curp", json={"curp": "HEGG560427MVZRRL04"}, headers=citizen("b")
    )
    invalid = await consultation.post(
        "/me/curp", json={"curp": "HEGG560427MVZRRL05"}, headers=citizen("c")
    )

    assert first.status_code == 201 and repeat.status_code == 201
    assert other.status_code == 409 and other.json()["error"]["code"] == "curp_already_registered"
    assert invalid.status_code == 422 and invalid.json()["error"]["code"] == "invalid_curp"
    async with consultation.app.state.db.transaction(read_only=True) as session:
        hashes = [r.curp_hash for r in (await session.execute(select(CurpRegistration))).scalars()]
    assert len(hashes) == 1 and "HEGG" not in hashes[0].upper()


def test_placeholder_curp_secret_refused_outside_dev():
    with pytest.raises(ValueError, match="CONSULTATION_CURP_HASH_SECRET"):
        ConsultationSettings(
            environment="production", internal_secret="x" * 32, curp_hash_secret="changeme"
        )
