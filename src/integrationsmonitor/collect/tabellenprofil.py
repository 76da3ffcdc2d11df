"""Table profiles (`art: tabelle`): how an office's aggregated table becomes a delivery (pure, no Django).

Offices deliver the tables their software exports (CSV, Excel, Bundesagentur-style Excel), not the long
delivery format. A table profile is YAML, no code (see profile/*.yaml with `art: tabelle`, and
docs/profile.md): which reader and sheet, the dataset, the region column, per dimension a column with
code translations or a fixed code, the value columns (one, or several that each stand for codes of some
dimensions), rows to skip, and where the period comes from (a column or the file name). umwandeln.py
applies it. Per-person exports use the other profile kind (profil.py, `imon collect`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from integrationsmonitor.catalog.model import Datensatz, Katalog
from integrationsmonitor.collect.profilpruefung import code_fehler, merkmal_fehler

PROFIL_DIR = Path(__file__).parent / "profile"
LESER = ("office_csv", "xlsx", "ba_xlsx")
ZEITRAUM_GRUPPEN = ("zeitraum", "jahr", "quartal", "monat")
GEHEIM_STANDARD = {"office_csv": (".", "*"), "xlsx": (".", "*"), "ba_xlsx": ()}  # ba_xlsx: BA's own symbols


class TabellenprofilFehler(Exception):
    """A table profile cannot be used; the message names the file and the reason, in German."""


class KeinTabellenprofil(TabellenprofilFehler):
    """The file is another kind of profile (per-person for imon collect, or GENESIS)."""


@dataclass(frozen=True)
class Spaltenregel:
    """A dimension whose codes are in a column; `codes`: raw value -> code (besides the code list's own)."""

    spalte: str
    codes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Wertspalte:
    """A column of counts; `codes`: the dimensions this column fixes, e.g. {geschlecht: m} for `männlich`."""

    spalte: str
    codes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TabellenProfil:
    name: str
    beschreibung: str
    datensatz: str
    quelle: str  # the YAML file
    leser: str  # one of LESER
    blatt: str | int = 1  # XLSX: sheet name, or number counted from 1
    kopf_zeilen: int | None = None  # XLSX: header rows (default: found from merged cells)
    kopf_beginn: int | None = None  # XLSX: Excel row of the first header row (default: found)
    gebiet_spalte: str = ""  # column with AGS, ARS or names of Gemeinden
    gebiet_code: str = ""  # or one region for the whole file (e.g. the Kreis)
    gebiet_codes: dict[str, str] = field(default_factory=dict)  # raw value -> region code
    spalten_regeln: dict[str, Spaltenregel] = field(default_factory=dict)  # dimension -> column
    feste_codes: dict[str, str] = field(default_factory=dict)  # dimension -> code for every row
    wertspalten: tuple[Wertspalte, ...] = ()
    zeitraum_spalte: str = ""
    zeitraum_muster: re.Pattern[str] | None = None  # applied to the file name
    zeitraum_schuljahr: bool = False  # the period column holds school years (2024/25 -> 2024)
    auslassen: dict[str, frozenset[str]] = field(default_factory=dict)  # column -> casefolded values
    geheim: tuple[str, ...] = ()  # cell texts that mean "secret" (besides the reader's own)
    summenzeilen: bool = False  # deliver the file's Summe/Insgesamt rows as totals (official tables)

    @property
    def nennt_zeitraum(self) -> bool:
        """Whether the period comes from the file (column or file name), so that --period may be left out."""
        return bool(self.zeitraum_spalte or self.zeitraum_muster)

    def spalten(self) -> list[str]:
        """Every column the profile reads, in a stable order."""
        namen = [self.gebiet_spalte, self.zeitraum_spalte]
        namen += [r.spalte for r in self.spalten_regeln.values()]
        namen += [w.spalte for w in self.wertspalten]
        namen += list(self.auslassen)
        return list(dict.fromkeys(n for n in namen if n))


def profil_pfad(name_oder_pfad: str) -> Path:
    """A shipped profile by name (`sozialamt_unterbringung`), or a YAML file by path."""
    pfad = Path(name_oder_pfad)
    return PROFIL_DIR / f"{name_oder_pfad}.yaml" if not pfad.suffix else pfad


def _texte(raw: Any, wo: str) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise TabellenprofilFehler(f"{wo}: erwartet eine Zuordnung Wert: Code")
    return {str(k): str(v) for k, v in raw.items()}


class _Leser:
    """Reads one profile file, checking each part against the catalogue."""

    def __init__(self, pfad: Path, raw: dict[str, Any], katalog: Katalog) -> None:
        self.pfad, self.raw, self.katalog = pfad, raw, katalog

    def fehler(self, text: str) -> TabellenprofilFehler:
        return TabellenprofilFehler(f"{self.pfad}: {text}")

    def code(self, ds: Datensatz, merkmal: str, code: str, wo: str) -> str:
        if fehler := code_fehler(self.katalog, ds, merkmal, code):
            raise self.fehler(f"{wo}: {fehler}")
        return code

    def merkmal(self, ds: Datensatz, merkmal: str, wo: str) -> str:
        if fehler := merkmal_fehler(ds, merkmal):
            raise self.fehler(f"{wo}: {fehler}")
        return merkmal

    def datei(self) -> tuple[str, str | int, int | None, int | None]:
        datei = self.raw.get("datei") or {}
        leser = str(datei.get("leser", ""))
        if leser not in LESER:
            raise self.fehler(f"datei.leser ‚{leser}‘ unbekannt (möglich: {', '.join(LESER)})")
        blatt = datei.get("blatt", 1)
        zahlen = [datei.get("kopf_zeilen"), datei.get("kopf_beginn")]
        if any(z is not None and (not isinstance(z, int) or z < 1) for z in zahlen):
            raise self.fehler("datei.kopf_zeilen und datei.kopf_beginn sind ganze Zahlen ab 1")
        if leser == "office_csv" and (blatt != 1 or any(z is not None for z in zahlen)):
            raise self.fehler("datei.blatt, kopf_zeilen und kopf_beginn gibt es nur für XLSX-Dateien")
        return leser, blatt if isinstance(blatt, int) else str(blatt), zahlen[0], zahlen[1]

    def gebiet(self) -> tuple[str, str, dict[str, str]]:
        """(column, fixed region, raw value -> region). `kreis: true` is the Kreis of whatever catalogue the
        profile is read for; `codes` that name a region of another Kreis (a shipped profile's spellings of
        the default county's Gemeinden) are left out, so that the profile works for any county."""
        gebiet = self.raw.get("gebiet")
        arten = [a for a in ("spalte", "code", "kreis") if isinstance(gebiet, dict) and a in gebiet]
        if len(arten) != 1:
            raise self.fehler(
                "gebiet braucht genau eines: spalte (Spalte mit AGS, ARS oder Namen), code (ein Gebiet) "
                "oder kreis: true (der Kreis des Katalogs)"
            )
        assert isinstance(gebiet, dict)
        if "kreis" in gebiet and gebiet["kreis"] is not True:
            raise self.fehler("gebiet.kreis: nur kreis: true ist möglich (der Kreis des Katalogs)")
        kreis = self.katalog.kreis.code
        codes = {}
        for roh, code in _texte(gebiet.get("codes"), f"{self.pfad}: gebiet.codes").items():
            if code in self.katalog.gebiete:
                codes[roh] = code
            elif code.startswith(kreis) or not code.isdigit() or len(code) < len(kreis):
                raise self.fehler(f"gebiet.codes: ‚{roh}‘ → ‚{code}‘ ist kein Gebiet des Katalogs")
        fest = kreis if "kreis" in gebiet else str(gebiet.get("code", ""))
        if fest and fest not in self.katalog.gebiete:
            raise self.fehler(
                f"gebiet.code ‚{fest}‘ ist kein Gebiet des Katalogs (für den Kreis des Katalogs, "
                f"{self.katalog.kreis.name}: kreis: true)"
            )
        return str(gebiet.get("spalte", "")), fest, codes

    def merkmale(self, ds: Datensatz) -> tuple[dict[str, Spaltenregel], dict[str, str]]:
        regeln: dict[str, Spaltenregel] = {}
        fest: dict[str, str] = {}
        for merkmal, r in (self.raw.get("merkmale") or {}).items():
            wo = f"merkmale.{merkmal}"
            self.merkmal(ds, str(merkmal), "merkmale")
            if not isinstance(r, dict) or ("spalte" in r) == ("code" in r):
                raise self.fehler(f"{wo} braucht entweder spalte (mit codes) oder code")
            if "code" in r:
                fest[merkmal] = self.code(ds, merkmal, str(r["code"]), wo)
                continue
            codes = _texte(r.get("codes"), f"{self.pfad}: {wo}.codes")
            for roh, code in codes.items():
                self.code(ds, merkmal, code, f"{wo}.codes ‚{roh}‘")
            regeln[merkmal] = Spaltenregel(str(r["spalte"]), codes)
        return regeln, fest

    def werte(self, ds: Datensatz) -> tuple[Wertspalte, ...]:
        werte = self.raw.get("werte")
        if not isinstance(werte, dict) or ("spalte" in werte) == ("spalten" in werte):
            raise self.fehler("werte braucht entweder spalte (eine Wertspalte) oder spalten")
        if "spalte" in werte:
            return (Wertspalte(str(werte["spalte"])),)
        spalten = werte["spalten"]
        if not isinstance(spalten, dict) or not spalten:
            raise self.fehler(
                "werte.spalten: erwartet Spaltenname: Code (mit werte.merkmal) oder {merkmal: code}"
            )
        kurz = werte.get("merkmal")
        if kurz is not None:
            kurz = self.merkmal(ds, str(kurz), "werte.merkmal")
        ergebnis = []
        for spalte, codes in spalten.items():
            wo = f"werte.spalten ‚{spalte}‘"
            if kurz is not None and not isinstance(codes, dict):
                codes = {kurz: codes}
            if not isinstance(codes, dict) or not codes:
                raise self.fehler(f"{wo}: erwartet {{merkmal: code}} oder werte.merkmal mit einem Code")
            geprueft = {
                self.merkmal(ds, str(m), wo): self.code(ds, str(m), str(c), wo) for m, c in codes.items()
            }
            ergebnis.append(Wertspalte(str(spalte), geprueft))
        if len({frozenset(w.codes) for w in ergebnis}) > 1:
            raise self.fehler("werte.spalten: jede Wertspalte muss dieselben Merkmale festlegen")
        return tuple(ergebnis)

    def zeitraum(self) -> tuple[str, re.Pattern[str] | None, bool]:
        """(period column, file name pattern, school years): a column and a file name together mean that the
        file name gives the period and every row's column must agree with it."""
        zeitraum = self.raw.get("zeitraum") or {}
        if not isinstance(zeitraum, dict):
            raise self.fehler("zeitraum: erwartet spalte und/oder dateiname")
        unbekannt = sorted(set(map(str, zeitraum)) - {"spalte", "dateiname", "schuljahr"})
        if unbekannt:
            raise self.fehler(
                f"zeitraum.{unbekannt[0]} unbekannt (möglich: spalte, dateiname, schuljahr: beginn)"
            )
        spalte = str(zeitraum.get("spalte", ""))
        schuljahr = zeitraum.get("schuljahr")
        if schuljahr is not None and (schuljahr != "beginn" or not spalte):
            raise self.fehler(
                "zeitraum.schuljahr: nur ‚beginn‘ (2024/25 → 2024), und nur mit zeitraum.spalte"
            )
        if "dateiname" not in zeitraum:
            return spalte, None, schuljahr is not None
        try:
            muster = re.compile(str(zeitraum["dateiname"]))
        except re.error as exc:
            raise self.fehler(f"zeitraum.dateiname ist kein gültiger regulärer Ausdruck ({exc})") from None
        if not set(muster.groupindex) & {"zeitraum", "jahr"}:
            raise self.fehler(
                "zeitraum.dateiname braucht eine benannte Gruppe (?P<jahr>…) oder (?P<zeitraum>…), "
                "dazu wahlweise (?P<quartal>…) oder (?P<monat>…)"
            )
        return spalte, muster, schuljahr is not None

    def auslassen(self) -> dict[str, frozenset[str]]:
        raw = self.raw.get("auslassen") or {}
        if not isinstance(raw, dict):
            raise self.fehler("auslassen: erwartet Spalte: [Werte, deren Zeilen übergangen werden]")
        return {
            str(s): frozenset(
                " ".join(str(w).split()).casefold() for w in (ws if isinstance(ws, list) else [ws])
            )
            for s, ws in raw.items()
        }


def lies_tabellenprofil(pfad: Path, katalog: Katalog) -> TabellenProfil:
    """Read and check one table profile file."""
    try:
        raw = yaml.safe_load(pfad.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise TabellenprofilFehler(f"{pfad}: Profil nicht lesbar ({exc})") from None
    if not isinstance(raw, dict):
        raise TabellenprofilFehler(f"{pfad}: kein Profil (erwartet eine YAML-Zuordnung)")
    if raw.get("art") == "genesis":
        raise KeinTabellenprofil(
            f"{pfad}: ist ein GENESIS-Tabellenprofil (art: genesis); es gehört zu imon import-genesis --profile"
        )
    if raw.get("art") != "tabelle":
        raise KeinTabellenprofil(
            f"{pfad}: ist kein Tabellenprofil (art: tabelle fehlt); Profile für personenbezogene Exporte "
            "gehören zu imon collect --profile"
        )
    leser = _Leser(pfad, raw, katalog)
    ds = katalog.datensaetze.get(str(raw.get("datensatz", "")))
    if ds is None:
        raise leser.fehler(f"unbekannter Datensatz ‚{raw.get('datensatz', '')}‘")
    art, blatt, kopf_zeilen, kopf_beginn = leser.datei()
    gebiet_spalte, gebiet_code, gebiet_codes = leser.gebiet()
    regeln, fest = leser.merkmale(ds)
    wertspalten = leser.werte(ds)
    aus_werten = set(wertspalten[0].codes)
    doppelt = sorted(aus_werten & (set(regeln) | set(fest)))
    if doppelt:
        raise leser.fehler(f"Merkmal(e) {', '.join(doppelt)} sowohl unter merkmale als auch unter werte")
    fehlend = [m for m in ds.merkmale if m not in {*regeln, *fest, *aus_werten}]
    if fehlend:
        raise leser.fehler(
            f"keine Regel für die Merkmale {', '.join(fehlend)} des Datensatzes {ds.id} "
            "(unter merkmale: spalte oder code; oder über werte.spalten)"
        )
    zeitraum_spalte, muster, schuljahr = leser.zeitraum()
    geheim = raw.get("geheim", GEHEIM_STANDARD[art])
    if not isinstance(geheim, list | tuple):
        raise leser.fehler("geheim: erwartet eine Liste von Zeichen, z. B. ['.', '*']")
    summenzeilen = raw.get("summenzeilen", False)
    if not isinstance(summenzeilen, bool):
        raise leser.fehler("summenzeilen: erwartet true oder false")
    return TabellenProfil(
        name=str(raw.get("name") or pfad.stem),
        beschreibung=str(raw.get("beschreibung", "")),
        datensatz=ds.id,
        quelle=str(pfad),
        leser=art,
        blatt=blatt,
        kopf_zeilen=kopf_zeilen,
        kopf_beginn=kopf_beginn,
        gebiet_spalte=gebiet_spalte,
        gebiet_code=gebiet_code,
        gebiet_codes=gebiet_codes,
        spalten_regeln=regeln,
        feste_codes=fest,
        wertspalten=wertspalten,
        zeitraum_spalte=zeitraum_spalte,
        zeitraum_muster=muster,
        zeitraum_schuljahr=schuljahr,
        auslassen=leser.auslassen(),
        geheim=tuple(str(g) for g in geheim),
        summenzeilen=summenzeilen,
    )


def lade_tabellenprofil(name_oder_pfad: str, katalog: Katalog) -> TabellenProfil:
    """A shipped table profile by name, or a profile file by path; checked against the catalogue."""
    pfad = profil_pfad(name_oder_pfad)
    if not pfad.is_file():
        bekannt = ", ".join(p.name for p in tabellenprofile(katalog))
        raise TabellenprofilFehler(
            f"Tabellenprofil ‚{name_oder_pfad}‘ nicht gefunden (mitgeliefert: {bekannt})"
        )
    return lies_tabellenprofil(pfad, katalog)


def pruefe_tabellenprofile(katalog: Katalog) -> tuple[list[TabellenProfil], list[str]]:
    """The shipped table profiles that work with this catalogue, by name, and a German message for each
    one that does not (per-person profiles of imon collect are left out without a message)."""
    profile, fehler = [], []
    for pfad in sorted(PROFIL_DIR.glob("*.yaml")):
        try:
            profile.append(lies_tabellenprofil(pfad, katalog))
        except KeinTabellenprofil:
            continue
        except TabellenprofilFehler as exc:
            fehler.append(f"Tabellenprofil {pfad.stem} passt nicht zum Katalog ({katalog.kreis.name}): {exc}")
    return sorted(profile, key=lambda p: p.name), fehler


def tabellenprofile(katalog: Katalog) -> list[TabellenProfil]:
    """The shipped table profiles that work with this catalogue, by name (`imon check` names the others)."""
    return pruefe_tabellenprofile(katalog)[0]
