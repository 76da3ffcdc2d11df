"""Raw text -> code of a code list, the same way for `imon collect` and table profiles (pure).

A code list understands by default every code, every German name and every ISO alpha-2 code of its
entries; a profile adds its own translations (`Russ. Föd.` → 160, `1` → m). The table itself is built by
`aggregation.Uebersetzer._tabelle`, so that per-person and table profiles can never read a value
differently; it is imported on first use, because aggregation pulls in the disclosure control (SciPy).
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
    from .aggregation import Uebersetzer
    from .profil import Merkmalsregel

    regel = Merkmalsregel(liste.id, codes={**(SUMMEN_WOERTER if summen else {}), **uebersetzungen})
    return Uebersetzer._tabelle(regel, liste)


def nachschlagen(tabelle: Mapping[str, str], text: str) -> str | None:
    """The code for a raw cell (spaces around it and case do not matter), or None."""
    t = " ".join(text.split())
    return tabelle.get(t) or tabelle.get(t.casefold())
