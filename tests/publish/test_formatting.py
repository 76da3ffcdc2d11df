"""German display formatting."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest

from integrationsmonitor.publish import formatting as fmt


@pytest.mark.parametrize(
    ("value", "stellen", "erwartet"),
    [
        (14933, 0, "14.933"),
        (8.2, 1, "8,2"),
        (178793, 0, "178.793"),
        (-1234.5, 1, "−1.234,5"),
        (0, 0, "0"),
        (0.0, 1, "0,0"),
        (2.25, 1, "2,3"),
        (0.05, 1, "0,1"),
        (2.5, 0, "3"),
        (-2.5, 0, "−3"),
        (1.005, 2, "1,01"),
        (999.96, 1, "1.000,0"),
        (-0.04, 1, "0,0"),
        (1234567.891, 2, "1.234.567,89"),
        (None, 0, "."),
        (float("nan"), 1, "."),
    ],
)
def test_zahl(value: float | None, stellen: int, erwartet: str) -> None:
    assert fmt.zahl(value, stellen) == erwartet


def test_prozent() -> None:
    assert fmt.prozent(8.2) == "8,2 %"
    assert fmt.prozent(12.345, 2) == "12,35 %"
    assert fmt.prozent(None) == "."


@pytest.mark.parametrize(
    ("value", "einheit", "erwartet"),
    [
        (14933, "anzahl", "14.933"),
        (14933.5, "anzahl", "14.934"),
        (8.24, "prozent", "8,2 %"),
        (3.25, "promille", "3,3 ‰"),
        (12.0, "je_1000", "12,0"),
        (1.45, "dezimal", "1,5"),
        (None, "prozent", "."),
        (None, "anzahl", "."),
    ],
)
def test_wert(value: float | None, einheit: str, erwartet: str) -> None:
    assert fmt.wert(value, einheit) == erwartet


def test_wert_unbekannte_einheit() -> None:
    with pytest.raises(ValueError, match="Einheit"):
        fmt.wert(1, "meter")


def test_datum() -> None:
    assert fmt.datum(dt.date(2024, 12, 31)) == "31.12.2024"
    assert fmt.datum(dt.date(2024, 1, 5)) == "05.01.2024"
    assert fmt.datum(dt.datetime(2024, 12, 31, 23, 59)) == "31.12.2024"


def test_datum_zeit() -> None:
    assert fmt.datum_zeit(dt.datetime(2024, 12, 31, 14, 5)) == "31.12.2024, 14:05 Uhr"


def test_datum_zeit_aware_wird_in_berliner_zeit_gezeigt() -> None:
    utc = dt.datetime(2024, 12, 31, 23, 30, tzinfo=dt.UTC)
    assert fmt.datum_zeit(utc) == "01.01.2025, 00:30 Uhr"
    assert fmt.datum(utc) == "01.01.2025"
    sommer = dt.datetime(2024, 7, 1, 12, 0, tzinfo=dt.UTC)
    assert fmt.datum_zeit(sommer) == "01.07.2024, 14:00 Uhr"


@pytest.mark.parametrize(
    ("code", "erwartet"),
    [
        ("2024", "2024"),
        ("2024-Q4", "4. Quartal 2024"),
        ("2024-Q1", "1. Quartal 2024"),
        ("2024-12", "Dezember 2024"),
        ("2024-03", "März 2024"),
        ("2024-12-31", "31.12.2024"),
        ("2024-13", "2024-13"),
        ("2024-Q5", "2024-Q5"),
        ("2024-02-30", "2024-02-30"),
        ("Stichtag", "Stichtag"),
        ("", ""),
    ],
)
def test_periode(code: str, erwartet: str) -> None:
    assert fmt.periode(code) == erwartet


@pytest.mark.parametrize(
    ("value", "erwartet"),
    [
        (0.6, "+0,6 Prozentpunkte"),
        (-1.1, "−1,1 Prozentpunkte"),
        (0, "±0,0 Prozentpunkte"),
        (0.04, "±0,0 Prozentpunkte"),
        (-0.04, "±0,0 Prozentpunkte"),
        (0.05, "+0,1 Prozentpunkte"),
        (1234.5, "+1.234,5 Prozentpunkte"),
        (None, "."),
    ],
)
def test_punkte(value: float | None, erwartet: str) -> None:
    assert fmt.punkte(value) == erwartet


try:
    from hypothesis import given
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a dev dependency
    pass
else:

    def _zurueck(text: str) -> Decimal:
        return Decimal(text.replace(".", "").replace(",", ".").replace("−", "-"))

    def _erwartet(value: float | int, stellen: int) -> Decimal:
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        q = abs(d).quantize(Decimal(1).scaleb(-stellen), rounding=ROUND_HALF_UP)
        return -q if d < 0 else q

    @given(
        st.one_of(
            st.integers(min_value=-(10**15), max_value=10**15),
            st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False),
        ),
        st.integers(min_value=0, max_value=4),
    )
    def test_zahl_rundreise(value: float | int, stellen: int) -> None:
        text = fmt.zahl(value, stellen)
        assert _zurueck(text) == _erwartet(value, stellen)
        assert "-" not in text  # negatives carry the minus sign U+2212, never a hyphen
        ganz, _, nachkomma = text.lstrip("−").partition(",")
        assert len(nachkomma) == stellen
        gruppen = ganz.split(".")
        assert 1 <= len(gruppen[0]) <= 3
        assert all(len(g) == 3 for g in gruppen[1:])
        assert not text.startswith("−0") or _zurueck(text) != 0


@pytest.mark.parametrize(
    ("differenz", "einheit", "erwartet"),
    [
        (-2110, "anzahl", "\u22122.110"),
        (-1.25, "dezimal", "\u22121,3"),
        (-0.6, "prozent", "\u22120,6 Prozentpunkte"),
        (55, "anzahl", "+55"),
        (0.04, "anzahl", "±0"),
    ],
)
def test_veraenderung_mit_minuszeichen(differenz: float, einheit: str, erwartet: str) -> None:
    text = fmt.veraenderung(differenz, einheit)
    assert text == erwartet
    assert "-" not in text  # U+2212, not the hyphen-minus of machine formats
