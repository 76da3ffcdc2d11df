"""`imon collect`: a per-person export at the office -> an aggregated delivery file plus manifest.

Runs offline, without Django or a database. Only counts per cell leave the function; the identifying
columns of the export are never written.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from integrationsmonitor import __version__
from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.formats.csv_sicher import schreiber
from integrationsmonitor.formats.errors import FormatFehler
from integrationsmonitor.formats.text import PROBE, erkenne_kodierung

from .aggregation import Uebersetzer, Zaehler
from .profil import Profil, tabellen_von
from .schnell import zaehle_schnell
from .tabellen import REGEL, Geschuetzt, schuetze_tabellen

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

MAX_PROBLEME = 200
BLOCK = 20_000  # rows counted at once (and between progress reports)
LESEBLOCK = 1 << 20  # bytes read from the file at once
_NAMEN = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "cp1252": "Windows-1252"}


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
    zellen_geheim: int
    schwelle: int
    regel: str
    werkzeug: str
    erstellt_am: str
    lieferdatei: str
    lieferdatei_sha256: str


class _Hashend(io.RawIOBase):
    """A file read through SHA-256: the hash of the input comes with the one pass that reads it.

    `hash` is set to None once the hash is known otherwise; then it only counts the bytes read."""

    def __init__(self, roh: BinaryIO) -> None:
        self.roh, self.gelesen = roh, 0
        self.hash: hashlib._Hash | None = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, puffer: WriteableBuffer) -> int:
        sicht = memoryview(puffer).cast("B")
        n = self.roh.readinto(sicht)  # type: ignore[attr-defined]
        assert isinstance(n, int)
        if self.hash is not None:
            self.hash.update(sicht[:n])
        self.gelesen += n
        return n


def _sha256(pfad: Path) -> str:
    with pfad.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _zaehle(
    uebersetzer: Uebersetzer, profil: Profil, eingabe: Path, fortschritt: Callable[[float], None]
) -> tuple[Zaehler, str]:
    """Read the export: counts per cell, problems, SHA-256 of the file.

    First the fast path (schnell.py: DuckDB, the hash computed alongside); if it cannot count the file
    exactly, the streamed path reads it once more and names every problem."""
    datei = eingabe.name
    with eingabe.open("rb") as fh:
        probe = fh.read(PROBE + 1)
    try:
        kodierung = erkenne_kodierung(probe[:PROBE], len(probe) <= PROBE, datei)
    except FormatFehler as exc:
        raise SammelFehler([str(exc)]) from None
    groesse = max(eingabe.stat().st_size, 1)
    vorab = ""  # the input's SHA-256 once computed beside the fast path
    with eingabe.open("rb", buffering=0) as roh:
        hashend = _Hashend(roh)
        gepuffert = io.BufferedReader(hashend, LESEBLOCK)
        text = io.TextIOWrapper(gepuffert, encoding=kodierung, newline="")
        reader = csv.reader(text, delimiter=profil.trennzeichen)
        try:
            kopf = next(reader, [])
            fehlend = sorted(profil.spalten() - set(kopf))
            if fehlend:
                raise SammelFehler(
                    [f"{datei}, Zeile 1: Spalte(n) {', '.join(fehlend)} fehlen (Profil {profil.name})"]
                )
            zaehler = Zaehler(uebersetzer, kopf, MAX_PROBLEME)
            if reader.line_num == 1:
                with ThreadPoolExecutor(1) as pool:
                    sha256 = pool.submit(_sha256, eingabe)
                    schnell = zaehle_schnell(zaehler, eingabe, kodierung, profil.trennzeichen, fortschritt)
                    vorab = sha256.result()
                if schnell:
                    fortschritt(1.0)
                    return zaehler, vorab
                hashend.hash = None  # the streamed pass below need not hash the file a second time
            while True:
                start = reader.line_num
                rows = list(islice(reader, BLOCK))
                if not rows:
                    break
                zaehler.block(rows, start, reader.line_num)
                fortschritt(min(hashend.gelesen / groesse, 1.0))
        except csv.Error as exc:
            raise SammelFehler([f"{datei}, Zeile {reader.line_num}: kein gültiges CSV ({exc})"]) from None
        except UnicodeDecodeError:
            raise SammelFehler([
                f"{datei}, nach Zeile {reader.line_num}: ein Byte ist kein {_NAMEN.get(kodierung, kodierung)}"
                " (die Datei beginnt in dieser Zeichenkodierung; gemischte Kodierung?)"
            ]) from None  # fmt: skip
    fortschritt(1.0)
    if hashend.hash is not None:
        vorab = hashend.hash.hexdigest()
    return zaehler, vorab


def sammle(
    katalog: Katalog,
    profil: Profil,
    eingabe: Path,
    zeitraum: str,
    ausgabe: Path,
    fortschritt: Callable[[float], None] = lambda _: None,
    schwelle: int | None = None,
) -> Manifest:
    """Aggregate an export into the profile's protected tables: `<ausgabe>/<datensatz>_<zeitraum>.csv`
    and `.manifest.json`. `schwelle` overrides the profile's threshold of primary suppression.

    `fortschritt` gets the share of the file read so far (0..1). Nothing is written unless every row is
    valid."""
    datensatz = katalog.datensaetze[profil.datensatz]
    try:
        zeitraum = zr.normalisiere(zeitraum, datensatz.zeitraum)
    except ValueError as exc:
        raise SammelFehler([f"--period: {exc}"]) from None
    uebersetzer = Uebersetzer(katalog, profil, zr.stichtag(zeitraum))
    zaehler, sha256 = _zaehle(uebersetzer, profil, eingabe, fortschritt)
    if zaehler.anzahl_probleme:
        liste = [f"{eingabe.name}, {p}" for p in zaehler.probleme]
        if zaehler.anzahl_probleme > len(zaehler.probleme):
            liste.append(f"… und {zaehler.anzahl_probleme - len(zaehler.probleme)} weitere Probleme")
        raise SammelFehler(liste)
    if not zaehler.zellen:
        raise SammelFehler([f"{eingabe.name}: die Datei enthält keine Datensätze"])
    tabellen, profil_schwelle = tabellen_von(profil, katalog)
    schwelle = profil_schwelle if schwelle is None else schwelle
    geschuetzt = schuetze_tabellen(katalog, datensatz.id, zeitraum, zaehler.zellen, tabellen, schwelle)
    if not geschuetzt.ok:  # never write output the check did not pass
        raise SammelFehler(
            [f"{eingabe.name}: die Geheimhaltung ließ sich nicht nachweisen; nichts geschrieben"]
        )
    return _schreibe(
        profil, datensatz.merkmale, zeitraum, geschuetzt, sha256, eingabe, ausgabe, zaehler.anzahl, schwelle
    )


def _schreibe(
    profil: Profil,
    merkmale: dict[str, str],
    zeitraum: str,
    geschuetzt: Geschuetzt,
    sha256: str,
    eingabe: Path,
    ausgabe: Path,
    anzahl: int,
    schwelle: int,
) -> Manifest:
    ausgabe.mkdir(parents=True, exist_ok=True)
    datei = ausgabe / f"{profil.datensatz}_{zeitraum}.csv"
    with datei.open("w", encoding="utf-8", newline="") as fh:
        w = schreiber(fh, delimiter=";", lineterminator="\n")  # formula-safe cells
        w.writerow(["gebiet", "zeitraum", *merkmale, "wert", "kennzeichen"])
        for key, wert in sorted(geschuetzt.werte.items()):
            if any(":" in c for c in key[1:]):
                continue  # subtotals (continents) are the platform's, not a code of the delivery format
            w.writerow([key[0], zeitraum, *key[1:], *(("", "g") if wert is None else (wert, ""))])
    manifest = Manifest(
        datensatz=profil.datensatz,
        zeitraum=zeitraum,
        profil=profil.name,
        eingabe_datei=eingabe.name,
        eingabe_sha256=sha256,
        eingabe_datensaetze=anzahl,
        zellen=sum(1 for key in geschuetzt.werte if not any(":" in c for c in key[1:])),
        zellen_geheim=sum(
            1 for key, w in geschuetzt.werte.items() if w is None and not any(":" in c for c in key[1:])
        ),
        schwelle=schwelle,
        regel=REGEL,
        werkzeug=f"integrationsmonitor collect {__version__}",
        erstellt_am=datetime.now().astimezone().isoformat(timespec="seconds"),
        lieferdatei=datei.name,
        lieferdatei_sha256=_sha256(datei),
    )
    (ausgabe / f"{profil.datensatz}_{zeitraum}.manifest.json").write_text(
        json.dumps(asdict(manifest), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return manifest
