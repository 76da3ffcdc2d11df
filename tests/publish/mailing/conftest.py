"""A real SMTP server for the mailing-list tests: aiosmtpd on a free port of 127.0.0.1, collecting what it gets.

The tests stop and restart it (on the same port) to play a mail-server outage.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import re
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

SITE = "https://integration.example.org"
ABSENDER = "factsheet@lds.example.org"


@dataclass
class Empfangen:
    von: str
    an: list[str]
    nachricht: EmailMessage
    roh: bytes

    def text(self) -> str:
        teil = self.nachricht.get_body(preferencelist=("plain",))
        assert teil is not None
        return str(teil.get_content())

    def html(self) -> str:
        teil = self.nachricht.get_body(preferencelist=("html",))
        assert teil is not None
        return str(teil.get_content())

    def link(self, art: str) -> str:
        """The first link of this kind (bestaetigen, abmelden) in the text part, without the site."""
        treffer = re.search(rf"{re.escape(SITE)}(/newsletter/{art}/[^/\s]+/)", self.text())
        assert treffer, self.text()
        return treffer.group(1)


class _Sammler:
    """aiosmtpd handler: accepts every mail, except recipients told to be refused with a given reply."""

    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        antwort = self.server.ablehnen.get(address)
        if antwort:
            return antwort
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.server.verzoegerung:
            await asyncio.sleep(self.server.verzoegerung)  # a slow server: parallel workers overlap
        roh = bytes(envelope.original_content or envelope.content)
        nachricht = email.message_from_bytes(roh, policy=email.policy.default)
        assert isinstance(nachricht, EmailMessage)
        self.server.empfangen.append(Empfangen(envelope.mail_from, list(envelope.rcpt_tos), nachricht, roh))
        return "250 Message accepted for delivery"


def freier_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class SmtpServer:
    port: int
    empfangen: list[Empfangen] = field(default_factory=list)
    ablehnen: dict[str, str] = field(default_factory=dict)  # recipient -> SMTP reply, e.g. "550 unknown"
    verzoegerung: float = 0.0  # seconds before each DATA reply
    _controller: Controller | None = None

    def starten(self) -> None:
        assert self._controller is None
        self._controller = Controller(_Sammler(self), hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stoppen(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def an(self, adresse: str) -> list[Empfangen]:
        return [m for m in self.empfangen if adresse in m.an]


@pytest.fixture
def smtp(settings: Any) -> Any:
    server = SmtpServer(port=freier_port())
    server.starten()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"  # pytest-django set locmem
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.IMON_SITE_URL = SITE
    settings.IMON_MAIL_FROM = ABSENDER
    yield server
    server.stoppen()


@pytest.fixture(name="katalog")
def katalog_fixture() -> Any:
    from integrationsmonitor.catalog.loader import katalog

    return katalog()
