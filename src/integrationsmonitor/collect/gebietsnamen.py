"""Region cells as offices write them -> region codes of the catalogue (pure).

Understood by default: the codes themselves (Kreis AGS-5, Gemeinde AGS-8, Amt ARS-9), ARS-12 of the Kreis
and the Gemeinden, and names: the official name (`Königs Wusterhausen, Stadt`), without `, Stadt`
(`Königs Wusterhausen`), the German part of a bilingual name (`Lübben (Spreewald)`, `Alt Zauche-Wußwerk`)
and that without parentheses (`Lübben`), `Stadt Luckau`; for the Kreis `Landkreis Dahme-Spreewald`,
`Dahme-Spreewald`; for an Amt `Amt Unterspreewald`, and its bare name where no Gemeinde has it.
A name that fits two regions of the same level is left out (the profile must translate it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from integrationsmonitor.catalog.loader import verband_praefix
from integrationsmonitor.catalog.model import Gebiet, Katalog


def _schluessel(text: str) -> str:
    return " ".join(text.split()).casefold()


def namensformen(gebiet: Gebiet) -> list[str]:
    """The ways an office may write a region's name."""
    name = gebiet.name
    formen = [name]
    if gebiet.ebene == "kreis":
        kurz = re.sub(r"^(Landkreis|Kreisfreie Stadt|Stadtkreis|Kreis)\s+", "", name)
        formen += [kurz, f"Landkreis {kurz}", f"Kreis {kurz}", f"LK {kurz}"]
        if gebiet.typ in ("Kreisfreie Stadt", "Stadtkreis"):
            formen += [f"Stadt {kurz}", f"{kurz}, Stadt"]
    elif (
        gebiet.ebene == "verband"
        and (praefix := verband_praefix(gebiet.typ))
        and name.startswith(f"{praefix} ")
    ):
        # `Amt Lieberose/Oberspreewald`, `Verbandsgemeinde Adenau`: the slash joins two places, not languages
        return [name, name[len(praefix) + 1 :]]
    stadt = name.endswith(", Stadt")
    ohne = name.removesuffix(", Stadt")
    deutsch = ohne.split("/")[0].strip()
    kurz = re.sub(r"\s*\([^)]*\)", "", deutsch).strip()
    formen += [ohne, deutsch, kurz]
    if stadt:
        formen += [f"Stadt {f}" for f in (ohne, deutsch, kurz)]
    return list(dict.fromkeys(f for f in formen if f))


def gebietstabelle(katalog: Katalog, uebersetzungen: Mapping[str, str]) -> dict[str, str]:
    """Casefolded raw text -> region code: codes, ARS-12, names (Gemeinde before Kreis before Amt), then
    the profile's `uebersetzungen`."""
    tabelle: dict[str, str] = {}
    for g in katalog.gebiete.values():
        tabelle[g.code] = g.code
        if g.ebene == "kreis":
            tabelle[g.code.ljust(12, "0")] = g.code
        elif g.ebene == "gemeinde" and g.parent:
            tabelle[g.parent + g.code[5:]] = g.code  # ARS-12: Verband ARS-9 + Gemeinde number
    for ebene in ("gemeinde", "kreis", "verband"):
        tabelle |= {k: v for k, v in _namen(katalog.gebiete_der_ebene(ebene)).items() if k not in tabelle}
    return tabelle | {_schluessel(k): v for k, v in uebersetzungen.items()}


def _namen(gebiete: Iterable[Gebiet]) -> dict[str, str]:
    namen: dict[str, str] = {}
    mehrdeutig: set[str] = set()
    for g in gebiete:
        for form in namensformen(g):
            k = _schluessel(form)
            if namen.get(k, g.code) != g.code:
                mehrdeutig.add(k)
            namen[k] = g.code
    return {k: v for k, v in namen.items() if k not in mehrdeutig}


def gebiet_nachschlagen(tabelle: Mapping[str, str], text: str) -> str | None:
    """The region code for a raw cell, or None."""
    return tabelle.get(_schluessel(text))
