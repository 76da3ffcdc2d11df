"""Benchmark: delivery ingest and indicator series on the LDS demo (prints figures, asserts nothing).

Baselines, measured in the same process on the same data:
- ingest: a raw sqlite3 `executemany` INSERT of the same cells (no parsing, no validation);
- series: a plain Python sum over the same cells per year (no roll-up rules, no missing-value handling).

Run: .venv/bin/python bench/ingest.py
"""

from __future__ import annotations

import os
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path


def _django(tmp: Path) -> None:
    os.environ["IMON_DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    from integrationsmonitor.cli.setup import django_starten

    django_starten(None)


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="imon-bench-"))
    _django(tmp)
    from integrationsmonitor.catalog.loader import katalog
    from integrationsmonitor.demo.generator import write_demo
    from integrationsmonitor.indicators.engine import reihe
    from integrationsmonitor.store.ingest import liefere
    from integrationsmonitor.store.selectors import DbQuelle, vergiss_wuerfel

    k = katalog()
    t0 = time.perf_counter()
    dateien = write_demo(tmp / "demo")
    t_gen = time.perf_counter() - t0

    ausl = [d for d in dateien if d.datensatz == "auslaender_bestand"]
    zellen = sum(d.path.read_text(encoding="utf-8").count("\n") - 1 for d in ausl)

    t0 = time.perf_counter()
    for d in ausl:
        e = liefere(katalog=k, daten=d.path.read_bytes(), datei_name=d.path.name, datensatz=d.datensatz,
                    zeitraum=d.zeitraum, benutzer="bench")  # fmt: skip
        assert e.angenommen, e.probleme[:3]
    t_ingest = time.perf_counter() - t0

    con = sqlite3.connect(tmp / "baseline.sqlite3")
    con.execute("create table c (gebiet text, zeitraum text, merkmale text, wert real, kennzeichen text)")
    t0 = time.perf_counter()
    for d in ausl:
        rows = [line.split(";") for line in d.path.read_text(encoding="utf-8").splitlines()[1:]]
        con.executemany(
            "insert into c values (?,?,?,?,?)",
            [(r[0], r[1], "|".join(r[2:6]), float(r[6]), r[7]) for r in rows],
        )
        con.commit()
    t_base_ingest = time.perf_counter() - t0

    for d in dateien:
        if d.datensatz != "auslaender_bestand":
            liefere(katalog=k, daten=d.path.read_bytes(), datei_name=d.path.name, datensatz=d.datensatz,
                    zeitraum=d.zeitraum, benutzer="bench")  # fmt: skip

    vergiss_wuerfel()  # cold: cells read from the database
    t0 = time.perf_counter()
    quelle = DbQuelle(k)
    kreis = reihe(k, quelle, "auslaenderanteil")
    gemeinden = [reihe(k, quelle, "auslaenderanteil", gebiet=g.code) for g in k.gebiete_der_ebene("gemeinde")]
    t_series = time.perf_counter() - t0

    t0 = time.perf_counter()
    summen: dict[tuple[str, str], float] = {}
    for gebiet, zeitraum, merkmale, wert in con.execute("select gebiet, zeitraum, merkmale, wert from c"):
        if len(gebiet) == 8 and "_T" not in merkmale:
            summen[(gebiet, zeitraum)] = summen.get((gebiet, zeitraum), 0.0) + wert
    t_base_series = time.perf_counter() - t0

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Demo-Generator: {len(dateien)} Dateien in {t_gen:.2f} s")
    print(
        f"Ingest auslaender_bestand: {zellen} Zellen in {t_ingest:.2f} s = {zellen / t_ingest:,.0f} Zellen/s"
    )
    print(f"  Baseline sqlite3 executemany: {t_base_ingest:.2f} s; Verhältnis {t_ingest / t_base_ingest:.1f}")
    print(
        f"Reihen auslaenderanteil: Kreis + {len(gemeinden)} Gemeinden x {len(kreis)} Jahre in {t_series:.2f} s"
    )
    print(
        f"  Baseline Python-Summe je Gemeinde und Jahr: {t_base_series:.3f} s; Verhältnis {t_series / t_base_series:.1f}"
    )
    print(f"Spitzenspeicher (RSS): {peak_mb:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
