"""The choropleth of publish.karte: geometry of the shipped county, projection, classes, SVG (pure)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from integrationsmonitor.catalog.loader import lade_katalog
from integrationsmonitor.publish import karte as pk

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def geo() -> pk.Geometrie:
    g = pk.geometrie("12061")
    assert g is not None
    return g


def test_jede_gemeinde_und_jedes_amt_des_katalogs_hat_eine_flaeche(geo: pk.Geometrie) -> None:
    katalog = lade_katalog()
    for ebene, anzahl in (("gemeinde", 37), ("verband", 16)):
        codes = {g.code for g in katalog.gebiete_der_ebene(ebene)}
        assert len(codes) == anzahl
        assert {f.code for f in geo.ebene(ebene)} == codes
        assert all(geo.pfad(f).startswith("M") for f in geo.ebene(ebene))
    assert [f.code for f in geo.ebene("kreis")] == ["12061"]


def test_kein_kreis_ohne_datei_keine_karte() -> None:
    assert pk.geometrie("99999") is None


def test_projektion_norden_oben_osten_rechts_im_rahmen(geo: pk.Geometrie) -> None:
    x0, y0 = geo.projiziere(13.5, 52.3)
    x1, y1 = geo.projiziere(13.9, 52.0)  # further east and south
    assert x1 > x0 and y1 > y0
    # cos-scaled: 1° of longitude is shorter than 1° of latitude at 52° N
    dx = geo.projiziere(14.0, 52.0)[0] - geo.projiziere(13.0, 52.0)[0]
    dy = geo.projiziere(13.5, 51.5)[1] - geo.projiziere(13.5, 52.5)[1]
    assert dx / dy == pytest.approx(0.616, abs=0.01)
    for f in geo.flaechen:
        for zahl in re.findall(r"-?\d+\.\d", geo.pfad(f)):
            assert -0.1 <= float(zahl) <= max(pk.BREITE, geo.hoehe) + 0.1
    assert 500 < geo.hoehe < 1000  # the county is taller than wide


def test_klassen_decken_alle_werte_ab_und_sind_nicht_leer() -> None:
    werte = [0.4, 1.25, 2.0, 2.1, 3.3, 5.05, 7.9, 8.2, 12.0, 30.45, 2.2]
    kl = pk.klassen(werte, "prozent")
    assert len(kl) == 5
    assert kl[0].von == 0.4 and kl[-1].bis == 30.5  # rounded as printed
    assert [k.von for k in kl] == sorted({k.von for k in kl})
    for w in werte:
        k = pk.klasse_von(w, kl, "prozent")
        assert k.von <= round(w + 1e-9, 1) <= k.bis
    assert all(any(pk.klasse_von(w, kl, "prozent") == k for w in werte) for k in kl)
    assert [k.farbe for k in kl] == list(pk.FARBEN)


def test_legende_deutsch_formatiert() -> None:
    kl = pk.klassen([1200, 3400, 15000, 2500, 999, 40000], "anzahl")
    texte = [k.text for k in kl]
    assert texte[0] == "999 bis unter 1.200"
    assert texte[-1] == "15.000 bis 40.000"
    kl = pk.klassen([8.25, 2.0, 10.0], "prozent")
    assert [k.text for k in kl] == ["2,0 bis unter 8,3 %", "8,3 bis unter 10,0 %", "10,0 %"]


def test_wenige_verschiedene_werte_wenige_klassen() -> None:
    assert [k.text for k in pk.klassen([5.0, 5.0, 5.0], "prozent")] == ["5,0 %"]
    assert pk.klassen([], "prozent") == []


def test_karte_svg_titel_farben_schraffur_und_text(geo: pk.Geometrie) -> None:
    gemeinden = sorted(geo.ebene("gemeinde"), key=lambda f: f.code)
    werte = [pk.Gebietswert(f.code, f.name, float(i), "") for i, f in enumerate(gemeinden[:30])]
    werte += [pk.Gebietswert(f.code, f.name, None, "geheim") for f in gemeinden[30:]]
    werte.append(pk.Gebietswert("12061999", "Nirgendwo", 1.0))
    k = pk.karte(geo, "gemeinde", werte, titel="Test in den Gemeinden, 2024", einheit="prozent", id_="k1")
    root = ET.fromstring(k.svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == k.beschreibung
    assert root.get("viewBox", "").startswith("0 0 600 ")
    assert root.get("width") == "100%" and "style" not in k.svg
    pfade = root.findall(f".//{SVG}path[@data-code]")
    assert len(pfade) == 37
    titel = {p.get("data-code"): p.findtext(f"{SVG}title") for p in pfade}
    assert titel[gemeinden[29].code] == f"{gemeinden[29].name}: 29,0 %"
    assert titel[gemeinden[30].code] == f"{gemeinden[30].name}: keine Angabe (geheim)"
    fuellungen = {p.get("data-code"): p.get("fill") for p in pfade}
    assert fuellungen[gemeinden[30].code] == "url(#k1-ohne-wert)"
    assert fuellungen[gemeinden[0].code] == pk.FARBEN[0]
    assert fuellungen[gemeinden[29].code] == pk.FARBEN[-1]
    assert root.find(f".//{SVG}pattern[@id='k1-ohne-wert']") is not None
    assert k.legende[-1] == pk.Legendeneintrag("", "keine Angabe: geheim", 7)
    assert sum(e.anzahl for e in k.legende) == 37
    assert (
        "Höchster Wert:" in k.beschreibung
        and "Für 7 von 37 Gemeinden gibt es keine Angabe." in k.beschreibung
    )
    assert k.fehlende_flaechen == ["12061999"]


def test_farbfeld_ohne_inline_stil() -> None:
    feld = pk.farbfeld("", "x-1")
    assert 'fill="url(#x-1)"' in feld and 'aria-hidden="true"' in feld and "style" not in feld
    assert 'fill="#08519c"' in pk.farbfeld("#08519c", "x-2")


def test_gleiche_werte_ergeben_keine_leere_klasse() -> None:
    kl = pk.klassen([2.0, 2.0, 2.0, 2.0, 3.0, 9.0], "prozent")
    assert [k.text for k in kl] == ["2,0 bis unter 3,0 %", "3,0 bis 9,0 %"]
    assert [k.farbe for k in kl] == [pk.FARBEN[0], pk.FARBEN[4]]
