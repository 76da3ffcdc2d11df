"""Which table profile an office's table looks like (pure, no Django).

An office's own table sent without a profile fails the long format's check with one "Pflichtspalte fehlt"
per column; the upload then asks "Diese Tabelle sieht aus wie … — mit Profil hochladen?". A table looks
like a profile when the profile's reader can read it and it has every column the profile reads.
"""

from __future__ import annotations

from collections.abc import Iterable

from integrationsmonitor.formats.errors import FormatFehler
from integrationsmonitor.formats.office_csv import OfficeTabelle, lies_office_csv
from integrationsmonitor.formats.xlsx import lies_xlsx

from .tabellenprofil import TabellenProfil


def _gelesen(profil: TabellenProfil, daten: bytes, datei: str) -> OfficeTabelle | None:
    try:
        if profil.leser == "office_csv":
            return lies_office_csv(daten, datei)
        if not datei.lower().endswith(".xlsx"):
            return None
        return lies_xlsx(
            daten, datei, profil.blatt, kopf_zeilen=profil.kopf_zeilen, kopf_beginn=profil.kopf_beginn
        )
    except (FormatFehler, ValueError):
        return None


def _name(text: str) -> str:
    return " ".join(text.split()).casefold()


def passende_profile(profile: Iterable[TabellenProfil], daten: bytes, datei: str) -> list[TabellenProfil]:
    """The profiles whose columns the table has (the best fitting, i.e. reading the most columns, first)."""
    treffer: list[tuple[int, TabellenProfil]] = []
    for profil in profile:
        noetig = {_name(s) for s in profil.spalten()}
        if not noetig:
            continue
        tabelle = _gelesen(profil, daten, datei)
        if tabelle is not None and noetig <= {_name(s) for s in tabelle.spalten}:
            treffer.append((len(noetig), profil))
    return [p for _n, p in sorted(treffer, key=lambda t: -t[0])]
