"""Tables of indicator values with German numbers; missing values as "." with a numbered reason (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from integrationsmonitor.indicators.model import FEHLT_KEINE_LIEFERUNG, SeriesRow
from integrationsmonitor.publish import formatting as fmt

from .anzeige import KENNZEICHEN_WORTE


@dataclass(frozen=True)
class Zelle:
    text: str  # formatted value, or "." when missing
    grund: str = ""  # why the value is missing
    fussnote: int | None = None
    kennzeichen: str = ""  # "p", "s", "r" shown after the value
    kennzeichen_wort: str = ""
    zahl: float | None = None  # the value as shown (rounded to `stellen`), for downloads
    stellen: int = 0

    @property
    def fehlt(self) -> bool:
        return self.text == fmt.FEHLT


@dataclass
class Fussnoten:
    """Distinct reasons for missing values, numbered in order of appearance."""

    gruende: dict[str, int] = field(default_factory=dict)

    def nummer(self, grund: str) -> int:
        return self.gruende.setdefault(grund, len(self.gruende) + 1)

    def liste(self) -> list[tuple[int, str]]:
        return [(n, g) for g, n in self.gruende.items()]

    def zelle(self, value: float | None, einheit: str, grund: str = "", kennzeichen: str = "") -> Zelle:
        if value is None:
            grund = grund or _("Zahlenwert unbekannt")
            return Zelle(fmt.FEHLT, grund, self.nummer(grund))
        zeichen = kennzeichen if kennzeichen in ("p", "s", "r") else ""
        wort = str(KENNZEICHEN_WORTE[zeichen]) if zeichen else ""
        return wert_zelle(value, einheit, kennzeichen=zeichen, kennzeichen_wort=wort)


def wert_zelle(value: float, einheit: str, kennzeichen: str = "", kennzeichen_wort: str = "") -> Zelle:
    """A cell with a value: its text, and the number as shown (rounded as printed) for downloads."""
    stellen = fmt.EINHEITEN[einheit][0]
    zahl = float(fmt.runden(value, stellen))
    return Zelle(fmt.wert(value, einheit), "", None, kennzeichen, kennzeichen_wort, zahl, stellen)


@dataclass(frozen=True)
class Zeile:
    kopf: str  # row header (period or region name)
    zellen: list[Zelle]


@dataclass(frozen=True)
class Tabelle:
    beschriftung: str  # <caption>
    erste_spalte: str  # header of the row-header column
    spalten: list[str]
    zeilen: list[Zeile]
    fussnoten: list[tuple[int, str]]
    kennzeichen: list[tuple[str, str]]  # flags that occur, with their meaning


def _kennzeichen(zeilen: Sequence[Zeile]) -> list[tuple[str, str]]:
    gesehen = {z.kennzeichen: z.kennzeichen_wort for zeile in zeilen for z in zeile.zellen if z.kennzeichen}
    return sorted(gesehen.items())


def tabelle(
    beschriftung: str,
    erste_spalte: str,
    spalten: list[str],
    zeilen: list[Zeile],
    fussnoten: Fussnoten,
) -> Tabelle:
    return Tabelle(beschriftung, erste_spalte, spalten, zeilen, fussnoten.liste(), _kennzeichen(zeilen))


def reihen_tabelle(
    rows: Sequence[SeriesRow],
    *,
    beschriftung: str,
    einheit: str,
    kategorien: Sequence[tuple[str, str]] = (),
    mit_bruch: bool = False,
    ziele: Mapping[str, float] | None = None,
) -> Tabelle:
    """Periods × categories (or value, numerator, denominator without a breakdown).

    `ziele` (period → target, only without a breakdown) adds a column "Zielwert" and rows for target
    periods that have no value yet."""
    noten = Fussnoten()
    perioden = sorted({r.period for r in rows})
    if kategorien:
        nach = {(r.period, r.category): r for r in rows}
        zeilen = []
        for p in perioden:
            zellen = []
            for code, _name in kategorien:
                r = nach.get((p, code))
                zellen.append(
                    noten.zelle(r.value, einheit, r.reason, r.flag) if r else noten.zelle(None, einheit)
                )
            zeilen.append(Zeile(fmt.periode(p), zellen))
        return tabelle(beschriftung, _("Zeitraum"), [n for _c, n in kategorien], zeilen, noten)
    spalten = [_("Wert")] + ([_("Zähler"), _("Nenner")] if mit_bruch else [])
    ziele = ziele or {}
    if ziele:
        spalten.append(_("Zielwert"))
        vorhanden = {r.period for r in rows}
        rows = [
            *rows,
            *(
                SeriesRow("", "", p, None, None, reason=FEHLT_KEINE_LIEFERUNG)
                for p in ziele
                if p not in vorhanden
            ),
        ]
    zeilen = []
    for r in sorted(rows, key=lambda r: r.period):
        zellen = [noten.zelle(r.value, einheit, r.reason, r.flag)]
        if mit_bruch:
            zellen += [
                noten.zelle(r.numerator, "anzahl", r.reason),
                noten.zelle(r.denominator, "anzahl", r.reason),
            ]
        if ziele:
            ziel = ziele.get(r.period)
            zellen.append(Zelle("–") if ziel is None else wert_zelle(ziel, einheit))
        zeilen.append(Zeile(fmt.periode(r.period), zellen))
    return tabelle(beschriftung, _("Zeitraum"), spalten, zeilen, noten)
