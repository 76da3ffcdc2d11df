"""An office's table + its table profile -> delivery file in the long format (pure, no Django).

The table is read by the profile's reader (formats.office_csv, formats.xlsx; `ba_xlsx` reads the sheet
with formats.xlsx and the values with the BA's symbols, formats.ba_xlsx). Each data row gives one cell
per value column: region, period, one code per dimension, value and flag. Rows whose value columns are
all empty carry nothing (sub-headings); an empty value cell is not delivered; secret cells (`.`, `*`, the
BA's `*`, `x`, `/`) go out empty with flag `g`; `-` is 0. Summe/Insgesamt lines and notes are never data:
the platform forms totals itself. Every problem names file, sheet, row, column and reason; the result
then holds no delivery.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field

from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.formats.ba_xlsx import lies_ba_wert
from integrationsmonitor.formats.csv_sicher import schreiber
from integrationsmonitor.formats.errors import FormatFehler
from integrationsmonitor.formats.numbers import MAX_ANZAHL
from integrationsmonitor.formats.office_csv import (
    OfficeTabelle,
    OfficeZeile,
    ist_summe,
    lies_office_csv,
    zahl,
)
from integrationsmonitor.formats.xlsx import lies_xlsx

from .codes import codetabelle, nachschlagen
from .gebietsnamen import gebiet_nachschlagen, gebietstabelle
from .tabellenprofil import TabellenProfil

MAX_PROBLEME = 200
_ANGEBEN = "imon deliver --period, im Formular: Zeitraum"


@dataclass(frozen=True)
class Ort:
    """A place in the office's file: sheet (XLSX), row, column (Excel letter or field number) and its name."""

    blatt: str
    zeile: int
    spalte: str = ""
    name: str = ""

    def __str__(self) -> str:
        teile = [f"Blatt „{self.blatt}“"] if self.blatt else []
        teile.append(f"Zeile {self.zeile}")
        if self.spalte:
            teile.append(f"Spalte {self.spalte} ‚{self.name}‘")
        return ", ".join(teile)


@dataclass
class Umwandlung:
    """The delivery made from an office's file, or the problems that prevent it."""

    datei: str
    datensatz: str
    zeitraum: str = ""
    daten: bytes = b""  # delivery CSV (UTF-8), empty if there are problems
    quell_hash: str = ""  # SHA-256 of the office's file
    zellen: int = 0
    probleme: list[str] = field(default_factory=list)
    hinweise: list[str] = field(default_factory=list)
    herkunft: dict[int, dict[str, Ort]] = field(default_factory=dict)  # delivery line -> column -> origin

    @property
    def ok(self) -> bool:
        return not self.probleme

    def zurueckfuehren(self, problem: str) -> str:
        """A problem the store found in the delivery file, told at its place in the office's file."""
        m = re.match(
            rf"{re.escape(self.datei)}, Zeile (\d+)(?:, Spalte ‚([^‘]*)‘)?: (.*)", problem, re.DOTALL
        )
        if not m or int(m.group(1)) not in self.herkunft:
            return problem
        orte = self.herkunft[int(m.group(1))]
        ort = orte.get(m.group(2) or "") or orte[""]
        return f"{self.datei}, {ort}: {m.group(3)}"


class _Probleme(list[str]):
    def melde(self, datei: str, ort: Ort | None, text: str) -> None:
        self.append(f"{datei}, {ort}: {text}" if ort else f"{datei}: {text}")


def _lies(profil: TabellenProfil, daten: bytes, datei: str) -> OfficeTabelle:
    if profil.leser == "office_csv":
        return lies_office_csv(daten, datei)
    return lies_xlsx(
        daten, datei, profil.blatt, kopf_zeilen=profil.kopf_zeilen, kopf_beginn=profil.kopf_beginn
    )


def _zeitraum_aus_name(profil: TabellenProfil, datei: str, typ: str) -> str:
    """The period from the file name (ValueError with a German reason)."""
    assert profil.zeitraum_muster is not None
    name = re.split(r"[\\/]", datei)[-1]
    m = profil.zeitraum_muster.search(name)
    if m is None:
        raise ValueError(
            f"der Dateiname ‚{name}‘ passt nicht zum Muster des Profils ({profil.zeitraum_muster.pattern}); "
            f"bitte den Zeitraum angeben ({_ANGEBEN})"
        )
    g = {k: v for k, v in m.groupdict().items() if v}
    if "zeitraum" in g:
        text = g["zeitraum"]
    elif "quartal" in g:
        text = f"{g.get('jahr', '')}-Q{g['quartal']}"
    elif "monat" in g:
        text = f"{g.get('jahr', '')}-{g['monat'].zfill(2)}"
    else:
        text = g.get("jahr", "")
    return zr.normalisiere(text, typ)


def _wert(profil: TabellenProfil, text: str) -> tuple[int | None, str]:
    """(count, flag) of a value cell: (n, "") or (None, "g") for a secret cell; ValueError in German."""
    t = text.strip()
    if t in profil.geheim:
        return None, "g"
    if profil.leser == "ba_xlsx":
        w = lies_ba_wert(t)
        if w.wert is None:
            return None, "g"
        zahl_ = w.wert
    else:
        zahl_ = 0.0 if t == "-" else zahl(t)
    if zahl_ < 0:
        raise ValueError(f"‚{t}‘ ist negativ; Anzahlen müssen 0 oder größer sein")
    if not zahl_.is_integer():
        raise ValueError(f"‚{t}‘ ist keine ganze Zahl; Anzahlen haben keine Nachkommastellen")
    if zahl_ > MAX_ANZAHL:
        raise ValueError(f"‚{t}‘ ist unplausibel groß")
    return int(zahl_), ""


class _Umwandler:
    def __init__(self, katalog: Katalog, profil: TabellenProfil, tabelle: OfficeTabelle) -> None:
        self.katalog, self.profil, self.t = katalog, profil, tabelle
        self.ds = katalog.datensaetze[profil.datensatz]
        self.gebiete = gebietstabelle(katalog, profil.gebiet_codes)
        self.codes = {
            m: codetabelle(katalog.codelisten[self.ds.merkmale[m]], r.codes)
            for m, r in profil.spalten_regeln.items()
        }
        orte = dict(zip(tabelle.spalten, tabelle.spalten_orte, strict=True))
        normal = {" ".join(s.split()).casefold(): s for s in tabelle.spalten}
        # profile column name -> (column name in the file, its letter or field number)
        self.spalten: dict[str, tuple[str, str]] = {}
        self.fehlend: list[str] = []
        for s in profil.spalten():
            echt = s if s in orte else normal.get(" ".join(s.split()).casefold())
            if echt is None:
                self.fehlend.append(s)
            else:
                self.spalten[s] = (echt, orte[echt])

    def ort(self, z: OfficeZeile, spalte: str = "") -> Ort:
        if not spalte:
            return Ort(self.t.blatt, z.nr)
        echt, wo = self.spalten[spalte]
        return Ort(self.t.blatt, z.nr, wo, echt)

    def feld(self, z: OfficeZeile, spalte: str) -> str:
        return z.felder[self.spalten[spalte][0]]

    def auszulassen(self, z: OfficeZeile) -> bool:
        return any(
            " ".join(self.feld(z, s).split()).casefold() in werte
            for s, werte in self.profil.auslassen.items()
        )

    def gebiet(self, z: OfficeZeile, p: _Probleme) -> str | None:
        if self.profil.gebiet_code:
            return self.profil.gebiet_code
        roh = self.feld(z, self.profil.gebiet_spalte)
        code = gebiet_nachschlagen(self.gebiete, roh)
        if code is None:
            grund = (
                "Gebiet fehlt"
                if not roh.strip()
                else f"‚{roh}‘ ist kein Gebiet des Kreises {self.katalog.kreis.name}"
            )
            p.melde(self.t.datei, self.ort(z, self.profil.gebiet_spalte),
                    f"{grund} (AGS, ARS oder Name einer Gemeinde; sonst im Profil unter gebiet.codes ergänzen)")  # fmt: skip
        return code

    def merkmale(self, z: OfficeZeile, p: _Probleme) -> dict[str, str] | None:
        codes = dict(self.profil.feste_codes)
        for merkmal, regel in self.profil.spalten_regeln.items():
            roh = self.feld(z, regel.spalte)
            code = nachschlagen(self.codes[merkmal], roh)
            if code is None:
                liste = self.katalog.codelisten[self.ds.merkmale[merkmal]]
                p.melde(self.t.datei, self.ort(z, regel.spalte),
                        f"‚{roh}‘ ist in der Codeliste {liste.name} unbekannt "
                        f"(im Profil unter merkmale.{merkmal}.codes ergänzen)")  # fmt: skip
            else:
                codes[merkmal] = code
        return codes if len(codes) == len(self.profil.spalten_regeln) + len(self.profil.feste_codes) else None


def wandle_um(
    katalog: Katalog, profil: TabellenProfil, daten: bytes, datei: str, zeitraum: str | None = None
) -> Umwandlung:
    """Convert an office's file with a table profile. `zeitraum` (e.g. from --period) overrides the
    profile's period; with a period column, rows of other periods are then left out (and counted in a hint)."""
    ds = katalog.datensaetze[profil.datensatz]
    u = Umwandlung(datei, ds.id, quell_hash=hashlib.sha256(daten).hexdigest())
    p = _Probleme()
    try:
        if zeitraum:
            u.zeitraum = zr.normalisiere(zeitraum, ds.zeitraum)
        elif profil.zeitraum_muster is not None:
            u.zeitraum = _zeitraum_aus_name(profil, datei, ds.zeitraum)
        elif not profil.zeitraum_spalte:
            raise ValueError(f"das Profil {profil.name} nennt keinen Zeitraum; bitte angeben ({_ANGEBEN})")
    except ValueError as exc:
        p.melde(datei, None, f"Zeitraum: {exc}")
        u.probleme = p
        return u
    try:
        tabelle = _lies(profil, daten, datei)
    except FormatFehler as exc:
        u.probleme = [str(exc)]
        return u
    w = _Umwandler(katalog, profil, tabelle)
    if w.fehlend:
        kopf = Ort(tabelle.blatt, tabelle.kopf_zeile)
        p.melde(datei, kopf,
                f"Spalte(n) {', '.join(f'‚{s}‘' for s in w.fehlend)} fehlen (Profil {profil.name}); "
                f"die Tabelle hat: {', '.join(tabelle.spalten)}")  # fmt: skip
        u.probleme = p
        return u
    zeilen = _zellen(w, u, p, zeitraum is not None, bool(u.zeitraum))
    if not p and not zeilen:
        p.melde(datei, None, "die Tabelle enthält keine Werte (alle Wertspalten leer)")
    if len(p) > MAX_PROBLEME:
        p[MAX_PROBLEME:] = [f"… und {len(p) - MAX_PROBLEME} weitere Probleme"]
    if p:
        u.probleme, u.herkunft = p, {}
        return u
    puffer = io.StringIO()
    schreibe = schreiber(puffer, delimiter=";", lineterminator="\n")
    schreibe.writerow(["gebiet", "zeitraum", *ds.merkmale, "wert", "kennzeichen"])
    schreibe.writerows(zeilen)
    u.daten, u.zellen = puffer.getvalue().encode("utf-8"), len(zeilen)
    return u


def _schuljahr(text: str) -> str:
    """'2024/25' or '2024/2025' -> '2024' (the year the school year begins); ValueError in German."""
    m = re.fullmatch(r"(\d{4})\s*/\s*(\d{2}|\d{4})", text.strip())
    if m is None or int(m.group(2)) % 100 != (int(m.group(1)) + 1) % 100:
        raise ValueError(f"‚{text.strip()}‘ ist kein Schuljahr (Beispiel: 2024/25)")
    return m.group(1)


def _zeilen(w: _Umwandler) -> list[OfficeZeile]:
    """The data rows, with the file's Summe/Insgesamt rows where the profile delivers them (summenzeilen)."""
    if not w.profil.summenzeilen:
        return list(w.t.zeilen)
    summen = [z for z in w.t.fuss if ist_summe(next((t for t in z.felder.values() if t), ""))]
    return sorted([*w.t.zeilen, *summen], key=lambda z: z.nr)


def _zellen(
    w: _Umwandler, u: Umwandlung, p: _Probleme, zeitraum_fest: bool, aus_name: bool
) -> list[list[str]]:
    """Delivery rows of every data row; fills u.zeitraum (period column), u.herkunft and u.hinweise.
    `aus_name`: the period came from the file name, so a period column must agree with it in every row."""
    profil, datei, ds = w.profil, u.datei, w.ds
    zeilen: list[list[str]] = []
    gesehen: dict[tuple[str, ...], Ort] = {}
    andere: dict[str, int] = {}
    erste_zeile: Ort | None = None
    abweichend = 0  # rows whose period column disagrees with the file name
    for z in _zeilen(w):
        if w.auszulassen(z):
            continue
        werte = [(ws, w.feld(z, ws.spalte).strip()) for ws in profil.wertspalten]
        if not any(text for _, text in werte):
            continue  # a sub-heading or an empty row: nothing to deliver
        if profil.zeitraum_spalte:
            roh = w.feld(z, profil.zeitraum_spalte)
            try:
                roh = _schuljahr(roh) if profil.zeitraum_schuljahr else roh
                zeitraum = zr.normalisiere(roh, ds.zeitraum)
            except ValueError as exc:
                p.melde(datei, w.ort(z, profil.zeitraum_spalte), str(exc))
                continue
            if zeitraum_fest and zeitraum != u.zeitraum:
                andere[zeitraum] = andere.get(zeitraum, 0) + 1
                continue
            if aus_name and not zeitraum_fest and zeitraum != u.zeitraum:
                if not abweichend:
                    p.melde(datei, w.ort(z, profil.zeitraum_spalte),
                            f"‚{w.feld(z, profil.zeitraum_spalte).strip()}‘ (Zeitraum {zeitraum}) weicht vom "
                            f"Zeitraum {u.zeitraum} des Dateinamens ab; Dateiname und Spalte müssen denselben "
                            f"Zeitraum nennen (falsche Datei oder falsch benannt?)")  # fmt: skip
                abweichend += 1
                continue
            if not u.zeitraum:
                u.zeitraum, erste_zeile = zeitraum, w.ort(z, profil.zeitraum_spalte)
            elif zeitraum != u.zeitraum:
                p.melde(datei, w.ort(z, profil.zeitraum_spalte),
                        f"Zeitraum {zeitraum} weicht vom Zeitraum {u.zeitraum} in {erste_zeile} ab; "
                        f"eine Lieferung gilt einem Zeitraum (einen wählen: {_ANGEBEN})")  # fmt: skip
                continue
        gebiet = w.gebiet(z, p)
        codes = w.merkmale(z, p)
        for ws, text in werte:
            if not text:
                continue
            ort = w.ort(z, ws.spalte)
            try:
                wert, kennzeichen = _wert(profil, text)
            except ValueError as exc:
                p.melde(datei, ort, str(exc))
                continue
            if gebiet is None or codes is None:
                continue
            alle = codes | ws.codes
            key = (gebiet, *(alle[m] for m in ds.merkmale))
            if key in gesehen:
                p.melde(datei, ort, f"dieselbe Zelle ({'/'.join(key)}) steht schon in {gesehen[key]}")
                continue
            gesehen[key] = ort
            zeilen.append([gebiet, u.zeitraum, *key[1:], "" if wert is None else str(wert), kennzeichen])
            herkunft = {"": w.ort(z), "wert": ort, "kennzeichen": ort}
            if profil.gebiet_spalte:
                herkunft["gebiet"] = w.ort(z, profil.gebiet_spalte)
            if profil.zeitraum_spalte:
                herkunft["zeitraum"] = w.ort(z, profil.zeitraum_spalte)
            herkunft |= {m: w.ort(z, r.spalte) for m, r in profil.spalten_regeln.items()}
            herkunft |= {m: ort for m in ws.codes}
            u.herkunft[len(zeilen) + 1] = herkunft  # line 1 of the delivery is its header
    if abweichend > 1:
        p.melde(
            datei, None, f"… und {abweichend - 1} weitere Zeilen mit einem anderen Zeitraum als im Dateinamen"
        )
    if andere:
        liste = ", ".join(f"{k} ({n} Zeile{'n' if n > 1 else ''})" for k, n in sorted(andere.items()))
        if zeilen:
            u.hinweise.append(f"{datei}: Zeilen anderer Zeiträume nicht übernommen: {liste}")
        elif not p:
            p.melde(datei, None, f"keine Zeile für den Zeitraum {u.zeitraum}; die Datei hat: {liste}")
    if profil.zeitraum_spalte and not u.zeitraum and not p:
        p.melde(datei, None, f"die Spalte ‚{profil.zeitraum_spalte}‘ nennt keinen Zeitraum")
    return zeilen
