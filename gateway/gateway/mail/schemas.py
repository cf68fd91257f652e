from datetime import datetime

from pydantic import BaseModel, ConfigDict


class MailFailureRead(BaseModel):
    """A message the relay gave up on; its body stays private (it may carry a code)."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": "6f1c2b0e9d8a4c7b8e5f3a2d1c0b9a8e",
                "to": "lucia@example.com",
                "subject": "Confirma tu correo en Cocrea",
                "kind": "email_verification",
                "attempts": 1,
                "last_error": "recipient refused: (550, '5.1.1 Mailbox unavailable', ...)",
                "queued_at": "2026-12-03T14:05:00+00:00",
                "failed_at": "2026-12-03T14:05:02+00:00",
            }
        }
    )

    id: str
    to: str
    subject: str
    kind: str
    attempts: int
    last_error: str | None
    queued_at: datetime
    failed_at: datetime | None


class MailFailureList(BaseModel):
    items: list[MailFailureRead]
    next_cursor: str | None = None
