"""Validate a delivery file against its dataset definition (pure: no Django, no database).

Every problem is found (not just the first) and names row and column in German, so an office can correct
its file in one go; at most `MAX_PROBLEME` are listed, then how many more there are.

Linear in the size of the file: rows are checked as they are read (`pruefe_datei`), region, period and code
look-ups are dictionary look-ups, and the margin check sums the parts of every margin at once with numpy
(`_pruefe_summen`; the cell-by-cell `Wuerfel` version remains for cubes too large for 64-bit cell numbers).
"""

from __future__ import annotations

import operator
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.model import EBENEN, TOTAL, Datensatz, Katalog
from integrationsmonitor.formats.delivery_csv import Lieferdatei, Tabelle
from integrationsmonitor.formats.numbers import ganze_zahl
from integrationsmonitor.indicators.cube import Wuerfel, Zelle
from integrationsmonitor.indicators.model import Wert

KENNZEICHEN = {"": "", "p": "p", "s": "s", "r": "r", "g": "g", ".": "g"}
MAX_PROBLEME = 200  # beyond this, the report says how many more there are
TRENNER = "|"  # joins dimension codes in Beobachtung.merkmale
_MAX_SCHLUESSEL = 1 << 62  # cube size up to which a cell is numbered by one int64


@dataclass(frozen=True, slots=True)
class Problem:
    text: str
    zeile: int | None = None
    spalte: str | None = None

    def __str__(self) -> str:
        wo = []
        if self.zeile is not None:
            wo.append(f"Zeile {self.zeile}")
        if self.spalte is not None:
            wo.append(f"Spalte ‚{self.spalte}‘")
        return f"{', '.join(wo)}: {self.text}" if wo else self.text


@dataclass
class Pruefergebnis:
    probleme: list[Problem] = field(default_factory=list)
    anzahl_probleme: int = 0  # problems found; `probleme` lists the first MAX_PROBLEME and a summary line
    _zellen: list[Zelle] | None = None
    _speicher: _Zellspeicher | None = None

    @property
    def ok(self) -> bool:
        return not self.probleme

    @property
    def zellen(self) -> list[Zelle]:
        """The checked cells in file order (made on first use; ingest reads `zeilen()` instead)."""
        if self._zellen is None:
            self._zellen = [] if self._speicher is None else list(self._speicher.zellen())
        return self._zellen

    def anzahl_zellen(self) -> int:
        return len(self._speicher) if self._speicher is not None else len(self.zellen)

    def zeilen(self) -> Iterator[tuple[str, str, float | None, str]]:
        """(gebiet, codes joined by `trenner`, wert, kennzeichen) of each cell, for the database."""
        if self._speicher is not None:
            yield from self._speicher.zeilen()
            return
        verbunden: dict[tuple[str, ...], str] = {}
        for z in self.zellen:
            if (merkmale := verbunden.get(z.merkmale)) is None:
                merkmale = verbunden[z.merkmale] = TRENNER.join(z.merkmale)
            yield z.gebiet, merkmale, z.wert, z.kennzeichen

    def melde(self, problem: Problem) -> None:
        """Count a problem; keep it if it is among the first MAX_PROBLEME (memory stays bounded)."""
        self.anzahl_probleme += 1
        if self.anzahl_probleme <= MAX_PROBLEME:
            self.probleme.append(problem)

    def abschliessen(self) -> None:
        if self.anzahl_probleme > MAX_PROBLEME:
            rest = self.anzahl_probleme - MAX_PROBLEME
            self.probleme = [*self.probleme[:MAX_PROBLEME], Problem(f"… und {rest} weitere Probleme")]


_KZ = ("", "p", "s", "r", "g")
_KZ_NR = {k: i for i, k in enumerate(_KZ)}


class _Zellspeicher:
    """The checked cells as numbers: 25 bytes a cell instead of a Python object per cell."""

    def __init__(self, pruefer: _Zeilenpruefer) -> None:
        self.pruefer = pruefer
        self.nummern, self.nrs, self.werte, self.kennzeichen = array("q"), array("q"), array("d"), bytearray()

    def __len__(self) -> int:
        return len(self.nummern)

    def _codes(self, rest: int) -> tuple[str, ...]:
        p = self.pruefer
        return tuple(
            p.code_liste[i][(rest // schritt) % (t + 1)]
            for i, (schritt, t) in enumerate(zip(p.schritte, p.total_nr, strict=True))
        )

    def zeilen(self) -> Iterator[tuple[str, str, float | None, str]]:
        p = self.pruefer
        gebiete, gs = p.gebiet_liste, p.gebiet_schritt
        verbunden: dict[int, str] = {}
        for nummer, wert, kz in zip(self.nummern, self.werte, self.kennzeichen, strict=True):
            r, rest = divmod(nummer, gs)
            if (merkmale := verbunden.get(rest)) is None:
                merkmale = verbunden[rest] = TRENNER.join(self._codes(rest))
            yield gebiete[r], merkmale, None if kz == 4 else wert, _KZ[kz]

    def zelle(self, i: int) -> Zelle:
        r, rest = divmod(self.nummern[i], self.pruefer.gebiet_schritt)
        kz = self.kennzeichen[i]
        return Zelle(
            self.pruefer.gebiet_liste[r], self._codes(rest), None if kz == 4 else self.werte[i], _KZ[kz]
        )

    def behalte(self, maske: np.ndarray) -> None:
        """Keep the cells where `maske` is True."""
        self.nummern = array("q", np.frombuffer(self.nummern, dtype=np.int64)[maske].tobytes())
        self.nrs = array("q", np.frombuffer(self.nrs, dtype=np.int64)[maske].tobytes())
        self.werte = array("d", np.frombuffer(self.werte, dtype=np.float64)[maske].tobytes())
        self.kennzeichen = bytearray(np.frombuffer(self.kennzeichen, dtype=np.uint8)[maske].tobytes())

    def zellen(self) -> Iterator[Zelle]:
        p = self.pruefer
        codes: dict[int, tuple[str, ...]] = {}
        for nummer, wert, kz in zip(self.nummern, self.werte, self.kennzeichen, strict=True):
            r, rest = divmod(nummer, p.gebiet_schritt)
            if (c := codes.get(rest)) is None:
                c = codes[rest] = self._codes(rest)
            yield Zelle(p.gebiet_liste[r], c, None if kz == 4 else wert, _KZ[kz])


def gebiet_code(katalog: Katalog, text: str) -> str | None:
    """A region code as offices write it (AGS, ARS-9, ARS-12) mapped to the catalogue's code."""
    t = text.strip()
    if t in katalog.gebiete:
        return t
    if len(t) == 12 and t.isdigit():  # ARS-12: Kreis 120610000000, Gemeinde 120610020020
        if t.endswith("0000000") and t[:5] in katalog.gebiete:
            return t[:5]
        ags = t[:5] + t[9:]
        if ags in katalog.gebiete:
            return ags
    return None


def _pruefe_kopf(
    datensatz: Datensatz, spalten: Iterable[str], ergebnis: Pruefergebnis, datei: Lieferdatei | None = None
) -> None:
    """Missing and unknown columns. `spalten` holds every name, or the first ones of `datei`'s long header
    (then the rest is read once more, only to count)."""
    erwartet = ["gebiet", "zeitraum", *datensatz.merkmale, "wert"]
    bekannt = {*erwartet, "kennzeichen"}
    vorhanden = spalten if isinstance(spalten, dict) else dict.fromkeys(spalten)
    gefunden = set(vorhanden) & bekannt
    spaet_unbekannt = 0
    if datei is not None and datei.anzahl_spalten > len(vorhanden):
        for i, s in enumerate(datei.alle_spalten()):
            if i < len(vorhanden):
                continue
            if s in bekannt:
                gefunden.add(s)
            else:
                spaet_unbekannt += 1
    for s in erwartet:
        if s not in gefunden:
            ergebnis.melde(
                Problem(f"Pflichtspalte ‚{s}‘ fehlt (erwartet: {';'.join(erwartet)}[;kennzeichen])", 1)
            )
    for s in vorhanden:
        if s not in bekannt:
            ergebnis.melde(Problem(f"Spalte ‚{s}‘ gehört nicht zum Datensatz {datensatz.id}", 1))
    ergebnis.anzahl_probleme += spaet_unbekannt  # never listed: the first columns fill the list


@dataclass(frozen=True, slots=True)
class _Kombination:
    codes: tuple[str, ...]
    nummer: int  # Σ code number × stride
    probleme: tuple[Problem, ...]  # unknown codes, totals where none are allowed
    regeln: tuple[Problem, ...]  # rules the combination breaks (a problem unless the value is 0)


_MAX_KOMBINATIONEN = 1 << 18  # code combinations remembered (a file with more is checked without)


@dataclass(frozen=True, slots=True)
class _Regelplan:
    wenn: int  # index of the dimension that triggers the rule
    wenn_code: str
    dann: int  # index of the dimension that must be in the group
    merkmal: str
    gruppe: str


class _Zeilenpruefer:
    """Checks one row at a time; every look-up is a dictionary look-up, the answers are kept for the next
    rows (a delivery repeats its regions, periods and code combinations)."""

    def __init__(
        self, katalog: Katalog, datensatz: Datensatz, zeitraum: str, spalten: dict[str, int]
    ) -> None:
        self.katalog, self.datensatz, self.zeitraum = katalog, datensatz, zeitraum
        self.breite = len(spalten)
        self.stichtag: date = zr.stichtag(zeitraum)
        self.i_gebiet, self.i_zeitraum, self.i_wert = spalten["gebiet"], spalten["zeitraum"], spalten["wert"]
        self.i_kennzeichen = spalten.get("kennzeichen")
        self.merkmale = list(datensatz.merkmale)
        self.i_merkmale = [spalten[m] for m in self.merkmale]
        self.listen = [katalog.codelisten[datensatz.merkmale[m]] for m in self.merkmale]
        # cells are numbered: region number × stride + Σ code number × stride (TOTAL is the last code number)
        self.gebiet_nr = {code: i for i, code in enumerate(katalog.gebiete)}
        self.gebiet_liste = list(katalog.gebiete)
        self.code_liste = [[*liste.codes, TOTAL] for liste in self.listen]
        self.code_nr = [  # "insgesamt" in any spelling is the total, never a code
            {c: i for i, c in enumerate(liste.codes) if c != TOTAL and c.lower() != "insgesamt"}
            for liste in self.listen
        ]
        self.total_nr = [len(liste.codes) for liste in self.listen]
        schritte, s = [], 1
        for n in reversed(self.total_nr):
            schritte.append(s)
            s *= n + 1
        self.schritte = schritte[::-1]
        self.gebiet_schritt = s
        self.speicher = _Zellspeicher(self) if s * len(self.gebiet_nr) < _MAX_SCHLUESSEL else None
        self.regeln = [
            _Regelplan(
                self.merkmale.index(r.wenn_merkmal),
                r.wenn_code,
                self.merkmale.index(r.dann_merkmal),
                r.dann_merkmal,
                r.dann_gruppe,
            )
            for r in datensatz.regeln
        ]
        self._gebiete: dict[str, tuple[str, int] | Problem] = {}
        self._zeitraeume: dict[str, Problem | None] = {}
        self._kombinationen: dict[tuple[str, ...], _Kombination] = {}
        holen = operator.itemgetter(*self.i_merkmale) if self.i_merkmale else None
        self._roh: Callable[[list[str]], tuple[str, ...]] = (
            (lambda f: ())
            if holen is None
            else (lambda f: (holen(f),))
            if len(self.i_merkmale) == 1
            else holen
        )

    def _gebiet(self, text: str) -> tuple[str, int] | Problem:
        """(catalogue code, region number) or the problem; known answers are kept (few regions)."""
        if (bekannt := self._gebiete.get(text)) is not None:
            return bekannt
        gebiet = gebiet_code(self.katalog, text)
        antwort: tuple[str, int] | Problem
        if gebiet is None:
            return Problem(
                f"unbekanntes Gebiet ‚{text}‘ (erwartet: AGS oder ARS im Kreis {self.katalog.kreis.code})",
                None,
                "gebiet",
            )  # not kept: a file may hold any number of different wrong codes
        ebene = self.katalog.gebiete[gebiet].ebene
        if ebene not in self.datensatz.ebenen:
            antwort = Problem(
                f"Gebiet {self.katalog.gebiete[gebiet].name} ({gebiet}) liegt auf der Ebene {ebene}; "
                f"der Datensatz erlaubt {', '.join(self.datensatz.ebenen)}",
                None,
                "gebiet",
            )
        else:
            antwort = (gebiet, self.gebiet_nr[gebiet])
        self._gebiete[text] = antwort
        return antwort

    def _zeitraum(self, text: str) -> Problem | None:
        if text in self._zeitraeume:
            return self._zeitraeume[text]
        try:
            if zr.normalisiere(text, self.datensatz.zeitraum) != self.zeitraum:
                antwort = Problem(
                    f"Zeitraum ‚{text}‘ passt nicht zur Lieferung für {self.zeitraum}", None, "zeitraum"
                )
            else:
                antwort = None
        except ValueError as exc:
            antwort = Problem(str(exc), None, "zeitraum")
        if len(self._zeitraeume) < 1000:
            self._zeitraeume[text] = antwort
        return antwort

    def _kombination(self, roh: tuple[str, ...]) -> _Kombination:
        """Codes of a row as delivered → their problems, or the codes, their number and rule problems."""
        probleme: list[Problem] = []
        codes = []
        for i, merkmal in enumerate(self.merkmale):
            code = roh[i].strip()
            if code.lower() == "insgesamt":
                code = TOTAL
            if code == TOTAL and not self.datensatz.summierbar:
                probleme.append(
                    Problem(
                        f"Summen ({TOTAL}) sind in diesem Datensatz nicht erlaubt, die Codes messen Verschiedenes",
                        None,
                        merkmal,
                    )
                )
            elif code != TOTAL and code not in self.listen[i].codes:
                probleme.append(
                    Problem(f"unbekannter Code ‚{code}‘ (Codeliste {self.listen[i].name})", None, merkmal)
                )
            codes.append(code)
        t = tuple(codes)
        if probleme:
            return _Kombination(t, 0, tuple(probleme), ())
        nummer = sum(self.code_nr[i].get(c, self.total_nr[i]) * self.schritte[i] for i, c in enumerate(t))
        return _Kombination(t, nummer, (), tuple(self._regeln(t)))

    def pruefe(self, nr: int, felder: list[str], anzahl: int, ergebnis: Pruefergebnis) -> Zelle | None:
        """Check one row; problems go to `ergebnis`. A good cell goes to `speicher` if the cube's cells can be
        numbered (then None is returned), else it is returned."""
        if anzahl != self.breite:
            ergebnis.melde(
                Problem(
                    f"{anzahl} statt {self.breite} Felder (Zeile abgeschnitten oder Trennzeichen falsch?)", nr
                )
            )
            return None
        fehler = False
        text = felder[self.i_gebiet].strip()
        gebiet = self._gebiete.get(text) or self._gebiet(text)
        if isinstance(gebiet, Problem):
            ergebnis.melde(Problem(gebiet.text, nr, gebiet.spalte))
            fehler = True
        text = felder[self.i_zeitraum].strip()
        z_problem = self._zeitraeume[text] if text in self._zeitraeume else self._zeitraum(text)
        if z_problem is not None:
            ergebnis.melde(Problem(z_problem.text, nr, z_problem.spalte))
            fehler = True
        roh = self._roh(felder)
        kombination = self._kombinationen.get(roh)
        if kombination is None:
            kombination = self._kombination(roh)
            if len(self._kombinationen) < _MAX_KOMBINATIONEN and not kombination.probleme:
                self._kombinationen[roh] = kombination
        for p in kombination.probleme:
            ergebnis.melde(Problem(p.text, nr, p.spalte))
            fehler = True
        kz_text = felder[self.i_kennzeichen].strip() if self.i_kennzeichen is not None else ""
        kennzeichen = KENNZEICHEN.get(kz_text) or KENNZEICHEN.get(kz_text.lower())
        if kennzeichen is None:
            ergebnis.melde(
                Problem(f"unbekanntes Kennzeichen ‚{kz_text}‘ (erlaubt: p, s, r, g)", nr, "kennzeichen")
            )
            fehler = True
        w = felder[self.i_wert].strip()
        wert: float | None = None
        if len(w) <= 12 and w.isdigit() and w.isascii() and kennzeichen != "g":
            wert = float(w)  # plain digits: what ganze_zahl would return
        elif kennzeichen == "g" and w not in ("", "."):
            ergebnis.melde(
                Problem(
                    "geheim gekennzeichnete Zelle hat einen Wert; geheime Werte werden nicht geliefert (Wert leer oder ‚.‘)",
                    nr,
                    "wert",
                )
            )
            fehler = True
        elif w in ("", ".") and (kennzeichen == "g" or w == "."):
            kennzeichen = "g"
        elif w == "":
            ergebnis.melde(
                Problem("Wert fehlt (geheime Zellen: Wert leer oder ‚.‘ mit Kennzeichen g)", nr, "wert")
            )
            fehler = True
        else:
            try:
                wert = float(ganze_zahl(w))
            except ValueError as exc:
                ergebnis.melde(Problem(str(exc), nr, "wert"))
                fehler = True
        if fehler or isinstance(gebiet, Problem):
            return None
        if wert != 0:  # an impossible combination may be 0
            for p in kombination.regeln:
                ergebnis.melde(Problem(p.text, nr, p.spalte))
        if self.speicher is not None:
            sp = self.speicher
            sp.nummern.append(gebiet[1] * self.gebiet_schritt + kombination.nummer)
            sp.nrs.append(nr)
            sp.werte.append(0.0 if wert is None else wert)
            sp.kennzeichen.append(_KZ_NR[kennzeichen or ""])
            return None
        return Zelle(gebiet[0], kombination.codes, wert, kennzeichen or "")

    def _regeln(self, codes: tuple[str, ...]) -> Iterator[Problem]:
        for r in self.regeln:
            wenn, dann = codes[r.wenn], codes[r.dann]
            if wenn != r.wenn_code or dann == TOTAL:
                continue
            liste = self.listen[r.dann]
            if not liste.ist_mitglied(dann, r.gruppe, self.stichtag):
                gruppe = liste.gruppen[r.gruppe].name
                yield Problem(
                    f"{self.merkmale[r.wenn]} = {wenn}, aber {liste.codes[dann].name} ({dann}) gehört am "
                    f"{self.stichtag:%d.%m.%Y} nicht zur Gruppe „{gruppe}“",
                    None,
                    r.merkmal,
                )


def _teilsummen(
    katalog: Katalog, wuerfel: Wuerfel, z: Zelle, fein: dict[tuple[str, tuple[str, ...]], Wert]
) -> list[tuple[str, float, bool]]:
    """Sums of the delivered parts of a margin cell, each with whether the parts are complete:
    the finest cells (missing ones are 0), and along single coordinates (sub-regions, Gemeinden, the codes
    of one dimension) the delivered, non-secret parts — complete only when every part was delivered."""
    summen = []
    if wuerfel.fein and wuerfel.feine_gebiete(z.gebiet) is not None:
        teil = fein.get((z.gebiet, z.merkmale), Wert(0.0))  # no finest cell below: they are all 0
        if teil.value is not None:
            summen.append(("der feinsten Zellen", teil.value, True))
    achsen: list[tuple[str, list[tuple[str, tuple[str, ...]]]]] = [
        ("der Teilgebiete", [(k.code, z.merkmale) for k in katalog.kinder(z.gebiet)]),
        ("der Gemeinden", [(g, z.merkmale) for g in katalog.gemeinden_unter(z.gebiet) if g != z.gebiet]),
    ]
    for i, (merkmal, liste) in enumerate(wuerfel.datensatz.merkmale.items()):
        if z.merkmale[i] == TOTAL:
            codes = katalog.codelisten[liste].codes
            achsen.append(
                (f"über {merkmal}", [(z.gebiet, (*z.merkmale[:i], c, *z.merkmale[i + 1 :])) for c in codes])
            )
    for name, schluessel in achsen:
        teile = [wuerfel.exakt[k] for k in schluessel if k in wuerfel.exakt]
        if teile:
            offen = [t for t in teile if not t.geheim]
            vollstaendig = len(teile) == len(schluessel) and len(offen) == len(teile)
            summen.append((name, sum(t.wert or 0.0 for t in offen), vollstaendig))
    return summen


def _pruefe_summen_einzeln(
    katalog: Katalog,
    datensatz: Datensatz,
    zellen: list[Zelle],
    zeilen: dict[tuple[str, tuple[str, ...]], int],
) -> list[Problem]:
    """Where a margin and its parts are both delivered, they must agree; partial parts must not exceed it
    (cell by cell: for cubes too large to number their cells with int64)."""
    wuerfel = Wuerfel(katalog, datensatz, zellen)
    margen = [z for z in zellen if not wuerfel.ist_fein(z) and not z.geheim and datensatz.summierbar]
    fein = (
        wuerfel.aufsummiert({tuple(m != TOTAL for m in z.merkmale) for z in margen}) if wuerfel.fein else {}
    )
    p = []
    for z in margen:
        for name, summe, vollstaendig in _teilsummen(katalog, wuerfel, z, fein):
            if vollstaendig and summe != z.wert:
                text = _summentext(katalog, datensatz, z, name, summe, vollstaendig=True)
            elif not vollstaendig and z.wert is not None and summe > z.wert:
                text = _summentext(katalog, datensatz, z, name, summe, vollstaendig=False)
            else:
                continue
            p.append(Problem(text, zeilen[(z.gebiet, z.merkmale)], "wert"))
            break
    return p


def zahl(wert: float | None) -> str:
    """A whole number in German: 14900 → "14.900", -3 → "−3" (as publish.formatting writes them)."""
    if wert is None:
        return "."
    text = f"{abs(wert):,.0f}".replace(",", ".")
    return ("−" if round(wert) < 0 else "") + text


def zelle_text(katalog: Katalog, datensatz: Datensatz, gebiet: str, merkmale: tuple[str, ...]) -> str:
    """Where a cell is, in words beside the codes: "Bestensee (12061020), gruppe Drittstaaten (drittstaat),
    sonst insgesamt" — or "…, alle Merkmale insgesamt"."""
    g = katalog.gebiete.get(gebiet)
    teile = [f"{g.name} ({gebiet})" if g is not None else gebiet]
    codes = []
    for (merkmal, liste_id), code in zip(datensatz.merkmale.items(), merkmale, strict=False):
        if code == TOTAL:
            continue
        c = katalog.codelisten[liste_id].codes.get(code)
        codes.append(f"{merkmal} {c.name} ({code})" if c is not None else f"{merkmal} {code}")
    if not datensatz.merkmale:
        return teile[0]
    if not codes:
        return f"{teile[0]}, alle Merkmale insgesamt"
    rest = ", sonst insgesamt" if len(codes) < len(datensatz.merkmale) else ""
    return ", ".join([*teile, *codes]) + rest


def _summentext(
    katalog: Katalog, datensatz: Datensatz, z: Zelle, name: str, summe: float, *, vollstaendig: bool
) -> str:
    wo = f"({zelle_text(katalog, datensatz, z.gebiet, z.merkmale)})"
    if vollstaendig:
        return f"Summe {zahl(z.wert)} stimmt nicht mit der Summe {name} ({zahl(summe)}) überein {wo}"
    return f"Summe {zahl(z.wert)} ist kleiner als die Summe der gelieferten Teile {name} ({zahl(summe)}) {wo}"


def pruefe_lieferung(katalog: Katalog, datensatz_id: str, zeitraum: str, tabelle: Tabelle) -> Pruefergebnis:
    """Check every row of a delivery read at once (`lies_lieferung`); cells or problems."""
    spalten = {s: i for i, s in enumerate(tabelle.spalten)}
    zeilen = ((z.nr, [z.felder[s] for s in tabelle.spalten], z.anzahl_felder) for z in tabelle.zeilen)
    return _pruefe(katalog, datensatz_id, zeitraum, spalten, zeilen)


def pruefe_datei(katalog: Katalog, datensatz_id: str, zeitraum: str, datei: Lieferdatei) -> Pruefergebnis:
    """Check every row of a delivery as it is read; cells or problems. A line that is not CSV raises
    `FormatFehler` (as `lies_lieferung` would)."""
    return _pruefe(katalog, datensatz_id, zeitraum, datei.spalten, datei.zeilen(), datei)


def _pruefe(
    katalog: Katalog,
    datensatz_id: str,
    zeitraum: str,
    spalten: dict[str, int],
    zeilen: Iterator[tuple[int, list[str], int]],
    datei: Lieferdatei | None = None,
) -> Pruefergebnis:
    ergebnis = Pruefergebnis()
    datensatz = katalog.datensaetze[datensatz_id]
    _pruefe_kopf(datensatz, spalten, ergebnis, datei)
    if ergebnis.anzahl_probleme:
        ergebnis.abschliessen()
        return ergebnis
    pruefer = _Zeilenpruefer(katalog, datensatz, zeitraum, spalten)
    leer = True
    gesehen: dict[tuple[str, tuple[str, ...]], int] = {}  # cell -> line (cubes too large to number)
    if (speicher := pruefer.speicher) is not None:
        for nr, felder, anzahl in zeilen:
            leer = False
            pruefer.pruefe(nr, felder, anzahl, ergebnis)
        _doppelte(speicher, ergebnis)
        ergebnis._speicher = speicher
    else:
        ergebnis._zellen = []
        for nr, felder, anzahl in zeilen:
            leer = False
            zelle = pruefer.pruefe(nr, felder, anzahl, ergebnis)
            if zelle is None:
                continue
            if (frueher := gesehen.get((zelle.gebiet, zelle.merkmale))) is not None:
                ergebnis.melde(Problem(f"doppelte Zelle, schon in Zeile {frueher} geliefert", nr))
                continue
            gesehen[(zelle.gebiet, zelle.merkmale)] = nr
            ergebnis._zellen.append(zelle)
    if leer:
        ergebnis.melde(Problem("die Datei enthält keine Datenzeilen"))
    if not ergebnis.anzahl_probleme and datensatz.summierbar:
        if speicher is not None:
            _pruefe_summen(katalog, pruefer, speicher, ergebnis)
        else:
            for p in _pruefe_summen_einzeln(katalog, datensatz, ergebnis.zellen, gesehen):
                ergebnis.melde(p)
    ergebnis.abschliessen()
    return ergebnis


def _doppelte(speicher: _Zellspeicher, ergebnis: Pruefergebnis) -> None:
    """Report each cell delivered again (with the line of its first delivery), in line order among the
    other problems, as the row-by-row check would have; the later copies leave the cells."""
    if not len(speicher):
        return
    k = np.frombuffer(speicher.nummern, dtype=np.int64)
    reihenfolge = np.argsort(k, kind="stable")  # equal cells in file order
    sortiert = k[reihenfolge]
    wieder = np.zeros(len(k), dtype=bool)
    wieder[1:] = sortiert[1:] == sortiert[:-1]
    if not wieder.any():
        return
    erste = np.maximum.accumulate(np.where(~wieder, np.arange(len(k)), 0))  # first of each run
    nrs = np.frombuffer(speicher.nrs, dtype=np.int64)
    doppelt_an = reihenfolge[wieder]
    frueher = nrs[reihenfolge[erste[wieder]]]
    neu = [
        Problem(f"doppelte Zelle, schon in Zeile {int(f)} geliefert", int(nrs[i]))
        for i, f in sorted(zip(doppelt_an.tolist(), frueher.tolist(), strict=True))
    ]
    # merge by line: a row's own problems come before its "doppelte Zelle"
    alle = sorted(
        [(p.zeile or 0, 0, j, p) for j, p in enumerate(ergebnis.probleme)]
        + [(p.zeile or 0, 1, j, p) for j, p in enumerate(neu[:MAX_PROBLEME])],
        key=lambda x: x[:3],
    )
    ergebnis.probleme = [p for *_, p in alle][:MAX_PROBLEME]
    ergebnis.anzahl_probleme += len(neu)
    behalten = np.ones(len(k), dtype=bool)
    behalten[doppelt_an] = False
    del k, sortiert, nrs
    speicher.behalte(behalten)


class _Summen:
    """Sums of the parts of every margin at once: parts are cells given by their number, each mapped to the
    number of the margin it adds to; margins are found by binary search among their sorted numbers."""

    def __init__(self, margen: np.ndarray) -> None:
        self.reihenfolge = np.argsort(margen, kind="stable")
        self.sortiert = margen[self.reihenfolge]
        self.n = len(margen)
        self.summe = np.zeros(self.n)
        self.anzahl = np.zeros(self.n, dtype=np.int64)
        self.offen = np.zeros(self.n, dtype=np.int64)

    def addiere(self, ziele: np.ndarray, werte: np.ndarray, geheim: np.ndarray) -> None:
        if not self.n or not len(ziele):
            return
        pos = np.minimum(np.searchsorted(self.sortiert, ziele), self.n - 1)
        treffer = self.sortiert[pos] == ziele
        m = self.reihenfolge[pos[treffer]]
        offen = ~geheim[treffer]
        self.summe += np.bincount(m, weights=np.where(offen, werte[treffer], 0.0), minlength=self.n)
        self.anzahl += np.bincount(m, minlength=self.n)
        self.offen += np.bincount(m, weights=offen, minlength=self.n).astype(np.int64)


def _pruefe_summen(
    katalog: Katalog, pruefer: _Zeilenpruefer, speicher: _Zellspeicher, ergebnis: Pruefergebnis
) -> None:
    """Where a margin and its parts are both delivered, they must agree; partial parts must not exceed it.

    The same checks, in the same order and with the same messages, as `_pruefe_summen_einzeln` (a margin
    reports its first disagreement), for all margins at once."""
    if not len(speicher):
        return
    k = np.frombuffer(speicher.nummern, dtype=np.int64)
    w = np.frombuffer(speicher.werte, dtype=np.float64)
    g = np.frombuffer(speicher.kennzeichen, dtype=np.uint8) == _KZ_NR["g"]
    gs = pruefer.gebiet_schritt
    r = k // gs
    codes = [(k // s) % (t + 1) for s, t in zip(pruefer.schritte, pruefer.total_nr, strict=True)]
    gebiete = list(katalog.gebiete.values())
    ebene = np.array([EBENEN.index(x.ebene) for x in gebiete])
    eltern = np.array([pruefer.gebiet_nr[x.parent] if x.parent else -1 for x in gebiete])
    voll = np.ones(len(k), dtype=bool)
    for c, t in zip(codes, pruefer.total_nr, strict=True):
        voll &= c != t
    feinste = int(ebene[r[voll]].max()) if voll.any() else EBENEN.index(pruefer.datensatz.feinste_ebene)
    fein = voll & (ebene[r] == feinste)
    marge = np.nonzero(~fein & ~g)[0]  # in the order of the file
    if not len(marge):
        return
    mk, mw, mr = k[marge], w[marge], r[marge]
    # per margin: the first check that fails (-1: none) and the sum it found
    achse = np.full(len(marge), -1)
    gefunden = np.zeros(len(marge))
    namen: list[str] = []
    unvollstaendig = np.zeros(len(marge), dtype=bool)

    def pruefe(nr_achse: int, summe: np.ndarray, da: np.ndarray, vollstaendig: np.ndarray) -> None:
        falsch = da & np.where(vollstaendig, summe != mw, summe > mw) & (achse < 0)
        achse[falsch] = nr_achse
        gefunden[falsch] = summe[falsch]
        unvollstaendig[falsch] = ~vollstaendig[falsch]

    # 1. the finest cells below (missing ones are 0), if the region is not finer than the finest level
    namen.append("der feinsten Zellen")
    if fein.any():
        s = _Summen(mk)
        fk, fw, fg, fr = k[fein], w[fein], g[fein], r[fein]
        fc = [c[fein] for c in codes]
        bits = sum(
            (
                (c[marge] == t).astype(np.int64) << i
                for i, (c, t) in enumerate(zip(codes, pruefer.total_nr, strict=True))
            ),
            np.zeros(len(marge), dtype=np.int64),
        )
        muster = [int(b) for b in np.unique(bits)]  # which dimensions the margins total
        kette = fr.copy()
        while len(fk):
            basis = fk + (kette - fr) * gs
            for m in muster:
                ziel = basis.copy()
                for i, c in enumerate(fc):
                    if m >> i & 1:
                        ziel += (pruefer.total_nr[i] - c) * pruefer.schritte[i]
                s.addiere(ziel, fw, fg)
            oben = eltern[kette]
            gueltig = oben >= 0
            fk, fw, fg, fr, kette = fk[gueltig], fw[gueltig], fg[gueltig], fr[gueltig], oben[gueltig]
            fc = [c[gueltig] for c in fc]
        ebene_m = ebene[mr]
        zu_fein = (ebene_m != feinste) & ((ebene_m == 2) | (feinste == 0))  # Wuerfel.feine_gebiete is None
        pruefe(0, s.summe, ~zu_fein & (s.offen == s.anzahl), np.ones(len(marge), dtype=bool))
    # 2. delivered sub-regions, 3. delivered Gemeinden, 4. the codes of each dimension (delivered, non-secret)
    kinder = np.bincount(eltern[eltern >= 0], minlength=len(gebiete))
    gemeinden = np.zeros(len(gebiete), dtype=np.int64)
    for i, x in enumerate(gebiete):
        if x.ebene == "gemeinde":
            j = eltern[i]
            while j >= 0:
                gemeinden[j] += 1
                j = eltern[j]
    s = _Summen(mk)
    hat = eltern[r] >= 0
    s.addiere(k[hat] + (eltern[r[hat]] - r[hat]) * gs, w[hat], g[hat])
    namen.append("der Teilgebiete")
    pruefe(1, s.summe, s.anzahl > 0, (s.anzahl == kinder[mr]) & (s.offen == s.anzahl))
    s = _Summen(mk)
    gem = ebene[r] == 2
    gk, gw, gg, gr = k[gem], w[gem], g[gem], r[gem]
    kette = eltern[gr]
    while (gueltig := kette >= 0).any():
        gk, gw, gg, gr, kette = gk[gueltig], gw[gueltig], gg[gueltig], gr[gueltig], kette[gueltig]
        s.addiere(gk + (kette - gr) * gs, gw, gg)
        kette = eltern[kette]
    namen.append("der Gemeinden")
    pruefe(2, s.summe, s.anzahl > 0, (s.anzahl == gemeinden[mr]) & (s.offen == s.anzahl))
    for i, merkmal in enumerate(pruefer.merkmale):
        s = _Summen(mk)
        t, schritt = pruefer.total_nr[i], pruefer.schritte[i]
        teil = codes[i] != t
        s.addiere(k[teil] + (t - codes[i][teil]) * schritt, w[teil], g[teil])
        namen.append(f"über {merkmal}")
        pruefe(3 + i, s.summe, s.anzahl > 0, (s.anzahl == t) & (s.offen == s.anzahl))
    for j in np.nonzero(achse >= 0)[0]:
        z = speicher.zelle(int(marge[j]))
        name, summe = namen[int(achse[j])], float(gefunden[j])
        text = _summentext(
            katalog, pruefer.datensatz, z, name, summe, vollstaendig=not bool(unvollstaendig[j])
        )
        ergebnis.melde(Problem(text, speicher.nrs[int(marge[j])], "wert"))
