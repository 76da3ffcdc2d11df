"""Demo of the Handlungsfeld Bildung: synthetic GENESIS tables of the school and Kita statistics.

The files in data/ (21111-01-03-4, 21111-02-06-4, 22541-01-01-4; written by
scripts/bildung_genesis_synthetisch.py, values invented, layout of the real flat files) hold the
Landkreis and two other Kreise. Each is imported like `imon import-genesis FILE`: the GENESIS table
profile named by the table code in the file name (collect/profile/genesis/schueler_21111.yaml,
schulabgaenger_21111.yaml, kita_22541.yaml) maps it to its dataset, one official delivery per year,
marked as demo. Other Kreise and the `darunter` row never reach a delivery.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.store.genesis import importiere_genesis
from integrationsmonitor.store.ingest import Lieferergebnis

DATEN = Path(__file__).parent / "data"
JAHRE = [str(j) for j in range(2019, 2025)]  # school years 2019/20 … 2024/25, Kita 01.03.2019 … 2024
# file -> dataset its profile delivers to: pupils, school leavers and Kita children
DATEIEN = {
    "21111-01-03-4_synthetisch_de_flat.csv": "schueler_schulart",
    "21111-02-06-4_synthetisch_de_flat.csv": "schulabgaenger_abschluss",
    "22541-01-01-4_synthetisch_de_flat.csv": "kita_kinder_sprache",
}


def liefere_bildung(
    katalog: Katalog, benutzer: str, echt: set[tuple[str, str]], hinweis: Callable[[str], None]
) -> list[Lieferergebnis]:
    """Import the three tables (every year); a table with real (non-demo) data in a year is left alone."""
    ergebnisse: list[Lieferergebnis] = []
    for name, datensatz in DATEIEN.items():
        if any((datensatz, j) in echt for j in JAHRE):
            hinweis(f"{datensatz}: übersprungen, es gibt bereits echte (Nicht-Demo-)Daten")
            continue
        ergebnis = importiere_genesis(katalog, DATEN / name, benutzer=benutzer, ist_demo=True)
        if not ergebnis.angenommen:
            from .build import DemoFehler  # build imports this module

            raise DemoFehler(f"GENESIS-Import {name} abgelehnt:\n" + "\n".join(ergebnis.probleme[:20]))
        ergebnisse += [*ergebnis.weitere, ergebnis]
    return ergebnisse
