"""`imon collect`: a per-person export at the office -> an aggregated delivery file plus manifest.

Runs offline, without Django or a database. Only counts per cell leave the function; the identifying
columns of the export are never written.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from integrationsmonitor import __version__
from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.formats.errors import FormatFehler
from integrationsmonitor.formats.text import dekodiere

from .aggregation import Uebersetzer, zaehle
from .profil import Profil
from .tabellen import Geschuetzt, schuetze_tabellen

MAX_PROBLEME = 200
FORTSCHRITT_ALLE = 100_000  # rows between progress reports


class SammelFehler(Exception):
    """The export cannot be aggregated; `probleme` lists every problem (row, column, reason)."""

    def __init__(self, probleme: list[str]) -> None:
        self.probleme = probleme
        super().__init__("\n".join(probleme))


@dataclass(frozen=True)
class Manifest:
    datensatz: str
    zeitraum: str
    profil: str
    eingabe_datei: str
    eingabe_sha256: str
    eingabe_datensaetze: int
    zellen: int
    geheim_primaer: int
    geheim_sekundaer: int
    werkzeug: str
    erstellt_am: str
    lieferdatei: str


def _zeilen(text: str, profil: Profil, datei: str) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(text.splitlines(), delimiter=profil.trennzeichen)
    fehlend = sorted(profil.spalten() - set(reader.fieldnames or ()))
    if fehlend:
        raise SammelFehler(
            [f"{datei}, Zeile 1: Spalte(n) {', '.join(fehlend)} fehlen (Profil {profil.name})"]
        )
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        raise SammelFehler([f"{datei}, Zeile {reader.line_num}: kein gültiges CSV ({exc})"]) from None


def sammle(
    katalog: Katalog,
    profil: Profil,
    eingabe: Path,
    zeitraum: str,
    ausgabe: Path,
    fortschritt: Callable[[int], None] = lambda _: None,
    schwelle: int | None = None,
) -> Manifest:
    """Aggregate an export into the profile's protected tables: `<ausgabe>/<datensatz>_<zeitraum>.csv`
    and `.manifest.json`. `schwelle` overrides the profile's threshold of primary suppression."""
    datensatz = katalog.datensaetze[profil.datensatz]
    try:
        zeitraum = zr.normalisiere(zeitraum, datensatz.zeitraum)
    except ValueError as exc:
        raise SammelFehler([f"--period: {exc}"]) from None
    daten = eingabe.read_bytes()
    try:
        text = dekodiere(daten, eingabe.name)
    except FormatFehler as exc:
        raise SammelFehler([str(exc)]) from None
    uebersetzer = Uebersetzer(katalog, profil, zr.stichtag(zeitraum))
    schluessel, probleme, anzahl = [], [], 0
    for nr, row in _zeilen(text, profil, eingabe.name):
        key, p = uebersetzer.schluessel(nr, row)
        probleme += p
        if key is not None:
            schluessel.append(key)
        anzahl += 1
        if anzahl % FORTSCHRITT_ALLE == 0:
            fortschritt(anzahl)
    if probleme:
        liste = [f"{eingabe.name}, {p}" for p in probleme[:MAX_PROBLEME]]
        if len(probleme) > MAX_PROBLEME:
            liste.append(f"… und {len(probleme) - MAX_PROBLEME} weitere Probleme")
        raise SammelFehler(liste)
    if not schluessel:
        raise SammelFehler([f"{eingabe.name}: die Datei enthält keine Datensätze"])
    geschuetzt = schuetze_tabellen(
        katalog, list(datensatz.merkmale), zaehle(schluessel), profil.tabellen,
        profil.schwelle if schwelle is None else schwelle,
    )  # fmt: skip
    return _schreibe(profil, datensatz.merkmale, zeitraum, geschuetzt, daten, eingabe, ausgabe, anzahl)


def _schreibe(
    profil: Profil,
    merkmale: dict[str, str],
    zeitraum: str,
    geschuetzt: Geschuetzt,
    daten: bytes,
    eingabe: Path,
    ausgabe: Path,
    anzahl: int,
) -> Manifest:
    ausgabe.mkdir(parents=True, exist_ok=True)
    datei = ausgabe / f"{profil.datensatz}_{zeitraum}.csv"
    with datei.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";", lineterminator="\n")
        w.writerow(["gebiet", "zeitraum", *merkmale, "wert", "kennzeichen"])
        for key, wert in sorted(geschuetzt.werte.items()):
            w.writerow([key[0], zeitraum, *key[1:], *(("", "g") if wert is None else (wert, ""))])
    manifest = Manifest(
        datensatz=profil.datensatz,
        zeitraum=zeitraum,
        profil=profil.name,
        eingabe_datei=eingabe.name,
        eingabe_sha256=hashlib.sha256(daten).hexdigest(),
        eingabe_datensaetze=anzahl,
        zellen=len(geschuetzt.werte),
        geheim_primaer=len(geschuetzt.primaer),
        geheim_sekundaer=len(geschuetzt.sekundaer),
        werkzeug=f"integrationsmonitor collect {__version__}",
        erstellt_am=datetime.now().astimezone().isoformat(timespec="seconds"),
        lieferdatei=datei.name,
    )
    (ausgabe / f"{profil.datensatz}_{zeitraum}.manifest.json").write_text(
        json.dumps(asdict(manifest), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return manifest
