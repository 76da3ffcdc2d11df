"""The Gemeinden of the county compared for the latest period: table and bar chart (read only)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from integrationsmonitor.catalog.model import Indikator, Katalog
from integrationsmonitor.indicators.engine import Quelle, indikator_wert, wartet
from integrationsmonitor.publish import charts
from integrationsmonitor.publish import formatting as fmt

from .anzeige import sortierschluessel
from .ausstehend import hinweise
from .tabelle import Fussnoten, Tabelle, Zeile, tabelle


@dataclass(frozen=True)
class Diagramm:
    svg: str  # inline SVG (role="img", aria-label = text alternative)
    beschreibung: str  # the text alternative, shown in the figure caption too


@dataclass(frozen=True)
class Vergleich:
    moeglich: bool  # False: the numerator's dataset exists at Kreis level only
    periode: str = ""
    tabelle: Tabelle | None = None
    diagramm: Diagramm | None = None
    ausstehend: list[str] = field(default_factory=list)  # newer periods waiting for a delivery
    zeigen: bool = True  # False: a kreisfreie Stadt, its one Gemeinde is the city itself (nothing to compare)


def diagramm(spec: charts.Spec) -> Diagramm:
    return Diagramm(charts.svg(spec), str(spec.get("description", "")))


def hat_gemeinden(katalog: Katalog, ind: Indikator) -> bool:
    return "gemeinde" in katalog.datensaetze[ind.zaehler.datensatz].ebenen


def gemeindevergleich(katalog: Katalog, quelle: Quelle, ind: Indikator, perioden: list[str]) -> Vergleich:
    """Every Gemeinde (sorted by name) for the newest period in which a Gemeinde has a value (or a final
    reason such as a secret cell), without breakdown; newer periods still waiting for a delivery (e.g.
    delivered for the Kreis only) become notes."""
    if len(katalog.gebiete_der_ebene("gemeinde")) < 2:
        return Vergleich(False, zeigen=False)
    if not hat_gemeinden(katalog, ind):
        return Vergleich(False)
    if not perioden:
        return Vergleich(True)
    gemeinden = sorted(katalog.gebiete_der_ebene("gemeinde"), key=lambda g: sortierschluessel(g.name))
    wartend = []
    for letzte in reversed(perioden):
        rows = [(g, indikator_wert(katalog, quelle, ind, g.code, letzte)) for g in gemeinden]
        if not all(wartet(r) for _g, r in rows):
            break
        wartend += [r for _g, r in rows]
    else:  # no period has an answer: the newest one with its reasons, as before
        letzte = perioden[-1]
        rows = [(g, indikator_wert(katalog, quelle, ind, g.code, letzte)) for g in gemeinden]
        wartend = []
    wartend.reverse()  # period order
    mit_bruch = ind.nenner is not None
    noten = Fussnoten()
    zeilen = []
    for g, r in rows:
        zellen = [noten.zelle(r.value, ind.einheit, r.reason, r.flag)]
        if mit_bruch:
            zellen += [
                noten.zelle(r.numerator, "anzahl", r.reason),
                noten.zelle(r.denominator, "anzahl", r.reason),
            ]
        zeilen.append(Zeile(g.name, zellen))
    periode = fmt.periode(letzte)
    name = ind.name_insgesamt  # one value per Gemeinde: the total, whatever breakdown the indicator needs
    titel = _("%(name)s in den Gemeinden, %(periode)s") % {"name": name, "periode": periode}
    spalten = [_("Wert")] + ([_("Zähler"), _("Nenner")] if mit_bruch else [])
    # Charts and their text alternatives are German in every interface language (publish.charts).
    diagramm_titel = f"{name} in den Gemeinden, {periode}"
    spec = charts.balken_gebiete(
        [(g.name, r.value) for g, r in rows], titel=diagramm_titel, einheit=ind.einheit
    )
    return Vergleich(
        True,
        periode,
        tabelle(titel, _("Gemeinde"), spalten, zeilen, noten),
        diagramm(spec) if any(r.value is not None for _g, r in rows) else None,  # no empty chart
        hinweise(katalog, quelle, ind, wartend),
    )
