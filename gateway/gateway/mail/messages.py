"""The messages the gateway sends, and :func:`queue`, which puts one in the outbox.

A message is an outbox row on the ``mail:`` channel written in the caller's transaction:
it exists if and only if the change that caused it commits, and the mail relay
(:mod:`gateway.mail.channel`) delivers it afterwards with retries, never inside a request.
"""

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from kit.outbox import emit

MAIL_CHANNEL = "mail"
MAIL_DESTINATION = f"{MAIL_CHANNEL}:outgoing"


@dataclass(frozen=True)
class MailMessage:
    to: str
    subject: str
    body: str
    kind: str  # email_verification | staff_welcome | notification ...
    data: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> "MailMessage":
        return cls(
            to=str(payload["to"]),
            subject=str(payload.get("subject", "")),
            body=str(payload.get("body", "")),
            kind=str(payload.get("kind", "notification")),
            data=dict(payload.get("data") or {}),
        )


async def queue(session: AsyncSession, message: MailMessage) -> str:
    """Send ``message`` if and when the session's transaction commits; returns its id."""
    return await emit(
        session,
        f"mail.{message.kind}"[:120],
        asdict(message),
        extra_destinations=[MAIL_DESTINATION],
    )


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
