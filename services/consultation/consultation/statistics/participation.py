"""Recording a person's participation in a process: once, with what they declared then."""

from datetime import UTC, datetime

from sqlalchemy import bindparam, text
from sqlmodel.ext.asyncio.session import AsyncSession

from consultation.statistics.models import Participation

COLUMNS = "process_id, person_key, channel, state_code, gender, age_band, sector, recorded_at"
# The declared bands of the account taking part, if it gave any (``d`` may be absent).
DECLARED = "LEFT JOIN demographics d ON d.account_id = :account_id"
RECORD = text(
    f"INSERT INTO participation ({COLUMNS}) "  # noqa: S608 (constant SQL)
    "SELECT :process_id, :person_key, :channel, d.state_code, d.gender, d.age_band, d.sector, "
    f":now FROM (SELECT 1 AS one) AS anyone {DECLARED} WHERE true "
    "ON CONFLICT DO NOTHING"
).bindparams(bindparam("now", type_=Participation.__table__.c.recorded_at.type))


async def record(
    session: AsyncSession,
    process_id: str,
    person_key: str,
    account_id: str | None,
    channel: str = "online",
) -> None:
    """The person's first contribution to the process records them; later ones do not."""
    params = {"process_id": process_id, "person_key": person_key, "channel": channel}
    params |= {"account_id": account_id, "now": datetime.now(UTC)}
    await session.execute(RECORD, params)


def paper_person(topic_id: str) -> str:
    """A paper questionnaire is one person, known only by the questionnaire."""
    return f"paper:{topic_id}"
