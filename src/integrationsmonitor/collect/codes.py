"""Raw text -> code of a code list, the same way for `imon collect` and table profiles (pure).

A code list understands by default every code, every German name and every ISO alpha-2 code of its
entries; a profile adds its own translations (`Russ. Föd.` → 160, `1` → m). `grundtabelle` serves the
per-person path (aggregation.Uebersetzer) and table profiles alike, so they can never read a value
differently.
"""

from __future__ import annotations

from collections.abc import Mapping

from integrationsmonitor.catalog.model import TOTAL, Codeliste

# Words for "total over this dimension" in office tables; a profile's own translations come after them.
SUMMEN_WOERTER = {TOTAL: TOTAL, "insgesamt": TOTAL, "gesamt": TOTAL, "zusammen": TOTAL}


def codetabelle(
    liste: Codeliste, uebersetzungen: Mapping[str, str], *, summen: bool = True
) -> dict[str, str]:
    """Casefolded raw text -> code: the list's codes, names and ISO codes, then `uebersetzungen`.

    `summen`: also read `_T`, `insgesamt`, `gesamt`, `zusammen` as the total (`_T`)."""
    return grundtabelle(liste, {**(SUMMEN_WOERTER if summen else {}), **uebersetzungen})


def grundtabelle(liste: Codeliste, uebersetzungen: Mapping[str, str]) -> dict[str, str]:
    """Casefolded raw text -> code: every code, German name and ISO alpha-2 code, then `uebersetzungen`."""
    tabelle: dict[str, str] = {}
    for c in liste.codes.values():
        tabelle[c.code] = c.code
        tabelle[c.name.casefold()] = c.code
        if iso := c.attribute.get("iso2"):
            tabelle[iso.casefold()] = c.code
    tabelle |= {k.casefold(): v for k, v in uebersetzungen.items()}
    return tabelle


def nachschlagen(tabelle: Mapping[str, str], text: str) -> str | None:
    """The code for a raw cell (spaces around it and case do not matter), or None."""
    t = " ".join(text.split())
    return tabelle.get(t) or tabelle.get(t.casefold())
