"""The checks themselves: on a page built to be inaccessible they must find what is wrong.

Without this, a broken injection of axe-core or a chart rule that never matches would let every page pass.
"""

from __future__ import annotations

import urllib.parse

from selenium.webdriver.remote.webdriver import WebDriver

from .barrierefreiheit import axe_verstoesse, bericht, diagramm_probleme, schwere

SCHLECHT = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<p style="color:#bbb;background:#fff">Hellgrauer Text auf Weiß</p>
<label>Name</label><input type="text">
<svg width="40" height="20"><rect width="40" height="20"/></svg>
<figure><svg role="img" aria-label="Balkendiagramm: Beispiel" width="40" height="20"></svg>
<figcaption>Beispiel</figcaption></figure>
<table id="t"><tr><td>1</td></tr></table>
<figure><svg role="img" aria-label="Zweites Diagramm"></svg><figcaption><a href="#t">Zahlen</a></figcaption></figure>
</body></html>"""

GUT = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Gut</title></head><body>
<main><h1>Diagramm</h1>
<figure><svg role="img" aria-label="Liniendiagramm: Beispiel" width="40" height="20"><title>Beispiel</title></svg>
<figcaption>Beispiel <a href="#zahlen">Die Zahlen zum Diagramm stehen in der Tabelle.</a></figcaption></figure>
<table id="zahlen"><caption>Beispiel</caption><tr><th scope="col">Jahr</th><th scope="col">Wert</th></tr>
<tr><td>2024</td><td>1</td></tr></table>
<svg aria-hidden="true" width="10" height="10"></svg>
</main></body></html>"""


def _laden(browser: WebDriver, html: str) -> WebDriver:
    browser.get("data:text/html;charset=utf-8," + urllib.parse.quote(html))
    return browser


def test_axe_findet_schwere_verstoesse(browser: WebDriver) -> None:
    verstoesse = schwere(axe_verstoesse(_laden(browser, SCHLECHT)))
    regeln = {v.regel for v in verstoesse}
    assert {"image-alt", "color-contrast", "html-has-lang", "document-title", "label"} <= regeln
    text = bericht("Testseite", verstoesse)
    assert "[critical] image-alt" in text and "img" in text
    assert "Testseite: " in text and "accessibility violation(s)" in text


def test_axe_ohne_verstoss_auf_guter_seite(browser: WebDriver) -> None:
    verstoesse = schwere(axe_verstoesse(_laden(browser, GUT)))
    assert not verstoesse, bericht("Gute Testseite", verstoesse)


def test_diagrammregel_findet_fehlende_textalternative_und_tabelle(browser: WebDriver) -> None:
    pruefung = diagramm_probleme(_laden(browser, SCHLECHT))
    assert pruefung.anzahl == 3
    text = "\n".join(pruefung.probleme)
    assert 'svg[0]: role="img" fehlt' in text
    assert "svg[0]: keine Textalternative" in text
    assert "svg[0]: steht in keinem <figure>" in text
    assert "svg[1]: kein Verweis auf die Datentabelle" in text
    assert "svg[2]: Datentabelle ohne Beschriftung" in text
    assert "svg[2]: Datentabelle ohne Kopfzellen" in text


def test_diagrammregel_auf_guter_seite(browser: WebDriver) -> None:
    pruefung = diagramm_probleme(_laden(browser, GUT))
    assert pruefung.anzahl == 1
    assert pruefung.probleme == []


def test_sparkline_braucht_textalternative_aber_keine_tabelle(browser: WebDriver) -> None:
    html = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>S</title></head><body>
<svg class="sparkline" role="img" aria-label="Verlauf 2023 bis 2024: von 1 auf 2." width="40" height="20"></svg>
<svg class="sparkline" width="40" height="20"></svg></body></html>"""
    pruefung = diagramm_probleme(_laden(browser, html))
    assert pruefung.anzahl == 0  # sparklines are no charts
    assert pruefung.probleme == [
        'svg[1]: role="img" fehlt / missing',
        "svg[1]: keine Textalternative (aria-label, aria-labelledby, <title>) / no text alternative",
    ]
