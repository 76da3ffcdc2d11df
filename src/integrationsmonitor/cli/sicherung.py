"""`imon backup FILE` and `imon restore FILE [--replace]`: thin wrappers around store.sicherung.

Exit codes as everywhere: 0 success; 1 the archive was rejected (no archive, damaged, other schema, data the
database refuses) and nothing was changed; 2 usage error (file not found, target not empty without
--replace, file cannot be written); 3 database not reachable (also from `django_starten`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from django.db import DatabaseError

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.publish import formatting as fmt

from .fortschritt import Fortschritt


def _zeitpunkt(iso: str) -> str:
    try:
        return fmt.datum_zeit(dt.datetime.fromisoformat(iso))
    except ValueError:
        return iso


def _anzahl(n: int, eins: str, mehrere: str) -> str:
    return f"{fmt.zahl(n)} {eins if n == 1 else mehrere}"


def _groesse(n: int) -> str:
    return f"{fmt.zahl(n / 1024 / 1024, 1)} MB" if n >= 1024 * 1024 else f"{fmt.zahl(n / 1024, 1)} KB"


def backup(k: Katalog, args: argparse.Namespace) -> int:
    from integrationsmonitor.store.sicherung import SicherungsFehler, sichere

    try:
        with Fortschritt(sys.stderr, "Sichern", gesamt=None, einheit="Zeilen", skalieren=True) as balken:
            e = sichere(Path(args.datei), fortschritt=balken.stand)
    except SicherungsFehler as exc:
        sys.stderr.write(f"Fehler: Sicherung nicht geschrieben: {exc}\n")
        return 2
    except DatabaseError as exc:
        sys.stderr.write(f"Fehler: Sicherung nicht geschrieben, die Datenbank antwortet nicht ({exc})\n")
        return 3
    print(
        f"Sicherung geschrieben: {e.datei} ({_groesse(e.bytes)}): {_anzahl(e.zeilen, 'Zeile', 'Zeilen')} aus "
        f"{_anzahl(e.tabellen, 'Tabelle', 'Tabellen')}, {_anzahl(e.dateien, 'Datei', 'Dateien')} "
        "(FactSheet-PDFs, Anhänge); "
        f"Datenbank {e.datenbank}, Integrationsmonitor {e.werkzeugversion}."
    )
    return 0


def restore(k: Katalog, args: argparse.Namespace) -> int:
    from integrationsmonitor.store.sicherung import SicherungsFehler, ZielNichtLeer, stelle_wieder_her

    pfad = Path(args.datei)
    try:
        with Fortschritt(
            sys.stderr, "Wiederherstellen", gesamt=None, einheit="Zeilen", skalieren=True
        ) as balken:
            e = stelle_wieder_her(pfad, ersetzen=args.replace, fortschritt=balken.stand)
    except FileNotFoundError:
        sys.stderr.write(f"Fehler: Sicherungsdatei {pfad} nicht gefunden\n")
        return 2
    except ZielNichtLeer as exc:
        sys.stderr.write(f"Fehler: {exc}\n")
        return 2
    except SicherungsFehler as exc:
        sys.stderr.write(f"Fehler: Wiederherstellung abgebrochen, die Datenbank ist unverändert: {exc}\n")
        return 1
    except DatabaseError as exc:
        sys.stderr.write(f"Fehler: Wiederherstellung abgebrochen, die Datenbank antwortet nicht ({exc})\n")
        return 3
    print(
        f"Wiederhergestellt aus {e.datei}: {_anzahl(e.zeilen, 'Zeile', 'Zeilen')} in "
        f"{_anzahl(e.tabellen, 'Tabelle', 'Tabellen')}, {_anzahl(e.dateien, 'Datei', 'Dateien')} "
        f"(Sicherung vom {_zeitpunkt(e.erstellt_am)}, Datenbank {e.datenbank}, "
        f"Integrationsmonitor {e.werkzeugversion})."
    )
    return 0
