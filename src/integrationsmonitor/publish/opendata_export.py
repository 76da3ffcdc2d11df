"""Every open-data file at once, the DCAT-AP.de catalogue included: for a static copy of the site.

Apart from publish.opendata (the files one by one) and publish.dcat (the catalogue, which describes those
files), so that neither of the two has to import the other's user.
"""

from __future__ import annotations

from collections.abc import Iterator

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.formats import tabellen_export as te
from integrationsmonitor.store.selectors import DbQuelle

from .dcat import dcat_datei
from .opendata import CSVW, FORMATE, LIZENZ_URI, Datei, pfad, tabelle


def dateien(katalog: Katalog, quelle: DbQuelle, basis_url: str) -> Iterator[Datei]:
    """Every open-data file, including the DCAT-AP.de catalogue: for a static copy of the site."""
    for art, kennungen in (("indikatoren", katalog.indikatoren), ("datensaetze", katalog.datensaetze)):
        for kennung in kennungen:
            t = tabelle(katalog, quelle, art, kennung, basis_url)
            assert t is not None
            for f in FORMATE.values():
                yield Datei(pfad(art, kennung, f.endung), f.schreiben(t), f.medientyp)
            csvw = te.als_csvw(t, basis_url + pfad(art, kennung, "csv"), LIZENZ_URI)
            yield Datei(pfad(art, kennung, CSVW), csvw, "application/csvm+json")
    yield dcat_datei(katalog, quelle, basis_url)


def anzahl_dateien(katalog: Katalog) -> int:
    """How many files `dateien` yields (for a progress bar)."""
    return (len(katalog.indikatoren) + len(katalog.datensaetze)) * (len(FORMATE) + 1) + 1
