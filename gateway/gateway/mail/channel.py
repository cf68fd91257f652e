"""The ``mail:`` channel of the outbox: the gateway's mail relay delivers through it."""

import asyncio
from collections.abc import Mapping
from email.utils import parseaddr
from typing import Any

from gateway.mail.messages import MailMessage
from gateway.mail.transports import MailTransport, OutgoingMail
from kit.outbox import OutboxRelay


class MailChannel:
    def __init__(self, transport: MailTransport, *, sender: str, max_attempts: int) -> None:
        self.transport = transport
        self.sender = sender
        self.max_attempts: int | None = max_attempts
        domain = parseaddr(sender)[1].rpartition("@")[2] or "cocrea.local"
        self._domain = domain

    def message_id(self, row: Mapping[str, Any]) -> str:
        # The outbox row's id: the same on every attempt, so a receiving server (and the
        # tests) can tell a retry of one message from two messages.
        return f"<{row['id']}@{self._domain}>"

    async def deliver(self, row: Mapping[str, Any]) -> None:
        message = MailMessage.from_payload(row["payload"])
        await self.transport.send(OutgoingMail(self.message_id(row), self.sender, message))

    def delivered_payload(self, payload: dict[str, Any]) -> dict[str, Any]:
        # Neither the address nor codes and temporary passwords stay once the message left.
        return {key: payload.get(key) for key in ("subject", "kind")}


async def settle(relay: OutboxRelay, within_seconds: float = 5.0) -> None:
    """Deliver what is queued, waiting for rows another task has claimed (the background
    relay may be sending one right now): for the dev mailbox, which shows what was sent."""
    deadline = asyncio.get_running_loop().time() + within_seconds
    while True:
        await relay.drain()
        if await relay.backlog() == 0 or asyncio.get_running_loop().time() > deadline:
            return
        await asyncio.sleep(0.05)
