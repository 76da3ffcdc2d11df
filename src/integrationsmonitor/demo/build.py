"""Build the LDS demo: generated office files and one real GENESIS file, all through the delivery path."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.store.genesis import importiere_genesis
from integrationsmonitor.store.ingest import Lieferergebnis, liefere

from .generator import write_demo

GENESIS_BEVOELKERUNG_2024 = Path(__file__).parent / "data" / "12411-01-01-4_1773175772751_de_flat.csv"
DEMO_BENUTZER = "demo-generator"


class DemoFehler(RuntimeError):
    pass


def baue_demo(katalog: Katalog, fortschritt: Callable[[str], None] = lambda _: None) -> list[Lieferergebnis]:
    """Deliver every demo file; raises DemoFehler if one is rejected (a bug in the generator)."""
    ergebnisse = []
    with tempfile.TemporaryDirectory(prefix="imon-demo-") as tmp:
        for lf in write_demo(Path(tmp)):
            ergebnis = liefere(
                katalog=katalog,
                daten=lf.path.read_bytes(),
                datei_name=lf.path.name,
                datensatz=lf.datensatz,
                zeitraum=lf.zeitraum,
                lieferant=lf.lieferant,
                benutzer=DEMO_BENUTZER,
                ist_demo=True,
            )
            if not ergebnis.angenommen:
                raise DemoFehler(
                    f"Demolieferung {lf.path.name} abgelehnt:\n" + "\n".join(ergebnis.probleme[:20])
                )
            fortschritt(lf.path.name)
            ergebnisse.append(ergebnis)
    ergebnis = importiere_genesis(katalog, GENESIS_BEVOELKERUNG_2024, benutzer=DEMO_BENUTZER, ist_demo=True)
    if not ergebnis.angenommen:
        raise DemoFehler("GENESIS-Import abgelehnt:\n" + "\n".join(ergebnis.probleme))
    fortschritt(GENESIS_BEVOELKERUNG_2024.name)
    ergebnisse.append(ergebnis)
    return ergebnisse
