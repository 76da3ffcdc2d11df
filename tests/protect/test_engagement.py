"""Figures of the initiatives (engagement_kennzahlen): a sum to which only one initiative contributes is never
published below the Kreis, the Kreis sums are, and an attacker with everything published cannot compute the
secret sums (docs/geheimhaltung.md, sections 2 and 8)."""

from __future__ import annotations

import csv
import io

import pytest

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.collect.mindestzahl import mit_zaehlung, zeilen
from integrationsmonitor.store.ingest import liefere
from integrationsmonitor.store.selectors import DbQuelle, vergiss_wuerfel

from .angreifer import intervalle, katalogwissen, verletzungen

pytestmark = pytest.mark.django_db

K = katalog()
KREIS = K.kreis.code
T = "_T"
DS = "engagement_kennzahlen"
KW, LUEBBEN, WILDAU = "12061260", "12061316", "12061540"
KETTE = {g.code: (g.code, g.parent or KREIS, KREIS) for g in K.gebiete_der_ebene("gemeinde")}

# Königs Wusterhausen: two initiatives; Lübben and Wildau: one each (code: any initiative of the list)
FEIN = {
    (KW, "sprechcafe-kw-demo", "ehrenamtliche"): 31,
    (KW, "begegnung-schoenefeld-demo", "ehrenamtliche"): 18,
    (KW, "sprechcafe-kw-demo", "teilnehmende"): 240,
    (KW, "begegnung-schoenefeld-demo", "teilnehmende"): 95,
    (LUEBBEN, "patenschaften-luebben-demo", "ehrenamtliche"): 27,
    (LUEBBEN, "patenschaften-luebben-demo", "patenschaften"): 22,
    (WILDAU, "willkommen-wildau-demo", "ehrenamtliche"): 19,
    (WILDAU, "willkommen-wildau-demo", "patenschaften"): 11,
    (WILDAU, "willkommen-wildau-demo", "teilnehmende"): 60,
}


@pytest.fixture(autouse=True)
def _frisch():
    vergiss_wuerfel()
    yield
    vergiss_wuerfel()


def _datei(fein) -> bytes:
    puffer = io.StringIO()
    w = csv.writer(puffer, delimiter=";", lineterminator="\n")
    w.writerow(["gebiet", "zeitraum", "initiative", "kennzahl", "wert", "kennzeichen"])
    fein = mit_zaehlung(fein, von="ehrenamtliche", zu="mit_ehrenamtlichen")
    for gebiet, ini, kennzahl, wert, kz in zeilen(fein, KETTE, KREIS):
        w.writerow([gebiet, "2024", ini, kennzahl, "" if wert is None else wert, kz])
    return puffer.getvalue().encode()


def _veroeffentlicht(fein=FEIN) -> dict[tuple[str, ...], int | None]:
    ergebnis = liefere(
        katalog=K, daten=_datei(fein), datei_name="initiativen_2024.csv", datensatz=DS, zeitraum="2024",
        benutzer="initiativen",
    )  # fmt: skip
    assert ergebnis.angenommen, ergebnis.probleme
    w = DbQuelle(K).wuerfel(DS, "2024")
    assert w is not None
    return {
        (g, *m): None if z.geheim or z.wert is None else round(z.wert)
        for (g, m), z in w.exakt.items()
        if m[0] == T  # the published tables: sums over the initiatives only
    }


def test_rows_keep_single_initiatives_secret_below_the_kreis():
    rows = {(g, i, k): (w, kz) for g, i, k, w, kz in zeilen(FEIN, KETTE, KREIS)}
    assert rows[(KW, T, "ehrenamtliche")] == (49, "")  # two initiatives: delivered
    assert rows[(LUEBBEN, T, "ehrenamtliche")] == (None, "g")
    assert rows[(KETTE[LUEBBEN][1], T, "ehrenamtliche")] == (None, "g")  # the Verband of Lübben alone
    assert rows[(WILDAU, T, "patenschaften")] == (None, "g")
    assert rows[(KREIS, T, "patenschaften")] == (33, "")  # the Kreis: always with its value
    assert rows[(KREIS, T, "ehrenamtliche")] == (95, "")


def test_counting_initiatives_is_not_a_sum_of_persons():
    fein = mit_zaehlung(
        {**FEIN, (LUEBBEN, "patenschaften-luebben-demo", "mit_ehrenamtlichen"): 27}, von="ehrenamtliche",
        zu="mit_ehrenamtlichen",
    )  # fmt: skip
    assert sorted(v for (_g, _i, k), v in fein.items() if k == "mit_ehrenamtlichen") == [1, 1, 1, 1]


def test_single_initiative_not_published_kreis_published_and_not_solvable():
    pub = _veroeffentlicht()
    assert pub[(KREIS, T, "ehrenamtliche")] == 95
    assert pub[(KREIS, T, "teilnehmende")] == 395
    assert pub[(KREIS, T, "mit_ehrenamtlichen")] == 4
    for gemeinde in (LUEBBEN, WILDAU):
        for kennzahl in ("ehrenamtliche", "patenschaften", "mit_ehrenamtlichen"):
            assert pub[(gemeinde, T, kennzahl)] is None, (gemeinde, kennzahl)
    # an initiative's figure never appears, not even as the sum of a region
    werte = {v for v in pub.values() if v is not None}
    assert not {27, 22, 19, 11, 60} & werte

    wissen = katalogwissen(K, DS, "2024", {"v1": pub})
    iv = intervalle(wissen)
    assert verletzungen(iv, schwelle=2) == {}
    for gemeinde in (LUEBBEN, WILDAU):
        u, o = iv[("v1", gemeinde, T, "ehrenamtliche")]
        assert o - u >= 2, (gemeinde, u, o)  # Kreis total minus the other Gemeinden does not give it


def test_kreis_minus_the_other_gemeinden_does_not_give_the_single_initiative():
    """Only Lübben has a single initiative: Kreis − Königs Wusterhausen would be its figure, so the
    protection keeps a partner secret too."""
    fein = {k: v for k, v in FEIN.items() if k[0] != WILDAU}
    pub = _veroeffentlicht(fein)
    assert pub[(KREIS, T, "ehrenamtliche")] == 76 and pub[(LUEBBEN, T, "ehrenamtliche")] is None
    wissen = katalogwissen(K, DS, "2024", {"v1": pub})
    assert verletzungen(intervalle(wissen), schwelle=2) == {}
    zelle = ("v1", LUEBBEN, T, "ehrenamtliche")
    u, o = intervalle(wissen, zellen=[zelle], exakt=True)[zelle]  # the true interval, not two witnesses
    assert u <= 27 <= o and o - u >= 2


def test_upload_error_rows_are_german():
    datei = "gebiet;zeitraum;initiative;kennzahl;wert\n12061260;2024;unbekannt-demo;ehrenamtliche;3\n"
    ergebnis = liefere(
        katalog=K, daten=datei.encode(), datei_name="x.csv", datensatz=DS, zeitraum="2024", benutzer="t",
        nur_pruefen=True,
    )  # fmt: skip
    assert not ergebnis.angenommen
    assert any("unbekannt-demo" in p for p in ergebnis.probleme), ergebnis.probleme
