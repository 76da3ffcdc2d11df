"""The large variant of bench/crowd.py: the LDS demo with n× the Gemeinden and m× the years (prints, asserts nothing).

1. A generated copy of the LDS catalogue whose gemeinden.csv has, beside each real Gemeinde, n − 1 generated
   ones in the same Amt (codes 600 and up, names "… (2)", "… (3)" …).
2. What `imon demo` builds besides its deliveries (registers, counselling, courses, users).
3. Every demo delivery file, each Gemeinde row copied to its twins and every Amt and Kreis row of a
   dataset that adds up multiplied by n (so every margin still equals the sum of its parts, and every rate
   stays as it was), delivered for its own period and for m − 1 blocks of eleven later years (2025–2035,
   2036–2046 … up to 2100, the last year the product accepts: with m = 10 that is 87 years, 7,9× the
   demo's; from the dataset's newest file, whose code rules by date — EU membership — hold in later
   years), all through `store.ingest.liefere` (validation, storage, and protection as each is stored:
   store.vorberechnung; this step is timed). First versions, not corrections of the demo's deliveries.
4. The demo's FactSheet.

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
import time
from pathlib import Path

BLOCK = 11  # the demo's years 2014–2024
LETZTES_JAHR = 2100  # the product accepts periods 1950–2100: ten blocks end there (87 years, not 110)


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


def _mal(wert: str, n: int) -> str:
    """`wert` times n (a margin above n copies of its Gemeinden); an empty (secret) value stays empty."""
    if wert == "":
        return wert
    zahl = float(wert) * n
    return str(int(zahl)) if zahl.is_integer() else repr(zahl)


def _verschiebe(zeitraum: str, jahre: int) -> str:
    return re.sub(r"^\d{4}", lambda m: str(int(m.group(0)) + jahre), zeitraum)


def _datei(text: str, zwillinge: dict[str, list[str]], zeitraum: str, summierbar: bool) -> str:
    """A demo file with each Gemeinde row copied to its twins and, if the dataset adds up, every row above
    the Gemeinden multiplied by the number of copies (so every margin is still the sum of its parts)."""
    zeilen = text.splitlines()
    kopf = zeilen[0].split(";")
    ig, iz, iw = kopf.index("gebiet"), kopf.index("zeitraum"), kopf.index("wert")
    n = 1 + max((len(z) for z in zwillinge.values()), default=0)
    raus = [zeilen[0]]
    for zeile in zeilen[1:]:
        if not zeile.strip():
            continue
        teile = zeile.split(";")
        teile[iz] = zeitraum
        andere = zwillinge.get(teile[ig])
        if andere is None:  # Amt or Kreis
            if summierbar and n > 1:
                teile[iw] = _mal(teile[iw], n)
            raus.append(";".join(teile))
            continue
        for gebiet in [teile[ig], *andere]:
            kopie = list(teile)
            kopie[ig] = gebiet
            raus.append(";".join(kopie))
    return "\n".join(raus) + "\n"


def baue(ordner: Path, gemeinden: int, jahre: int, umgebung: dict[str, str]) -> tuple[str, Path, int, float]:
    """Build the variant in `ordner` (a subprocess), or reuse the one built there with the same factors;
    returns (database URL, catalogue folder, active cells, seconds spent protecting every delivery once)."""
    db = f"sqlite:///{ordner / 'gross.sqlite3'}"
    fertig = ordner / f"fertig-{gemeinden}x{jahre}.txt"
    if not fertig.exists():
        env = {**umgebung, "IMON_DATABASE_URL": db}
        ergebnis = subprocess.run(
            [sys.executable, __file__, str(ordner), str(gemeinden), str(jahre)], env=env, check=True,
            capture_output=True, text=True,
        )  # fmt: skip
        fertig.write_text(ergebnis.stdout.strip().splitlines()[-1], encoding="utf-8")
    zellen, sekunden = fertig.read_text(encoding="utf-8").split()
    return db, ordner / "katalog-gross", int(zellen), float(sekunden)


def _hier(ordner: Path, gemeinden: int, jahre: int) -> None:
    from integrationsmonitor.cli.setup import django_starten

    shutil.rmtree(ordner / "katalog-gross", ignore_errors=True)  # left by a build that was cut short
    for rest in ordner.glob("gross.sqlite3*"):
        rest.unlink()
    katalog_ordner, zwillinge = _katalog(ordner / "katalog-gross", gemeinden)
    os.environ["IMON_CATALOG_DIR"] = str(katalog_ordner)
    django_starten(None)
    from django.db.models import Sum

    from integrationsmonitor.catalog.loader import katalog
    from integrationsmonitor.cli.betrieb import DEMO_FACTSHEET
    from integrationsmonitor.demo.generator import DemoLieferung, write_demo
    from integrationsmonitor.demo.users import demo_benutzer
    from integrationsmonitor.publish.services import erstelle_factsheet
    from integrationsmonitor.registry.beratung.demo import baue_beratung_demo
    from integrationsmonitor.registry.demo import baue_registry_demo
    from integrationsmonitor.registry.kurse.demo import baue_kurse_demo
    from integrationsmonitor.store.ingest import liefere
    from integrationsmonitor.store.models import Lieferung

    k = katalog(str(katalog_ordner))
    # what `imon demo` builds besides the demo's deliveries (those the variant brings itself: first
    # versions of its own, not corrections of the demo's, which would keep everything they published known)
    baue_registry_demo()
    baue_beratung_demo(k)
    baue_kurse_demo(k)
    demo_benutzer()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="imon-gross-") as tmp:
        dateien = write_demo(Path(tmp))
        # later blocks reuse each dataset's newest file (the same quarter or month): the code lists' rules
        # by date (EU membership) hold for it in every later year
        neueste: dict[tuple[str, str], DemoLieferung] = {}
        for lf in dateien:
            schluessel = (lf.datensatz, lf.zeitraum[4:])
            if schluessel not in neueste or neueste[schluessel].zeitraum < lf.zeitraum:
                neueste[schluessel] = lf
        for block in range(jahre):
            for lf in dateien:
                quelle = lf if block == 0 else neueste[(lf.datensatz, lf.zeitraum[4:])]
                zeitraum = _verschiebe(lf.zeitraum, BLOCK * block)
                if int(zeitraum[:4]) > LETZTES_JAHR:
                    continue
                ds = k.datensaetze[lf.datensatz]
                text = _datei(quelle.path.read_text(encoding="utf-8"), zwillinge, zeitraum, ds.summierbar)
                e = liefere(
                    katalog=k, daten=text.encode(), datei_name=f"gross_{zeitraum}_{lf.datensatz}.csv",
                    datensatz=lf.datensatz, zeitraum=zeitraum, lieferant=lf.lieferant, benutzer="bench", ist_demo=True,
                )  # fmt: skip
                if not e.angenommen:
                    print(f"abgelehnt: {lf.datensatz} {zeitraum}: {e.probleme[:3]}", file=sys.stderr)
    # every delivery is protected as it is stored (store.vorberechnung), so the time includes it; anything
    # left (none expected) is protected here, as `imon serve` would at its start
    from integrationsmonitor.store.selectors import veroeffentliche_alles

    veroeffentliche_alles(k)
    schutz = time.perf_counter() - t0
    erstelle_factsheet(k, DEMO_FACTSHEET, benutzer="Demo")
    aktiv = Lieferung.objects.filter(status=Lieferung.Status.AKTIV)
    print(aktiv.aggregate(n=Sum("zellen"))["n"] or 0, f"{schutz:.1f}")


if __name__ == "__main__":
    _hier(
        Path(sys.argv[1]),
        int(sys.argv[2]) if len(sys.argv) > 2 else 10,
        int(sys.argv[3]) if len(sys.argv) > 3 else 10,
    )
