"""Benchmark: `imon collect` (sammle) on synthetic register extracts (prints figures, asserts nothing).

Per size (default 1 M and 14 M records, about Germany's foreign population), one CSV in the layout of
the shipped Ausländerbehörde example is generated with DuckDB (`COPY … FROM range(n)`), UTF-8 and
`;`-separated: DuckDB cannot read Windows-1252, and both contenders must read the same file. The
records are spread over the 37 Gemeinden of the demo county (the catalogue `collect` checks AGS
against) and over every nationality of the code list but Germany, Zipf-weighted.

Baseline, from the same file in the same run: a raw DuckDB `read_csv` + `GROUP BY` of the same cube
(Gemeinde, nationality, sex, age group from the date of birth at the reference date, Ausländergruppe
from residence title and EU membership) with every core — no validation, no margins, no protection.

Each measurement runs in a fresh subprocess, so its peak memory (ru_maxrss) is its own. The files go
to a temporary directory that is deleted at the end.

Run: .venv/bin/python bench/collect.py [ANZAHL ...]   (needs the bench group: make bench)
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

GROESSEN = [1_000_000, 14_000_000]
ZEITRAUM, STICHTAG = "2024", date(2024, 12, 31)
ASYL = ["Aufenthaltsgestattung", "Duldung"]
TITEL = ["Niederlassungserlaubnis", "§ 25 Abs. 2 AufenthG", "§ 24 AufenthG", "§ 18b AufenthG", *ASYL]
GESCHLECHT = {"männlich": "m", "m": "m", "1": "m", "weiblich": "w", "w": "w", "2": "w", "divers": "d"}
VORRAT = 1000  # pool size for weighted choices


def _sql_liste(werte: list[str]) -> str:
    return "[" + ", ".join("'" + w.replace("'", "''") + "'" for w in werte) + "]"


def _vorrat(werte: list[str], gewicht: list[float]) -> list[str]:
    """VORRAT entries, each value as often as its weight says (at least once)."""
    summe = sum(gewicht)
    pool = [w for w, g in zip(werte, gewicht, strict=True) for _ in range(max(1, round(VORRAT * g / summe)))]
    return pool[:VORRAT] if len(pool) >= VORRAT else pool + pool[: VORRAT - len(pool)]


def _stammdaten() -> tuple[list[str], list[str], list[str]]:
    """Gemeinden of the demo county, nationalities (German names) and the EU members at the Stichtag."""
    from integrationsmonitor.catalog.loader import katalog

    k = katalog()
    gemeinden = sorted(g.code for g in k.gebiete_der_ebene("gemeinde"))
    sa = k.codelisten["staatsangehoerigkeit"]
    staaten = [c.name for c in sa.codes.values() if c.code != "000"]
    eu = [c.name for c in sa.codes.values() if c.code != "000" and sa.ist_mitglied(c.code, "eu", STICHTAG)]
    return gemeinden, staaten, eu


def erzeuge(pfad: Path, anzahl: int) -> float:
    """Write a synthetic extract of `anzahl` records with DuckDB; returns seconds."""
    import duckdb

    gemeinden, staaten, eu = _stammdaten()
    g_pool = _vorrat(gemeinden, [1 / (i + 1) ** 0.8 for i in range(len(gemeinden))])
    s_pool = _vorrat(staaten, [1 / (i + 1) for i in range(len(staaten))])
    pfad_sql = str(pfad).replace("'", "''")
    sql = f"""
    COPY (
      SELECT 'ABH-' || lpad(i::VARCHAR, 8, '0') AS "Aktenzeichen",
             {_sql_liste(["Beispiel", "Muster", "Platzhalter", "Test", "Probe"])}[(1 + hash(i * 16 + 1) % 5)::BIGINT] AS "Name",
             {_sql_liste(["Alex", "Sam", "Kim", "Robin", "Jona", "Mika"])}[(1 + hash(i * 16 + 2) % 6)::BIGINT] AS "Vorname",
             strftime(geburt, '%d.%m.%Y') AS "Geburtsdatum",
             {_sql_liste(list(GESCHLECHT))}[(1 + hash(i * 16 + 3) % {len(GESCHLECHT)})::BIGINT] AS "Geschlecht",
             staat AS "Staatsangehörigkeit",
             CASE WHEN list_contains({_sql_liste(eu)}, staat) THEN 'Freizügigkeit EU'
                  ELSE {_sql_liste(TITEL)}[(1 + hash(i * 16 + 4) % {len(TITEL)})::BIGINT] END AS "Aufenthaltstitel",
             strftime(geburt + (hash(i * 16 + 5) % 7300)::INTEGER, '%d.%m.%Y') AS "Einreisedatum",
             {_sql_liste(g_pool)}[(1 + hash(i * 16 + 6) % {len(g_pool)})::BIGINT] AS "AGS Wohnort"
      FROM (
        SELECT range AS i,
               DATE '{STICHTAG.isoformat()}' - (hash(range * 16 + 7) % 29200)::INTEGER AS geburt,
               {_sql_liste(s_pool)}[(1 + hash(range * 16 + 8) % {len(s_pool)})::BIGINT] AS staat
        FROM range({anzahl})
      )
    ) TO '{pfad_sql}' (FORMAT csv, HEADER, DELIMITER ';')
    """
    t0 = time.perf_counter()
    duckdb.sql(sql)
    return time.perf_counter() - t0


def _messe_sammle(pfad: Path) -> dict[str, float]:
    from integrationsmonitor.catalog.loader import katalog
    from integrationsmonitor.collect import sammeln
    from integrationsmonitor.collect.profil import lade_profil

    k = katalog()
    profil = lade_profil("abh_beispiel", k)
    schutz = [0.0]
    original = sammeln.schuetze_tabellen

    def gemessen(*args, **kwargs):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            schutz[0] += time.perf_counter() - t

    sammeln.schuetze_tabellen = gemessen
    with tempfile.TemporaryDirectory(prefix="imon-bench-out-") as aus:
        t0 = time.perf_counter()
        m = sammeln.sammle(k, profil, pfad, ZEITRAUM, Path(aus))
        dauer = time.perf_counter() - t0
    return {"sekunden": dauer, "schutz_sekunden": schutz[0], "datensaetze": m.eingabe_datensaetze,
            "zellen": m.zellen, "geheim": m.zellen_geheim}  # fmt: skip


def _messe_duckdb(pfad: Path) -> dict[str, float]:
    import duckdb

    from integrationsmonitor.catalog.loader import katalog

    _, _, eu = _stammdaten()
    liste = katalog().codelisten["altersgruppe"]
    alter = " ".join(
        f"WHEN alter BETWEEN {c.attribute.get('von', '-1')} AND {c.attribute.get('bis', '999')} THEN '{c.code}'"
        for c in liste.codes.values()
    )
    geschlecht = " ".join(f"WHEN '{roh}' THEN '{code}'" for roh, code in GESCHLECHT.items())
    pfad_sql = str(pfad).replace("'", "''")
    sql = f"""
    SELECT gemeinde, staat, geschlecht, CASE {alter} END AS altersgruppe, gruppe, count(*) AS n
    FROM (
      SELECT "AGS Wohnort" AS gemeinde, "Staatsangehörigkeit" AS staat,
             CASE "Geschlecht" {geschlecht} END AS geschlecht,
             datesub('year', strptime("Geburtsdatum", '%d.%m.%Y')::DATE, DATE '{STICHTAG.isoformat()}') AS alter,
             CASE WHEN "Aufenthaltstitel" IN {tuple(ASYL)} THEN 'asyl'
                  WHEN list_contains({_sql_liste(eu)}, "Staatsangehörigkeit") THEN 'eu'
                  ELSE 'drittstaat' END AS gruppe
      FROM read_csv('{pfad_sql}', delim=';', header=true, all_varchar=true, encoding='utf-8')
    )
    GROUP BY ALL
    """
    t0 = time.perf_counter()
    con = duckdb.connect()
    gruppen = len(con.sql(sql).fetchall())
    dauer = time.perf_counter() - t0
    return {"sekunden": dauer, "gruppen": gruppen, "threads": float(con.sql("SELECT current_setting('threads')").fetchall()[0][0])}  # fmt: skip


def _kind(art: str, pfad: Path) -> dict[str, float]:
    """One measurement in a fresh process: its figures and its own peak memory."""
    r = subprocess.run([sys.executable, __file__, "--messung", art, str(pfad)], capture_output=True, text=True, check=False)  # fmt: skip
    if r.returncode != 0:
        raise SystemExit(f"Messung {art} fehlgeschlagen:\n{r.stderr}")
    ergebnis: dict[str, float] = json.loads(r.stdout.strip().splitlines()[-1])
    return ergebnis


def _zahl(x: float, stellen: int = 0) -> str:
    return f"{x:,.{stellen}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--messung"]:
        art, pfad = argv[1], Path(argv[2])
        werte = _messe_sammle(pfad) if art == "sammle" else _messe_duckdb(pfad)
        werte["spitze_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(werte))
        return
    groessen = [int(a) for a in argv] or GROESSEN
    tmp = Path(tempfile.mkdtemp(prefix="imon-bench-collect-"))
    try:
        for n in groessen:
            pfad = tmp / f"register_{n}.csv"
            t_gen = erzeuge(pfad, n)
            mb = pfad.stat().st_size / 1e6
            s = _kind("sammle", pfad)
            d = _kind("duckdb", pfad)
            print(
                f"{_zahl(n)} Datensätze ({_zahl(mb)} MB UTF-8-CSV, erzeugt mit DuckDB in {_zahl(t_gen, 1)} s):"
            )
            print(f"  sammle: {_zahl(s['sekunden'], 1)} s = {_zahl(n / s['sekunden'])} Datensätze/s, "
                  f"Spitzenspeicher {_zahl(s['spitze_mb'])} MB; {_zahl(s['zellen'])} Zellen, "
                  f"davon {_zahl(s['geheim'])} geheim")  # fmt: skip
            print(f"    davon Geheimhaltung (schuetze_tabellen): {_zahl(s['schutz_sekunden'], 2)} s "
                  f"({_zahl(100 * s['schutz_sekunden'] / s['sekunden'], 1)} %)")  # fmt: skip
            print(f"  DuckDB read_csv + GROUP BY ({d['threads']:.0f} Threads): {_zahl(d['sekunden'], 1)} s, "
                  f"{_zahl(d['gruppen'])} Gruppen, Spitzenspeicher {_zahl(d['spitze_mb'])} MB")  # fmt: skip
            print(f"  Verhältnis sammle / DuckDB: {_zahl(s['sekunden'] / d['sekunden'], 1)}")
            pfad.unlink()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
