"""Import official GENESIS tables as deliveries of the statistical office (through store.ingest)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from django.db import transaction

from integrationsmonitor.catalog.model import TOTAL, Katalog
from integrationsmonitor.formats.errors import FormatFehler
from integrationsmonitor.formats.genesis_flat import lies_genesis_flat

from .ingest import Lieferergebnis, liefere

# GENESIS statistic -> (dataset, value variable, {GENESIS variable: our dimension}, code translations)
ZUORDNUNG = {
    "12411": ("bevoelkerung_amtlich", "BEVSTD", {"GES": "geschlecht"}, {"GESM": "m", "GESW": "w", "": TOTAL}),
}
REGIONAL = ("KREISE", "GEMEIN")


def importiere_genesis(
    katalog: Katalog, pfad: Path, *, benutzer: str, datensatz: str | None = None, ist_demo: bool = False
) -> Lieferergebnis:
    """Convert the cells of the county (and its Gemeinden) into a delivery and deliver it per period."""
    daten = pfad.read_bytes()
    try:
        zellen = lies_genesis_flat(daten, pfad.name)
    except FormatFehler as exc:
        return Lieferergebnis(False, [str(exc)])
    if not zellen or zellen[0].statistik not in ZUORDNUNG:
        statistik = zellen[0].statistik if zellen else "?"
        return Lieferergebnis(
            False,
            [
                f"{pfad.name}: Statistik {statistik} ist keinem Datensatz zugeordnet (bekannt: {', '.join(ZUORDNUNG)})"
            ],
        )
    ziel, variable, dims, codes = ZUORDNUNG[zellen[0].statistik]
    datensatz = datensatz or ziel
    zeilen: dict[str, list[str]] = {}
    herkunft: dict[str, list[int]] = {}  # per period: GENESIS line number of each converted row
    for z in zellen:
        gebiet = next((z.merkmale[r] for r in REGIONAL if r in z.merkmale), "")
        if (
            z.wert_variable != variable
            or not gebiet.startswith(katalog.kreis.code)
            or gebiet not in katalog.gebiete
        ):
            continue
        zeitraum = z.zeit[:4]
        werte = [codes.get(z.merkmale.get(g, ""), z.merkmale.get(g, "")) for g in dims]
        wert = "" if z.wert is None else str(int(z.wert))
        kennzeichen = "g" if z.wert is None else ""
        zeilen.setdefault(zeitraum, []).append(";".join([gebiet, zeitraum, *werte, wert, kennzeichen]))
        herkunft.setdefault(zeitraum, []).append(z.zeile)
    if not zeilen:
        return Lieferergebnis(
            False, [f"{pfad.name}: die Tabelle enthält keine Zellen des Kreises {katalog.kreis.code}"]
        )
    kopf = ";".join(["gebiet", "zeitraum", *dims.values(), "wert", "kennzeichen"])
    ergebnisse = []
    with transaction.atomic():  # all periods of the file, or none
        for zeitraum, rows in sorted(zeilen.items()):
            ergebnis = liefere(
                katalog=katalog,
                daten="\n".join([kopf, *rows]).encode(),
                datei_name=pfad.name,
                datensatz=datensatz,
                zeitraum=zeitraum,
                benutzer=benutzer,
                ist_demo=ist_demo,
                quell_hash=hashlib.sha256(daten).hexdigest(),
            )
            if not ergebnis.angenommen:
                transaction.set_rollback(True)
                zuordnung = herkunft[zeitraum]
                ergebnis.probleme = [_zeile_der_quelle(p, zuordnung) for p in ergebnis.probleme]
                return ergebnis
            ergebnisse.append(ergebnis)
    ergebnisse[-1].weitere = ergebnisse[:-1]
    return ergebnisse[-1]


def _zeile_der_quelle(problem: str, zuordnung: list[int]) -> str:
    """Problems name rows of the converted delivery; map them back to lines of the GENESIS file."""

    def ersetze(m: re.Match[str]) -> str:
        n = int(m.group(1)) - 2  # row 1 of the converted delivery is its header
        return f"Zeile {zuordnung[n]}" if 0 <= n < len(zuordnung) else m.group(0)

    return re.sub(r"Zeile (\d+)", ersetze, problem)
