"""The demo's Wohnen figures agree with each other (review of issue 14, finding 11): in every demo year and
Gemeinde the asylum seekers housed in a Gemeinschaftsunterkunft (asyl_unterbringung) live in a facility of
the Sozialamt's Belegungsübersicht (gu_plaetze, gu_belegung), so they are at most its residents, and the
residents at most its places.  Read back from the delivered files: asyl_unterbringung's CSV and the Excel
Belegungsübersicht through its two table profiles, as `imon demo` delivers them."""

from __future__ import annotations

import csv
import io
from collections import defaultdict

import pytest

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.collect.tabellenprofil import lade_tabellenprofil
from integrationsmonitor.collect.umwandeln import wandle_um
from integrationsmonitor.demo import handlungsfelder as H
from integrationsmonitor.demo.generator import write_demo

K = katalog()
GEMEINDEN = {g.code for g in K.gebiete_der_ebene("gemeinde")}


def _zeilen(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


@pytest.fixture(scope="module")
def asyl_in_gu(tmp_path_factory) -> dict[str, dict[str, int]]:
    """Year -> Gemeinde -> asylum seekers in a Gemeinschaftsunterkunft, from the delivered CSV files."""
    ordner = tmp_path_factory.mktemp("demo")
    write_demo(ordner)
    werte: dict[str, dict[str, int]] = {}
    for jahr in H.JAHRE:
        zeilen = _zeilen((ordner / f"asyl_unterbringung_{jahr}.csv").read_text(encoding="utf-8"))
        werte[str(jahr)] = {
            z["gebiet"]: int(z["wert"])
            for z in zeilen
            if z["gebiet"] in GEMEINDEN
            and z["unterbringung"] == "gemeinschaftsunterkunft"
            and z["geschlecht"] == "_T"
        }
    return werte


def _belegungsuebersicht(profil: str, jahr: int) -> dict[str, int]:
    """Gemeinde -> places (or residents) over all kinds of facility, from the Excel file through its profile."""
    name = f"sozialamt_belegung_{jahr}.xlsx"
    u = wandle_um(K, lade_tabellenprofil(profil, K), H.gu_export(jahr), name, None)
    assert u.ok and u.zeitraum == str(jahr), u.probleme
    summe: dict[str, int] = defaultdict(int)
    for z in _zeilen(u.daten.decode("utf-8")):
        if z["gebiet"] in GEMEINDEN and z["unterkunftsart"] != "_T":
            summe[z["gebiet"]] += int(z["wert"])
    return dict(summe)


def test_asylum_seekers_in_gu_at_most_residents_at_most_places(asyl_in_gu):
    geprueft = 0
    for jahr in H.JAHRE:
        asyl = asyl_in_gu[str(jahr)]
        plaetze = _belegungsuebersicht("sozialamt_gu_plaetze", jahr)
        belegt = _belegungsuebersicht("sozialamt_gu_belegung", jahr)
        assert asyl and plaetze.keys() == belegt.keys()
        for gemeinde in sorted(GEMEINDEN):
            a, b, p = asyl.get(gemeinde, 0), belegt.get(gemeinde, 0), plaetze.get(gemeinde, 0)
            # no facility in that year -> nobody housed in one
            assert a <= b <= p, (jahr, gemeinde, a, b, p)
            geprueft += a > 0
    assert geprueft >= 5 * 7  # the check met the Gemeinden with asylum seekers in GU, every year
