"""Targets in line charts: a dashed target layer with its own legend entry, named in the text alternative."""

from __future__ import annotations

import json
import re

import pytest

from integrationsmonitor.indicators.model import SeriesRow
from integrationsmonitor.publish import charts


def _reihe(werte: dict[str, float], kategorie: str | None = None) -> list[SeriesRow]:
    return [SeriesRow("sprachkurse", "12061", p, kategorie, v) for p, v in werte.items()]


KURSE = _reihe({"2022": 28, "2023": 35, "2024": 42})


def _ziel_layer(spec: dict) -> list[dict]:
    return [lay for lay in spec["layer"] if lay["data"]["values"][0]["reihe"] == charts.ZIEL]


def test_ein_ziel_gestrichelte_linie_mit_legende() -> None:
    spec = charts.zeitreihe(KURSE, titel="Sprachkurse", einheit="anzahl", ziele=[("2026", 50)])
    assert "mark" not in spec and len(spec["layer"]) == 3
    ist, linie, punkte = spec["layer"]
    assert [w["wert"] for w in ist["data"]["values"]] == [28, 35, 42]
    assert {w["reihe"] for w in ist["data"]["values"]} == {"Istwert"}
    assert linie["data"]["values"] == [
        {
            "periode": "2026",
            "zeitraum": "2026",
            "zeit": 2026.0,
            "wert": 50,
            "wert_text": "50",
            "reihe": "Zielwert",
        }
    ]
    assert linie["mark"]["type"] == "rule"  # one target: a level line across the chart
    strich = linie["encoding"]["strokeDash"]
    assert strich["scale"] == {"domain": ["Istwert", "Zielwert"], "range": [[1, 0], [6, 4]]}
    farbe = linie["encoding"]["color"]
    assert farbe["scale"]["domain"] == ["Istwert", "Zielwert"] and farbe["legend"] is not None
    assert ist["encoding"]["color"] == farbe and ist["encoding"]["strokeDash"] == strich
    assert punkte["mark"]["shape"] == "diamond"
    # the axis reaches the target year, with the year in between
    assert ist["encoding"]["x"]["scale"]["domain"] == [2022, 2026]
    assert ist["encoding"]["x"]["axis"]["values"] == [2022, 2023, 2024, 2025, 2026]
    assert spec["description"] == (
        "Liniendiagramm: Sprachkurse 2022 bis 2024. Von 28 (2022) auf 42 (2024). "
        "Zielwert (gestrichelte Linie): 50 für 2026."
    )
    json.dumps(spec)


def test_mehrere_ziele_als_linie_durch_die_zielpunkte() -> None:
    spec = charts.zeitreihe(
        _reihe({"2023": 1.43, "2024": 1.67}),
        titel="Einbürgerungsquote",
        einheit="prozent",
        ziele=[("2026", 2.0), ("2024", 1.5)],
    )
    linie = _ziel_layer(spec)[0]
    assert linie["mark"]["type"] == "line" and "x" in linie["encoding"]
    assert [(w["periode"], w["wert_text"]) for w in linie["data"]["values"]] == [
        ("2024", "1,5 %"),
        ("2026", "2,0 %"),
    ]
    assert spec["description"].endswith("Zielwerte (gestrichelte Linie): 1,5 % für 2024, 2,0 % für 2026.")


def test_ohne_ziele_bleibt_das_diagramm_einlagig() -> None:
    spec = charts.zeitreihe(KURSE, titel="Sprachkurse", einheit="anzahl")
    assert "layer" not in spec and spec["mark"]["type"] == "line"
    assert "Ziel" not in spec["description"]
    assert spec["encoding"]["x"]["scale"]["domain"] == [2022, 2024]


def test_ziele_nur_ohne_aufschluesselung() -> None:
    rows = _reihe({"2024": 3}, "eu") + _reihe({"2024": 5}, "drittstaat")
    with pytest.raises(ValueError, match="nicht für eine Aufschlüsselung"):
        charts.zeitreihe(rows, titel="Anteil", einheit="prozent", ziele=[("2026", 10.0)])


def test_svg_zeigt_gestrichelte_ziellinie_und_legende() -> None:
    svg = charts.svg(charts.zeitreihe(KURSE, titel="Sprachkurse", einheit="anzahl", ziele=[("2026", 50)]))
    texte = re.findall(r">([^<>]+)</text>", svg)
    assert "Istwert" in texte and "Zielwert" in texte and "2026" in texte
    assert 'stroke-dasharray="6,4"' in svg
    assert "Zielwert (gestrichelte Linie): 50 für 2026." in svg  # aria-label and <title>
