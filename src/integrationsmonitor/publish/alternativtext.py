"""German text alternatives of the charts (pure): what a line or bar chart shows, in sentences.

Line charts: first and last value per category, the targets and the breaks of the series;
bar charts: the highest and lowest value and how many have none.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from integrationsmonitor.indicators.model import SeriesRow
from integrationsmonitor.publish import formatting as fmt
from integrationsmonitor.publish import zeitachse as za


def kategorien_mit_wert(rows: Sequence[SeriesRow]) -> list[str]:
    """Categories with at least one value, in order of first appearance."""
    return list(dict.fromkeys(r.category for r in rows if r.category is not None and r.value is not None))


def kategorie_name(kategorie: str | None, kategorie_namen: dict[str, str] | None) -> str:
    if kategorie is None:
        return ""
    return (kategorie_namen or {}).get(kategorie, kategorie)


def bruch_text(stelle: za.Bruchstelle) -> str:
    """The break in words, for the text alternative."""
    von, bis = fmt.periode(stelle.vorher), fmt.periode(stelle.nachher)
    return (
        f"Bruch der Reihe zwischen {von} und {bis} (senkrechte Linie): {stelle.bruch.text}; "
        "die Werte davor und danach sind nur eingeschränkt vergleichbar."
    )


def _verlauf(punkte: list[SeriesRow], einheit: str, gross: bool) -> str:
    erster, letzter = punkte[0], punkte[-1]
    a = f"{fmt.wert(erster.value, einheit)} ({fmt.periode(erster.period)})"
    if len(punkte) == 1:
        return a
    b = f"{fmt.wert(letzter.value, einheit)} ({fmt.periode(letzter.period)})"
    return f"{'Von' if gross else 'von'} {a} auf {b}"


def beschreibung(
    rows: Iterable[SeriesRow],
    *,
    titel: str,
    einheit: str,
    kategorie_namen: dict[str, str] | None = None,
    ziele: Sequence[tuple[str, float]] = (),
) -> str:
    """German text alternative for a line chart: first and last value (per category), and the targets."""
    vorhanden = sorted((r for r in rows if r.value is not None), key=lambda r: r.period)
    if not vorhanden:
        return f"Liniendiagramm: {titel}. Keine Werte vorhanden."
    von, bis = fmt.periode(vorhanden[0].period), fmt.periode(vorhanden[-1].period)
    spanne = von if von == bis else f"{von} bis {bis}"
    saetze = [f"Liniendiagramm: {titel} {spanne}."]
    kategorien = kategorien_mit_wert(vorhanden)
    if not kategorien:
        saetze.append(_verlauf(vorhanden, einheit, gross=True) + ".")
    for k in kategorien:
        punkte = [r for r in vorhanden if r.category == k]
        saetze.append(f"{kategorie_name(k, kategorie_namen)}: {_verlauf(punkte, einheit, gross=False)}.")
    if ziele:
        saetze.append(ziel_text(ziele, einheit))
    return " ".join(saetze)


def ziel_text(ziele: Sequence[tuple[str, float]], einheit: str) -> str:
    """The targets in words: "Zielwert (gestrichelte Linie): 50 für 2026." """
    wort = "Zielwert" if len(ziele) == 1 else "Zielwerte"
    liste = ", ".join(f"{fmt.wert(v, einheit)} für {fmt.periode(p)}" for p, v in sorted(ziele))
    return f"{wort} (gestrichelte Linie): {liste}."


def beschreibung_balken(
    items: Sequence[tuple[str, float | None]], *, titel: str, einheit: str, art: str = "Balkendiagramm"
) -> str:
    """German text alternative for a bar chart: highest and lowest value, count of missing values."""
    vorhanden = [(n, v) for n, v in items if v is not None]
    saetze = [f"{art}: {titel}."]
    if not vorhanden:
        saetze.append("Keine Werte vorhanden.")
    else:
        hoch = max(vorhanden, key=lambda item: item[1] or 0.0)
        tief = min(vorhanden, key=lambda item: item[1] or 0.0)
        saetze.append(f"Höchster Wert: {fmt.wert(hoch[1], einheit)} ({hoch[0]}).")
        if len(vorhanden) > 1:
            saetze.append(f"Niedrigster Wert: {fmt.wert(tief[1], einheit)} ({tief[0]}).")
    fehlend = len(items) - len(vorhanden)
    if fehlend:
        saetze.append(f"{fmt.zahl(fehlend)} ohne Wert.")
    return " ".join(saetze)
