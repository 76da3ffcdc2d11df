"""Machine-readable output of series: CSV and JSON with `.` as decimal point, values unrounded."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence

from integrationsmonitor.formats.csv_sicher import schreiber
from integrationsmonitor.indicators.model import SeriesRow

FEHLT = "."  # flag of a missing value (GENESIS: "Zahlenwert unbekannt oder geheim zu halten")


def zahl_roh(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _flag(row: SeriesRow) -> str:
    if row.value is None:
        return "g" if row.flag == "g" else FEHLT
    return row.flag


def als_csv(rows: Sequence[SeriesRow], merkmal: str | None) -> str:
    buf = io.StringIO()
    w = schreiber(buf, lineterminator="\n")  # cells starting with = + - @ cannot become spreadsheet formulas
    w.writerow(["indicator", "region", "period", *([merkmal] if merkmal else []), "value", "flag"])
    for r in rows:
        w.writerow(
            [r.indicator, r.region, r.period, *([r.category] if merkmal else []), zahl_roh(r.value), _flag(r)]
        )
    return buf.getvalue()


def als_json(rows: Sequence[SeriesRow], merkmal: str | None) -> str:
    daten = []
    for r in rows:
        eintrag: dict[str, object] = {"indicator": r.indicator, "region": r.region, "period": r.period}
        if merkmal:
            eintrag[merkmal] = r.category
        eintrag |= {"value": r.value, "flag": _flag(r), "reason": r.reason or None}
        if r.denominator is not None or r.numerator is not None:
            eintrag |= {"numerator": r.numerator, "denominator": r.denominator}
        daten.append(eintrag)
    return json.dumps(daten, ensure_ascii=False, indent=1) + "\n"
