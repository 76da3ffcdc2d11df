"""Vega-Lite chart specs and their SVG rendering."""

from __future__ import annotations

import json
import re

import pytest

from integrationsmonitor.indicators.model import FEHLT_GEHEIM, SeriesRow
from integrationsmonitor.publish import charts

JAHRE = [str(j) for j in range(2014, 2025)]
ANZAHL = [4486, 5120, 6033, None, 8100, 9250, 10400, 11600, 12800, 13900, 14933]


def _reihe(
    werte: list[float | None], kategorie: str | None = None, perioden: list[str] = JAHRE
) -> list[SeriesRow]:
    return [
        SeriesRow("auslaender", "09162", p, kategorie, v, reason="" if v is not None else FEHLT_GEHEIM)
        for p, v in zip(perioden, werte, strict=True)
    ]


def _texte(svg: str) -> list[str]:
    return re.findall(r">([^<>]+)</text>", svg)


def test_zeitreihe_ohne_kategorien() -> None:
    spec = charts.zeitreihe(_reihe(ANZAHL), titel="Ausländer", einheit="anzahl")
    werte = spec["data"]["values"]
    assert [w["wert"] for w in werte] == [v for v in ANZAHL if v is not None]
    assert "2017" not in {w["periode"] for w in werte}  # missing: left out, not 0
    assert all(w["wert"] is not None for w in werte)
    assert spec["encoding"]["y"]["title"] == "Anzahl"
    x = spec["encoding"]["x"]
    assert x["type"] == "quantitative" and x["field"] == "zeit"  # a real time axis
    assert x["scale"]["domain"] == [2014, 2024]  # the gap stays on the axis
    assert x["axis"]["values"] == [float(j) for j in range(2014, 2025)] and x["axis"]["format"] == "d"
    assert "color" not in spec["encoding"] or "field" not in spec["encoding"]["color"]
    assert spec["mark"]["type"] == "line" and spec["mark"]["point"]
    assert spec["description"].startswith("Liniendiagramm: Ausländer 2014 bis 2024.")
    assert spec["config"]["font"] == "DejaVu Sans"
    assert spec["$schema"].endswith("/v5.json")
    assert (spec["width"], spec["height"]) == (640, 280)
    json.dumps(spec)  # plain JSON


def test_zeitreihe_mit_kategorien() -> None:
    quartale = ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
    rows = (
        _reihe([2.8, 3.0, None, 3.4], "eu", quartale)
        + _reihe([5.1, 5.5, 6.0, 6.2], "dritt", quartale)
        + _reihe([None, None, None, None], "leer", quartale)
    )
    spec = charts.zeitreihe(
        rows,
        titel="Ausländeranteil",
        einheit="prozent",
        kategorie_titel="Herkunft",
        kategorie_namen={"eu": "EU-Staaten", "dritt": "Drittstaaten"},
    )
    werte = spec["data"]["values"]
    assert len(werte) == 7
    assert {w["kategorie"] for w in werte} == {"EU-Staaten", "Drittstaaten"}
    assert {(w["periode"], w["kategorie"]) for w in werte if w["kategorie"] == "EU-Staaten"} == {
        ("2024-Q1", "EU-Staaten"),
        ("2024-Q2", "EU-Staaten"),
        ("2024-Q4", "EU-Staaten"),
    }
    assert werte[0]["zeitraum"] == "1. Quartal 2024"
    assert werte[0]["wert_text"] == "2,8 %"
    farbe, form = spec["encoding"]["color"], spec["encoding"]["shape"]
    assert farbe["field"] == form["field"] == "kategorie"
    assert farbe["scale"]["domain"] == form["scale"]["domain"] == ["EU-Staaten", "Drittstaaten"]
    assert farbe["scale"]["range"] == charts.FARBEN
    assert farbe["legend"]["title"] == "Herkunft"
    assert spec["encoding"]["y"]["title"] == "Prozent"
    assert [w["zeit"] for w in werte if w["kategorie"] == "EU-Staaten"] == [2024.0, 2024.25, 2024.75]
    assert [w["abschnitt"] for w in werte if w["kategorie"] == "EU-Staaten"] == [0, 0, 1]  # Q3 missing
    assert spec["encoding"]["x"]["scale"]["domain"] == [2024.0, 2024.75]


def test_balken_gebiete_sortiert_und_ohne_fehlende() -> None:
    items = [("Adorf", 3.5), ("Bestadt", None), ("Cdorf", 12.25), ("Dheim", 7.0)]
    spec = charts.balken_gebiete(items, titel="Ausländeranteil", einheit="prozent")
    werte = spec["data"]["values"]
    assert [(w["gebiet"], w["wert"]) for w in werte] == [("Cdorf", 12.25), ("Dheim", 7.0), ("Adorf", 3.5)]
    assert spec["encoding"]["y"]["sort"] == ["Cdorf", "Dheim", "Adorf"]
    assert spec["height"] == 3 * 20
    assert "Bestadt" not in json.dumps(spec["data"])
    assert "12,3 %" in spec["description"] and "1 ohne Wert" in spec["description"]


def test_balken_kategorien_reihenfolge_wie_gegeben() -> None:
    items = [("Türkei", 1200.0), ("Polen", 1500.0), ("Syrien", None), ("Rumänien", 900.0)]
    spec = charts.balken_kategorien(items, titel="Staatsangehörigkeiten", einheit="anzahl")
    assert [w["kategorie"] for w in spec["data"]["values"]] == ["Türkei", "Polen", "Rumänien"]
    assert spec["encoding"]["y"]["sort"] == ["Türkei", "Polen", "Rumänien"]
    assert spec["encoding"]["x"]["title"] == "Anzahl"
    assert "1.500 (Polen)" in spec["description"]


def test_beschreibung_ohne_kategorien() -> None:
    rows = _reihe([2.8, *[5.0] * 9, 8.2])
    text = charts.beschreibung(rows, titel="Ausländeranteil", einheit="prozent")
    assert text == "Liniendiagramm: Ausländeranteil 2014 bis 2024. Von 2,8 % (2014) auf 8,2 % (2024)."


def test_beschreibung_ueberspringt_fehlende_randwerte() -> None:
    rows = _reihe([None, 4486, *[5000] * 7, 14933, None])
    text = charts.beschreibung(rows, titel="Ausländer", einheit="anzahl")
    assert text == "Liniendiagramm: Ausländer 2015 bis 2023. Von 4.486 (2015) auf 14.933 (2023)."


def test_beschreibung_je_kategorie() -> None:
    perioden = ["2023-12", "2024-12"]
    rows = _reihe([1.25, 2.0], "eu", perioden) + _reihe([None, 3.5], "dritt", perioden)
    text = charts.beschreibung(rows, titel="Anteil", einheit="prozent", kategorie_namen={"eu": "EU"})
    assert text == (
        "Liniendiagramm: Anteil Dezember 2023 bis Dezember 2024. "
        "EU: von 1,3 % (Dezember 2023) auf 2,0 % (Dezember 2024). "
        "dritt: 3,5 % (Dezember 2024)."
    )


def test_beschreibung_ohne_werte() -> None:
    text = charts.beschreibung(_reihe([None] * 11), titel="Anteil", einheit="prozent")
    assert text == "Liniendiagramm: Anteil. Keine Werte vorhanden."


@pytest.fixture(scope="module")
def zeitreihe_svg() -> str:
    return charts.svg(charts.zeitreihe(_reihe(ANZAHL), titel="Ausländer", einheit="anzahl"))


def test_svg_inline_und_barrierefrei(zeitreihe_svg: str) -> None:
    assert zeitreihe_svg.startswith("<svg")
    assert "<?xml" not in zeitreihe_svg
    wurzel = re.match(r"<svg\b[^>]*>", zeitreihe_svg)
    assert wurzel is not None
    assert 'role="img"' in wurzel.group(0)
    assert (
        'aria-label="Liniendiagramm: Ausländer 2014 bis 2024. Von 4.486 (2014) auf 14.933 (2024)."'
        in wurzel.group(0)
    )
    assert "<title>Liniendiagramm: Ausländer" in zeitreihe_svg


def test_svg_deutsche_tausenderpunkte(zeitreihe_svg: str) -> None:
    texte = _texte(zeitreihe_svg)
    assert "10.000" in texte or "12.000" in texte
    assert not any(re.fullmatch(r"\d{1,3}(,\d{3})+", t) for t in texte)  # no English grouping
    assert 'font-family="DejaVu Sans"' in zeitreihe_svg
    assert "sans-serif" not in zeitreihe_svg


def test_svg_dezimalkomma_und_balken() -> None:
    items = [("Adorf", 3.5), ("Cdorf", 12.25)]
    texte = _texte(charts.svg(charts.balken_gebiete(items, titel="Anteil", einheit="prozent")))
    assert "12,3 %" in texte and "3,5 %" in texte
    assert texte.index("Cdorf") < texte.index("Adorf")


def test_svg_maskiert_beschreibung() -> None:
    spec = charts.balken_kategorien([('A & "B" <C>', 1.0)], titel="T", einheit="anzahl")
    ausgabe = charts.svg(spec)
    wurzel = re.match(r"<svg\b[^>]*>", ausgabe)
    assert wurzel is not None and "&amp; &quot;B&quot; &lt;C&gt;" in wurzel.group(0)


def test_svg_cache_liefert_gleiche_ausgabe() -> None:
    spec = charts.balken_gebiete([("Adorf", 1.0)], titel="T", einheit="anzahl")
    assert charts.svg(spec) is charts.svg(json.loads(json.dumps(spec)))


def _kontrast(farbe: str, hintergrund: str = "#FFFFFF") -> float:
    """WCAG 2.1 contrast ratio of two sRGB colours."""

    def leuchtdichte(h: str) -> float:
        kanaele = [int(h[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in kanaele)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    hell, dunkel = sorted((leuchtdichte(farbe), leuchtdichte(hintergrund)), reverse=True)
    return (hell + 0.05) / (dunkel + 0.05)


def test_every_series_colour_contrasts_with_white_and_labels_are_readable() -> None:
    assert _kontrast("#767676") == pytest.approx(4.54, abs=0.01)  # the WCAG reference grey
    assert len(set(charts.FARBEN)) == len(charts.FARBEN) >= 8
    for farbe in charts.FARBEN:
        assert _kontrast(farbe) >= 3.0, farbe  # WCAG 2.1 1.4.11 non-text contrast
    konfig = charts._config()
    assert konfig["axis"]["labelFontSize"] >= 12 and konfig["legend"]["labelFontSize"] >= 12
