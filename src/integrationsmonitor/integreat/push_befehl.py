"""`imon integreat-push [--once]`: the command's logic (the CLI only parses and calls `ausfuehren`).

`--once` queues every configured language now, sends what is due and prints a German line per language.
Without it the command runs until SIGTERM or Ctrl+C: it sends due pushes every `--interval` seconds and
queues each page once a day (its "Stand" changes). Exit codes: 0 sent or nothing to do, 1 a language was
denied or failed (in `--once`), 3 configuration error. Tokens are never printed.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType
from typing import TextIO

from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from . import push, warteschlange
from .models import Pushauftrag


def zeile(e: warteschlange.Ergebnis) -> str:
    """`Integreat uk: gesendet` and the like, with the next attempt after an error."""
    text = e.meldung
    if e.naechster_versuch is not None:
        text += f"; nächster Versuch {timezone.localtime(e.naechster_versuch):%d.%m.%Y, %H:%M} Uhr"
    return f"Integreat {e.sprache}: {text}"


def zusammenfassung(ergebnisse: Sequence[warteschlange.Ergebnis], sprachen: Sequence[str]) -> list[str]:
    """One German line per configured language: what this run did, or the state it is in."""
    nach_sprache = {e.sprache: e for e in ergebnisse}
    zustand = {a.sprache: a for a in Pushauftrag.objects.filter(sprache__in=list(sprachen))}
    zeilen = []
    for sprache in sprachen:
        e = nach_sprache.get(sprache)
        if e is not None:
            zeilen.append(zeile(e))
            continue
        if (a := zustand.get(sprache)) is not None:
            text = f"{a.get_status_display()}"
            if a.status == Pushauftrag.Status.WARTEND:
                text += f", fällig {timezone.localtime(a.faellig_am):%d.%m.%Y, %H:%M} Uhr"
        else:
            text = "noch nichts eingereiht"
        zeilen.append(f"Integreat {sprache}: {text}")
    return zeilen


class _Halt:
    """Set by SIGTERM (systemd stop) or Ctrl+C; the loop ends after the push in progress."""

    def __init__(self) -> None:
        self.ereignis = threading.Event()

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        self.ereignis.set()


def ausfuehren(*, einmal: bool, intervall: int, aus: TextIO = sys.stdout, fehler: TextIO = sys.stderr) -> int:
    try:
        konfig = push.konfiguration()
    except push.KonfigurationsFehler as exc:
        fehler.write(f"Integreat-Push nicht konfiguriert: {exc}\n")
        return 3
    if einmal:
        warteschlange.sofort_einreihen(konfig.sprachen)
        ergebnisse = warteschlange.abarbeiten(konfig)
        for text in zusammenfassung(ergebnisse, konfig.sprachen):
            aus.write(text + "\n")
        return 1 if any(e.art in ("abgelehnt", "fehler") for e in ergebnisse) else 0
    halt = _Halt()
    vorher = signal.signal(signal.SIGTERM, halt)
    aus.write(
        f"Integreat-Push läuft für {', '.join(konfig.sprachen)} (Region {konfig.region}); "
        "beenden mit Strg+C oder SIGTERM\n"
    )
    aus.flush()
    warteschlange.neue_sprachen_einreihen(konfig.sprachen)  # a newly configured language gets its page
    try:
        while not halt.ereignis.is_set():
            close_old_connections()  # a database restarted meanwhile: reconnect instead of failing forever
            try:
                warteschlange.taeglich_einreihen(konfig.sprachen, timezone.localdate())
                ergebnisse = warteschlange.abarbeiten(konfig)
            except DatabaseError as exc:
                fehler.write(f"Integreat-Push: Datenbank nicht erreichbar ({exc}); nächster Versuch gleich\n")
                ergebnisse = []
            for e in ergebnisse:
                (fehler if e.art in ("abgelehnt", "fehler") else aus).write(zeile(e) + "\n")
            aus.flush()
            fehler.flush()
            halt.ereignis.wait(max(intervall, 1))
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, vorher)
    aus.write("Integreat-Push beendet\n")
    return 0
