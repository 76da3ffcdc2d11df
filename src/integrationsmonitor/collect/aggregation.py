"""Per-person rows -> the dataset's cube with every margin (pure; nothing of a person is kept).

Each row is reduced at once to its cell key (Gemeinde and one code per dimension); only counts per key
are kept. Which tables are published from them, and how they are protected: see tabellen.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from integrationsmonitor.catalog.model import Codeliste, Katalog

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
        self.staat_index = (
            list(self.datensatz.merkmale).index("staatsangehoerigkeit")
            if "staatsangehoerigkeit" in self.datensatz.merkmale
            else -1
        )

    @staticmethod
    def _tabelle(regel: Merkmalsregel, liste: Codeliste) -> dict[str, str]:
        tabelle: dict[str, str] = {}
        for c in liste.codes.values():
            tabelle[c.code] = c.code
            tabelle[c.name.casefold()] = c.code
            if iso := c.attribute.get("iso2"):
                tabelle[iso.casefold()] = c.code
        tabelle |= {k.casefold(): v for k, v in regel.codes.items()}
        return tabelle

    def _alter(self, text: str, liste: Codeliste) -> str | None:
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
        for c in liste.codes.values():
            von, bis = int(c.attribute.get("von", "-1")), int(c.attribute.get("bis", "999"))
            if von <= alter <= bis:
                return c.code
        return None

    def schluessel(self, nr: int, row: dict[str, str]) -> tuple[Schluessel | None, list[Problem]]:
        probleme = []
        gebiet = row.get(self.profil.gebiet_spalte, "").strip()
        if gebiet not in self.gemeinden:
            probleme.append(
                Problem(nr, self.profil.gebiet_spalte, f"‚{gebiet}‘ ist kein AGS einer Gemeinde des Kreises")
            )
        codes: list[str] = []
        for regel, liste, tabelle in zip(self.regeln, self.listen, self.nachschlagen, strict=True):
            if regel.alter_aus:
                code = self._alter(row.get(regel.alter_aus, ""), liste)
                if code is None:
                    probleme.append(
                        Problem(
                            nr,
                            regel.alter_aus,
                            f"‚{row.get(regel.alter_aus, '')}‘ ist kein Geburtsdatum (TT.MM.JJJJ)",
                        )
                    )
            elif regel.aufenthaltstitel_spalte:
                code = "?"  # filled in below, once the nationality is known
            else:
                wert = row.get(regel.spalte, "").strip()
                code = tabelle.get(wert.casefold())
                if code is None:
                    probleme.append(
                        Problem(
                            nr,
                            regel.spalte,
                            f"‚{wert}‘ ist in der Codeliste {liste.name} unbekannt (im Profil unter codes ergänzen)",
                        )
                    )
            codes.append(code or "?")
        for i, regel in enumerate(self.regeln):
            if regel.aufenthaltstitel_spalte:
                codes[i] = self._gruppe(regel, row, codes)
        return (None if probleme else (gebiet, *codes)), probleme

    def _gruppe(self, regel: Merkmalsregel, row: dict[str, str], codes: list[str]) -> str:
        if row.get(regel.aufenthaltstitel_spalte, "").strip() in regel.asyl_titel:
            return "asyl"
        staat = codes[self.staat_index] if self.staat_index >= 0 else "?"
        sa = self.katalog.codelisten["staatsangehoerigkeit"]
        return "eu" if staat in sa.codes and sa.ist_mitglied(staat, "eu", self.stichtag) else "drittstaat"


def zaehle(schluessel: Iterable[Schluessel]) -> Counter[Schluessel]:
    """Count people per finest cell."""
    return Counter(schluessel)
