"""Accessibility checks inside the browser: axe-core (vendored) and our own chart rule.

``axe_verstoesse(driver)`` injects tests/browser/vendor/axe-core/axe.min.js into the loaded page, runs
``axe.run`` with the WCAG 2.1 A/AA rules and returns the violations; ``bericht`` turns those of impact
``serious`` or ``critical`` into a readable message (rule, impact, CSS selector, help text, link).

``diagramm_probleme(driver)`` checks every chart on the page: a chart is an ``<svg>`` that is not hidden
from assistive technology; it needs ``role="img"`` and a text alternative, must sit in a ``<figure>``, and
that figure must point to the chart's data table (a link ``<a href="#ID">`` or ``aria-details``/
``aria-describedby`` whose target is a ``<table>``, contains one or is the caption of one).
A sparkline (``<svg class="sparkline">`` on a start-page card) is no chart: it needs ``role="img"`` and a
text alternative, but no figure or table (its numbers stand on the card, the table on the indicator page).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCHWER = ("serious", "critical")


@dataclass(frozen=True)
class Verstoss:
    regel: str  # axe rule id, e.g. "color-contrast"
    wirkung: str  # minor, moderate, serious, critical
    hilfe: str  # axe's one-line help text
    link: str  # axe's rule documentation (a name only; the test never fetches it)
    ziele: tuple[str, ...]  # CSS selectors of the offending elements
    details: tuple[str, ...]  # axe's failure summary per element


@functools.cache
def _axe_quelle() -> str:
    return AXE_JS.read_text(encoding="utf-8")


_AXE_LAUF = """
const fertig = arguments[arguments.length - 1];
const optionen = {
  runOnly: {type: "tag", values: %s},
  resultTypes: ["violations"],
};
axe.run(document, optionen).then(
  (r) => fertig({version: axe.version, violations: r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.map(String), summary: n.failureSummary || ""})),
  }))}),
  (fehler) => fertig({error: String(fehler)}),
);
"""


def axe_verstoesse(driver: WebDriver) -> list[Verstoss]:
    """All WCAG 2.1 A/AA violations axe finds on the page currently loaded."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(_axe_quelle())
    ergebnis: dict[str, Any] = driver.execute_async_script(_AXE_LAUF % json.dumps(WCAG_TAGS))
    if "error" in ergebnis:
        raise RuntimeError(f"axe.run ist gescheitert / axe.run failed: {ergebnis['error']}")
    return [
        Verstoss(
            regel=v["id"],
            wirkung=v["impact"] or "",
            hilfe=v["help"],
            link=v["helpUrl"],
            ziele=tuple(" ".join(n["target"]) for n in v["nodes"]),
            details=tuple(n["summary"] for n in v["nodes"]),
        )
        for v in ergebnis["violations"]
    ]


def schwere(verstoesse: list[Verstoss]) -> list[Verstoss]:
    return [v for v in verstoesse if v.wirkung in SCHWER]


def bericht(seite: str, verstoesse: list[Verstoss], *, max_ziele: int = 8) -> str:
    """German/English message: one block per rule with impact, help text and the offending selectors."""
    zeilen = [
        f"{seite}: {len(verstoesse)} Barrierefreiheitsverstoß/-verstöße (axe-core, WCAG 2.1 A/AA) / "
        "accessibility violation(s):"
    ]
    for v in verstoesse:
        zeilen.append(f"- [{v.wirkung}] {v.regel}: {v.hilfe} ({v.link})")
        for ziel, detail in list(zip(v.ziele, v.details, strict=True))[:max_ziele]:
            zeilen.append(f"    {ziel}")
            if detail:
                erste = detail.strip().splitlines()
                zeilen.append(f"      {' / '.join(z.strip() for z in erste[:3])}")
        if len(v.ziele) > max_ziele:
            zeilen.append(
                f"    … und {len(v.ziele) - max_ziele} weitere / and {len(v.ziele) - max_ziele} more"
            )
    return "\n".join(zeilen)


_DIAGRAMME = r"""
const probleme = [];
const name = (el) => {
  if (el.id) return "#" + el.id;
  const fig = el.closest("figure");
  const alle = Array.from(document.querySelectorAll("svg"));
  return "svg[" + alle.indexOf(el) + "]" + (fig && fig.id ? " in #" + fig.id : "");
};
const versteckt = (el) => el.closest("[aria-hidden=true]") !== null || el.getAttribute("role") === "presentation"
  || el.getAttribute("role") === "none";
const tabelleZu = (id) => {
  const ziel = id ? document.getElementById(id) : null;
  if (!ziel) return null;
  if (ziel.tagName === "TABLE") return ziel;
  if (ziel.tagName === "CAPTION") return ziel.closest("table");
  return ziel.querySelector("table");
};
let anzahl = 0;
for (const svg of document.querySelectorAll("svg")) {
  if (svg.parentElement && svg.parentElement.closest("svg")) continue;  // nested svg: part of a chart
  if (versteckt(svg)) continue;
  const sparkline = svg.classList.contains("sparkline");  // a card's trend line: no figure, no table
  if (!sparkline) anzahl += 1;
  const wer = name(svg);
  if (svg.getAttribute("role") !== "img") probleme.push(wer + ': role="img" fehlt / missing');
  const titel = svg.querySelector(":scope > title");
  const text = (svg.getAttribute("aria-label") || "").trim()
    || (svg.getAttribute("aria-labelledby") || "").split(/\s+/).map((i) => {
         const el = document.getElementById(i); return el ? el.textContent.trim() : "";
       }).join(" ").trim()
    || (titel ? titel.textContent.trim() : "");
  if (!text) probleme.push(wer + ": keine Textalternative (aria-label, aria-labelledby, <title>) / no text alternative");
  if (sparkline) continue;
  const figur = svg.closest("figure");
  if (!figur) { probleme.push(wer + ": steht in keinem <figure> / not inside a <figure>"); continue; }
  const ids = [];
  for (const el of [svg, figur]) {
    for (const attr of ["aria-details", "aria-describedby"]) {
      ids.push(...(el.getAttribute(attr) || "").split(/\s+/).filter(Boolean));
    }
  }
  for (const a of figur.querySelectorAll("a[href^='#']")) ids.push(decodeURIComponent(a.getAttribute("href").slice(1)));
  const tabellen = ids.map(tabelleZu).filter(Boolean);
  if (!tabellen.length) {
    probleme.push(wer + ": kein Verweis auf die Datentabelle (<a href=\"#…\"> im <figure> oder aria-details) / "
      + "no link to its data table");
  }
  for (const t of tabellen) {
    if (!t.querySelector("caption") && !t.getAttribute("aria-label") && !t.getAttribute("aria-labelledby")) {
      probleme.push(wer + ": Datentabelle ohne Beschriftung / data table without caption");
    }
    if (!t.querySelector("th")) probleme.push(wer + ": Datentabelle ohne Kopfzellen / data table without <th>");
  }
}
return {anzahl: anzahl, probleme: probleme};
"""


@dataclass(frozen=True)
class Diagrammpruefung:
    anzahl: int  # charts found on the page
    probleme: list[str]


def diagramm_probleme(driver: WebDriver) -> Diagrammpruefung:
    """Every chart on the loaded page: role=img, a text alternative, a linked data table."""
    ergebnis: dict[str, Any] = driver.execute_script(_DIAGRAMME)
    return Diagrammpruefung(int(ergebnis["anzahl"]), list(ergebnis["probleme"]))
