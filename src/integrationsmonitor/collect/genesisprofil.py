"""GENESIS table profiles (`art: genesis`): how an official GENESIS table becomes a delivery (pure, no Django).

A profile is YAML, no code (profile/genesis/*.yaml, docs/profile.md "GENESIS-Tabellenprofile"): which tables
it serves (statistic numbers like `12411` or full table codes like `21111-02-06-4`), the target dataset, the
measure (ffcsv `value_variable_code`), the regional variables, per GENESIS variable the dataset dimension and
how attribute codes translate, sub-categories to skip, variables whose breakdown the dataset does not hold,
the column heads of the classic layout, whether cells are rounded one by one, how the time becomes a period
and extra value symbols. This module reads and checks profiles against the catalogue and chooses the profile
of a table (genesisauswahl.py); store/genesis.py applies it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from integrationsmonitor.catalog.model import TOTAL, Datensatz, Katalog
from integrationsmonitor.collect.profilpruefung import code_fehler, merkmal_fehler
from integrationsmonitor.formats.genesis_werte import SYMBOLE

GENESIS_PROFIL_DIR = Path(__file__).parent / "profile" / "genesis"
REGIONAL_STANDARD = ("KREISE", "GEMEIN")
ZEITARTEN = ("stichtag", "jahr", "schuljahr")
SCHULJAHR_PERIODE = ("beginn", "ende")
STATISTIK = re.compile(r"\d{5}")
TABELLE = re.compile(r"\d{5}(?:-[0-9A-Za-z]{1,6}){1,4}")
SCHLUESSEL = frozenset(
    {
        "art", "name", "beschreibung", "tabellen", "datensatz", "wert", "regional", "merkmale", "feste_codes",
        "nicht_im_datensatz", "koepfe", "gerundet", "zeit", "schuljahr", "symbole",
    }
)  # fmt: skip
MERKMAL_SCHLUESSEL = frozenset({"merkmal", "codes", "praefix", "unterkategorien"})


class GenesisProfilFehler(Exception):
    """A GENESIS profile cannot be used; the message names the file, the key and the reason, in German."""


@dataclass(frozen=True)
class GenesisMerkmal:
    """A GENESIS variable (e.g. `GES`) that becomes a dimension of the dataset."""

    variable: str
    merkmal: str  # dimension of the dataset
    codes: dict[str, str] = field(default_factory=dict)  # attribute code -> code of the code list
    praefix: str = ""  # removed from attribute codes not in `codes` (`ST152` -> `152`)
    unterkategorien: frozenset[str] = frozenset()  # sub-categories: skipped and reported, never summed

    def code(self, attribut: str) -> str:
        """The dataset's code of an attribute code ("" = Insgesamt = TOTAL)."""
        if not attribut:
            return TOTAL
        if attribut in self.codes:
            return self.codes[attribut]
        if self.praefix and attribut.startswith(self.praefix) and len(attribut) > len(self.praefix):
            return attribut[len(self.praefix) :]
        return attribut


@dataclass(frozen=True)
class GenesisProfil:
    name: str
    beschreibung: str
    quelle: str  # the YAML file
    tabellen: tuple[str, ...]  # statistic numbers and/or full table codes
    datensatz: str
    wert: str  # ffcsv value_variable_code of the measure (a classic table holds one measure)
    zeit: str  # one of ZEITARTEN
    schuljahr: str = "ende"  # zeit schuljahr: which year of 2023/24 is the period (beginn 2023, ende 2024)
    regional: tuple[str, ...] = REGIONAL_STANDARD
    merkmale: tuple[GenesisMerkmal, ...] = ()
    feste_codes: dict[str, str] = field(default_factory=dict)  # dimension -> code for every cell
    nicht_im_datensatz: tuple[str, ...] = ()  # variables whose breakdown is skipped and reported
    koepfe: dict[str, dict[str, str]] = field(default_factory=dict)  # classic head -> {variable: code}
    gerundet: bool = False  # cells rounded one by one: import the finest cells only
    symbole: dict[str, str] = field(default_factory=dict)  # extra symbol -> standard symbol (SYMBOLE)

    def merkmal(self, variable: str) -> GenesisMerkmal | None:
        return next((m for m in self.merkmale if m.variable == variable), None)

    def periode(self, zeit: str) -> tuple[str, str]:
        """(period, Stichtag) of a GENESIS time: ('2024', '31.12.') for 2024-12-31 or 31.12.2024,
        ('2024', '') for 2024, ('2024', '') for the school year 2023/24 with `schuljahr: ende`.
        ValueError with a German reason if the time does not fit `zeit`."""
        return periode(zeit, self.zeit, self.schuljahr)


_DATUM_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATUM_DE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")
_JAHR = re.compile(r"(?:19|20)\d{2}")
_SCHULJAHR = re.compile(r"((?:19|20)\d{2})\s*[/-]\s*(\d{2}|\d{4})")
_INTERVALL = re.compile(r"(\d{4})-\d{2}-\d{2}/(\d{4})-\d{2}-\d{2}")


def periode(zeit: str, art: str, schuljahr: str = "ende") -> tuple[str, str]:
    """See GenesisProfil.periode."""
    t = zeit.strip()
    if art == "schuljahr":
        m = _SCHULJAHR.fullmatch(t) or _INTERVALL.fullmatch(t)
        if m is None:
            raise ValueError(f"‚{zeit}‘ ist kein Schuljahr (erwartet z. B. 2023/24)")
        beginn, ende = (
            int(m.group(1)),
            int(m.group(2)) if len(m.group(2)) == 4 else int(m.group(1)[:2] + m.group(2)),
        )
        if ende != beginn + 1:
            raise ValueError(f"‚{zeit}‘ ist kein Schuljahr (das zweite Jahr folgt nicht auf das erste)")
        return str(beginn if schuljahr == "beginn" else ende), ""
    if art == "stichtag":
        if m := _DATUM_ISO.fullmatch(t):
            return m.group(1), f"{m.group(3)}.{m.group(2)}."
        if m := _DATUM_DE.fullmatch(t):
            return m.group(3), f"{m.group(1)}.{m.group(2)}."
    if _JAHR.fullmatch(t):
        return t, ""
    erwartet = "Jahr oder Stichtag" if art == "stichtag" else "Jahr"
    raise ValueError(f"‚{zeit}‘ ist kein {erwartet}")


def _zeige(wert: Any) -> str:
    """A raw YAML value for a message: short, and never the whole of a nested (possibly hostile) structure."""
    if isinstance(wert, list):
        return "eine Liste"
    if isinstance(wert, dict):
        return "eine Zuordnung"
    text = str(wert) if isinstance(wert, str | int | float | bool) or wert is None else type(wert).__name__
    return f"‚{text[:60]}…‘" if len(text) > 60 else f"‚{text}‘"


class _Leser:
    """Reads one profile file, checking each part against the catalogue."""

    def __init__(self, pfad: Path, raw: dict[str, Any], katalog: Katalog) -> None:
        self.pfad, self.raw, self.katalog = pfad, raw, katalog

    def fehler(self, text: str) -> GenesisProfilFehler:
        return GenesisProfilFehler(f"{self.pfad}: {text}")

    def text(self, schluessel: str, wert: Any, leer: bool = False) -> str:
        if isinstance(wert, bool) or not isinstance(wert, str | int) or (not leer and not str(wert).strip()):
            raise self.fehler(f"{schluessel}: erwartet einen Text, nicht {_zeige(wert)}")
        return str(wert).strip()

    def texte(self, schluessel: str, wert: Any) -> list[str]:
        if wert is None:
            return []
        if not isinstance(wert, list):
            raise self.fehler(f"{schluessel}: erwartet eine Liste, z. B. [{schluessel.upper()}1, …]")
        return [self.text(f"{schluessel}[{i + 1}]", w) for i, w in enumerate(wert)]

    def zuordnung(self, schluessel: str, wert: Any) -> dict[str, Any]:
        if wert is None:
            return {}
        if not isinstance(wert, dict):
            raise self.fehler(f"{schluessel}: erwartet eine Zuordnung (Schlüssel: Wert)")
        return {self.text(f"{schluessel} (Schlüssel)", k, leer=True): v for k, v in wert.items()}

    def code(self, ds: Datensatz, merkmal: str, code: str, wo: str) -> str:
        if fehler := code_fehler(self.katalog, ds, merkmal, code):
            raise self.fehler(f"{wo}: {fehler}")
        return code

    def dimension(self, ds: Datensatz, merkmal: str, wo: str) -> str:
        if fehler := merkmal_fehler(ds, merkmal):
            raise self.fehler(f"{wo}: {fehler}")
        return merkmal

    def tabellen(self) -> tuple[str, ...]:
        raw = self.raw.get("tabellen")
        if isinstance(raw, str | int) and not isinstance(raw, bool):
            raw = [raw]
        tabellen = self.texte("tabellen", raw)
        if not tabellen:
            raise self.fehler(
                'tabellen: fehlt (Statistiknummern wie "12411" oder Tabellencodes wie "12411-01-01-4")'
            )
        for i, t in enumerate(tabellen):
            if not (STATISTIK.fullmatch(t) or TABELLE.fullmatch(t)):
                raise self.fehler(
                    f"tabellen[{i + 1}]: ‚{t}‘ ist weder Statistiknummer (5 Ziffern, in Anführungszeichen) "
                    "noch Tabellencode wie 21111-02-06-4"
                )
        if len(set(tabellen)) != len(tabellen):
            raise self.fehler("tabellen: eine Tabelle steht doppelt")
        return tuple(tabellen)

    def merkmale(self, ds: Datensatz) -> tuple[GenesisMerkmal, ...]:
        ergebnis = []
        for variable, regel in self.zuordnung("merkmale", self.raw.get("merkmale")).items():
            wo = f"merkmale.{variable}"
            if isinstance(regel, str):
                regel = {"merkmal": regel}
            if not isinstance(regel, dict):
                raise self.fehler(f"{wo}: erwartet merkmal: <Merkmal des Datensatzes> (und codes, praefix …)")
            fremd = sorted(set(map(str, regel)) - MERKMAL_SCHLUESSEL)
            if fremd:
                raise self.fehler(
                    f"{wo}: unbekannter Schlüssel {', '.join(fremd)} (erlaubt: {', '.join(sorted(MERKMAL_SCHLUESSEL))})"
                )
            merkmal = self.dimension(ds, self.text(f"{wo}.merkmal", regel.get("merkmal")), f"{wo}.merkmal")
            codes = {
                k: self.code(ds, merkmal, self.text(f"{wo}.codes.{k}", v), f"{wo}.codes.{k}")
                for k, v in self.zuordnung(f"{wo}.codes", regel.get("codes")).items()
            }
            praefix = self.text(f"{wo}.praefix", regel.get("praefix", ""), leer=True)
            unter = frozenset(self.texte(f"{wo}.unterkategorien", regel.get("unterkategorien")))
            ueberschneidung = sorted(unter & set(codes))
            if ueberschneidung:
                raise self.fehler(f"{wo}: {', '.join(ueberschneidung)} steht unter codes und unterkategorien")
            ergebnis.append(GenesisMerkmal(variable, merkmal, codes, praefix, unter))
        doppelt = sorted({m.merkmal for m in ergebnis if [n.merkmal for n in ergebnis].count(m.merkmal) > 1})
        if doppelt:
            raise self.fehler(
                f"merkmale: Merkmal {', '.join(doppelt)} ist mehreren GENESIS-Merkmalen zugeordnet"
            )
        return tuple(ergebnis)

    def feste_codes(self, ds: Datensatz, merkmale: tuple[GenesisMerkmal, ...]) -> dict[str, str]:
        fest = {}
        for merkmal, code in self.zuordnung("feste_codes", self.raw.get("feste_codes")).items():
            wo = f"feste_codes.{merkmal}"
            self.dimension(ds, merkmal, wo)
            if any(m.merkmal == merkmal for m in merkmale):
                raise self.fehler(
                    f"{wo}: das Merkmal ist schon unter merkmale einem GENESIS-Merkmal zugeordnet"
                )
            fest[merkmal] = self.code(ds, merkmal, self.text(wo, code), wo)
        return fest

    def koepfe(
        self, ds: Datensatz, merkmale: tuple[GenesisMerkmal, ...], ohne: tuple[str, ...]
    ) -> dict[str, dict[str, str]]:
        nach_variable = {m.variable: m for m in merkmale}
        koepfe = {}
        for kopf, codes in self.zuordnung("koepfe", self.raw.get("koepfe")).items():
            wo = f"koepfe.‚{kopf}‘"
            zuordnung = {
                v: self.text(f"{wo}.{v}", c, leer=True) for v, c in self.zuordnung(wo, codes).items()
            }
            for variable, attribut in zuordnung.items():
                if variable in nach_variable:
                    m = nach_variable[variable]
                    self.code(ds, m.merkmal, m.code(attribut), f"{wo}.{variable}")
                elif variable not in ohne:
                    raise self.fehler(
                        f"{wo}: GENESIS-Merkmal ‚{variable}‘ steht weder unter merkmale noch unter nicht_im_datensatz"
                    )
            koepfe[kopf] = zuordnung
        return koepfe

    def zeit(self, ds: Datensatz) -> tuple[str, str]:
        zeit = self.text("zeit", self.raw.get("zeit", ""), leer=True)
        if zeit not in ZEITARTEN:
            raise self.fehler(f"zeit: ‚{zeit}‘ ist nicht erlaubt (erlaubt: {', '.join(ZEITARTEN)})")
        if ds.zeitraum != "jahr":
            raise self.fehler(
                f"datensatz: {ds.id} hat Zeiträume ‚{ds.zeitraum}‘; GENESIS-Profile liefern Jahre"
            )
        if zeit == "stichtag" and not ds.stichtag:
            raise self.fehler(f"zeit: stichtag, aber der Datensatz {ds.id} hat keinen Stichtag (Jahressumme)")
        schuljahr = self.text("schuljahr", self.raw.get("schuljahr", "ende"))
        if "schuljahr" in self.raw and zeit != "schuljahr":
            raise self.fehler("schuljahr: gilt nur mit zeit: schuljahr")
        if schuljahr not in SCHULJAHR_PERIODE:
            raise self.fehler(
                f"schuljahr: ‚{schuljahr}‘ ist nicht erlaubt (erlaubt: {', '.join(SCHULJAHR_PERIODE)})"
            )
        return zeit, schuljahr

    def symbole(self) -> dict[str, str]:
        symbole = {}
        for symbol, bedeutung in self.zuordnung("symbole", self.raw.get("symbole")).items():
            wo = f"symbole.‚{symbol}‘"
            bedeutung = self.text(wo, bedeutung)
            if bedeutung not in SYMBOLE:
                raise self.fehler(
                    f"{wo}: ‚{bedeutung}‘ ist kein GENESIS-Zeichen (erlaubt: {', '.join(SYMBOLE)})"
                )
            if not symbol or symbol in SYMBOLE or any(c.isdigit() for c in symbol):
                raise self.fehler(f"{wo}: leer, Ziffer oder schon ein GENESIS-Zeichen")
            symbole[symbol] = bedeutung
        return symbole


def nicht_amtlich(katalog: Katalog, datensatz: str) -> str | None:
    """Why an official GENESIS table may not be written into `datensatz` (German), or None if it may.

    Only datasets with `veroeffentlichung: {amtlich: true}` take GENESIS figures: they are published as the
    statistical office protected them. Any other dataset is either protected by the platform (its cells
    would go out unprotected, and the import would supersede the office's own delivery) or counts no persons
    and belongs to an office's delivery, which an import must not replace either."""
    ds = katalog.datensaetze.get(datensatz)
    if ds is None:
        return f"unbekannter Datensatz ‚{datensatz}‘"
    if ds.veroeffentlichung is not None and ds.veroeffentlichung.amtlich:
        return None
    lieferant = (
        katalog.lieferanten[ds.lieferant].name if ds.lieferant in katalog.lieferanten else ds.lieferant
    )
    warum = (
        "er wird von der Plattform geheim gehalten – amtliche Zahlen darin würden ohne diesen Schutz "
        "veröffentlicht"
        if ds.geschuetzt
        else "er zählt keine Personen einer amtlichen Statistik"
    )
    return (
        f"der Datensatz {ds.id} ist nicht amtlich (veroeffentlichung: {{amtlich: true}} fehlt): {warum}, "
        f"und der Import ersetzte die Lieferung von ‚{lieferant}‘. GENESIS-Tabellen dürfen nur amtliche "
        "Datensätze beliefern"
    )


def lies_genesisprofil(pfad: Path, katalog: Katalog) -> GenesisProfil:
    """Read and check one GENESIS profile file; GenesisProfilFehler (German, file and key) otherwise."""
    try:
        raw = yaml.safe_load(pfad.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError) as exc:
        raise GenesisProfilFehler(f"{pfad}: Profil nicht lesbar ({' '.join(str(exc).split())})") from None
    if not isinstance(raw, dict):
        raise GenesisProfilFehler(f"{pfad}: kein Profil (erwartet eine YAML-Zuordnung)")
    if raw.get("art") != "genesis":
        raise GenesisProfilFehler(
            f"{pfad}: ist kein GENESIS-Tabellenprofil (art: genesis fehlt); Tabellenprofile der Ämter "
            "gehören zu imon deliver --profile"
        )
    leser = _Leser(pfad, raw, katalog)
    fremd = sorted(str(k) for k in raw if k not in SCHLUESSEL)
    if fremd:
        raise leser.fehler(
            f"unbekannter Schlüssel {', '.join(fremd)} (erlaubt: {', '.join(sorted(SCHLUESSEL))})"
        )
    name = leser.text("name", raw.get("name", pfad.stem))
    ds = katalog.datensaetze.get(str(raw.get("datensatz", "")))
    if ds is None:
        raise leser.fehler(
            f"datensatz: unbekannter Datensatz {_zeige(raw.get('datensatz', ''))} (bekannt: {', '.join(sorted(katalog.datensaetze))})"
        )
    if (grund := nicht_amtlich(katalog, ds.id)) is not None:
        raise leser.fehler(f"Profil {name}: datensatz: {grund}")
    merkmale = leser.merkmale(ds)
    ohne = tuple(leser.texte("nicht_im_datensatz", raw.get("nicht_im_datensatz")))
    regional = tuple(leser.texte("regional", raw.get("regional", list(REGIONAL_STANDARD))))
    for schluessel, variablen in (("nicht_im_datensatz", ohne), ("regional", regional)):
        doppelt = sorted({m.variable for m in merkmale} & set(variablen))
        if doppelt:
            raise leser.fehler(f"{schluessel}: {', '.join(doppelt)} steht auch unter merkmale")
    if not regional:
        raise leser.fehler("regional: mindestens ein regionales GENESIS-Merkmal (z. B. KREISE)")
    zeit, schuljahr = leser.zeit(ds)
    gerundet = raw.get("gerundet", False)
    if not isinstance(gerundet, bool):
        raise leser.fehler(f"gerundet: erwartet true oder false, nicht {_zeige(gerundet)}")
    return GenesisProfil(
        name=name,
        beschreibung=leser.text("beschreibung", raw.get("beschreibung", ""), leer=True),
        quelle=str(pfad),
        tabellen=leser.tabellen(),
        datensatz=ds.id,
        wert=leser.text("wert", raw.get("wert", "")),
        zeit=zeit,
        schuljahr=schuljahr,
        regional=regional,
        merkmale=merkmale,
        feste_codes=leser.feste_codes(ds, merkmale),
        nicht_im_datensatz=ohne,
        koepfe=leser.koepfe(ds, merkmale, ohne),
        gerundet=gerundet,
        symbole=leser.symbole(),
    )
