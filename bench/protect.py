"""Benchmark: protecting the whole LDS demo at publication (prints figures, asserts nothing).

Cold: every active delivery of a protected dataset is published from scratch (the units it belongs to are
computed in arrival order: earlier versions, the other months, linked datasets). Warm: the same again with
the results kept in the process (every later request of the website). Baseline in the same process:
reading the same cubes as delivered from the database, which every cold publication has to do too.

Run: .venv/bin/python bench/protect.py
"""

from __future__ import annotations

import os
import resource
import tempfile
import time
from pathlib import Path


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="imon-bench-protect-"))
    os.environ["IMON_DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    from integrationsmonitor.cli.setup import django_starten

    django_starten(None)
    from integrationsmonitor.catalog.loader import katalog
    from integrationsmonitor.demo.build import baue_demo
    from integrationsmonitor.registry.beratung.demo import baue_beratung_demo
    from integrationsmonitor.store.models import Lieferung
    from integrationsmonitor.store.selectors import DbQuelle, roher_wuerfel, vergiss_wuerfel
    from integrationsmonitor.store.veroeffentlichung import geschuetzt

    k = katalog()
    baue_demo(k)
    baue_beratung_demo(k)
    aktiv = [lf for lf in Lieferung.objects.filter(status=Lieferung.Status.AKTIV) if geschuetzt(k, lf)]

    def alle_veroeffentlichen() -> int:
        q = DbQuelle(k)
        return sum(
            sum(1 for z in q.wuerfel(lf.datensatz, lf.zeitraum).exakt.values() if z.geheim)  # type: ignore[union-attr]
            for lf in aktiv
        )

    def nur_lesen() -> None:
        for lf in Lieferung.objects.filter(datensatz__in={lf.datensatz for lf in aktiv}):
            roher_wuerfel(k, lf)

    messungen: dict[str, list[float]] = {"kalt": [], "warm": [], "lesen": []}
    geheim = 0
    for _ in range(3):
        vergiss_wuerfel()
        t0 = time.perf_counter()
        nur_lesen()
        messungen["lesen"].append(time.perf_counter() - t0)
        vergiss_wuerfel()
        t0 = time.perf_counter()
        geheim = alle_veroeffentlichen()
        messungen["kalt"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        alle_veroeffentlichen()
        messungen["warm"].append(time.perf_counter() - t0)
    spitze = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def median(werte: list[float]) -> float:
        return sorted(werte)[len(werte) // 2]

    kalt, warm, lesen = median(messungen["kalt"]), median(messungen["warm"]), median(messungen["lesen"])
    print(f"Geschützte Lieferungen der Demo: {len(aktiv)} aktive, {geheim} geheime Zellen veröffentlicht")
    print(f"  kalt (alles neu geschützt, Median aus 3): {kalt:.2f} s")
    print(f"  warm (Ergebnisse im Prozess): {warm * 1000:.1f} ms")
    print(
        f"  Grundlinie: dieselben Lieferungen nur aus der Datenbank lesen: {lesen:.2f} s "
        f"(kalt / Grundlinie: {kalt / lesen:.1f})"
    )
    print(f"  Spitzenspeicher: {spitze:.0f} MB")


if __name__ == "__main__":
    main()
