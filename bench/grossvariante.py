"""The large variant of bench/crowd.py: the LDS demo with n× the Gemeinden and m× the years (prints, asserts nothing).

1. A generated copy of the LDS catalogue whose gemeinden.csv has, beside each real Gemeinde, n − 1 generated
   ones in the same Amt (codes 600 and up, names "… (2)", "… (3)" …).
2. `imon demo --no-serve` on it (registers, courses, FactSheet and the demo deliveries).
3. Every demo delivery file again, each Gemeinde row split into n rows (the value shared out in whole
   numbers, so every margin still equals the sum of its parts), delivered for its own period (superseding
   the demo's) and for the m − 1 blocks of eleven years before it (2014–2024 → 2003–2013 → …), all through
   `store.ingest.liefere` (validation, storage; protection when the server publishes them).

Run alone: .venv/bin/python bench/grossvariante.py ORDNER [n] [m]
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

IMON = Path(sys.executable).with_name("imon")
BLOCK = 11  # the demo's years 2014–2024


def _katalog(ziel: Path, faktor: int) -> tuple[Path, dict[str, list[str]]]:
    """The generated catalogue; returns its folder and, per real Gemeinde, its generated twins."""
    from integrationsmonitor.catalog.loader import LDS_DIR

    quelle = Path(LDS_DIR)
    shutil.copytree(quelle, ziel)
    with (quelle / "gemeinden.csv").open(encoding="utf-8") as fh:
        leser = csv.DictReader(fh)
        felder = list(leser.fieldnames or [])
        zeilen = list(leser)
    zwillinge: dict[str, list[str]] = {}
    neu = list(zeilen)
    nummer = 600
    for z in zeilen:
        for i in range(2, faktor + 1):
            ags = z["ags"][:5] + f"{nummer:03d}"
            nummer += 1
            zwillinge.setdefault(z["ags"], []).append(ags)
            neu.append(
                {**z, "ags": ags, "ars": z["verband_ars9"] + ags[5:], "gemeinde": f"{z['gemeinde']} ({i})"}
            )
    if nummer > 1000:
        raise SystemExit(f"zu viele Gemeinden: {nummer - 600} erzeugte passen nicht in drei Ziffern")
    with (ziel / "gemeinden.csv").open("w", encoding="utf-8", newline="") as fh:
        schreiber = csv.DictWriter(fh, fieldnames=felder)
        schreiber.writeheader()
        schreiber.writerows(neu)
    return ziel, zwillinge


def _teile(wert: str, n: int) -> list[str]:
    """`wert` in n whole-number parts with the same sum (a non-whole value stays in the first part)."""
    try:
        zahl = float(wert)
    except ValueError:
        return [wert] + ["0"] * (n - 1)
    if not zahl.is_integer():
        return [wert] + ["0"] * (n - 1)
    ganz = int(zahl)
    basis, rest = divmod(ganz, n)
    return [str(basis + (1 if i < rest else 0)) for i in range(n)]


def _verschiebe(zeitraum: str, jahre: int) -> str:
    return re.sub(r"^\d{4}", lambda m: str(int(m.group(0)) - jahre), zeitraum)


def _datei(text: str, zwillinge: dict[str, list[str]], verschiebung: int) -> str:
    zeilen = text.splitlines()
    kopf = zeilen[0].split(";")
    ig, iz, iw = kopf.index("gebiet"), kopf.index("zeitraum"), kopf.index("wert")
    raus = [zeilen[0]]
    for zeile in zeilen[1:]:
        if not zeile.strip():
            continue
        teile = zeile.split(";")
        teile[iz] = _verschiebe(teile[iz], verschiebung)
        andere = zwillinge.get(teile[ig])
        if not andere or teile[iw] == "":
            raus.append(";".join(teile))
            continue
        for gebiet, wert in zip([teile[ig], *andere], _teile(teile[iw], len(andere) + 1), strict=True):
            kopie = list(teile)
            kopie[ig], kopie[iw] = gebiet, wert
            raus.append(";".join(kopie))
    return "\n".join(raus) + "\n"


def baue(ordner: Path, gemeinden: int, jahre: int, umgebung: dict[str, str]) -> tuple[str, Path, int]:
    """Build the variant in `ordner` (a subprocess); returns (database URL, catalogue folder, active cells)."""
    db = f"sqlite:///{ordner / 'gross.sqlite3'}"
    env = {**umgebung, "IMON_DATABASE_URL": db}
    ergebnis = subprocess.run(
        [sys.executable, __file__, str(ordner), str(gemeinden), str(jahre)], env=env, check=True,
        capture_output=True, text=True,
    )  # fmt: skip
    zellen = int(ergebnis.stdout.strip().splitlines()[-1])
    return db, ordner / "katalog-gross", zellen


def _hier(ordner: Path, gemeinden: int, jahre: int) -> None:
    from integrationsmonitor.cli.setup import django_starten

    katalog_ordner, zwillinge = _katalog(ordner / "katalog-gross", gemeinden)
    os.environ["IMON_CATALOG_DIR"] = str(katalog_ordner)
    subprocess.run([str(IMON), "demo", "--no-serve"], env=dict(os.environ), check=True, capture_output=True)
    django_starten(None)
    from django.db.models import Sum

    from integrationsmonitor.catalog.loader import katalog
    from integrationsmonitor.demo.generator import write_demo
    from integrationsmonitor.store.ingest import liefere
    from integrationsmonitor.store.models import Lieferung

    k = katalog(str(katalog_ordner))
    with tempfile.TemporaryDirectory(prefix="imon-gross-") as tmp:
        for lf in write_demo(Path(tmp)):
            text = lf.path.read_text(encoding="utf-8")
            for block in range(jahre):
                zeitraum = _verschiebe(lf.zeitraum, BLOCK * block)
                e = liefere(
                    katalog=k, daten=_datei(text, zwillinge, BLOCK * block).encode(), datei_name=f"gross_{zeitraum}_{lf.path.name}",
                    datensatz=lf.datensatz, zeitraum=zeitraum, lieferant=lf.lieferant, benutzer="bench", ist_demo=True,
                )  # fmt: skip
                if not e.angenommen:
                    print(f"abgelehnt: {lf.datensatz} {zeitraum}: {e.probleme[:3]}", file=sys.stderr)
    aktiv = Lieferung.objects.filter(status=Lieferung.Status.AKTIV)
    print(aktiv.aggregate(n=Sum("zellen"))["n"] or 0)


if __name__ == "__main__":
    _hier(
        Path(sys.argv[1]),
        int(sys.argv[2]) if len(sys.argv) > 2 else 10,
        int(sys.argv[3]) if len(sys.argv) > 3 else 10,
    )
