"""Vega-Lite chart specs (plain dicts) and their server-side SVG rendering (pure, no Django).

One spec serves the web page (vendored vega-embed) and the PDF (SVG from vl_convert).
Missing values are left out of the data, never drawn as 0; the table beside the chart shows them.
Targets (Zielwerte) are a second, dashed series with its own legend entry, never told by colour alone.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from integrationsmonitor.catalog.model import Reihenbruch
from integrationsmonitor.indicators.model import SeriesRow
from integrationsmonitor.publish import beschriftung
from integrationsmonitor.publish import formatting as fmt
from integrationsmonitor.publish import zeitachse as za
from integrationsmonitor.publish.alternativtext import (  # the text alternatives, re-exported
    beschreibung,
    beschreibung_balken,
    bruch_text,
    kategorie_name,
    kategorien_mit_wert,
    ziel_text,
)

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"  # a name only; never fetched
SCHRIFT = "DejaVu Sans"
SCHRIFT_VERZEICHNIS = Path(__file__).parent / "fonts"  # shipped DejaVu Sans, see fonts/README.md
BREITE = 640
HOEHE = 280
BALKEN_HOEHE = 20

# The hues of Okabe-Ito (colour-blind safe), darkened until each has at least 4,4:1 contrast on white
# (WCAG 2.1 1.4.11 asks 3:1 of graphical objects); sky blue, too close to blue once darkened, became purple.
# Series are also told apart by shape (FORMEN) and every chart has its table.
FARBEN = ["#0072B2", "#A66A00", "#007A5A", "#C24E00", "#B0508A", "#6A3D9A", "#000000", "#857A00"]
SCHRIFTGROESSE = 12  # axis and legend labels (Vega-Lite's 10 px is small on screen and in print)
FORMEN = [
    "circle",
    "square",
    "triangle-up",
    "diamond",
    "cross",
    "triangle-down",
    "triangle-left",
    "triangle-right",
]

ACHSEN_TITEL = {
    "anzahl": "Anzahl",
    "prozent": "Prozent",
    "promille": "Promille",
    "je_1000": "je 1.000",
    "dezimal": "Wert",
}

# Targets: black, dashed line, filled diamonds; the measured values keep the first colour, a solid line, dots.
ZIEL_FARBE = "#000000"
IST, ZIEL = "Istwert", "Zielwert"
ZIEL_STRICH = [6, 4]
BRUCH_FARBE = "#595959"  # the rule and label of a series break (7:1 on white)

# value axes: about one tick per 80 px and room between labels, so "2.200" and "2.400" never touch
_WERTACHSE = {"tickCount": 6, "labelOverlap": True, "labelSeparation": 8}

Spec = dict[str, Any]

__all__ = [
    "Spec",
    "balken_gebiete",
    "balken_kategorien",
    "beschreibung",
    "beschreibung_balken",
    "bruch_text",
    "svg",
    "zeitreihe",
    "ziel_text",
]


def _achse(einheit: str) -> str:
    return ACHSEN_TITEL.get(einheit, einheit)


def _config() -> Spec:
    schrift = {
        "labelFont": SCHRIFT,
        "titleFont": SCHRIFT,
        "labelFontSize": SCHRIFTGROESSE,
        "titleFontSize": SCHRIFTGROESSE + 1,
    }
    return {
        "font": SCHRIFT,
        "axis": schrift,
        "legend": schrift,
        "header": schrift,
        "title": {"font": SCHRIFT, "subtitleFont": SCHRIFT, "anchor": "start"},
        "text": {"font": SCHRIFT},
        "view": {"stroke": None},
    }


def _basis(titel: str, beschreibung_text: str, hoehe: int) -> Spec:
    return {
        "$schema": SCHEMA,
        "title": titel,
        "description": beschreibung_text,
        "width": BREITE,
        "height": hoehe,
        "config": _config(),
    }


def zeitreihe(
    rows: Iterable[SeriesRow],
    *,
    titel: str,
    einheit: str,
    kategorie_titel: str | None = None,
    kategorie_namen: dict[str, str] | None = None,
    ziele: Sequence[tuple[str, float]] = (),
    brueche: Sequence[Reihenbruch] = (),
) -> Spec:
    """Line chart with points over a real time axis; one line (colour and shape) per category.

    Periods stand at their true distances (zeitachse); a line is split where a period has no value and at
    each break of the series (`brueche`), which is drawn as a labelled vertical rule.
    `ziele` (period, target value) adds a dashed target line with a legend entry "Zielwert"; the axis
    reaches the target periods. Targets apply to the total, so they need a series without categories."""
    rows = list(rows)
    perioden = sorted({r.period for r in rows} | {p for p, _ in ziele}, key=za.position)
    kategorien = kategorien_mit_wert(rows)
    if ziele and kategorien:
        raise ValueError("Zielwerte gelten für den Wert insgesamt, nicht für eine Aufschlüsselung")
    namen = [kategorie_name(k, kategorie_namen) for k in kategorien]
    mit_wert = [r for r in rows if r.value is not None]
    abschnitt: dict[str | None, dict[str, int]] = {
        k: za.abschnitte((r.period for r in mit_wert if r.category == k), brueche)
        for k in {r.category for r in mit_wert}
    }
    werte = [
        {
            "periode": r.period,
            "zeitraum": fmt.periode(r.period),
            "zeit": za.position(r.period),
            "abschnitt": abschnitt[r.category][r.period],
            "wert": r.value,
            "wert_text": fmt.wert(r.value, einheit),
            **({"kategorie": kategorie_name(r.category, kategorie_namen)} if kategorien else {}),
        }
        for r in sorted(
            mit_wert,
            key=lambda r: (
                za.index(r.period),
                kategorien.index(r.category) if r.category in kategorien else -1,
            ),
        )
    ]
    tooltip: list[Spec] = [{"field": "zeitraum", "title": "Zeitraum"}]
    encoding: Spec = {
        "x": za.x_kanal(perioden) if perioden else {"field": "zeit", "type": "quantitative", "title": None},
        "y": {"field": "wert", "type": "quantitative", "title": _achse(einheit), "axis": _WERTACHSE},
        "detail": {"field": "abschnitt", "type": "nominal"},  # one path per segment: gaps stay open
    }
    mark: Spec = {"type": "line", "point": {"filled": True, "size": 60}}
    if kategorien:
        # two columns of up to 290 px: long category names ("zugewiesene Asylsuchende") stay whole at 12 px
        legende = {"title": kategorie_titel, "orient": "bottom", "columns": 2, "labelLimit": 290}
        skala = {"domain": namen}
        encoding["color"] = {
            "field": "kategorie",
            "type": "nominal",
            "scale": {**skala, "range": FARBEN},
            "legend": legende,
        }
        encoding["shape"] = {
            "field": "kategorie",
            "type": "nominal",
            "scale": {**skala, "range": FORMEN},
            "legend": legende,
        }
        tooltip.append({"field": "kategorie", "title": kategorie_titel or "Kategorie"})
    else:
        encoding["color"] = {"value": FARBEN[0]}
    tooltip.append({"field": "wert_text", "title": titel})
    encoding["tooltip"] = tooltip
    stellen = za.bruch_stellen((r.period for r in mit_wert), brueche)
    text = beschreibung(rows, titel=titel, einheit=einheit, kategorie_namen=kategorie_namen, ziele=ziele)
    text = " ".join([text, *(bruch_text(s) for s in stellen)])
    lagen = (
        _mit_zielen(werte, mark, encoding, ziele, einheit)
        if ziele
        else [{"data": {"values": werte}, "mark": mark, "encoding": encoding}]
    )
    lagen += [lage for s in stellen for lage in _bruch_lagen(s, encoding["x"])]
    if len(lagen) == 1:
        return {**_basis(titel, text, HOEHE), **lagen[0]}
    return {**_basis(titel, text, HOEHE), "layer": lagen}


def _bruch_lagen(stelle: za.Bruchstelle, x: Spec) -> list[Spec]:
    """A grey vertical rule at the break and its label at the top, right of the rule."""
    daten = {
        "values": [
            {
                "zeit": stelle.zeit,
                "bruch": stelle.bruch.text,
                "bruch_text": f"ab {fmt.periode(stelle.bruch.ab)}",
            }
        ]
    }
    return [
        {
            "data": daten,
            "mark": {"type": "rule", "color": BRUCH_FARBE, "strokeWidth": 1.5, "strokeDash": [2, 2]},
            "encoding": {
                "x": x,
                "tooltip": [{"field": "bruch", "title": "Bruch der Reihe"}, {"field": "bruch_text"}],
            },
        },
        {
            "data": daten,
            "mark": {
                "type": "text",
                "color": BRUCH_FARBE,
                "align": "left",
                "baseline": "bottom",
                "dx": 4,
                "dy": -4,
                "fontSize": SCHRIFTGROESSE,
            },
            # at the foot of the rule: value axes start at zero, so the lowest band is mostly free
            "encoding": {"x": x, "y": {"value": {"expr": "height"}}, "text": {"field": "bruch"}},
        },
    ]


def _mit_zielen(
    werte: list[Spec], mark: Spec, encoding: Spec, ziele: Sequence[tuple[str, float]], einheit: str
) -> list[Spec]:
    """The measured line and the dashed target line (a level line for a single target) with diamonds.

    One legend: "Istwert" as a solid coloured line, "Zielwert" as a dashed black line."""
    legende = {"title": None, "orient": "bottom", "symbolType": "stroke", "symbolStrokeWidth": 2}

    def kanal(bereich: list[Any], mit_legende: bool = True) -> Spec:
        skala = {"domain": [IST, ZIEL], "range": bereich}
        return {
            "field": "reihe",
            "type": "nominal",
            "scale": skala,
            "legend": legende if mit_legende else None,
        }

    farbe = kanal([FARBEN[0], ZIEL_FARBE])
    strich = kanal([[1, 0], ZIEL_STRICH])
    ist = {
        "data": {"values": [{**w, "reihe": IST} for w in werte]},
        "mark": mark,
        "encoding": {**encoding, "color": farbe, "strokeDash": strich},
    }
    ziel_werte = [
        {
            "periode": p,
            "zeitraum": fmt.periode(p),
            "zeit": za.position(p),
            "wert": v,
            "wert_text": fmt.wert(v, einheit),
            "reihe": ZIEL,
        }
        for p, v in sorted(ziele)
    ]
    tooltip = [{"field": "zeitraum", "title": "Zieljahr"}, {"field": "wert_text", "title": ZIEL}]
    daten = {"values": ziel_werte}
    x, y = encoding["x"], encoding["y"]
    # One target: a dashed level line across the chart; several: a dashed line through them.
    linie: Spec = {
        "data": daten,
        "mark": {"type": "rule" if len(ziele) == 1 else "line", "strokeWidth": 2},
        "encoding": {"y": y, "color": farbe, "strokeDash": strich, **({"x": x} if len(ziele) > 1 else {})},
    }
    punkte = {
        "data": daten,
        "mark": {"type": "point", "shape": "diamond", "filled": True, "size": 110, "opacity": 1},
        "encoding": {"x": x, "y": y, "color": kanal([FARBEN[0], ZIEL_FARBE], False), "tooltip": tooltip},
    }
    return [ist, linie, punkte]


def _balken(
    items: Sequence[tuple[str, float | None]],
    *,
    titel: str,
    einheit: str,
    feld: str,
    feld_titel: str,
    art: str,
) -> Spec:
    vorhanden = [(name, value) for name, value in items if value is not None]
    werte = [{feld: name, "wert": value, "wert_text": fmt.wert(value, einheit)} for name, value in vorhanden]
    text = beschreibung_balken(items, titel=titel, einheit=einheit, art=art)
    namen = list(dict.fromkeys(name for name, _ in vorhanden))
    # long names (Gemeinden, nationalities) wrap onto further lines, never cut with "…"
    namensachse = beschriftung.namensachse(namen, SCHRIFTGROESSE)
    zeilen = beschriftung.max_zeilen(namen)
    hoehe = (BALKEN_HOEHE if zeilen == 1 else (SCHRIFTGROESSE + 2) * zeilen + 4) * max(len(vorhanden), 1)
    return {
        **_basis(titel, text, hoehe),
        "data": {"values": werte},
        "encoding": {
            "y": {"field": feld, "type": "nominal", "title": None, "sort": namen, "axis": namensachse},
            "x": {"field": "wert", "type": "quantitative", "title": _achse(einheit), "axis": _WERTACHSE},
            "tooltip": [{"field": feld, "title": feld_titel}, {"field": "wert_text", "title": titel}],
        },
        "layer": [
            {"mark": {"type": "bar", "color": FARBEN[0]}},
            {
                "mark": {"type": "text", "align": "left", "baseline": "middle", "dx": 3},
                "encoding": {"text": {"field": "wert_text"}},
            },
        ],
    }


def balken_gebiete(items: Sequence[tuple[str, float | None]], *, titel: str, einheit: str) -> Spec:
    """Horizontal bars comparing regions, sorted by value descending; missing values left out."""
    sortiert = sorted(
        ((n, v) for n, v in items if v is not None), key=lambda item: (-(item[1] or 0.0), item[0])
    )
    return _balken(
        sortiert + [(n, v) for n, v in items if v is None],
        titel=titel,
        einheit=einheit,
        feld="gebiet",
        feld_titel="Gebiet",
        art="Balkendiagramm",
    )


def balken_kategorien(items: Sequence[tuple[str, float | None]], *, titel: str, einheit: str) -> Spec:
    """Horizontal bars by category for one period, in the order given; missing values left out."""
    return _balken(
        items, titel=titel, einheit=einheit, feld="kategorie", feld_titel="Kategorie", art="Balkendiagramm"
    )


@functools.cache
def _schriften_registrieren() -> None:
    import vl_convert

    if SCHRIFT_VERZEICHNIS.is_dir():
        vl_convert.register_font_directory(str(SCHRIFT_VERZEICHNIS))


_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>\s*")
_SVG_START = re.compile(r"<svg\b[^>]*>")


def _barrierefrei(svg_text: str, label: str) -> str:
    """Strip the XML declaration; give the root <svg> role="img", aria-label and a <title>."""
    svg_text = _XML_DECL.sub("", svg_text).lstrip()
    start = _SVG_START.search(svg_text)
    if start is None:
        return svg_text
    tag = start.group(0)
    neu = tag[:-1]
    if not re.search(r"\srole=", neu):
        neu += ' role="img"'
    if label and not re.search(r"\saria-label=", neu):
        neu += f' aria-label="{html.escape(label, quote=True)}"'
    neu += ">"
    if label:
        neu += f"<title>{html.escape(label, quote=False)}</title>"
    return svg_text[: start.start()] + neu + svg_text[start.end() :]


@functools.lru_cache(maxsize=256)
def _svg_cached(spec_json: str) -> str:
    import vl_convert

    _schriften_registrieren()
    roh = vl_convert.vegalite_to_svg(spec_json, format_locale="de-DE", allowed_base_urls=[])
    return _barrierefrei(roh, json.loads(spec_json).get("description", ""))


def svg(spec: Spec) -> str:
    """Render a spec to an inline-ready, accessible SVG string (German number format, cached)."""
    return _svg_cached(json.dumps(spec, sort_keys=True, ensure_ascii=False))
