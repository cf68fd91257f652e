"""An account deletion reaches tracking: the author's name on their progress updates and
their name as a working-group member become «Cuenta eliminada» (both are ``str`` fields,
SQLModel ``AutoString`` columns, which the erasure used to skip)."""

import uuid

from sqlalchemy import select

from kit.erasure import LABEL
from kit.event_signing import producer_of
from tests.tracking.conftest import GOV, deliver, tracked_commitment
from tests.tracking.test_updates import submit
from tracking.activities.models import WorkingGroupMember
from tracking.updates.models import ProgressUpdate

TOPIC = "auth.account.deleted.v1"


async def test_the_author_of_a_progress_update_is_erased(tracking, token_for):
    await tracked_commitment(tracking)
    submitted = await submit(tracking, token_for)
    assert submitted.status_code == 201, submitted.text
    deleted = {"id": uuid.uuid4().hex, "topic": TOPIC, "source": producer_of(TOPIC)}

    answer = await deliver(tracking, deleted | {"payload": {"account_id": GOV}})

    assert answer.json() == {"status": "processed"}
    async with tracking.app.state.db.transaction(read_only=True) as session:
        authors = (await session.execute(select(ProgressUpdate.author_name))).scalars().all()
        member = select(WorkingGroupMember.name).where(WorkingGroupMember.account_id == GOV)
        names = (await session.execute(member)).scalars().all()
    assert authors == [LABEL]
    assert names and set(names) == {LABEL}
