"""A real SMTP server for the tests: aiosmtpd's threaded Controller on a free loopback
port, keeping every message it accepted, and able to refuse on request (a temporary 421
for the next N deliveries, a permanent 550 for chosen recipients) or to be stopped and
started again on the same port (the fault tests)."""

import email
import email.policy
import socket
import threading
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Recorder:
    """The aiosmtpd handler: refuses or records, thread-safe (the server has its thread)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: list[EmailMessage] = []
        self.refuse_next = 0  # deliveries still to refuse with a temporary 421
        self.refused_temporarily = 0
        self.unknown: set[str] = set()  # recipients refused for good (550)

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list
    ) -> str:
        with self.lock:
            if address.lower() in self.unknown:
                return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
            if self.refuse_next > 0:
                self.refuse_next -= 1
                self.refused_temporarily += 1
                return "421 4.3.2 Service not available, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.received.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.recorder = Recorder()
        self._controller: Controller | None = None

    def start(self) -> "SmtpServer":
        self._controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def received(self) -> list[EmailMessage]:
        with self.recorder.lock:
            return list(self.recorder.received)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.received if m["To"].lower() == address.lower()]

    def settings(self) -> dict[str, object]:
        """Gateway settings that deliver here (no TLS on the loopback test server)."""
        return {"smtp_host": "127.0.0.1", "smtp_port": self.port, "smtp_starttls": False}
