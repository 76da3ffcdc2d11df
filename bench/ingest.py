"""Benchmark: delivery ingest and indicator series on the LDS demo (prints figures, asserts nothing).

Baselines, measured in the same process on the same data:
- ingest: a raw sqlite3 `executemany` INSERT of the same cells (no parsing, no validation);
- series: a plain Python sum over the same cells per year (no roll-up rules, no missing-value handling).

Large delivery (issue #10): `auslaender_bestand` 2024 with totals at every level — every Gemeinde, Amt and
the Kreis, every combination of Gruppe × 128 nationalities × Geschlecht × Altersgruppe and their totals
(1.003.104 cells, 35 MB) — delivered with `liefere` into an empty database, then once more unchanged. Each
backend runs in a fresh subprocess, so its peak memory (ru_maxrss) is its own. Baseline in the same
subprocess: a raw `executemany` of the same rows (split from the file, no validation) into a plain table of
the same database. PostgreSQL only with IMON_BENCH_PG=postgres://… (an empty database).

Run: .venv/bin/python bench/ingest.py [--nur-gross]
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STAATEN = 128  # nationalities in the large delivery: 54 regions × 4 × 129 × 4 × 9 = 1.003.104 cells


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


def grosse_lieferung(staaten: int = STAATEN, zeitraum: str = "2024", seed: int = 10) -> bytes:
    """`auslaender_bestand` with totals at every level: random counts for the Gemeinden (0 where the
    catalogue's rules make a combination impossible), every margin summed from them."""
    import numpy as np

    from integrationsmonitor.catalog import zeitraum as zr
    from integrationsmonitor.catalog.loader import katalog

    k = katalog()
    ds = k.datensaetze["auslaender_bestand"]
    listen = [list(k.codelisten[liste].codes) for liste in ds.merkmale.values()]
    listen[1] = [c for c in listen[1] if c != "000"][:staaten]
    sa = k.codelisten["staatsangehoerigkeit"]
    stichtag = zr.stichtag(zeitraum)
    regel = {r.wenn_code: r.dann_gruppe for r in ds.regeln}
    gemeinden = [g.code for g in k.gebiete.values() if g.ebene == "gemeinde"]
    rng = np.random.default_rng(seed)
    fein = rng.integers(0, 30, size=(len(gemeinden), *(len(c) for c in listen))).astype(np.int64)
    for i, gruppe in enumerate(listen[0]):
        for j, staat in enumerate(listen[1]):
            if gruppe in regel and not sa.ist_mitglied(staat, regel[gruppe], stichtag):
                fein[:, i, j] = 0
    for achse in range(1, fein.ndim):  # the total of each dimension as its last code
        fein = np.concatenate([fein, fein.sum(axis=achse, keepdims=True)], axis=achse)
    codes = [[*c, "_T"] for c in listen]
    zeilen = ["gebiet;zeitraum;gruppe;staatsangehoerigkeit;geschlecht;altersgruppe;wert;kennzeichen"]
    for gebiet in k.gebiete.values():
        unter = [i for i, g in enumerate(gemeinden) if g in set(k.gemeinden_unter(gebiet.code))]
        werte = fein[unter].sum(axis=0)
        for index in np.ndindex(werte.shape):
            kombi = ";".join(c[i] for c, i in zip(codes, index, strict=True))
            zeilen.append(f"{gebiet.code};{zeitraum};{kombi};{werte[index]};")
    return ("\n".join(zeilen) + "\n").encode()


def _gross_messen(db_url: str, datei: Path) -> dict[str, float]:
    """In a fresh process: deliver the large file into the (empty) database, once more unchanged, then the
    baseline executemany of the same rows into a plain table of the same database."""
    os.environ["IMON_DATABASE_URL"] = db_url
    from integrationsmonitor.cli.setup import django_starten

    django_starten(None)
    from django.db import connection, transaction

    from integrationsmonitor.catalog.loader import katalog
    from integrationsmonitor.store.ingest import liefere

    k = katalog()
    daten = datei.read_bytes()
    t0 = time.perf_counter()
    e = liefere(katalog=k, daten=daten, datei_name=datei.name, datensatz="auslaender_bestand",
                zeitraum="2024", benutzer="bench")  # fmt: skip
    t_ingest = time.perf_counter() - t0
    assert e.angenommen, e.probleme[:3]
    rss_ingest = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    e2 = liefere(katalog=k, daten=daten, datei_name=datei.name, datensatz="auslaender_bestand",
                 zeitraum="2024", benutzer="bench")  # fmt: skip
    t_unveraendert = time.perf_counter() - t0
    assert e2.unveraendert
    t0 = time.perf_counter()
    rows = []
    for line in daten.decode().splitlines()[1:]:
        r = line.split(";")
        rows.append((1, r[0], "|".join(r[2:6]), float(r[6]), r[7]))
    with transaction.atomic(), connection.cursor() as c:  # one transaction, as liefere
        c.execute("create table bench_roh (lieferung_id bigint, gebiet varchar(12), merkmale varchar(255), "
                  "wert double precision, kennzeichen varchar(1))")  # fmt: skip
        c.executemany("insert into bench_roh values (%s, %s, %s, %s, %s)", rows)
        c.execute("drop table bench_roh")
    t_roh = time.perf_counter() - t0
    return {
        "backend": connection.vendor,
        "zellen": e.lieferung.zellen,
        "ingest_s": t_ingest,
        "unveraendert_s": t_unveraendert,
        "roh_s": t_roh,
        "rss_ingest_mb": rss_ingest,
    }


def gross() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="imon-bench-gross-"))
    _django(tmp)
    t0 = time.perf_counter()
    datei = tmp / "auslaender_bestand_2024_gross.csv"
    datei.write_bytes(grosse_lieferung())
    t_gen = time.perf_counter() - t0
    print(f"Große Lieferung: {datei.stat().st_size / 1e6:.1f} MB in {t_gen:.1f} s erzeugt")
    ziele = [("SQLite", f"sqlite:///{tmp / 'gross.sqlite3'}")]
    if os.environ.get("IMON_BENCH_PG"):
        ziele.append(("PostgreSQL", os.environ["IMON_BENCH_PG"]))
    for name, url in ziele:
        aus = subprocess.run(
            [sys.executable, __file__, "--messe-gross", url, str(datei)], capture_output=True, text=True
        )
        if aus.returncode != 0:
            print(f"{name}: Fehler\n{aus.stderr[-3000:]}")
            continue
        m = json.loads(aus.stdout.strip().splitlines()[-1])
        print(
            f"{name}: {m['zellen']:,} Zellen in {m['ingest_s']:.1f} s = {m['zellen'] / m['ingest_s']:,.0f} Zellen/s, "
            f"Spitzenspeicher {m['rss_ingest_mb']:.0f} MB; unverändert erneut: {m['unveraendert_s']:.2f} s"
        )
        print(
            f"  Baseline executemany derselben Zeilen: {m['roh_s']:.1f} s; Verhältnis {m['ingest_s'] / m['roh_s']:.1f}"
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--messe-gross"]:
        print(json.dumps(_gross_messen(sys.argv[2], Path(sys.argv[3]))))
    elif sys.argv[1:2] == ["--nur-gross"]:
        gross()
    else:
        main()
        gross()
