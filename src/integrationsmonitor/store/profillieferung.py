"""Deliver an office's own table through a table profile: convert (collect.umwandeln), then ingest.liefere.

The one path for `imon deliver FILE --profile NAME` and the web upload with a profile. The delivery is
stored under the office's file name with the SHA-256 of the office's file (`quell_hash`), so the history
names the file the office really sent; problems the store finds in the converted cells are told at their
place in that file (sheet, row, column).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.collect.tabellenprofil import TabellenProfil
from integrationsmonitor.collect.umwandeln import wandle_um

from .ingest import Lieferergebnis, liefere


@dataclass
class Profilergebnis:
    ergebnis: Lieferergebnis
    datensatz: str
    zeitraum: str  # "" if the period could not be found
    hinweise: list[str] = field(default_factory=list)

    @property
    def angenommen(self) -> bool:
        return self.ergebnis.angenommen


def liefere_mit_profil(
    *,
    katalog: Katalog,
    profil: TabellenProfil,
    daten: bytes,
    datei_name: str,
    benutzer: str,
    zeitraum: str | None = None,
    lieferant: str | None = None,
    nur_pruefen: bool = False,
) -> Profilergebnis:
    """Convert `daten` with `profil` and deliver the result; `zeitraum` overrides the profile's period.

    A file that cannot be converted, or whose cells the store rejects, stores nothing; with `nur_pruefen`
    nothing is stored at all (see `liefere`)."""
    u = wandle_um(katalog, profil, daten, datei_name, zeitraum)
    if not u.ok:
        return Profilergebnis(Lieferergebnis(False, list(u.probleme)), u.datensatz, u.zeitraum, u.hinweise)
    ergebnis = liefere(
        katalog=katalog,
        daten=u.daten,
        datei_name=datei_name,
        datensatz=u.datensatz,
        zeitraum=u.zeitraum,
        benutzer=benutzer,
        lieferant=lieferant,
        quell_hash=u.quell_hash,
        nur_pruefen=nur_pruefen,
    )
    ergebnis.probleme = [u.zurueckfuehren(p) for p in ergebnis.probleme]
    return Profilergebnis(ergebnis, u.datensatz, u.zeitraum, u.hinweise)
