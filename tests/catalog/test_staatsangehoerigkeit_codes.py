"""Plain checks of the nationality code list (Destatis Staatsangehörigkeitsschlüssel + ISO 3166-1)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

import integrationsmonitor.catalog

CODELISTS = Path(integrationsmonitor.catalog.__file__).parent / "data" / "lds" / "codelists"
YAML_PATH = CODELISTS / "staatsangehoerigkeit.yaml"
KONTINENTE = {"europa", "afrika", "amerika", "asien", "ozeanien", "sonstige"}
TOP12 = {
    "152": ("PL", "POL"),
    "166": ("UA", "UKR"),
    "154": ("RO", "ROU"),
    "160": ("RU", "RUS"),
    "163": ("TR", "TUR"),
    "475": ("SY", "SYR"),
    "423": ("AF", "AFG"),
    "125": ("BG", "BGR"),
    "432": ("VN", "VNM"),
    "436": ("IN", "IND"),
    "134": ("GR", "GRC"),
    "439": ("IR", "IRN"),
}


@pytest.fixture(scope="module")
def liste() -> dict:
    with YAML_PATH.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def codes(liste: dict) -> dict[str, dict]:
    return {c["code"]: c for c in liste["codes"]}


def _datum(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _ist_mitglied(liste: dict, eintrag: dict, gruppe: str, stichtag: date) -> bool:
    g = liste["gruppen"][gruppe]
    if g.get("komplement"):
        if eintrag["code"] in [str(c) for c in liste.get("ausschluss_komplement") or []]:
            return False
        return not _ist_mitglied(liste, eintrag, g["komplement"], stichtag)
    for m in eintrag.get("mitglied") or []:
        von, bis = _datum(m.get("von")), _datum(m.get("bis"))
        if m["gruppe"] == gruppe and (von is None or von <= stichtag) and (bis is None or stichtag <= bis):
            return True
    return False


def test_codes_are_unique_three_digit_strings(liste: dict) -> None:
    alle = [c["code"] for c in liste["codes"]]
    assert all(isinstance(c, str) and len(c) == 3 and c.isdigit() for c in alle)
    assert len(alle) == len(set(alle))
    assert len(alle) > 190


def test_iso2_unique_where_set(liste: dict) -> None:
    iso2 = [c["iso2"] for c in liste["codes"] if c.get("iso2") is not None]
    assert all(isinstance(i, str) and len(i) == 2 and i.isupper() for i in iso2)
    assert len(iso2) == len(set(iso2))


# foreign EU states: the 26 other members (27 with the UK until 31.01.2020); Germany is not in the group
@pytest.mark.parametrize(("stichtag", "anzahl"), [(date(2024, 12, 31), 26), (date(2019, 12, 31), 27)])
def test_eu_members_at_date(liste: dict, stichtag: date, anzahl: int) -> None:
    eu = [c["code"] for c in liste["codes"] if _ist_mitglied(liste, c, "eu", stichtag)]
    assert len(eu) == anzahl


def test_uk_left_eu(liste: dict, codes: dict) -> None:
    assert _ist_mitglied(liste, codes["168"], "eu", date(2020, 1, 31))
    assert _ist_mitglied(liste, codes["168"], "drittstaat", date(2020, 2, 1))


def test_germany_is_neither_foreign_eu_nor_drittstaat(liste: dict, codes: dict) -> None:
    for stichtag in (date(2014, 12, 31), date(2024, 12, 31)):
        assert not _ist_mitglied(liste, codes["000"], "drittstaat", stichtag)
        assert not _ist_mitglied(liste, codes["000"], "eu", stichtag)
    assert _ist_mitglied(liste, codes["475"], "drittstaat", date(2024, 12, 31))


@pytest.mark.parametrize(("code", "iso"), sorted(TOP12.items()))
def test_top_nationalities_iso(codes: dict, code: str, iso: tuple[str, str]) -> None:
    assert (codes[code]["iso2"], codes[code]["iso3"]) == iso


def test_kontinent_values(liste: dict) -> None:
    assert {c["kontinent"] for c in liste["codes"]} <= KONTINENTE
