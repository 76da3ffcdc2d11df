"""The Gemeinde map of an indicator for the annual report and the FactSheet (pure, no Django).

The same rule as the indicator page (``web.karte``): the newest period up to the publication's cut-off in
which a Gemeinde has an answer (a value or a final reason such as a secret cell); none while every
Gemeinde still waits for a delivery, for an indicator that is only meaningful broken down, or when the
county has no geometry. Only rates and shares (indicators with a denominator) are mapped: a choropleth
of counts would mostly show how big the Gemeinden are. The map is drawn by ``publish.karte``; its legend and the BKG attribution go
into the PDF as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from integrationsmonitor.catalog.model import Indikator, Katalog
from integrationsmonitor.indicators.engine import Quelle, indikator_wert, wartet
from integrationsmonitor.publish import formatting as fmt
from integrationsmonitor.publish import karte as pk


@dataclass(frozen=True)
class Berichtskarte:
    id: str
    titel: str  # "Ausländeranteil in den Gemeinden, 2024"
    svg: str
    beschreibung: str  # the text alternative
    legende: list[pk.Legendeneintrag]
    namensnennung: str = pk.NAMENSNENNUNG
    namensnennung_url: str = pk.NAMENSNENNUNG_URL

    @property
    def datei(self) -> str:
        return f"karte-{self.id}.svg"

    def als_dict(self) -> dict[str, Any]:
        """Plain data for a Typst template (the SVG is the file `datei`)."""
        return {
            "datei": self.datei,
            "titel": self.titel,
            "alternativtext": self.beschreibung,
            "legende": [{"farbe": e.farbe, "text": e.text, "anzahl": e.anzahl} for e in self.legende],
            "namensnennung": self.namensnennung,
            "namensnennung_url": self.namensnennung_url,
        }


def gemeindekarte(
    katalog: Katalog, quelle: Quelle, ind: Indikator, perioden: list[str]
) -> Berichtskarte | None:
    """The map of `ind` in the Gemeinden for the newest of `perioden` with a Gemeinde answer."""
    if ind.nenner is None:
        return None  # a choropleth of counts shows the size of the Gemeinden; maps are for rates and shares
    ds = katalog.datensaetze.get(ind.zaehler.datensatz)
    geo = pk.geometrie(katalog.kreis.code, katalog.quelle)
    if geo is None or ds is None or "gemeinde" not in ds.ebenen or ind.pflicht_aufschluesselung:
        return None
    if len(katalog.gebiete_der_ebene("gemeinde")) < 2:
        return None  # a kreisfreie Stadt is its one Gemeinde: a map of one area compares nothing
    gemeinden = sorted(katalog.gebiete_der_ebene("gemeinde"), key=lambda g: g.name)
    for periode in reversed(perioden):
        zeilen = [(g, indikator_wert(katalog, quelle, ind, g.code, periode)) for g in gemeinden]
        if not all(wartet(r) for _g, r in zeilen):
            break
    else:
        return None
    if all(r.value is None for _g, r in zeilen):
        return None  # all secret: a hatched county says nothing a line of text would not
    werte = [pk.Gebietswert(g.code, g.name, r.value, r.reason) for g, r in zeilen]
    titel = f"{ind.name} in den Gemeinden, {fmt.periode(periode)}"
    k = pk.karte(geo, "gemeinde", werte, titel=titel, einheit=ind.einheit, id_=f"karte-{ind.id}")
    return Berichtskarte(ind.id, titel, k.svg, k.beschreibung, k.legende)
