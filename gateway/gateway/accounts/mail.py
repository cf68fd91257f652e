"""Outgoing mail, sent only after the transaction that caused it commits.

Service code calls :func:`queue` with the session; the :class:`FileMailer` registered as an
after-commit hook of the database writes each message as one JSON file into
``settings.mail_dir``. In dev and test that folder is the mailbox the dev endpoint reads;
in production it is the spool an MTA relay (a sidecar) picks up. Files are written
atomically (temporary name, then rename) and readable only by the owner, because they
carry codes and temporary passwords.
"""

import json
import logging
import os
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from kit.db import Database

log = logging.getLogger("gateway.mail")
_QUEUE_KEY = "gateway_mail"


@dataclass(frozen=True)
class MailMessage:
    to: str
    subject: str
    body: str
    kind: str  # email_verification | staff_welcome | ...
    data: dict[str, Any] = field(default_factory=dict)


def queue(session: AsyncSession, message: MailMessage) -> None:
    """Send ``message`` if and when the session's transaction commits."""
    session.info.setdefault(_QUEUE_KEY, []).append(message)


class FileMailer:
    def __init__(self, mail_dir: str | Path) -> None:
        self.mail_dir = Path(mail_dir)

    def attach(self, db: Database) -> None:
        """Deliver the messages of every committed transaction of ``db``."""
        if self.after_commit not in db.after_commit_hooks:
            db.after_commit_hooks.append(self.after_commit)

    def after_commit(self, session: AsyncSession) -> None:
        for message in session.info.pop(_QUEUE_KEY, []):
            try:
                self.send(message)
            except OSError:
                # The change is committed; a lost mail is logged, never turned into a 500.
                log.exception("mail not written", extra={"to": message.to, "kind": message.kind})

    def send(self, message: MailMessage) -> Path:
        self.mail_dir.mkdir(parents=True, exist_ok=True)
        sent_at = datetime.now(UTC)
        name = f"{sent_at:%Y%m%dT%H%M%S%fZ}-{uuid.uuid4().hex[:8]}.json"
        record = {
            **asdict(message),
            "id": name.removesuffix(".json"),
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


def verification_message(to: str, name: str, code: str, minutes: int) -> MailMessage:
    body = (
        f"Hola, {name}:\n\nTu código para confirmar tu correo en Cocrea es {code}.\n"
        f"Vence en {minutes} minutos. Si no creaste una cuenta, ignora este mensaje.\n"
    )
    return MailMessage(
        to=to,
        subject="Confirma tu correo en Cocrea",
        body=body,
        kind="email_verification",
        data={"code": code},
    )


def staff_welcome_message(to: str, name: str, role: str, password: str) -> MailMessage:
    body = (
        f"Hola, {name}:\n\nSe creó tu cuenta de Cocrea con el rol «{role}».\n"
        f"Tu contraseña temporal es: {password}\n"
        "Cámbiala después de iniciar sesión. Si tu rol lo requiere, se te pedirá "
        "configurar la verificación en dos pasos.\n"
    )
    return MailMessage(
        to=to,
        subject="Tu cuenta de Cocrea",
        body=body,
        kind="staff_welcome",
        data={"temporary_password": password},
    )
