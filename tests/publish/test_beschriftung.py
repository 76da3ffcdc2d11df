"""Chart labels: long names wrapped (never cut with "…"), tick labels that never collide."""

from __future__ import annotations

import itertools
import json
import re

from integrationsmonitor.publish import beschriftung, charts

# Demo-like figures of top_staatsangehoerigkeiten (2024) and of the Gemeinde comparison
STAATSANGEHOERIGKEITEN = [
    ("Polen", 2250.0),
    ("Ukraine", 2150.0),
    ("Rumänien", 1100.0),
    ("Russische Föderation", 980.0),
    ("Türkei", 840.0),
    ("Syrien", 800.0),
    ("Afghanistan", 700.0),
    ("Bulgarien", 480.0),
    ("Vietnam", 470.0),
    ("Indien", 440.0),
    ("Griechenland", 310.0),
    ("Iran", 290.0),
]
GEMEINDEN = [
    ("Königs Wusterhausen, Stadt", 4719.0),
    ("Schönefeld", 3102.0),
    ("Lübben (Spreewald)/Lubin (Błota)", 1299.0),
    ("Heidesee", 296.0),
    ("Märkische Heide/Markojska Góla", 138.0),
    ("Alt Zauche-Wußwerk/Stara Niwa-Wózwjerch", 8.0),
    ("Schwielochsee/Gójacki Jazor", 43.0),
    ("Straupitz (Spreewald)/Tšupc (Błota)", 25.0),
]
ZEICHENBREITE = 0.64  # DejaVu Sans: digits and average letters are about 0,64 em wide


def _suche(muster: str, text: str) -> re.Match[str]:
    treffer = re.search(muster, text)
    assert treffer is not None, f"{muster} fehlt in {text}"
    return treffer


def _achsenbeschriftungen(svg: str) -> list[list[tuple[float, float, float, float, str]]]:
    """Per axis, each tick label's approximate box (left, top, right, bottom) from its position, anchor
    and font size; one box per line of a multi-line label."""
    achsen = []
    for gruppe in re.findall(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', svg):
        boxen = []
        for attr, inhalt in re.findall(r"<text([^>]*)>(.*?)</text>", gruppe):
            x, y = (float(v) for v in _suche(r"translate\(([-\d.]+),([-\d.]+)\)", attr).groups())
            groesse = float(_suche(r'font-size="([\d.]+)px"', attr).group(1))
            anker = _suche(r'text-anchor="(\w+)"', attr).group(1)
            zeilen = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", inhalt) or [inhalt]
            for i, zeile in enumerate(zeilen):
                breite = len(zeile) * groesse * ZEICHENBREITE
                links = {"start": x, "middle": x - breite / 2, "end": x - breite}[anker]
                oben = y - groesse + i * (groesse + 2)
                boxen.append((links, oben, links + breite, oben + groesse, zeile))
        achsen.append(boxen)
    return achsen


def _ueberlappungen(svg: str) -> list[tuple[str, str]]:
    paare = []
    for boxen in _achsenbeschriftungen(svg):
        for a, b in itertools.combinations(boxen, 2):
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                paare.append((a[4], b[4]))
    return paare


def test_tickbeschriftungen_der_staatsangehoerigkeiten_ueberlappen_nicht() -> None:
    svg = charts.svg(charts.balken_kategorien(STAATSANGEHOERIGKEITEN, titel="Häufigste", einheit="anzahl"))
    achsen = _achsenbeschriftungen(svg)
    zahlen = [b[4] for boxen in achsen for b in boxen if re.fullmatch(r"[\d.]+", b[4])]
    assert "2.000" in zahlen and len(zahlen) >= 4  # German thousands, a readable number of ticks
    assert _ueberlappungen(svg) == []


def test_pruefung_erkennt_ueberlappende_beschriftungen() -> None:
    """The check itself: labels 30 px apart at 12 px collide ("2.2002.400")."""
    gedraengt = (
        '<g class="mark-text role-axis-label"><text text-anchor="middle" transform="translate(100,16)" '
        'font-size="12px">2.200</text><text text-anchor="middle" transform="translate(130,16)" '
        'font-size="12px">2.400</text></g>'
    )
    assert _ueberlappungen(gedraengt) == [("2.200", "2.400")]


def test_jede_diagrammart_mit_tickabstand() -> None:
    for spec in (
        charts.balken_kategorien(STAATSANGEHOERIGKEITEN, titel="T", einheit="anzahl"),
        charts.balken_gebiete(GEMEINDEN, titel="T", einheit="anzahl"),
    ):
        x = spec["encoding"]["x"]["axis"]
        assert x["labelOverlap"] is True and x["labelSeparation"] >= 6 and x["tickCount"] <= 8
        assert _ueberlappungen(charts.svg(spec)) == []
    zeitreihe = charts.zeitreihe([], titel="T", einheit="anzahl")
    assert zeitreihe["encoding"]["y"]["axis"]["labelSeparation"] >= 6


def test_lange_namen_umgebrochen_nicht_abgeschnitten() -> None:
    spec = charts.balken_gebiete(GEMEINDEN, titel="Ausländer in den Gemeinden", einheit="anzahl")
    achse = spec["encoding"]["y"]["axis"]
    assert achse["labelLimit"] == 0  # no cut with "…"
    svg = charts.svg(spec)
    assert "…" not in svg
    zeilen = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)
    assert "Königs Wusterhausen," in zeilen and "Stadt" in zeilen
    assert "Lübben (Spreewald)/" in zeilen and "Lubin (Błota)" in zeilen
    assert ">Heidesee</text>" in svg  # short names stay one line
    assert _ueberlappungen(svg) == []  # wrapped lines stay inside their bar's band
    assert spec["height"] >= len(GEMEINDEN) * 2 * charts.SCHRIFTGROESSE  # room for two lines per bar
    json.dumps(spec)


def test_umbrechen() -> None:
    assert beschriftung.umbrechen("Heidesee") == ["Heidesee"]
    assert beschriftung.umbrechen("Königs Wusterhausen, Stadt") == ["Königs Wusterhausen,", "Stadt"]
    assert beschriftung.umbrechen("Alt Zauche-Wußwerk/Stara Niwa-Wózwjerch") == [
        "Alt Zauche-Wußwerk/",
        "Stara Niwa-Wózwjerch",
    ]
    assert beschriftung.umbrechen("Donaudampfschifffahrtsgesellschaftskapitän") == [
        "Donaudampfschifffahrtsgesellschaftskapitän"
    ]  # one long word stays whole
    text = "Vereinigtes Königreich Großbritannien und Nordirland"
    assert "".join(z + " " for z in beschriftung.umbrechen(text)).split() == text.split()


def test_minuszeichen_in_achsen() -> None:
    from integrationsmonitor.indicators.model import SeriesRow

    rows = [SeriesRow("saldo", "12061", p, None, v) for p, v in (("2022", -120.0), ("2023", 80.0))]
    texte = re.findall(
        r">([^<>]+)</text>", charts.svg(charts.zeitreihe(rows, titel="Saldo", einheit="anzahl"))
    )
    negative = [t for t in texte if t[:1] in "-\u2212"]
    assert negative and all(t.startswith("\u2212") for t in negative)


def test_zeitachsen_beschriftungen_ueberlappen_nicht() -> None:
    from integrationsmonitor.indicators.model import SeriesRow

    def reihe(perioden: list[str]) -> list[SeriesRow]:
        return [SeriesRow("x", "12061", p, None, 1000.0 + i * 137) for i, p in enumerate(perioden)]

    faelle = [
        [str(j) for j in range(2013, 2025)],  # twelve years: every year
        [str(j) for j in range(1990, 2025)],
        [f"{j}-Q{q}" for j in (2023, 2024) for q in (1, 2, 3, 4)][1:],  # seven quarters: each one
        [f"{j}-{m:02d}" for j in (2023, 2024) for m in range(1, 13)][:18],
    ]
    for perioden in faelle:
        svg = charts.svg(charts.zeitreihe(reihe(perioden), titel="T", einheit="anzahl"))
        assert _ueberlappungen(svg) == [], perioden[0]
        assert len(_achsenbeschriftungen(svg)[0]) >= 4
