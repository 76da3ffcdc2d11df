"""Benchmark: FactSheet, annual report and static export on the LDS demo (prints figures, asserts nothing).

Baseline in the same process: reading the same deliveries from the database as delivered — the part of the
work that is data access, not protecting, computing, drawing or typesetting. Cold figures include protecting
the deliveries for publication (docs/geheimhaltung.md); every later request reads the kept results.

Run: .venv/bin/python bench/publish.py
"""

from __future__ import annotations

import os
import resource
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path


def _zeit(f):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    ergebnis = f()
    return time.perf_counter() - t0, ergebnis


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="imon-bench-publish-"))
    os.environ["IMON_DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    from integrationsmonitor.cli.setup import django_starten

    django_starten(None)
    from integrationsmonitor.catalog.loader import katalog
    from integrationsmonitor.demo.build import baue_demo
    from integrationsmonitor.publish import charts
    from integrationsmonitor.publish.bericht import baue_bericht
    from integrationsmonitor.publish.factsheet import baue_factsheet
    from integrationsmonitor.publish.services import bericht_html, bericht_pdf, factsheet_pdf
    from integrationsmonitor.publish.statisch import exportiere
    from integrationsmonitor.store.models import Lieferung
    from integrationsmonitor.store.selectors import DbQuelle, roher_wuerfel, vergiss_wuerfel

    k = katalog()
    t_demo, _ = _zeit(lambda: baue_demo(k))
    zeitpunkt = datetime(2025, 2, 1, tzinfo=UTC)

    q = DbQuelle(k)
    t_fs_erst, fs = _zeit(lambda: baue_factsheet(k, q, "2024-Q4", q.eingang))
    benutzt = sorted(q.benutzt)
    t_fs_pdf, pdf = _zeit(lambda: factsheet_pdf(fs, zeitpunkt))

    def nur_lesen() -> None:  # the cells as delivered, without protecting them for publication
        for lf in Lieferung.objects.filter(id__in=benutzt):
            roher_wuerfel(k, lf)

    vergiss_wuerfel()  # cold: cells from the database, not from the process's cube cache
    t_lesen, _ = _zeit(nur_lesen)
    charts._svg_cached.cache_clear()
    vergiss_wuerfel()
    q2 = DbQuelle(k)
    t_fs_kalt, _ = _zeit(lambda: baue_factsheet(k, q2, "2024-Q4", q2.eingang))
    q4 = DbQuelle(k)
    t_fs_warm, _ = _zeit(lambda: baue_factsheet(k, q4, "2024-Q4", q4.eingang))

    vergiss_wuerfel()
    q3 = DbQuelle(k)
    t_bericht, b = _zeit(lambda: baue_bericht(k, q3, 2024, q3.eingang))
    t_bericht_pdf, bpdf = _zeit(lambda: bericht_pdf(b, zeitpunkt))
    t_bericht_html, html = _zeit(lambda: bericht_html(b))

    t_export, e = _zeit(lambda: exportiere(tmp / "site"))
    spitze = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"Demo aufgebaut in {t_demo:.1f} s")
    print(f"FactSheet 2024-Q4 ({len(fs.kennzahlen)} Kennzahlen, {len(fs.abbildungen)} Diagramme):")
    print(
        f"  Inhalt berechnen und Diagramme zeichnen (kalt): {t_fs_kalt:.2f} s; mit Diagramm-Cache {t_fs_erst:.2f} s"
    )
    print(f"  erneut, Würfel im Cache des Prozesses (jede weitere Anfrage der Website): {t_fs_warm:.3f} s")
    print(f"  PDF setzen (Typst, PDF/UA-1): {t_fs_pdf:.3f} s, {len(pdf) / 1024:.0f} KB")
    print(f"  Grundlinie: dieselben Würfel nur aus der Datenbank lesen: {t_lesen:.2f} s "
          f"(Verhältnis FactSheet kalt / Lesen: {t_fs_kalt / t_lesen:.1f})")  # fmt: skip
    eintraege = sum(len(kap.eintraege) for kap in b.kapitel)
    print(f"Jahresbericht 2024 ({len(b.kapitel)} Kapitel, {eintraege} Indikatoren):")
    print(f"  Inhalt {t_bericht:.2f} s, PDF {t_bericht_pdf:.2f} s ({len(bpdf) / 1024:.0f} KB), "
          f"HTML {t_bericht_html:.2f} s ({len(html) / 1024:.0f} KB)")  # fmt: skip
    print(
        f"Statische Website: {e.seiten} Seiten, {e.dateien} Dateien, {e.bytes / 1024 / 1024:.1f} MB in {t_export:.1f} s"
    )
    print(f"Spitzenspeicher des Laufs: {spitze:.0f} MB")


if __name__ == "__main__":
    main()
