"""The figures of an indicator page one by one, for their downloads, permalinks and embed pages (read only).

Every chart, map and table of `web.indikatorseite` is an `Abbildung` with a stable name: the download of a
figure is made from the very objects the page shows (same period, region, breakdown, secret cells already
"." with their reason), never from a second query.

    entwicklung       the series of the chosen region (chart and table "Entwicklung")
    gemeinden         the Gemeinden compared (bar chart and table)
    karte-gemeinden   the map of the Gemeinden (its figures: the comparison's table)
    karte-aemter      the map of the Ämter and amtsfreie Gemeinden (with its own table)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.text import slugify

from integrationsmonitor.publish import formatting as fmt

from .indikatorseite import IndikatorSeite, parameter
from .karte import Legendenfeld
from .tabelle import Tabelle

NAMEN = ("entwicklung", "gemeinden", "karte-gemeinden", "karte-aemter")
DATEN = {"csv", "xlsx"}
GRAFIK = {"svg", "png"}
ENDUNGEN = DATEN | GRAFIK


@dataclass(frozen=True)
class Abbildung:
    name: str
    titel: str  # German, as the figure's title
    tabelle: Tabelle  # the figures shown
    svg: str  # the picture as on the page (inline SVG); "" when the page shows the table only
    beschreibung: str  # text alternative of the picture
    anker: str  # the page section that shows it
    legende: list[Legendenfeld] = field(default_factory=list)  # maps only
    karte: bool = False


def abbildungen(seite: IndikatorSeite) -> dict[str, Abbildung]:
    """The figures the page shows, by name (a figure without values is not there)."""
    out: dict[str, Abbildung] = {}
    if seite.tabelle.zeilen:  # a table without values has no chart, but its "." and reasons
        d = seite.diagramm
        out["entwicklung"] = Abbildung(
            "entwicklung",
            seite.tabelle.beschriftung,
            seite.tabelle,
            d.svg if d else "",
            d.beschreibung if d else "",
            "verlauf",
        )
    v = seite.vergleich
    if v.tabelle is not None:
        out["gemeinden"] = Abbildung(
            "gemeinden",
            v.tabelle.beschriftung,
            v.tabelle,
            v.diagramm.svg if v.diagramm else "",
            v.diagramm.beschreibung if v.diagramm else "",
            "gemeinden",
        )
    for k in seite.karten:
        tab = (
            k.tabelle
            if k.tabelle is not None
            else (v.tabelle if k.tabelle_id == "gemeinden-tabelle" else None)
        )
        if tab is not None and k.id in NAMEN:
            out[k.id] = Abbildung(k.id, k.titel, tab, k.svg, k.beschreibung, "karten", k.legende, karte=True)
    return out


def dateiname(seite: IndikatorSeite, a: Abbildung, endung: str) -> str:
    """`auslaenderanteil_gemeinden_2024.csv`: indicator, figure, region (unless the Kreis) and breakdown
    for the series, and the period of the figure."""
    teile = [seite.indikator.id, a.name.replace("-", "_")]
    if a.name == "entwicklung":
        if seite.auswahl.gebiet.ebene != "kreis":
            teile.append(slugify(seite.auswahl.gebiet.name).replace("-", "_"))
        if seite.auswahl.nach is not None:
            teile.append(seite.auswahl.nach.name)
        periode = fmt.periode(seite.stand) if seite.stand else ""
    else:
        periode = seite.vergleich.periode
    if periode:
        teile.append(slugify(periode).replace("-", "_"))
    return "_".join(teile) + "." + endung


@dataclass(frozen=True)
class Leiste:
    """The links under one figure: its files, the permalink and the embed snippet."""

    csv: str
    xlsx: str
    svg: str  # "" without a picture
    png: str
    link: str  # absolute
    einbetten: str  # absolute URL of the embed page
    iframe: str  # the snippet to copy


def abfrage(seite: IndikatorSeite) -> str:
    return urlencode(parameter(seite))


def permalink(seite: IndikatorSeite, basis: str, anker: str = "") -> str:
    """The absolute URL of the page with the region, breakdown and period it shows."""
    pfad = reverse("indikator", args=[seite.indikator.id])
    return f"{basis}{pfad}?{abfrage(seite)}" + (f"#{anker}" if anker else "")


def leiste(seite: IndikatorSeite, a: Abbildung, basis: str) -> Leiste:
    """`basis`: scheme and host of the site (``https://monitor.example``)."""
    q = abfrage(seite)

    def datei(endung: str) -> str:
        return reverse("abbildung_datei", args=[seite.indikator.id, a.name, endung]) + "?" + q

    einbetten = basis + reverse("abbildung_einbetten", args=[seite.indikator.id, a.name]) + "?" + q
    hoehe = 620 if a.karte else 480
    titel = a.titel.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    iframe = (
        f'<iframe src="{einbetten.replace("&", "&amp;")}" title="{titel}" width="100%" height="{hoehe}"'
        ' loading="lazy"></iframe>'
    )
    return Leiste(
        datei("csv"),
        datei("xlsx"),
        datei("svg") if a.svg else "",
        datei("png") if a.svg else "",
        permalink(seite, basis, a.anker),
        einbetten,
        iframe,
    )
