"""Build the LDS demo: generated office files and one real GENESIS file, all through the delivery path."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.collect.tabellenprofil import tabellenprofile
from integrationsmonitor.collect.umwandeln import wandle_um
from integrationsmonitor.store.genesis import importiere_genesis
from integrationsmonitor.store.ingest import Lieferergebnis, liefere
from integrationsmonitor.store.models import Lieferung

from . import bildung, engagement, handlungsfelder
from .generator import DemoLieferung, write_demo

GENESIS_BEVOELKERUNG_2024 = Path(__file__).parent / "data" / "12411-01-01-4_1773175772751_de_flat.csv"
DEMO_BENUTZER = "demo-generator"


class DemoFehler(RuntimeError):
    pass


def _echte_lieferungen() -> set[tuple[str, str]]:
    """(dataset, period) whose active delivery is real data: the demo never replaces them."""
    echt = Lieferung.objects.filter(status=Lieferung.Status.AKTIV, ist_demo=False)
    return set(echt.values_list("datensatz", "zeitraum"))


def _liefere(katalog: Katalog, lf: DemoLieferung) -> Lieferergebnis:
    """A delivery file as it is; an office's own export through its table profile (as `imon deliver
    --profile` converts it), stored under the export's name and hash."""
    daten, quell_hash = lf.path.read_bytes(), None
    if lf.profil:
        profil = {p.name: p for p in tabellenprofile(katalog)}[lf.profil]
        u = wandle_um(katalog, profil, daten, lf.path.name, lf.zeitraum)
        if not u.ok:
            raise DemoFehler(f"Demodatei {lf.path.name} (Profil {lf.profil}):\n" + "\n".join(u.probleme[:20]))
        daten, quell_hash = u.daten, u.quell_hash
    return liefere(
        katalog=katalog,
        daten=daten,
        datei_name=lf.path.name,
        datensatz=lf.datensatz,
        zeitraum=lf.zeitraum,
        lieferant=lf.lieferant,
        benutzer=DEMO_BENUTZER,
        ist_demo=True,
        quell_hash=quell_hash,
    )


def baue_demo(katalog: Katalog, hinweis: Callable[[str], None] = lambda _: None) -> list[Lieferergebnis]:
    """Deliver every demo file; raises DemoFehler if one is rejected (a bug in the generator).

    Datasets and periods that already hold real (non-demo) data are left alone."""
    ergebnisse = []
    echt = _echte_lieferungen()
    with tempfile.TemporaryDirectory(prefix="imon-demo-") as tmp:
        for lf in [
            *write_demo(Path(tmp)),
            *engagement.schreibe(Path(tmp)),
            *handlungsfelder.schreibe(
                Path(tmp)
            ),  # issue 14: Gesundheit, Sport und Kultur, Wohnen, Fachkräfte
        ]:
            if (lf.datensatz, lf.zeitraum) in echt:
                hinweis(
                    f"{lf.datensatz} {lf.zeitraum}: übersprungen, es gibt bereits echte (Nicht-Demo-)Daten"
                )
                continue
            ergebnis = _liefere(katalog, lf)
            if not ergebnis.angenommen:
                raise DemoFehler(
                    f"Demolieferung {lf.path.name} abgelehnt:\n" + "\n".join(ergebnis.probleme[:20])
                )
            ergebnisse.append(ergebnis)
    ergebnisse += bildung.liefere_bildung(katalog, DEMO_BENUTZER, echt, hinweis)
    if ("bevoelkerung_amtlich", "2024") in echt:
        return ergebnisse
    ergebnis = importiere_genesis(katalog, GENESIS_BEVOELKERUNG_2024, benutzer=DEMO_BENUTZER, ist_demo=True)
    if not ergebnis.angenommen:
        raise DemoFehler("GENESIS-Import abgelehnt:\n" + "\n".join(ergebnis.probleme))
    ergebnisse.append(ergebnis)
    return ergebnisse
