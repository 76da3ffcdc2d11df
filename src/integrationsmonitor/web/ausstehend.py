"""Newer periods still waiting for deliveries: which period a card, chart or comparison shows, and the
note naming the missing delivery (read only).

Offices deliver at different times: when the Ausländerbehörde has delivered 2025 and the registers have
not, the share of foreigners for 2025 has no value yet. The pages then show the newest period with a
published answer (`engine.stand`) and say what 2025 is waiting for. A secret cell or a denominator of 0 is
such an answer: that period stays shown as it is ("." with its reason), never an older value in its place.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from integrationsmonitor.catalog.model import Indikator, Katalog
from integrationsmonitor.indicators import engine
from integrationsmonitor.indicators.model import SeriesRow
from integrationsmonitor.publish import formatting as fmt

from .herkunft import lieferant_name


def bis_stand(rows: Sequence[SeriesRow]) -> tuple[list[SeriesRow], list[SeriesRow]]:
    """(rows up to the newest period with an answer, rows of the newer periods still waiting).
    Without any answer, every row stays shown (with its reason) and nothing counts as waiting."""
    letzte = engine.stand(list(rows))
    if letzte is None:
        return list(rows), []
    ende = max(i for i, r in enumerate(rows) if r.period == letzte) + 1
    return list(rows[:ende]), list(rows[ende:])


def hinweise(
    katalog: Katalog, quelle: engine.Quelle, ind: Indikator, wartend: Sequence[SeriesRow]
) -> list[str]:
    """One note per newer period, newest first: "2025: Bevölkerung laut Einwohnermelderegister
    (Einwohnermeldeämter) steht noch aus", or "2025: kein Wert (Zelle nicht geliefert)" when the
    delivery is there but lacks the cells shown here."""
    perioden = list(dict.fromkeys(r.period for r in wartend))
    noten = []
    for p in reversed(perioden):  # newest first
        fehlend = engine.fehlende_lieferungen(katalog, quelle, ind, p)
        if fehlend:
            was = "; ".join(_datensatz(katalog, d) for d in fehlend)
            noten.append(_("%(periode)s: %(was)s steht noch aus") % {"periode": fmt.periode(p), "was": was})
        else:
            grund = next((r.reason for r in wartend if r.period == p and r.reason), "")
            noten.append(
                _("%(periode)s: kein Wert (%(grund)s)") % {"periode": fmt.periode(p), "grund": grund}
            )
    return noten


def _datensatz(katalog: Katalog, datensatz: str) -> str:
    ds = katalog.datensaetze.get(datensatz)
    if ds is None:
        return datensatz
    return f"{ds.name} ({lieferant_name(katalog, ds.lieferant)})"
