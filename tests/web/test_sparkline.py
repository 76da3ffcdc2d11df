"""The sparkline of a key-figure card (web.sparkline): points, gaps, dots, escaping."""

from __future__ import annotations

import re

from integrationsmonitor.web.sparkline import BREITE, abschnitte, sparkline_svg


def _pfad(svg: str) -> str:
    m = re.search(r'<path d="([^"]+)"', svg)
    assert m, svg
    return m[1]


def _punkte(pfad: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"[ML](-?[\d.]+) (-?[\d.]+)", pfad)]


def test_jeder_wert_ein_punkt_eine_linie_ohne_luecke() -> None:
    svg = sparkline_svg([("2021", 1.0), ("2022", 2.0), ("2023", 1.5), ("2024", 3.0)], "Verlauf")
    pfad = _pfad(svg)
    assert pfad.count("M") == 1 and pfad.count("L") == 3
    xs = [x for x, _ in _punkte(pfad)]
    assert xs == sorted(xs) and xs[0] < 5 and xs[-1] > BREITE - 5  # the whole width, left to right
    ys = [y for _, y in _punkte(pfad)]
    assert ys[3] < ys[1] < ys[2] < ys[0]  # higher value, higher on screen (smaller y)


def test_fehlendes_jahr_ist_eine_luecke() -> None:
    # 2022 is not in the series at all, 2019 has no value: three runs, no line across either gap
    punkte = [("2017", 5.0), ("2018", 6.0), ("2019", None), ("2020", 7.0), ("2021", 8.0), ("2023", 9.0)]
    assert [len(lauf) for lauf in abschnitte(punkte)] == [2, 2, 1]
    pfad = _pfad(sparkline_svg(punkte, "Verlauf"))
    assert pfad.count("M") == 3 and len(_punkte(pfad)) == 5
    assert pfad.endswith("h0")  # 2023 stands alone: drawn as a dot (round cap), not left out


def test_zeit_nach_kalender_verteilt() -> None:
    pfad = _pfad(sparkline_svg([("2014", 1.0), ("2015", 2.0), ("2024", 3.0)], "Verlauf"))
    (x14, _), (x15, _), (x24, _) = _punkte(pfad)
    assert abs((x24 - x15) - 9 * (x15 - x14)) < 0.5  # nine years are nine times one year
    assert pfad.count("M") == 2  # 2015 to 2024 is a gap


def test_quartale_und_ein_einzelner_wert() -> None:
    pfad = _pfad(sparkline_svg([("2024-Q1", 1.0), ("2024-Q2", 2.0), ("2024-Q4", 2.0)], "Verlauf"))
    assert pfad.count("M") == 2  # Q3 missing
    svg = sparkline_svg([("2024", 42.0)], "Verlauf: nur ein Wert")
    assert _pfad(svg).count("M") == 1 and "h0" in _pfad(svg)


def test_ohne_werte_kein_bild_und_beschriftung_maskiert() -> None:
    assert sparkline_svg([("2023", None), ("2024", None)], "Verlauf") == ""
    assert sparkline_svg([], "Verlauf") == ""
    svg = sparkline_svg([("2023", 1.0), ("2024", 2.0)], 'von "1" <b>auf</b> 2')
    assert 'role="img"' in svg and 'aria-label="von &quot;1&quot; &lt;b&gt;auf&lt;/b&gt; 2"' in svg
    assert "<b>" not in svg
