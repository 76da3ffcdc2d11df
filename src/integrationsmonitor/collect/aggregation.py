"""Per-person rows -> the dataset's cube with every margin (pure; nothing of a person is kept).

Each row is reduced at once to its cell key (Gemeinde and one code per dimension); only counts per key
are kept. Which tables are published from them, and how they are protected: see tabellen.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from operator import itemgetter
from typing import Any

from integrationsmonitor.catalog.model import Codeliste, Katalog

from .codes import grundtabelle
from .profil import Merkmalsregel, Profil

Schluessel = tuple[str, ...]  # (gebiet, code per dimension)


@dataclass(frozen=True)
class Problem:
    zeile: int
    spalte: str
    text: str

    def __str__(self) -> str:
        return f"Zeile {self.zeile}, Spalte ‚{self.spalte}‘: {self.text}"


class Uebersetzer:
    """Turns one raw row into a cell key, or into problems."""

    def __init__(self, katalog: Katalog, profil: Profil, stichtag: date) -> None:
        self.katalog, self.profil, self.stichtag = katalog, profil, stichtag
        self.datensatz = katalog.datensaetze[profil.datensatz]
        regeln = {r.merkmal: r for r in profil.regeln}
        self.regeln = [regeln[m] for m in self.datensatz.merkmale]
        self.listen = [katalog.codelisten[c] for c in self.datensatz.merkmale.values()]
        self.nachschlagen = [
            self._tabelle(r, liste) for r, liste in zip(self.regeln, self.listen, strict=True)
        ]
        self.gemeinden = {g.code for g in katalog.gebiete_der_ebene("gemeinde")}
        self.altersgrenzen: dict[str, list[tuple[int, int, str]]] = {}
        self.staat_index = (
            list(self.datensatz.merkmale).index("staatsangehoerigkeit")
            if "staatsangehoerigkeit" in self.datensatz.merkmale
            else -1
        )

    @staticmethod
    def _tabelle(regel: Merkmalsregel, liste: Codeliste) -> dict[str, str]:
        return grundtabelle(liste, regel.codes)

    def gebiet(self, wert: str) -> str | None:
        """The Gemeinde of a raw AGS cell, or None."""
        gebiet = wert.strip()
        return gebiet if gebiet in self.gemeinden else None

    def code(self, i: int, wert: str) -> str | None:
        """Code of dimension `i` for a raw cell (code, name, ISO code or the profile's translation)."""
        return self.nachschlagen[i].get(wert.strip().casefold())

    def altersgruppe(self, text: str, liste: Codeliste) -> str | None:
        """Age group at the reference date for a date of birth TT.MM.JJJJ, or None."""
        try:
            tag, monat, jahr = (int(x) for x in text.strip().split("."))
            geburt = date(jahr, monat, tag)
        except ValueError:
            return None
        alter = (
            self.stichtag.year
            - geburt.year
            - ((self.stichtag.month, self.stichtag.day) < (geburt.month, geburt.day))
        )
        grenzen = self.altersgrenzen.get(liste.id)
        if grenzen is None:  # (von, bis, code) of each age group
            grenzen = self.altersgrenzen[liste.id] = [
                (int(c.attribute.get("von", "-1")), int(c.attribute.get("bis", "999")), c.code)
                for c in liste.codes.values()
            ]
        for von, bis, code in grenzen:
            if von <= alter <= bis:
                return code
        return None

    def gruppe(self, regel: Merkmalsregel, titel: str, staat: str) -> str:
        """Ausländergruppe from the raw residence title and the nationality's code."""
        if titel.strip() in regel.asyl_titel:
            return "asyl"
        sa = self.katalog.codelisten["staatsangehoerigkeit"]
        return "eu" if staat in sa.codes and sa.ist_mitglied(staat, "eu", self.stichtag) else "drittstaat"

    def schluessel(self, nr: int, row: Mapping[str, str | None]) -> tuple[Schluessel | None, list[Problem]]:
        """Cell key of one row given as column name -> cell (a missing cell counts as empty)."""
        return self.schluessel_aus(nr, lambda spalte: row.get(spalte) or "")

    def schluessel_aus(self, nr: int, zelle: Callable[[str], str]) -> tuple[Schluessel | None, list[Problem]]:
        """Cell key of row `nr`, whose cells `zelle(spaltenname)` returns, or the row's problems."""
        probleme = []
        spalte = self.profil.gebiet_spalte
        gebiet = self.gebiet(zelle(spalte))
        if gebiet is None:
            probleme.append(
                Problem(nr, spalte, f"‚{zelle(spalte).strip()}‘ ist kein AGS einer Gemeinde des Kreises")
            )
        codes: list[str] = []
        for i, (regel, liste) in enumerate(zip(self.regeln, self.listen, strict=True)):
            if regel.alter_aus:
                code = self.altersgruppe(zelle(regel.alter_aus), liste)
                if code is None:
                    probleme.append(
                        Problem(
                            nr,
                            regel.alter_aus,
                            f"‚{zelle(regel.alter_aus)}‘ ist kein Geburtsdatum (TT.MM.JJJJ)",
                        )
                    )
            elif regel.aufenthaltstitel_spalte:
                code = "?"  # filled in below, once the nationality is known
            else:
                code = self.code(i, zelle(regel.spalte))
                if code is None:
                    probleme.append(
                        Problem(
                            nr,
                            regel.spalte,
                            f"‚{zelle(regel.spalte).strip()}‘ ist in der Codeliste {liste.name} unbekannt"
                            " (im Profil unter codes ergänzen)",
                        )
                    )
            codes.append(code or "?")
        staat = codes[self.staat_index] if self.staat_index >= 0 else "?"
        for i, regel in enumerate(self.regeln):
            if regel.aufenthaltstitel_spalte:
                codes[i] = self.gruppe(regel, zelle(regel.aufenthaltstitel_spalte), staat)
        return (None if probleme or gebiet is None else (gebiet, *codes)), probleme


def zaehle(schluessel: Iterable[Schluessel]) -> Counter[Schluessel]:
    """Count people per finest cell."""
    return Counter(schluessel)


class Zaehler:
    """Counts blocks of rows (lists of cells, as csv.reader yields them) straight into cells.

    Every part of the cell key has a cache: raw cell -> code (AGS, code columns, date of birth -> age
    group) or (residence title, nationality) -> Ausländergruppe. A block whose values are all in the
    caches costs a few passes in C (itemgetter, dict.get, Counter.update) and no Python code per row. A
    block with a value not seen before is done row by row: that fills the caches and reports problems.
    """

    def __init__(self, u: Uebersetzer, kopf: Sequence[str], max_probleme: int) -> None:
        self.u, self.kopf, self.max_probleme = u, list(kopf), max_probleme
        index = {name: i for i, name in enumerate(kopf)}  # a repeated name: the last column, as DictReader
        self.index, self.spalten = index, u.profil.spalten()
        staat = u.regeln[u.staat_index].spalte if u.staat_index >= 0 else ""
        teile: list[tuple[int, ...]] = [(index[u.profil.gebiet_spalte],)]
        self.loeser: list[Callable[[Any], str | None]] = [u.gebiet]
        for i, (regel, liste) in enumerate(zip(u.regeln, u.listen, strict=True)):
            if regel.alter_aus:
                teile.append((index[regel.alter_aus],))
                self.loeser.append(partial(_alter, u, liste))
            elif regel.aufenthaltstitel_spalte:
                titel = index[regel.aufenthaltstitel_spalte]
                teile.append((titel, index[staat]) if staat else (titel, titel))
                self.loeser.append(partial(_gruppe, u, regel))
            else:
                teile.append((index[regel.spalte],))
                self.loeser.append(partial(u.code, i))
        self.teile = teile  # column indices of each part of the cell key
        self.holen = [itemgetter(*t) for t in teile]
        self.caches: list[dict[Any, str]] = [{} for _ in teile]
        self.noetig = max(max(t) for t in teile) + 1
        self.zellen: Counter[Schluessel] = Counter()
        self.anzahl = 0  # records (blank lines are not records)
        self.probleme: list[Problem] = []  # the first max_probleme
        self.anzahl_probleme = 0

    def code_fuer(self, teil: int, roh: Any) -> str | None:
        """Code of one raw value (a cell, or a tuple of cells) of key part `teil`, through its cache."""
        cache = self.caches[teil]
        code = cache.get(roh)
        if code is None:
            code = self.loeser[teil](roh)
            if code is not None:
                cache[roh] = code
        return code

    def block(self, rows: list[list[str]], start: int, ende: int) -> None:
        """Count `rows`, read from the lines after line `start` up to line `ende` of the file."""
        teile = []
        try:
            for holen, cache, loese in zip(self.holen, self.caches, self.loeser, strict=True):
                roh = list(map(holen, rows))
                werte = list(map(cache.get, roh))
                if None in werte:  # values not seen before: into the cache, if valid
                    for r in {r for r, w in zip(roh, werte, strict=True) if w is None}:
                        code = loese(r)
                        if code is None:
                            raise LookupError(r)
                        cache[r] = code
                    werte = list(map(cache.__getitem__, roh))
                teile.append(werte)
        except (IndexError, LookupError):  # a short or blank row, or an invalid value: row by row
            for nr, row in zip(_zeilennummern(rows, start, ende), rows, strict=True):
                self._zeile(nr, row)
            return
        self.zellen.update(zip(*teile, strict=True))
        self.anzahl += len(rows)

    def _zeile(self, nr: int, row: list[str]) -> None:
        if not row:
            return  # a blank line
        self.anzahl += 1
        if len(row) < self.noetig:
            fehlt = min(
                (i, name) for name, i in self.index.items() if i >= len(row) and name in self.spalten
            )[1]
            self._melde(
                [Problem(nr, fehlt, f"fehlt; die Zeile hat nur {len(row)} von {len(self.kopf)} Feldern")]
            )
            return
        key, probleme = self.u.schluessel_aus(nr, lambda spalte: row[self.index[spalte]])
        if key is None:
            self._melde(probleme)
            return
        self.zellen[key] += 1
        for holen, cache, code in zip(self.holen, self.caches, key, strict=True):
            cache[holen(row)] = code

    def _melde(self, probleme: list[Problem]) -> None:
        self.anzahl_probleme += len(probleme)
        self.probleme += probleme[: max(0, self.max_probleme - len(self.probleme))]


def _alter(u: Uebersetzer, liste: Codeliste, roh: str) -> str | None:
    return u.altersgruppe(roh, liste)


def _gruppe(u: Uebersetzer, regel: Merkmalsregel, roh: tuple[str, str]) -> str | None:
    """Gruppe for (residence title, raw nationality); None if the nationality is unknown."""
    staat = u.code(u.staat_index, roh[1]) if u.staat_index >= 0 else "?"
    return None if staat is None else u.gruppe(regel, roh[0], staat)


def _zeilennummern(rows: list[list[str]], start: int, ende: int) -> Iterable[int]:
    """Line number of each row's last line (as csv.reader's line_num); a quoted field may span lines."""
    if ende - start == len(rows):
        return range(start + 1, ende + 1)
    nummern, nr = [], start
    for row in rows:
        nr += 1 + sum(f.count("\r") + f.count("\n") - f.count("\r\n") for f in row)
        nummern.append(nr)
    return nummern
