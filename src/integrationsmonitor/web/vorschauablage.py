"""Where a checked upload waits for its confirmation: a file in the data directory, for a short time.

The first step of an upload checks the file and stores nothing in the delivery tables; the file itself is
kept here under a random token, bound to the user who sent it, until it is confirmed, discarded or expired
(`IMON_VORSCHAU_SEKUNDEN`, default one hour). Deliveries hold aggregates, no personal data. Expired files
are removed whenever a new one is put down. Several server processes share the directory.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


@dataclass(frozen=True)
class Abgelegt:
    """An upload waiting for its confirmation (the form's fields and the file's name and hash)."""

    token: str
    benutzer: str
    datensatz: str
    zeitraum: str
    profil: str
    datei_name: str
    pruefsumme: str  # SHA-256 of the file
    ersetzt_id: int | None  # the active delivery at the check (None: none)
    abgelegt_um: float  # time.time()

    def abgelaufen(self) -> bool:
        return time.time() - self.abgelegt_um > settings.IMON_VORSCHAU_SEKUNDEN


def _ordner() -> Path:
    ordner = Path(settings.IMON_VORSCHAU_DIR)
    ordner.mkdir(parents=True, exist_ok=True, mode=0o700)
    return ordner


def _pfade(token: str) -> tuple[Path, Path]:
    ordner = _ordner()
    return ordner / f"{token}.json", ordner / f"{token}.bin"


def aufraeumen() -> int:
    """Remove every expired upload; how many."""
    weg = 0
    for pfad in _ordner().glob("*.json"):
        try:
            abgelegt_um = float(json.loads(pfad.read_text(encoding="utf-8"))["abgelegt_um"])
        except (OSError, ValueError, KeyError, TypeError):
            abgelegt_um = 0.0
        if time.time() - abgelegt_um > settings.IMON_VORSCHAU_SEKUNDEN:
            verwerfen(pfad.stem)
            weg += 1
    return weg


def ablegen(
    *,
    benutzer: str,
    daten: bytes,
    datei_name: str,
    datensatz: str,
    zeitraum: str,
    profil: str,
    ersetzt_id: int | None,
) -> Abgelegt:
    """Keep a checked file until its confirmation; the token names it."""
    aufraeumen()
    token = secrets.token_urlsafe(32)
    a = Abgelegt(
        token,
        benutzer,
        datensatz,
        zeitraum,
        profil,
        datei_name,
        hashlib.sha256(daten).hexdigest(),
        ersetzt_id,
        time.time(),
    )
    meta, datei = _pfade(token)
    datei.write_bytes(daten)
    meta.write_text(json.dumps(asdict(a)), encoding="utf-8")
    return a


def neu_geprueft(a: Abgelegt, ersetzt_id: int | None) -> Abgelegt:
    """The same upload, checked again against another active delivery."""
    neu = Abgelegt(**{**asdict(a), "ersetzt_id": ersetzt_id})
    _pfade(a.token)[0].write_text(json.dumps(asdict(neu)), encoding="utf-8")
    return neu


def holen(token: str, benutzer: str) -> Abgelegt | None:
    """The upload under `token` if it exists and belongs to `benutzer` (expired ones are returned too:
    the caller says so and discards them)."""
    if not _TOKEN.match(token):
        return None
    meta, _datei = _pfade(token)
    try:
        a = Abgelegt(**json.loads(meta.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    return a if secrets.compare_digest(a.benutzer, benutzer) else None


def inhalt(a: Abgelegt) -> bytes | None:
    """The file's bytes if they still have the hash they were checked with."""
    try:
        daten = _pfade(a.token)[1].read_bytes()
    except OSError:
        return None
    return daten if hashlib.sha256(daten).hexdigest() == a.pruefsumme else None


def verwerfen(token: str) -> None:
    for pfad in _pfade(token):
        pfad.unlink(missing_ok=True)
