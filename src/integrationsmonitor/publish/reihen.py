"""Machine-readable series rows, shared by `imon series`, the read API and the open-data files (pure).

CSV and JSON with `.` as decimal point, values unrounded. The published flag (`kennzeichen`) follows the
publication rule: a missing value is `.`, or `g` where a secret cell made it missing; it never has a number.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence

from integrationsmonitor.formats.csv_sicher import schreiber
from integrationsmonitor.formats.tabellen_export import zahl_roh
from integrationsmonitor.indicators.model import SeriesRow

FEHLT = "."  # flag of a missing value (GENESIS: "Zahlenwert unbekannt oder geheim zu halten")

__all__ = ["FEHLT", "als_csv", "als_json", "json_eintrag", "kennzeichen", "zahl_roh"]


def kennzeichen(row: SeriesRow) -> str:
    """The published flag: "" | p | s | r for a value; `g` (secret input) or `.` for a missing value."""
    if row.value is None:
        return "g" if row.flag == "g" else FEHLT
    return row.flag


def als_csv(rows: Sequence[SeriesRow], merkmal: str | None) -> str:
    buf = io.StringIO()
    w = schreiber(buf, lineterminator="\n")  # cells starting with = + - @ cannot become spreadsheet formulas
    w.writerow(["indicator", "region", "period", *([merkmal] if merkmal else []), "value", "flag"])
    for r in rows:
        w.writerow(
            [
                r.indicator,
                r.region,
                r.period,
                *([r.category] if merkmal else []),
                zahl_roh(r.value),
                kennzeichen(r),
            ]
        )
    return buf.getvalue()


def json_eintrag(r: SeriesRow, merkmal: str | None) -> dict[str, object]:
    """One row as `imon series --format json` and the API print it."""
    eintrag: dict[str, object] = {"indicator": r.indicator, "region": r.region, "period": r.period}
    if merkmal:
        eintrag[merkmal] = r.category
    eintrag |= {"value": r.value, "flag": kennzeichen(r), "reason": r.reason or None}
    if r.denominator is not None or r.numerator is not None:
        eintrag |= {"numerator": r.numerator, "denominator": r.denominator}
    return eintrag


def als_json(rows: Sequence[SeriesRow], merkmal: str | None) -> str:
    daten = [json_eintrag(r, merkmal) for r in rows]
    return json.dumps(daten, ensure_ascii=False, indent=1) + "\n"
