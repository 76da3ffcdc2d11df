"""Fast path of `imon collect`: DuckDB reads and groups the export, the profile's rules stay in Python.

DuckDB reads only the columns the profile needs, with every core, into an in-memory table of this
process (no file, nothing kept). Only the *distinct* raw values of each part of the cell key go through
the resolvers and caches of aggregation.Zaehler — the same code the streamed path runs per row — so both
paths give the same cells by construction; DuckDB then joins the codes and counts per cell.

Whenever DuckDB cannot read the file exactly as `csv.reader` would (a short or long row, a byte that is
not in the encoding, a header spanning lines, UTF-16) or any value does not resolve, `zaehle_schnell`
returns False and nothing is counted: the caller falls back to the streamed path, which names every
problem with row and column.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import duckdb

from .aggregation import Schluessel, Zaehler

# Python codec -> DuckDB encoding. DuckDB's latin-1 rejects the bytes 0x80–0x9F, the only ones where
# Windows-1252 differs from Latin-1: whatever it accepts reads the same in both.
_KODIERUNG = {"utf-8": "utf-8", "utf-8-sig": "utf-8", "cp1252": "latin-1"}
_TAKT = 0.2  # seconds between progress reports


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _mit_fortschritt(con: Any, sql: str, fortschritt: Callable[[float], None]) -> None:
    """Run `sql`, reporting DuckDB's progress (0..1) while it runs."""
    with ThreadPoolExecutor(1) as pool:
        auftrag = pool.submit(con.execute, sql)
        while True:
            try:
                auftrag.result(timeout=_TAKT)
                return
            except TimeoutError:
                anteil = con.query_progress()
                if anteil >= 0:
                    fortschritt(min(anteil / 100, 1.0))


def zaehle_schnell(
    zaehler: Zaehler,
    eingabe: Path,
    kodierung: str,
    trennzeichen: str,
    fortschritt: Callable[[float], None],
) -> bool:
    """Count `eingabe` (header already read into `zaehler.kopf`) into `zaehler`; False if not possible."""
    if kodierung not in _KODIERUNG or len(trennzeichen) != 1:
        return False
    spalten = sorted({i for teil in zaehler.teile for i in teil})
    typen = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(zaehler.kopf)))
    lesen = (
        f"read_csv({_sql_text(str(eingabe))}, auto_detect = false, header = false, skip = 1,"
        f" delim = {_sql_text(trennzeichen)}, quote = '\"', escape = '\"', columns = {{{typen}}},"
        f" encoding = '{_KODIERUNG[kodierung]}')"
    )
    con = duckdb.connect()
    try:
        con.execute("SET preserve_insertion_order = false")
        # query_progress() answers -1 unless progress tracking is on; DuckDB itself must not print it
        con.execute("SET enable_progress_bar = true")
        con.execute("SET enable_progress_bar_print = false")
        _mit_fortschritt(
            con,
            "CREATE TEMP TABLE roh AS SELECT "
            + ", ".join(f"coalesce(c{i}, '') AS c{i}" for i in spalten)
            + f" FROM {lesen}",
            fortschritt,
        )
        anzahl = con.execute("SELECT count(*) FROM roh").fetchone()[0]  # type: ignore[index]
        saetze = [sorted(set(teil)) for teil in zaehler.teile]
        alle = sorted({i for namen in saetze for i in namen})
        # one scan for the distinct values of every key part: GROUPING SETS, told apart by grouping()
        kennung = {
            sum(1 << (len(alle) - 1 - alle.index(i)) for i in alle if i not in namen): namen
            for namen in saetze
        }
        verschieden: dict[tuple[int, ...], list[tuple[str, ...]]] = {tuple(n): [] for n in saetze}
        auswahl = ", ".join(f"c{i}" for i in alle)
        mengen = ", ".join("(" + ", ".join(f"c{i}" for i in n) + ")" for n in saetze)
        for *werte_, gid in con.execute(
            f"SELECT {auswahl}, grouping({auswahl}) FROM roh GROUP BY GROUPING SETS ({mengen})"
        ).fetchall():
            satz = kennung[gid]
            verschieden[tuple(satz)].append(tuple(werte_[alle.index(i)] for i in satz))
        joins, codes = [], []
        for nr, teil in enumerate(zaehler.teile):
            namen = saetze[nr]
            werte: list[list[str]] = [[] for _ in namen]
            ergebnisse: list[str] = []
            for zeile in verschieden[tuple(namen)]:
                roh = dict(zip(namen, zeile, strict=True))
                code = zaehler.code_fuer(nr, roh[teil[0]] if len(teil) == 1 else tuple(roh[i] for i in teil))
                if code is None:
                    return False  # the streamed path reports it with row and column
                for liste, wert in zip(werte, zeile, strict=True):
                    liste.append(wert)
                ergebnisse.append(code)
            con.execute(
                f"CREATE TEMP TABLE m{nr} AS SELECT "
                + ", ".join(f"unnest(${k + 1}) AS v{i}" for k, i in enumerate(namen))
                + f", unnest(${len(namen) + 1}) AS code",
                [*werte, ergebnisse],
            )
            joins.append(f"JOIN m{nr} ON " + " AND ".join(f"roh.c{i} = m{nr}.v{i}" for i in namen))
            codes.append(f"m{nr}.code")
        zellen: Counter[Schluessel] = Counter()
        for *key, n in con.execute(
            f"SELECT {', '.join(codes)}, count(*) FROM roh {' '.join(joins)} GROUP BY ALL"
        ).fetchall():
            zellen[tuple(key)] = n
    except duckdb.Error:
        return False
    finally:
        con.close()
    if zellen.total() != anzahl:  # every row must land in exactly one cell
        return False
    zaehler.zellen, zaehler.anzahl = zellen, anzahl
    return True
