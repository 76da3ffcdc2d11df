"""Import official GENESIS tables as deliveries of the statistical office (through store.ingest).

Both layouts are read: the flat file (ffcsv, long) and the classic table CSV (wide, header and footer);
the layout is detected from the first line. Which dataset a table feeds and how its variables and codes
map is configuration, not code: a GENESIS table profile (collect/genesisprofil.py, profile/genesis/*.yaml,
docs/profile.md "GENESIS-Tabellenprofile"), chosen by the table number of the file or by `--profile`. The
decisions for the single statistics (hierarchical Schutzstatus and rounded cells in 12531, continents and
the supplier in 12511) are written next to their profiles. Only the county's own cells (the Kreis and its
Gemeinden) are taken; regions of other counties, dissolved regions and the footer never reach a delivery.

Decisions that hold for every table (INDICATORS.md §2.3):
- Symbols: `-` is a true 0 — but a period in which *every* cell of the county is `-` is not covered
  (published at Land level first, or the region did not exist) and is skipped, not read as zeros.
  `.`, `...`, `x`, `/` become missing values (Kennzeichen g), never 0. `value_q` p/r/s are kept as
  Kennzeichen, `e` (endgültig) needs none, `()` (Aussagewert eingeschränkt) has no Kennzeichen in a
  delivery and is counted in the report.
- Sub-categories of a hierarchical variable and variables whose breakdown the dataset lacks are skipped
  and reported, never summed; a variable the profile does not name rejects the file.
- Rounded tables: only the finest cells are imported; totals are derived by the cube as sums.
- All periods of a file are imported together, or none. A delivery is stored under the dataset's
  supplier; when that is not the statistical office, the report says so.
- Only datasets with `veroeffentlichung: {amtlich: true}` are written (the profile loader, `--dataset` and,
  once more, right before delivering): official figures keep the office's protection; a dataset the
  platform protects, or an office's own delivery, is never fed or replaced from GENESIS.
- The delivery's hash covers the file and the cells converted from it: re-importing a file with a
  corrected profile delivers the corrected cells instead of reporting "unverändert".
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from integrationsmonitor.catalog.model import TOTAL, Katalog
from integrationsmonitor.collect.genesisauswahl import (
    lade_genesisprofil,
    tabelle_im_dateinamen,
    waehle_genesisprofil,
)
from integrationsmonitor.collect.genesisprofil import GenesisProfil, GenesisProfilFehler, nicht_amtlich
from integrationsmonitor.formats.errors import FormatFehler
from integrationsmonitor.formats.genesis_classic import (
    KENNUNG,
    KlassischeZelle,
    ist_genesis_klassisch,
    lies_genesis_klassisch,
)
from integrationsmonitor.formats.genesis_flat import lies_genesis_flat
from integrationsmonitor.formats.text import dekodiere

from .ingest import Lieferergebnis, liefere

AMTLICHE_STATISTIK = "statistik"  # supplier id of the statistical office in the catalogue


@dataclass(frozen=True, slots=True)
class _Zelle:
    """One cell of either layout, in flat-file vocabulary."""

    zeile: int
    zeit: str  # as written: 2024-12-31, 2024, 31.12.2015
    gebiet: str
    merkmale: dict[str, str]  # GENESIS variable -> attribute code ("" = Insgesamt)
    wert: float | None
    symbol: str
    qualitaet: str
    wert_variable: str


class _Abgelehnt(Exception):
    pass


def importiere_genesis(
    katalog: Katalog,
    pfad: Path,
    *,
    benutzer: str,
    datensatz: str | None = None,
    profil: str | None = None,
    ist_demo: bool = False,
    hinweis: Callable[[str], None] | None = None,
    fortschritt: Callable[[int, int], None] | None = None,
) -> Lieferergebnis:
    """Convert the cells of the county (and its Gemeinden) into a delivery and deliver it per period.

    `profil` names the GENESIS profile (name or YAML file); without it the profile is chosen by the table
    number of the file. `hinweis` receives the import report (what was skipped and why) before the delivery
    is validated; `fortschritt` the periods delivered so far and the periods in all (checking and
    protecting a period takes the time)."""
    daten = pfad.read_bytes()
    hinweise: list[str] = []  # a note on the profile explains a rejection, too
    try:
        gewaehlt, zellen, klassisch = _lies(katalog, daten, pfad.name, profil, hinweise)
        ziel = datensatz or gewaehlt.datensatz
        einheit = "Zelle(n)" if klassisch else "Zeile(n)"  # a classic row holds several cells
        zeilen, herkunft, bericht = _umwandeln(katalog, zellen, gewaehlt, ziel, pfad.name, einheit)
    except (FormatFehler, GenesisProfilFehler, _Abgelehnt) as exc:
        return Lieferergebnis(False, [str(exc), *hinweise])
    if (grund := nicht_amtlich(katalog, ziel)) is not None:  # --dataset; and the last line before delivering
        ziel_text = f"--dataset {ziel}" if datensatz else f"datensatz {ziel}"
        return Lieferergebnis(
            False, [f"{pfad.name}: Profil {gewaehlt.name}, {ziel_text}: {grund}", *hinweise]
        )
    hinweise += bericht + _lieferant_hinweis(katalog, ziel, pfad.name)
    if hinweis is not None:
        for h in hinweise:
            hinweis(h)
    kopf = ";".join(["gebiet", "zeitraum", *katalog.datensaetze[ziel].merkmale, "wert", "kennzeichen"])
    ergebnisse = []
    with transaction.atomic():  # all periods of the file, or none
        for nr, (zeitraum, rows) in enumerate(sorted(zeilen.items())):
            if fortschritt is not None:
                fortschritt(nr, len(zeilen))
            geliefert = "\n".join([kopf, *rows]).encode()
            ergebnis = liefere(
                katalog=katalog,
                daten=geliefert,
                datei_name=pfad.name,
                datensatz=ziel,
                zeitraum=zeitraum,
                benutzer=benutzer,
                ist_demo=ist_demo,
                quell_hash=_quell_hash(daten, geliefert),
                amtlich=True,
            )
            if not ergebnis.angenommen:
                transaction.set_rollback(True)
                quelle = herkunft[zeitraum]
                ergebnis.probleme = [_zeile_der_quelle(p, quelle) for p in ergebnis.probleme]
                return ergebnis
            ergebnisse.append(ergebnis)
    if fortschritt is not None:
        fortschritt(len(zeilen), len(zeilen))
    ergebnisse[-1].weitere = ergebnisse[:-1]
    return ergebnisse[-1]


def _quell_hash(datei: bytes, geliefert: bytes) -> str:
    """The delivery's hash: the GENESIS file and what the profile made of it. The same file read with a
    corrected profile (or catalogue) gives other cells, so it must not count as the unchanged delivery."""
    return hashlib.sha256(b"genesis\0" + hashlib.sha256(datei).digest() + geliefert).hexdigest()


def _lieferant_hinweis(katalog: Katalog, datensatz: str, datei: str) -> list[str]:
    """The delivery is stored under the dataset's supplier; say so when that is not the statistical office."""
    lieferant = katalog.datensaetze[datensatz].lieferant
    if lieferant == AMTLICHE_STATISTIK or lieferant not in katalog.lieferanten:
        return []
    name = katalog.lieferanten[lieferant].name
    return [
        f"Lieferant des Datensatzes {datensatz} ist laut Katalog ‚{name}‘; die amtlichen Zahlen aus {datei} "
        "werden unter diesem Lieferanten gespeichert und ersetzen dessen aktive Lieferung desselben Zeitraums "
        "(sie bleibt in der Historie)"
    ]


def _kennung(text: str, datei: str) -> tuple[str, str, bool]:
    """(full table code or "", statistic, classic?) of a GENESIS file, read from its first lines and name."""
    zeilen = text.lstrip("\ufeff").splitlines()
    if ist_genesis_klassisch(text):
        erste = next(z for z in zeilen if z.strip())
        code = erste.strip()[len(KENNUNG) :].strip(" ;")
        return code, code.split("-", 1)[0], True
    try:
        kopf, erste_zeile = (next(csv.reader([z], delimiter=";"), []) for z in [*zeilen[:2], "", ""][:2])
    except csv.Error:
        return tabelle_im_dateinamen(datei), "", False  # the reader names the broken line
    spalte = kopf.index("statistics_code") if "statistics_code" in kopf else len(erste_zeile)
    statistik = erste_zeile[spalte].strip() if spalte < len(erste_zeile) else ""
    return tabelle_im_dateinamen(datei), statistik, False


def _profil(
    katalog: Katalog, name: str | None, tabelle: str, statistik: str, datei: str, hinweise: list[str]
) -> GenesisProfil:
    """The profile named by `--profile`, else the one of the table; a note if a named profile does not
    claim the table."""
    if name is None:
        return waehle_genesisprofil(katalog, tabelle, statistik, datei)
    gewaehlt = lade_genesisprofil(name, katalog)
    if tabelle not in gewaehlt.tabellen and statistik not in gewaehlt.tabellen:
        hinweise.append(
            f"Profil {gewaehlt.name} nennt die Tabelle {tabelle or statistik or '?'} nicht "
            f"(es gilt für {', '.join(gewaehlt.tabellen)}); es wird wie angegeben verwendet"
        )
    return gewaehlt


def _lies(
    katalog: Katalog, daten: bytes, datei: str, name: str | None, hinweise: list[str]
) -> tuple[GenesisProfil, list[_Zelle], bool]:
    """The profile, the cells and whether the file is a classic table (detected from the first line)."""
    tabelle, statistik, klassisch = _kennung(dekodiere(daten, datei), datei)
    if not statistik:  # not a GENESIS table (the reader says why), or no data rows
        if klassisch:
            lies_genesis_klassisch(daten, datei)
        elif lies_genesis_flat(daten, datei):
            raise _Abgelehnt(f"{datei}: die erste Datenzeile nennt keine Statistik (statistics_code)")
        raise _Abgelehnt(f"{datei}: die Tabelle enthält keine Datenzeilen")
    gewaehlt = _profil(katalog, name, tabelle, statistik, datei, hinweise)
    if klassisch:
        tab = lies_genesis_klassisch(daten, datei, gewaehlt.symbole)
        return gewaehlt, _klassische_zellen(tab.code, tab.zellen, gewaehlt, datei), True
    flat = lies_genesis_flat(daten, datei, gewaehlt.symbole)
    if not flat:
        raise _Abgelehnt(f"{datei}: die Tabelle enthält keine Datenzeilen")
    zellen = []
    for z in flat:
        gebiet = next((z.merkmale[r] for r in gewaehlt.regional if r in z.merkmale), "")
        merkmale = {k: v for k, v in z.merkmale.items() if k not in gewaehlt.regional}
        zellen.append(
            _Zelle(z.zeile, z.zeit, gebiet, merkmale, z.wert, z.symbol, z.qualitaet, z.wert_variable)
        )
    return gewaehlt, zellen, False


def _klassische_zellen(
    code: str, klassisch: tuple[KlassischeZelle, ...], gewaehlt: GenesisProfil, datei: str
) -> list[_Zelle]:
    """Classic tables hold one measure; their column heads name the codes (`männlich` -> GES = GESM)."""
    if not gewaehlt.koepfe:
        raise _Abgelehnt(
            f"{datei}: die klassische Tabelle {code} wird nicht unterstützt (das Profil {gewaehlt.name} "
            "nennt keine koepfe); bitte als Flat-File (ffcsv) laden"
        )
    zellen = []
    for z in klassisch:
        merkmale: dict[str, str] = {}
        for kopf in z.koepfe:
            if kopf not in gewaehlt.koepfe:
                bekannt = ", ".join(f"‚{k}‘" for k in gewaehlt.koepfe)
                raise FormatFehler(
                    datei,
                    f"Spaltenkopf ‚{kopf}‘ ist keinem Merkmal zugeordnet (bekannt: {bekannt}; "
                    f"Profil {gewaehlt.quelle})",
                    None,
                    str(z.spalte),
                )
            merkmale.update(gewaehlt.koepfe[kopf])
        zellen.append(
            _Zelle(z.zeile, z.zeit, z.gebiet, merkmale, z.wert, z.symbol, z.qualitaet, gewaehlt.wert)
        )
    return zellen


def _umwandeln(
    katalog: Katalog,
    zellen: list[_Zelle],
    gewaehlt: GenesisProfil,
    datensatz: str,
    datei: str,
    einheit: str = "Zeile(n)",
) -> tuple[dict[str, list[str]], dict[str, list[int]], list[str]]:
    """Delivery rows per period, the GENESIS line of each row, and the import report."""
    ds = katalog.datensaetze.get(datensatz)
    if ds is None:
        raise _Abgelehnt(
            f"unbekannter Datensatz ‚{datensatz}‘ (bekannt: {', '.join(sorted(katalog.datensaetze))})"
        )
    eigener = katalog.datensaetze[gewaehlt.datensatz]  # --dataset: another dataset of the same shape only
    if list(ds.merkmale) != list(eigener.merkmale):
        raise _Abgelehnt(
            f"{datei}: der Datensatz {datensatz} hat die Merkmale {', '.join(ds.merkmale) or 'keine'}, "
            f"die Tabelle liefert laut Profil {gewaehlt.name} {', '.join(eigener.merkmale) or 'keine'}"
        )
    regeln = {m.merkmal: m for m in gewaehlt.merkmale}
    variablen = {m.variable for m in gewaehlt.merkmale}
    uebersprungen: Counter[str] = Counter()
    je_zeitraum: dict[str, list[tuple[_Zelle, list[str], bool]]] = {}
    for z in zellen:
        if z.wert_variable != gewaehlt.wert:
            continue
        unbekannt = [v for v in z.merkmale if v not in variablen and v not in gewaehlt.nicht_im_datensatz]
        if unbekannt:
            raise _Abgelehnt(
                f"{datei}, Zeile {z.zeile}: GENESIS-Merkmal {', '.join(unbekannt)} steht nicht im Profil "
                f"{gewaehlt.name} (unter merkmale, nicht_im_datensatz oder regional; {gewaehlt.quelle})"
            )
        if not z.gebiet.startswith(katalog.kreis.code) or z.gebiet not in katalog.gebiete:
            continue
        fremd = [v for v, c in z.merkmale.items() if c and v not in variablen]
        if fremd:
            uebersprungen[f"Aufgliederung nach {', '.join(fremd)} (im Datensatz nicht vorgesehen)"] += 1
            continue
        unter = [
            c
            for v, c in z.merkmale.items()
            if (m := gewaehlt.merkmal(v)) is not None and c in m.unterkategorien
        ]
        if unter:
            uebersprungen[f"Unterkategorie {unter[0]} (Teilmenge einer übernommenen Kategorie)"] += 1
            continue
        try:
            jahr, stichtag = gewaehlt.periode(z.zeit)
        except ValueError as exc:
            raise FormatFehler(datei, f"Zeit: {exc}", z.zeile) from None
        if stichtag and ds.stichtag and stichtag != ds.stichtag:
            raise _Abgelehnt(
                f"{datei}, Zeile {z.zeile}: Stichtag {stichtag}{jahr} passt nicht zum Datensatz {datensatz} "
                f"(Stichtag {ds.stichtag})"
            )
        codes = [
            regeln[d].code(z.merkmale.get(regeln[d].variable, ""))
            if d in regeln
            else gewaehlt.feste_codes.get(d, TOTAL)
            for d in ds.merkmale
        ]
        summe = any(c == TOTAL for d, c in zip(ds.merkmale, codes, strict=True) if d in regeln)
        je_zeitraum.setdefault(jahr, []).append((z, codes, summe))
    hinweise = [f"{n} {einheit} nicht übernommen: {grund}" for grund, n in sorted(uebersprungen.items())]
    zeilen: dict[str, list[str]] = {}
    herkunft: dict[str, list[int]] = {}
    for jahr, liste in sorted(je_zeitraum.items()):
        if all(z.symbol == "-" for z, _, _ in liste):
            hinweise.append(
                f"{jahr}: alle Zellen des Kreises sind ‚-‘ – der Zeitraum ist für den Kreis nicht belegt "
                "(noch nicht veröffentlicht oder Gebiet bestand nicht) und wird nicht als 0 übernommen"
            )
            continue
        if gewaehlt.gerundet and not all(summe for _, _, summe in liste):
            summen = [z for z, _, summe in liste if summe]
            if summen:
                hinweise.append(
                    f"{jahr}: {len(summen)} Summenzeile(n) nicht übernommen – die Tabelle rundet jede Zelle einzeln; "
                    "Summen werden aus den feinsten Zellen gebildet"
                )
            liste = [(z, c, summe) for z, c, summe in liste if not summe]
        for z, codes, _ in liste:
            kennzeichen = "g" if z.wert is None else (z.qualitaet if z.qualitaet in ("p", "r", "s") else "")
            wert = "" if z.wert is None else f"{z.wert:.0f}"
            zeilen.setdefault(jahr, []).append(";".join([z.gebiet, jahr, *codes, wert, kennzeichen]))
            herkunft.setdefault(jahr, []).append(z.zeile)
        fehlend = Counter(z.symbol for z, _, _ in liste if z.wert is None and z.symbol != ".")
        if fehlend:
            welche = ", ".join(f"{n}× ‚{s}‘" for s, n in sorted(fehlend.items()))
            hinweise.append(f"{jahr}: Zellen ohne Wert ({welche}) als fehlend (Kennzeichen g) übernommen")
        eingeschraenkt = sum(1 for z, _, _ in liste if z.qualitaet == "()")
        if eingeschraenkt:
            hinweise.append(f"{jahr}: {eingeschraenkt} Zelle(n) mit eingeschränktem Aussagewert ‚()‘")
    if not zeilen:
        raise _Abgelehnt(f"{datei}: die Tabelle enthält keine Zellen des Kreises {katalog.kreis.code}")
    return zeilen, herkunft, hinweise


def _zeile_der_quelle(problem: str, herkunft: list[int]) -> str:
    """Problems name rows of the converted delivery; map them back to lines of the GENESIS file."""

    def ersetze(m: re.Match[str]) -> str:
        n = int(m.group(1)) - 2  # row 1 of the converted delivery is its header
        return f"Zeile {herkunft[n]}" if 0 <= n < len(herkunft) else m.group(0)

    return re.sub(r"Zeile (\d+)", ersetze, problem)
