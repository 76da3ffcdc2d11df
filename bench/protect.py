"""Benchmark: protecting the whole LDS demo at publication (prints figures, asserts nothing).

Cold: every active delivery published from scratch (each unit computed in arrival order: earlier versions,
the other months, linked datasets), once in one thread and once in two (`veroeffentliche_alles`, what
`imon serve` runs at start), with no result kept in the database. Restart: the same with the results
kept in the database (store.schutzergebnis) and the process's caches empty. Warm: every page after that reads the results kept in the process. Baseline in
the same process: reading the same deliveries as delivered from the database, which every cold publication
has to do too. Each figure is the median of three runs.

Run: .venv/bin/python bench/protect.py
"""

from __future__ import annotations

import os
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def _median(f: Callable[[], object], vorher: Callable[[], object], n: int = 3) -> float:
    zeiten = []
    for _ in range(n):
        vorher()
        t0 = time.perf_counter()
        f()
        zeiten.append(time.perf_counter() - t0)
    return sorted(zeiten)[n // 2]


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="imon-bench-protect-"))
    os.environ["IMON_DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    from integrationsmonitor.cli.setup import django_starten

    django_starten(None)
    from integrationsmonitor.catalog.loader import katalog
    from integrationsmonitor.demo.build import baue_demo
    from integrationsmonitor.registry.beratung.demo import baue_beratung_demo
    from integrationsmonitor.store.models import Lieferung
    from integrationsmonitor.store.selectors import (
        DbQuelle,
        roher_wuerfel,
        vergiss_wuerfel,
        veroeffentliche_alles,
    )
    from integrationsmonitor.store.veroeffentlichung import geschuetzt

    k = katalog()
    baue_demo(k)
    baue_beratung_demo(k)
    aktiv = [lf for lf in Lieferung.objects.filter(status=Lieferung.Status.AKTIV) if geschuetzt(k, lf)]

    def geheime_zellen() -> int:
        q = DbQuelle(k)
        zaehler = 0
        for lf in aktiv:
            w = q.wuerfel(lf.datensatz, lf.zeitraum)
            zaehler += sum(1 for z in w.exakt.values() if z.geheim) if w is not None else 0
        return zaehler

    def nur_lesen() -> None:
        for lf in Lieferung.objects.filter(datensatz__in={lf.datensatz for lf in aktiv}):
            roher_wuerfel(k, lf)

    lesen = _median(nur_lesen, vergiss_wuerfel)

    def ganz_kalt() -> None:
        vergiss_wuerfel(auch_gespeicherte=True)

    kalt_1 = _median(lambda: veroeffentliche_alles(k, threads=1), ganz_kalt)
    kalt_2 = _median(lambda: veroeffentliche_alles(k, threads=2), ganz_kalt)
    # a restart (or the second worker): the results kept in the database, the process's caches empty
    neustart = _median(lambda: veroeffentliche_alles(k, threads=2), vergiss_wuerfel)
    warm = _median(geheime_zellen, lambda: None)
    geheim = geheime_zellen()
    spitze = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"Geschützte Lieferungen der Demo: {len(aktiv)} aktive, {geheim} geheime Zellen veröffentlicht")
    print(f"  kalt, ein Thread: {kalt_1:.2f} s; zwei Threads (imon serve beim Start): {kalt_2:.2f} s")
    print(
        f"  Neustart (Ergebnisse in der Datenbank, Prozess leer): {neustart:.2f} s "
        f"({neustart / lesen:.1f} × Grundlinie)"
    )
    print(f"  warm (Ergebnisse im Prozess, jede weitere Anfrage): {warm * 1000:.1f} ms")
    print(
        f"  Grundlinie: dieselben Lieferungen nur aus der Datenbank lesen: {lesen:.2f} s "
        f"(kalt / Grundlinie: {kalt_1 / lesen:.1f} mit einem, {kalt_2 / lesen:.1f} mit zwei Threads)"
    )
    print(f"  Spitzenspeicher: {spitze:.0f} MB")


if __name__ == "__main__":
    main()
