"""Read a delivery file: long-format CSV, one row per cell (pure, no Django).

Columns: gebiet;zeitraum;<one column per dimension of the dataset>;wert[;kennzeichen]
Separator `;`, `,` or tab (sniffed from the header); UTF-8 with or without BOM, or Windows-1252.
English column names (region, period, value, flag) are accepted too.

`Lieferdatei` reads row by row (for ingest: memory stays near the size of the file, whatever its shape);
`lies_lieferung` gives the whole table at once. Both split fields exactly as `csv.reader` does.
"""

from __future__ import annotations

import csv
import itertools
import re
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from .errors import FormatFehler, aufzaehlung
from .text import dekodiere

SPALTEN_ALIAS = {
    "gebiet": "gebiet",
    "region": "gebiet",
    "ags": "gebiet",
    "zeitraum": "zeitraum",
    "periode": "zeitraum",
    "period": "zeitraum",
    "wert": "wert",
    "value": "wert",
    "anzahl": "wert",
    "kennzeichen": "kennzeichen",
    "flag": "kennzeichen",
}

# str.splitlines() ends a line at each of these (\r\n counts once)
_ZEILENENDE = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_ANDERE_UMBRUECHE = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_BLOCK = 1 << 16  # characters split at once
_ANGEFUEHRT = re.compile(r'"((?:[^"]|"")*+)"')  # a quoted field (possessive: no backtracking into "")
LANG = 1 << 16  # a line longer than this is split field by field, never into a list of all its fields
MAX_SPALTEN = 1000  # header names kept; a longer header is checked by hash and read again for messages


@dataclass(frozen=True, slots=True)
class Zeile:
    nr: int  # line number in the file (1 = header)
    felder: dict[str, str]
    anzahl_felder: int


@dataclass(frozen=True, slots=True)
class Tabelle:
    datei: str
    spalten: tuple[str, ...]  # normalised column names in file order
    zeilen: tuple[Zeile, ...]


def _trennzeichen(kopf: str) -> str:
    return max((";", "\t", ","), key=kopf.count)


def zeilen_von(text: str) -> Iterator[str]:
    """The lines of `text`, exactly as `text.splitlines()`, one at a time (no list of all lines)."""
    if _ANDERE_UMBRUECHE.search(text) is None and text.count("\r") == text.count("\r\n"):
        yield from _lf_zeilen(text)
        return
    anfang = 0
    for m in _ZEILENENDE.finditer(text):
        yield text[anfang : m.start()]
        anfang = m.end()
    if anfang < len(text):
        yield text[anfang:]


def _lf_zeilen(text: str) -> Iterator[str]:
    """Lines of a text whose only line breaks are \n and \r\n, split a block at a time (fast)."""
    cr = "\r" in text
    anfang, n = 0, len(text)
    while anfang < n:
        ende = text.rfind("\n", anfang, anfang + _BLOCK)
        if ende < 0:
            ende = text.find("\n", anfang + _BLOCK)
        if ende < 0:
            ende = n
        block = text[anfang:ende].split("\n")
        if cr:
            block = [z[:-1] if z.endswith("\r") else z for z in block]
        yield from block
        anfang = ende + 1


class _Mehrzeilig(Exception):
    """A quoted field goes on in the next line: only `csv.reader` reads such a record."""


def _teile(zeile: str, trenner: str) -> Iterator[str]:
    """Fields of one line, one at a time, exactly as `csv.reader` splits them (quotes, doubled quotes, its
    field size limit); `_Mehrzeilig` if a quoted field is not closed in this line."""
    grenze = csv.field_size_limit()
    rest = re.compile(f"[^{re.escape(trenner)}]*")
    pos, n = 0, len(zeile)
    while True:
        if zeile.startswith('"', pos):
            m = _ANGEFUEHRT.match(zeile, pos)
            if m is None:
                raise _Mehrzeilig
            r = rest.match(zeile, m.end())
            assert r is not None
            feld = m.group(1).replace('""', '"') + r.group()
        else:
            r = rest.match(zeile, pos)
            assert r is not None
            feld = r.group()
        if len(feld) > grenze:
            raise csv.Error(f"field larger than field limit ({grenze})")
        yield feld
        pos = r.end()
        if pos >= n:
            return
        pos += 1


def _normalisiert(name: str) -> str:
    s = name.strip().lower()
    return SPALTEN_ALIAS.get(s, s)


class Lieferdatei:
    """A delivery file, read row by row: the header at once, the rows as they are needed.

    `spalten` maps each normalised column name to its position (file order). A repeated column name is a
    `FormatFehler` here; a line that is not valid CSV is one when its row is read."""

    def __init__(self, daten: bytes, datei: str) -> None:
        self.datei = datei
        self._text = dekodiere(daten, datei)
        kopf = next((z for z in zeilen_von(self._text) if z.strip()), "")
        self.trenner = _trennzeichen(kopf)
        self._zeilen = zeilen_von(self._text)
        self._nr = 0  # lines read so far
        self.spalten: dict[str, int] = {}
        try:
            self._lies_kopf()
        except csv.Error as exc:
            raise FormatFehler(datei, f"die Kopfzeile ist kein gültiges CSV ({exc})", 1) from None

    def _kopf_felder(self) -> Callable[[], Iterable[str]]:
        """The header's fields, as often as needed (a long line is split again each time, not kept split)."""
        zeile = next(self._zeilen, None)
        if zeile is None:
            return lambda: ()
        self._nr += 1
        if not zeile:
            return lambda: ()
        if len(zeile) > LANG:
            try:
                for _ in _teile(zeile, self.trenner):
                    pass
                return lambda: _teile(zeile, self.trenner)
            except _Mehrzeilig:
                pass
        if '"' not in zeile:
            felder = zeile.split(self.trenner)
        else:
            reader = csv.reader(itertools.chain([zeile], self._zeilen), delimiter=self.trenner)
            try:
                felder = next(reader, [])
            finally:
                self._nr += max(reader.line_num - 1, 0)
        return lambda: felder

    def _namen(self) -> Iterator[str]:
        """Normalised header names, without the empty ones at the end (Excel exports add them)."""
        leere = 0
        for roh in self._kopf():
            name = _normalisiert(roh)
            if not name:
                leere += 1
                continue
            if leere:
                yield from itertools.repeat("", leere)
                leere = 0
            yield name

    def _lies_kopf(self) -> None:
        self._kopf = self._kopf_felder()
        erste: dict[str, int] = {}  # name -> count, for the first MAX_SPALTEN names
        streuwerte = array("q")  # hash of every name: repeated names in a header of any length
        anzahl = 0
        for name in self._namen():
            if anzahl < MAX_SPALTEN:
                erste[name] = erste.get(name, 0) + 1
            else:
                streuwerte.append(hash(name))
            anzahl += 1
        self.anzahl_spalten = anzahl
        if anzahl <= MAX_SPALTEN:
            doppelt = sorted(s for s, n in erste.items() if n > 1)
        else:
            streuwerte.extend(hash(s) for s in erste)
            h = np.sort(np.frombuffer(streuwerte, dtype=np.int64))
            verdaechtig = set(h[1:][h[1:] == h[:-1]].tolist())
            del h, streuwerte
            zaehler: dict[str, int] = {}
            for name in self._namen():  # again, counting only names whose hash occurs twice
                if hash(name) in verdaechtig:
                    zaehler[name] = zaehler.get(name, 0) + 1
            doppelt = sorted(s for s, n in zaehler.items() if n > 1)
            doppelt += [s for s, n in erste.items() if n > 1 and s not in zaehler]
            doppelt.sort()
        if doppelt:
            raise FormatFehler(self.datei, f"Spalte(n) {aufzaehlung(doppelt)} mehrfach in der Kopfzeile", 1)
        self.spalten = {s: i for i, s in enumerate(erste)}

    def alle_spalten(self) -> Iterator[str]:
        """Every normalised column name in file order (`spalten` holds the first MAX_SPALTEN)."""
        try:
            yield from self._namen()
        except csv.Error as exc:  # pragma: no cover - the header was read once already
            raise FormatFehler(self.datei, f"die Kopfzeile ist kein gültiges CSV ({exc})", 1) from None

    def zeilen(self) -> Iterator[tuple[int, list[str], int]]:
        """(line number, fields, number of fields) of each row with content; trailing empty fields beyond
        the header's width do not count. `fields` holds at least the header's width of fields, unstripped."""
        breite, trenner = len(self.spalten), self.trenner
        zeilen = self._zeilen
        try:
            for zeile in zeilen:
                self._nr += 1
                if len(zeile) > LANG:  # a long line: count its fields, keep only the header's width
                    try:
                        lang = self._lange_zeile(zeile, breite)
                    except _Mehrzeilig:
                        lang = None
                    else:
                        if lang is not None:
                            yield lang
                        continue
                if '"' in zeile:  # quoted fields, maybe over several lines: csv.reader reads this record
                    reader = csv.reader(itertools.chain([zeile], zeilen), delimiter=trenner)
                    try:
                        felder = next(reader, [])
                    finally:
                        self._nr += max(reader.line_num - 1, 0)
                elif not zeile:
                    continue
                else:
                    felder = zeile.split(trenner)
                erstes = felder[0] if felder else ""
                if not (erstes and not erstes[0].isspace()) and not any(f.strip() for f in felder):
                    continue
                n = len(felder)
                while n > breite and not felder[n - 1].strip():
                    n -= 1
                yield self._nr, felder, n
        except csv.Error as exc:
            raise FormatFehler(self.datei, f"kein gültiges CSV ({exc})", self._nr) from None

    def _lange_zeile(self, zeile: str, breite: int) -> tuple[int, list[str], int] | None:
        vorn: list[str] = []
        n = letzte = 0
        for f in _teile(zeile, self.trenner):
            if n < breite:
                vorn.append(f)
            n += 1
            if f.strip():
                letzte = n
        if not letzte:
            return None
        return self._nr, vorn, max(breite, letzte) if n > breite else n


def lies_lieferung(daten: bytes, datei: str) -> Tabelle:
    """Parse a delivery file into rows keyed by normalised column names (a header of more than MAX_SPALTEN
    columns is a `FormatFehler`: every row would hold them all)."""
    lf = Lieferdatei(daten, datei)
    if lf.anzahl_spalten > MAX_SPALTEN:
        raise FormatFehler(
            datei,
            f"die Kopfzeile hat {lf.anzahl_spalten} Spalten, eine Lieferdatei höchstens {MAX_SPALTEN}",
            1,
        )
    spalten = tuple(lf.spalten)
    zeilen = [
        Zeile(nr, {s: (felder[i].strip() if i < n else "") for i, s in enumerate(spalten)}, n)
        for nr, felder, n in lf.zeilen()
    ]
    return Tabelle(datei, spalten, tuple(zeilen))
