"""The maps of an indicator page: its Gemeinden (and Ämter) for the period of the Gemeinde comparison.

Values come from the same published source as the comparison (secret cells are already None with their
reason); the map itself is drawn by ``publish.karte``. Each map has a table alternative: the Gemeinden map
points to the comparison's table, the Ämter map brings its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from integrationsmonitor.catalog import bezeichnungen as bz
from integrationsmonitor.catalog.model import Indikator, Katalog
from integrationsmonitor.indicators.engine import Quelle, indikator_wert, wartet
from integrationsmonitor.publish import formatting as fmt
from integrationsmonitor.publish import karte as pk

from .anzeige import sortierschluessel
from .tabelle import Fussnoten, Tabelle, Zeile, tabelle


@dataclass(frozen=True)
class Legendenfeld:
    farbfeld: str  # swatch as inline SVG
    text: str
    anzahl: int


@dataclass(frozen=True)
class Karte:
    id: str
    titel: str
    svg: str
    beschreibung: str
    legende: list[Legendenfeld]
    tabelle_id: str  # the table with the map's figures
    tabelle: Tabelle | None = None  # shown under the map; None: the table is elsewhere on the page


def _werte(
    katalog: Katalog, quelle: Quelle, ind: Indikator, ebene: str, periode: str
) -> tuple[list[pk.Gebietswert], bool]:
    """The areas' values, and whether every one of them is still waiting for a delivery."""
    out = []
    alle_warten = True
    for g in sorted(katalog.gebiete_der_ebene(ebene), key=lambda g: sortierschluessel(g.name)):
        r = indikator_wert(katalog, quelle, ind, g.code, periode)
        out.append(pk.Gebietswert(g.code, g.name, r.value, r.reason))
        alle_warten = alle_warten and wartet(r)
    return out, alle_warten


def _karte(
    geo: pk.Geometrie,
    ebene: str,
    werte: list[pk.Gebietswert],
    *,
    id_: str,
    titel: str,
    einheit: str,
    tabelle_id: str,
    tab: Tabelle | None,
    verbaende: str = pk.VERBAENDE,
) -> Karte:
    k = pk.karte(geo, ebene, werte, titel=titel, einheit=einheit, id_=id_, verbaende=verbaende)
    legende = [
        Legendenfeld(pk.farbfeld(e.farbe, f"{id_}-legende-{i}"), e.text, e.anzahl)
        for i, e in enumerate(k.legende)
    ]
    return Karte(id_, titel, k.svg, k.beschreibung, legende, tabelle_id, tab)


def kreisart(katalog: Katalog) -> str:
    """The kind of the county as a heading: "Landkreis" (translated), "Kreisfreie Stadt", "Kreis" …"""
    return _("Landkreis") if katalog.kreis.typ == "Landkreis" else katalog.kreis.typ


def verbaende_titel(katalog: Katalog) -> str:
    """The county's Verbände as a heading; the default's kinds translated, any other in German."""
    text = bz.verbaende(katalog)
    return _("Ämter und amtsfreie Gemeinden") if text == "Ämter und amtsfreie Gemeinden" else text


def _verband_spalte(katalog: Katalog) -> str:
    text = bz.verband(katalog)
    return _("Amt oder amtsfreie Gemeinde") if text == "Amt oder amtsfreie Gemeinde" else text


def _aemter_tabelle(katalog: Katalog, ind: Indikator, werte: list[pk.Gebietswert], titel: str) -> Tabelle:
    noten = Fussnoten()
    zeilen = [Zeile(w.name, [noten.zelle(w.wert, ind.einheit, w.grund)]) for w in werte]
    return tabelle(titel, _verband_spalte(katalog), [_("Wert")], zeilen, noten)


def karten(katalog: Katalog, quelle: Quelle, ind: Indikator, perioden: list[str]) -> list[Karte]:
    """The maps of the indicator for the newest period in which a Gemeinde has an answer (a value, or a
    final reason such as a secret cell) — the period of the Gemeinde comparison; a newer period delivered
    for the Kreis only does not blank the map. Gemeinden first, then Ämter if the dataset has them.

    Empty when every period is still waiting for Gemeinde values, the county has no geometry, the dataset
    has no Gemeinden or the indicator is only meaningful broken down (e.g. the most frequent nationalities)."""
    ebenen = katalog.datensaetze[ind.zaehler.datensatz].ebenen
    geo = pk.geometrie(katalog.kreis.code, katalog.quelle)
    if geo is None or "gemeinde" not in ebenen or ind.pflicht_aufschluesselung:
        return []
    if len(katalog.gebiete_der_ebene("gemeinde")) < 2:
        return []  # a kreisfreie Stadt is its one Gemeinde: a map of one area compares nothing  # an indicator that needs its breakdown would map a total it does not mean
    for periode in reversed(perioden):  # the comparison's rule (web.vergleich): newest period with an answer
        gemeinden, alle_warten = _werte(katalog, quelle, ind, "gemeinde", periode)
        if not alle_warten:
            break
    else:
        return []
    p = fmt.periode(periode)
    out = []
    # Map text is German in every interface language, like the charts.
    titel = f"{ind.name} in den Gemeinden, {p}"
    out.append(
        _karte(
            geo,
            "gemeinde",
            gemeinden,
            id_="karte-gemeinden",
            titel=titel,
            einheit=ind.einheit,
            tabelle_id="gemeinden-tabelle",
            tab=None,
        )
    )
    if "verband" in ebenen:
        aemter, _alle_warten = _werte(katalog, quelle, ind, "verband", periode)
        if any(w.wert is not None for w in aemter):
            dativ = bz.verbaenden(katalog)
            titel = f"{ind.name} in den {dativ}, {p}"
            if dativ == "Ämtern und amtsfreien Gemeinden":
                tab_titel = _("%(name)s in den Ämtern und amtsfreien Gemeinden, %(periode)s") % {
                    "name": ind.name,
                    "periode": p,
                }
            else:  # another county's kinds of Verband: German in every interface language, like the map
                tab_titel = titel
            out.append(
                _karte(
                    geo,
                    "verband",
                    aemter,
                    id_="karte-aemter",
                    titel=titel,
                    verbaende=dativ,
                    einheit=ind.einheit,
                    tabelle_id="aemter-tabelle",
                    tab=_aemter_tabelle(katalog, ind, aemter, tab_titel),
                )
            )
    return out
