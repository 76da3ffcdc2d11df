"""The pages of tests/browser/seiten.py in a real browser.

Each page once (one page load for both checks, to keep the suite fast):
- axe-core finds no violation of impact serious or critical under the WCAG 2.1 A/AA rules (minor and
  moderate ones appear as warnings in the test summary);
- every chart has role="img", a text alternative and a link to its data table (``diagramm_probleme``).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from .barrierefreiheit import axe_verstoesse, bericht, diagramm_probleme, schwere
from .seiten import SEITEN, Seite


@pytest.mark.parametrize("s", SEITEN, ids=str)
def test_barrierefrei_und_diagramme_mit_textalternative_und_tabelle(
    seite: Callable[..., WebDriver], live_daten: list, request: pytest.FixtureRequest, s: Seite
) -> None:
    for name in s.mit:
        request.getfixturevalue(name)
    driver = seite(s.pfad, s.sprache, angemeldet=s.angemeldet)
    fehler = []
    alle = axe_verstoesse(driver)
    verstoesse = schwere(alle)
    if verstoesse:
        fehler.append(bericht(str(s), verstoesse))
    if leichte := [v for v in alle if v not in verstoesse]:  # minor, moderate: shown, not failed
        warnings.warn(bericht(str(s), leichte), stacklevel=1)
    diagramme = diagramm_probleme(driver)
    if diagramme.probleme:
        fehler.append(f"{s}: Diagramme / charts:\n" + "\n".join(f"- {p}" for p in diagramme.probleme))
    if diagramme.anzahl < s.diagramme:
        fehler.append(
            f"{s}: {diagramme.anzahl} Diagramm(e), erwartet mindestens {s.diagramme} / charts expected"
        )
    assert not fehler, "\n\n".join(fehler)
