"""Whatever bytes an office sends, reading and checking ends in cells or in German problems, never a crash."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.formats.delivery_csv import lies_lieferung
from integrationsmonitor.formats.errors import FormatFehler
from integrationsmonitor.store.validation import pruefe_lieferung

FELDER = st.sampled_from(
    ["12061", "12061260", "120615108", "99999", "", "_T", "m", "w", "x", "2015", "2016", "164.528", "-5", "1,5",
     "=1+2", "@SUMME", '"5"', "5", "0", ".", "g", "p", "insgesamt", "ü", "\x00", "9" * 30]
)  # fmt: skip
KOEPFE = st.sampled_from(
    ["gebiet;zeitraum;geschlecht;wert;kennzeichen", "gebiet,zeitraum,geschlecht,wert", "region\tperiod\tgeschlecht\tvalue",
     "gebiet;zeitraum;wert", "gebiet;gebiet;wert", ""]
)  # fmt: skip


def _pruefe(daten: bytes) -> None:
    try:
        tabelle = lies_lieferung(daten, "x.csv")
    except FormatFehler as exc:
        assert str(exc).startswith("x.csv")
        return
    ergebnis = pruefe_lieferung(katalog(), "bevoelkerung_amtlich", "2015", tabelle)
    assert ergebnis.ok or all(str(p) for p in ergebnis.probleme)
    if ergebnis.ok:
        assert all(z.wert is None or z.wert >= 0 for z in ergebnis.zellen)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes(daten):
    _pruefe(daten)


@settings(max_examples=300, deadline=None)
@given(KOEPFE, st.lists(st.lists(FELDER, min_size=0, max_size=7), max_size=8), st.sampled_from([";", ",", "\t"]),
       st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))  # fmt: skip
def test_structured_but_broken_files(kopf, zeilen, trenner, kodierung):
    text = "\r\n".join([kopf, *(trenner.join(z) for z in zeilen)])
    _pruefe(text.encode(kodierung, errors="replace"))
