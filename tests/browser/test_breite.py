"""Phone-first (issue 11, item 5): no page of tests/browser/seiten.py scrolls sideways.

Each page is loaded once and laid out at a 390 px wide viewport (a phone) and at 1280 px (a desktop)
through the DevTools protocol (``Emulation.setDeviceMetricsOverride``, so ``window.innerWidth`` is exactly
that width, whatever the browser chrome). The document must be no wider than the viewport; wide tables
scroll inside their own box (``.tabelle-rahmen``), which does not count. The failure message names the
page and the elements that reach furthest past the edge (right, or left on right-to-left pages).
At 390 px, chart text must also be drawn at least 11 px high (charts keep their size and scroll in their box).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from .seiten import SEITEN, Seite

BREITEN = (390, 1280)
HOEHE = 900

# The elements whose right edge lies beyond the viewport, widest first, skipping those clipped by a
# scrolling ancestor (they do not widen the page). Returns [selector, right, width] for at most five.
_UEBERSTEHENDE = """
const breite = window.innerWidth;
function beschnitten(el) {
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX;
    if (o !== 'visible') return true;
  }
  return false;
}
function name(el) {
  let s = el.tagName.toLowerCase();
  if (el.id) s += '#' + el.id;
  if (el.classList.length) s += '.' + Array.from(el.classList).join('.');
  const p = el.parentElement;
  return p && p !== document.body ? name(p) + ' > ' + s : s;
}
const treffer = [];
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if ((r.right > breite + 0.5 || r.left < -0.5) && r.width > 0 && !beschnitten(el)) {
    treffer.push([name(el), Math.round(r.right), Math.round(r.width)]);
  }
}
// text that runs out of its box (a long word) is no element: take the box whose text reaches past the edge
const gehen = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let t = gehen.nextNode(); t; t = gehen.nextNode()) {
  const el = t.parentElement;
  if (!el || !t.textContent.trim() || beschnitten(el)) continue;
  const bereich = document.createRange();
  bereich.selectNodeContents(t);
  const r = bereich.getBoundingClientRect();
  if (r.right > breite + 0.5 || r.left < -0.5) treffer.push([name(el) + ' (Text)', Math.round(r.right), Math.round(r.width)]);
}
treffer.sort((a, b) => b[1] - a[1]);
return treffer.slice(0, 5);
"""


MIN_SCHRIFT = 11  # px: the smallest chart text on a phone

# Chart texts drawn smaller than MIN_SCHRIFT px on screen (font size times the SVG's scale):
# [chart label, text, px] for at most five. Decorative SVGs (aria-hidden) do not count.
_KLEINE_SCHRIFT = """
const treffer = [];
for (const t of document.querySelectorAll('svg text')) {
  if (t.closest('[aria-hidden="true"]') || !t.textContent.trim()) continue;
  const m = t.getScreenCTM();
  if (!m) continue;
  const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
  if (px < arguments[0] - 0.05) {
    const svg = t.closest('svg[role="img"]') || t.ownerSVGElement;
    treffer.push([(svg.getAttribute('aria-label') || '').slice(0, 60), t.textContent.trim(), Math.round(px * 10) / 10]);
  }
}
treffer.sort((a, b) => a[2] - b[2]);
return treffer.slice(0, 5);
"""


@pytest.fixture
def viewport(browser: WebDriver) -> Iterator[Callable[[int], None]]:
    """``viewport(breite)`` lays the current page out at that width; reset after the test."""

    def setze(breite: int) -> None:
        browser.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": breite, "height": HOEHE, "deviceScaleFactor": 1, "mobile": False},
        )
        innen = browser.execute_script("return window.innerWidth")
        assert innen == breite, f"window.innerWidth {innen}, erwartet {breite}"

    try:
        yield setze
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize("s", SEITEN, ids=str)
def test_seite_nicht_breiter_als_der_bildschirm(
    seite: Callable[..., WebDriver],
    viewport: Callable[[int], None],
    live_daten: list,
    request: pytest.FixtureRequest,
    s: Seite,
) -> None:
    for name in s.mit:
        request.getfixturevalue(name)
    driver = seite(s.pfad, s.sprache, angemeldet=s.angemeldet)
    fehler = []
    for breite in BREITEN:
        viewport(breite)
        dokument = driver.execute_script("return document.documentElement.scrollWidth")
        if dokument > breite:
            zu_breit = driver.execute_script(_UEBERSTEHENDE)
            liste = "\n".join(f"  - {sel} (rechts {rechts} px, {w} px breit)" for sel, rechts, w in zu_breit)
            fehler.append(
                f"{s} bei {breite} px: Dokument {dokument} px breit / page wider than the screen\n{liste}"
            )
        if breite == BREITEN[0] and (klein := driver.execute_script(_KLEINE_SCHRIFT, MIN_SCHRIFT)):
            liste = "\n".join(f"  - {name}: „{text}“ {px} px" for name, text, px in klein)
            fehler.append(
                f"{s} bei {breite} px: Diagrammschrift unter {MIN_SCHRIFT} px / chart text too small\n{liste}"
            )
    assert not fehler, "\n".join(fehler)
