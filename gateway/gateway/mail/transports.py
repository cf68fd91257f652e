"""Where the mail relay hands messages over: the dev mailbox or an SMTP server.

:class:`DevMailbox` is the embedded default (``dev.py up`` and the tests): one JSON file per
message in ``GATEWAY_MAIL_DIR``, read back by ``GET /api/v1/auth/dev/mailbox``; files are
written atomically and readable only by the owner, because they carry codes and temporary
passwords. :class:`SmtpTransport` is production: aiosmtplib with implicit TLS or STARTTLS
and authentication from the settings. A refusal that no retry can change (a 5xx for the
recipient or the content) raises :class:`~kit.outbox.PermanentFailure`; everything else
(server down, 4xx, timeouts) is retried by the relay.
"""

import json
import os
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Any, Protocol

import aiosmtplib

from gateway.config import GatewaySettings
from gateway.mail.messages import MailMessage
from kit.outbox import PermanentFailure


@dataclass(frozen=True)
class OutgoingMail:
    """A message as it leaves: with its stable Message-ID (the same on every attempt)."""

    message_id: str
    sender: str
    message: MailMessage

    def as_email(self) -> EmailMessage:
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = self.message.to
        email["Subject"] = self.message.subject
        email["Date"] = format_datetime(datetime.now(UTC))
        email["Message-ID"] = self.message_id
        email["Auto-Submitted"] = "auto-generated"
        email.set_content(self.message.body)
        return email


class MailTransport(Protocol):
    async def send(self, mail: OutgoingMail) -> None: ...


class DevMailbox:
    def __init__(self, mail_dir: str | Path) -> None:
        self.mail_dir = Path(mail_dir)

    async def send(self, mail: OutgoingMail) -> None:
        self.write(mail)

    def write(self, mail: OutgoingMail) -> Path:
        self.mail_dir.mkdir(parents=True, exist_ok=True)
        sent_at = datetime.now(UTC)
        name = f"{sent_at:%Y%m%dT%H%M%S%fZ}-{uuid.uuid4().hex[:8]}.json"
        record = {
            **asdict(mail.message),
            "id": name.removesuffix(".json"),
            "message_id": mail.message_id,
            "sent_at": sent_at.isoformat(),
        }
        temporary = self.mail_dir / f".{name}.tmp"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(record, handle, ensure_ascii=False, indent=2)
        final = self.mail_dir / name
        temporary.replace(final)
        return final

    def messages_for(self, email: str) -> list[dict[str, Any]]:
        """Messages sent to ``email``, oldest first (the dev mailbox)."""
        if not self.mail_dir.is_dir():
            return []
        wanted = email.strip().lower()
        found = []
        for path in sorted(self.mail_dir.glob("*.json")):
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if str(record.get("to", "")).lower() == wanted:
                found.append(record)
        return found


def _permanent(exc: aiosmtplib.SMTPResponseException) -> bool:
    return 500 <= exc.code < 600


class SmtpTransport:
    def __init__(self, settings: GatewaySettings) -> None:
        self.settings = settings

    async def send(self, mail: OutgoingMail) -> None:
        s = self.settings
        password = s.smtp_password.get_secret_value() if s.smtp_password else None
        try:
            await aiosmtplib.send(
                mail.as_email(),
                sender=parseaddr(mail.sender)[1],
                recipients=[mail.message.to],
                hostname=s.smtp_host,
                port=s.smtp_port,
                username=s.smtp_username or None,
                password=password,
                use_tls=s.smtp_tls,
                start_tls=s.smtp_starttls and not s.smtp_tls,
                timeout=s.smtp_timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            if exc.recipients and all(_permanent(r) for r in exc.recipients):
                raise PermanentFailure(f"recipient refused: {exc.recipients[0]}") from exc
            raise
        except (aiosmtplib.SMTPRecipientRefused, aiosmtplib.SMTPDataError) as exc:
            if _permanent(exc):
                raise PermanentFailure(f"refused: {exc.code} {exc.message}") from exc
            raise


def build_transport(settings: GatewaySettings) -> MailTransport:
    """SMTP when a host is configured; the dev mailbox otherwise (never in production)."""
    if settings.smtp_host:
        return SmtpTransport(settings)
    if settings.environment == "production":
        raise RuntimeError("GATEWAY_SMTP_HOST is required in production (mail must leave)")
    return DevMailbox(settings.mail_dir)
