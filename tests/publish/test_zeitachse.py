"""Real time axes: periods at their true distances, gaps and series breaks split the line, whole-year ticks."""

from __future__ import annotations

import json
import re

import pytest

from integrationsmonitor.catalog.model import Reihenbruch
from integrationsmonitor.indicators.model import SeriesRow
from integrationsmonitor.publish import charts
from integrationsmonitor.publish import zeitachse as za

ZENSUS = Reihenbruch("2023", "Zensus 2022")


def _reihe(werte: dict[str, float | None], kategorie: str | None = None) -> list[SeriesRow]:
    return [SeriesRow("bevoelkerung_amtlich", "12061", p, kategorie, v) for p, v in werte.items()]


AMTLICH = _reihe({"2014": 161952, "2015": 164528, "2022": 178967, "2024": 178793})


def _linien(svg: str) -> list[list[tuple[float, float]]]:
    """The drawn line paths of the chart (not axes or rules), each as its points."""
    pfade = re.findall(r'aria-roledescription="line mark"[^>]*?\sd="([^"]*)"', svg)
    return [
        [(float(x), float(y)) for x, y in re.findall(r"[ML](-?[\d.]+),(-?[\d.]+)", d)] for d in pfade if d
    ]


def test_perioden_stehen_nach_ihrem_datum() -> None:
    assert [za.position(p) for p in ("2014", "2024-Q2", "2024-03")] == pytest.approx(
        [2014, 2024.25, 2024 + 2 / 12]
    )
    spec = charts.zeitreihe(AMTLICH, titel="Bevölkerung", einheit="anzahl")
    x = spec["encoding"]["x"]
    assert x["type"] == "quantitative" and x["field"] == "zeit"
    assert [w["zeit"] for w in spec["data"]["values"]] == [2014, 2015, 2022, 2024]
    assert x["axis"]["format"] == "d" and all(float(v).is_integer() for v in x["axis"]["values"])
    assert x["axis"]["values"] == [float(j) for j in range(2014, 2025)]


def test_svg_setzt_jahre_nach_ihrem_abstand() -> None:
    svg = charts.svg(charts.zeitreihe(AMTLICH, titel="Bevölkerung", einheit="anzahl"))
    xs = sorted(
        {
            float(x)
            for x in re.findall(r'aria-roledescription="point"[^>]*?transform="translate\(([\d.]+),', svg)
        }
    )
    assert len(xs) == 4, xs
    schritt = (xs[3] - xs[0]) / 10  # 2014 … 2024
    assert xs[1] - xs[0] == pytest.approx(schritt, rel=0.02)
    assert xs[2] - xs[1] == pytest.approx(7 * schritt, rel=0.02)  # 2015 → 2022: seven years, not one step
    texte = re.findall(r">([^<>]+)</text>", svg)
    assert "2015" in texte and "2.015" not in texte and not any("," in t and t[:2] == "20" for t in texte)


def test_luecke_teilt_die_linie() -> None:
    rows = _reihe({"2014": 1.0, "2015": 2.0, "2016": 3.0, "2017": None, "2018": 4.0, "2019": 5.0})
    spec = charts.zeitreihe(rows, titel="Anteil", einheit="prozent")
    assert [w["abschnitt"] for w in spec["data"]["values"]] == [0, 0, 0, 1, 1]
    assert spec["encoding"]["detail"]["field"] == "abschnitt"
    linien = _linien(charts.svg(spec))
    assert [len(pfad) for pfad in linien] == [3, 2]  # two segments, nothing drawn across 2017


def test_fehlende_jahre_ohne_zeile_sind_auch_eine_luecke() -> None:
    spec = charts.zeitreihe(AMTLICH, titel="Bevölkerung", einheit="anzahl")
    assert [w["abschnitt"] for w in spec["data"]["values"]] == [0, 0, 1, 2]
    assert [len(p) for p in _linien(charts.svg(spec)) if len(p) > 1] == [2]  # only 2014–2015 joined


def test_zensusbruch_teilt_die_linie_und_zeigt_eine_beschriftete_senkrechte() -> None:
    rows = _reihe({"2021": 170000, "2022": 171000, "2023": 175000, "2024": 176000})
    ohne = charts.zeitreihe(rows, titel="Bevölkerung", einheit="anzahl")
    assert "layer" not in ohne and {w["abschnitt"] for w in ohne["data"]["values"]} == {0}
    spec = charts.zeitreihe(rows, titel="Bevölkerung", einheit="anzahl", brueche=[ZENSUS])
    linie, regel, beschriftung = spec["layer"]
    assert [w["abschnitt"] for w in linie["data"]["values"]] == [0, 0, 1, 1]
    assert regel["mark"]["type"] == "rule" and regel["data"]["values"][0]["zeit"] == 2022.5
    assert beschriftung["mark"]["type"] == "text" and beschriftung["encoding"]["text"]["field"] == "bruch"
    assert beschriftung["data"]["values"][0]["bruch"] == "Zensus 2022"
    assert "Bruch der Reihe zwischen 2022 und 2023 (senkrechte Linie): Zensus 2022" in spec["description"]
    svg = charts.svg(spec)
    assert [len(p) for p in _linien(svg)] == [2, 2]
    assert ">Zensus 2022</text>" in svg
    assert re.search(r'class="mark-rule role-mark[^"]*"', svg)


def test_bruch_nur_wenn_werte_davor_und_danach() -> None:
    spec = charts.zeitreihe(_reihe({"2023": 1.0, "2024": 2.0}), titel="T", einheit="anzahl", brueche=[ZENSUS])
    assert "layer" not in spec and "Bruch" not in spec["description"]
    stellen = za.bruch_stellen(["2014", "2015", "2022", "2024"], [ZENSUS])
    assert [(s.vorher, s.nachher, s.zeit) for s in stellen] == [("2022", "2024", 2023.0)]


def test_bruch_mit_zielen_und_kategorien() -> None:
    rows = _reihe({"2022": 1.0, "2024": 2.0}, "eu") + _reihe({"2021": 3.0, "2022": 4.0, "2024": 5.0}, "dritt")
    spec = charts.zeitreihe(rows, titel="T", einheit="anzahl", kategorie_titel="Gruppe", brueche=[ZENSUS])
    werte = spec["layer"][0]["data"]["values"]
    assert [(w["kategorie"], w["abschnitt"]) for w in werte] == [
        ("dritt", 0),
        ("eu", 0),
        ("dritt", 0),
        ("eu", 1),
        ("dritt", 1),
    ]
    mit_ziel = charts.zeitreihe(AMTLICH, titel="T", einheit="anzahl", ziele=[("2026", 1.0)], brueche=[ZENSUS])
    assert len(mit_ziel["layer"]) == 5 and mit_ziel["layer"][-2]["mark"]["type"] == "rule"
    assert mit_ziel["layer"][0]["encoding"]["x"]["scale"]["domain"] == [2014, 2026]
    json.dumps(mit_ziel)


def test_quartale_und_monate_ganze_perioden_als_ticks() -> None:
    quartale = charts.zeitreihe(
        _reihe({"2023-Q4": 1.0, "2024-Q1": 2.0, "2024-Q3": 3.0}), titel="T", einheit="anzahl"
    )
    x = quartale["encoding"]["x"]
    assert x["axis"]["values"] == [2023.75, 2024.0, 2024.25, 2024.5]
    assert "Quartal" in x["axis"]["labelExpr"] and "format" not in x["axis"]
    assert [w["abschnitt"] for w in quartale["data"]["values"]] == [0, 0, 1]
    texte = re.findall(r">([^<>]+)</t", charts.svg(quartale))
    assert "4. Quartal" in texte and "2. Quartal" in texte and "2024" in texte
    monate = {f"2023-{m:02d}": float(m) for m in range(1, 13)} | {
        f"2024-{m:02d}": float(m) for m in range(1, 7)
    }
    werte, ganze_jahre = za.ticks(list(monate))
    assert not ganze_jahre and len(werte) <= za.MAX_UNTERJAHR_TICKS
    assert werte[:2] == [2023.0, 2023.25]  # January, April, …
    lang = [str(j) for j in range(1990, 2025)]
    werte, ganze_jahre = za.ticks(lang)
    assert ganze_jahre and werte == [1990.0, 1995.0, 2000.0, 2005.0, 2010.0, 2015.0, 2020.0]


def test_ein_einziger_zeitraum() -> None:
    spec = charts.zeitreihe(_reihe({"2024": 5.0}), titel="T", einheit="anzahl")
    assert spec["encoding"]["x"]["scale"]["domain"] == [2023.5, 2024.5]
    assert spec["encoding"]["x"]["axis"]["values"] == [2024.0]
    assert ">2024</text>" in charts.svg(spec)


def test_bruchbeschriftung_folgt_der_hoehe() -> None:
    """A report may shrink a short series' chart: the label stays at the foot of the rule."""
    rows = _reihe({"2022": 1.0, "2024": 2.0})
    spec = {**charts.zeitreihe(rows, titel="T", einheit="anzahl", brueche=[ZENSUS]), "height": 120}
    text = re.search(r"<text[^>]*translate\([\d.]+,([\d.]+)\)[^>]*>Zensus 2022</text>", charts.svg(spec))
    assert text is not None and 100 < float(text.group(1)) <= 120


def test_gemischte_zeitraumarten_auf_einer_achse() -> None:
    """Years and quarters in one chart (several indicators): placed by date, ticks in quarters."""
    rows = _reihe({"2023": 1.0, "2024": 2.0}, "jahr") + _reihe({"2024-Q1": 3.0, "2024-Q2": 4.0}, "quartal")
    spec = charts.zeitreihe(rows, titel="T", einheit="anzahl")
    assert spec["encoding"]["x"]["scale"]["domain"] == [2023, 2024.25]
    assert spec["encoding"]["x"]["axis"]["values"] == [2023.0, 2023.25, 2023.5, 2023.75, 2024.0, 2024.25]
    assert za.abschnitte(["2023", "2024-Q1", "2024-Q2"]) == {"2023": 0, "2024-Q1": 1, "2024-Q2": 1}
