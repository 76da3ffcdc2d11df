"""Demo of the Handlungsfeld Bildung: synthetic GENESIS tables of the school and Kita statistics.

The files in data/ (21111-01-03-4, 21111-02-06-4, 22541-01-01-4; written by
scripts/bildung_genesis_synthetisch.py, values invented, layout of the real flat files) hold the
Landkreis and two other Kreise. Each becomes the official delivery of its dataset, one per year, marked
as demo; other Kreise, the `darunter` row and the totals' duplicates never reach a delivery.

Interim path until the GENESIS table profiles are applied by store.genesis: the cells are read with
formats.genesis_flat and translated by the profile YAML (collect/profile/genesis/), then delivered
through store.ingest like a GENESIS import (amtlich, the file's hash as source hash).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from integrationsmonitor.catalog.model import TOTAL, Katalog
from integrationsmonitor.formats.genesis_flat import lies_genesis_flat
from integrationsmonitor.store.ingest import Lieferergebnis, liefere

DATEN = Path(__file__).parent / "data"
PROFILE = Path(__file__).parent.parent / "collect" / "profile" / "genesis"
# file -> profile: pupils, school leavers (school years) and Kita children (Stichtag 01.03.)
DATEIEN = {
    "21111-01-03-4_synthetisch_de_flat.csv": "schueler_21111.yaml",
    "21111-02-06-4_synthetisch_de_flat.csv": "schulabgaenger_21111.yaml",
    "22541-01-01-4_synthetisch_de_flat.csv": "kita_22541.yaml",
}
REGIONAL = ("KREISE", "GEMEIN")


def _zeitraum(zeit: str, profil: dict[str, Any]) -> str:
    """2023/24 -> 2023 (schuljahr: beginn) or 2024; 2024-03-01 -> 2024."""
    if profil["zeit"] == "schuljahr":
        beginn = int(zeit[:4])
        return str(beginn if profil.get("schuljahr") == "beginn" else beginn + 1)
    return zeit[:4]


def lieferzeilen(katalog: Katalog, datei: Path, profil_datei: Path) -> tuple[str, dict[str, list[str]]]:
    """The delivery head and the rows of the county per period, as a GENESIS import converts them."""
    profil = yaml.safe_load(profil_datei.read_text(encoding="utf-8"))
    merkmale: dict[str, dict[str, Any]] = profil["merkmale"]
    ds = katalog.datensaetze[profil["datensatz"]]
    spalten = {m["merkmal"]: v for v, m in merkmale.items()}
    kopf = ";".join(["gebiet", "zeitraum", *ds.merkmale, "wert", "kennzeichen"])
    zeilen: dict[str, list[str]] = {}
    for z in lies_genesis_flat(datei.read_bytes(), datei.name):
        if z.wert_variable != profil["wert"]:
            continue
        gebiet = next((z.merkmale[r] for r in REGIONAL if r in z.merkmale), "")
        if gebiet not in katalog.gebiete:  # other counties
            continue
        if any(z.merkmale[v] in merkmale[v].get("unterkategorien", ()) for v in merkmale):
            continue  # a `darunter` row: part of a category, never summed
        codes = []
        for merkmal in ds.merkmale:
            attribut = z.merkmale[spalten[merkmal]]
            codes.append(merkmale[spalten[merkmal]]["codes"][attribut] if attribut else TOTAL)
        wert, kennzeichen = ("", "g") if z.wert is None else (f"{z.wert:.0f}", "")
        zeitraum = _zeitraum(z.zeit, profil)
        zeilen.setdefault(zeitraum, []).append(";".join([gebiet, zeitraum, *codes, wert, kennzeichen]))
    return kopf, zeilen


def liefere_bildung(
    katalog: Katalog, benutzer: str, echt: set[tuple[str, str]], hinweis: Callable[[str], None]
) -> list[Lieferergebnis]:
    """Deliver every year of the three tables; periods with real (non-demo) data are left alone."""
    ergebnisse = []
    for name, profil in DATEIEN.items():
        datei = DATEN / name
        kopf, zeilen = lieferzeilen(katalog, datei, PROFILE / profil)
        datensatz = yaml.safe_load((PROFILE / profil).read_text(encoding="utf-8"))["datensatz"]
        quell_hash = hashlib.sha256(datei.read_bytes()).hexdigest()
        for zeitraum, rows in sorted(zeilen.items()):
            if (datensatz, zeitraum) in echt:
                hinweis(f"{datensatz} {zeitraum}: übersprungen, es gibt bereits echte (Nicht-Demo-)Daten")
                continue
            ergebnis = liefere(
                katalog=katalog,
                daten="\n".join([kopf, *rows]).encode(),
                datei_name=name,
                datensatz=datensatz,
                zeitraum=zeitraum,
                benutzer=benutzer,
                ist_demo=True,
                quell_hash=quell_hash,
                amtlich=True,
            )
            if not ergebnis.angenommen:
                from .build import DemoFehler  # build imports this module

                probleme = "\n".join(ergebnis.probleme[:20])
                raise DemoFehler(f"Demolieferung {name} ({zeitraum}) abgelehnt:\n{probleme}")
            ergebnisse.append(ergebnis)
    return ergebnisse
