"""`imon collect`: runs at the office, offline, without Django or a database."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from integrationsmonitor.catalog.errors import KatalogFehler
from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.collect.profil import ProfilFehler, lade_profil
from integrationsmonitor.collect.sammeln import SammelFehler, sammle
from integrationsmonitor.publish import formatting as fmt

from .fortschritt import Fortschritt


def collect(args: argparse.Namespace) -> int:
    try:
        k = katalog(os.environ.get("IMON_CATALOG_DIR", ""))
        profil = lade_profil(args.profile, k)
    except (KatalogFehler, ProfilFehler) as exc:
        sys.stderr.write(f"Fehler: {exc}\n")
        return 2
    eingabe = Path(args.rohdatei)
    if not eingabe.is_file():
        sys.stderr.write(f"Fehler: Datei {eingabe} nicht gefunden\n")
        return 2
    fortschritt = Fortschritt(sys.stderr, f"{eingabe.name} lesen", gesamt=eingabe.stat().st_size, einheit="B")
    try:
        m = sammle(k, profil, eingabe, args.period, Path(args.output), fortschritt)
    except SammelFehler as exc:
        fortschritt.ende()
        sys.stderr.write(
            f"Zusammenfassung abgebrochen, nichts geschrieben. {len(exc.probleme)} Problem(e):\n"
        )
        sys.stderr.write("".join(f"- {p}\n" for p in exc.probleme))
        return 1
    fortschritt.ende()
    print(f"{fmt.zahl(m.eingabe_datensaetze)} Datensätze zu {fmt.zahl(m.zellen)} Zellen zusammengefasst.")
    print(f"Lieferdatei: {Path(args.output) / m.lieferdatei}")
    print(
        f"Weiter mit: imon deliver {Path(args.output) / m.lieferdatei} --dataset {m.datensatz} --period {m.zeitraum}"
    )
    return 0
