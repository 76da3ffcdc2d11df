"""Figures of the initiatives (engagement_kennzahlen) follow business-statistics rules (docs/geheimhaltung.md,
section 8): a sum is published only with at least 3 contributing initiatives and none above 85 %, at every level
including the Kreis; the platform forms the sums on every path; versions never differ by fewer than 3
initiatives; and an attacker who knows which initiatives exist where cannot narrow any initiative's figure."""

from __future__ import annotations

import csv
import io

import pytest

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.collect.mindestzahl import geschuetzt, zeilen
from integrationsmonitor.publish.api import lieferungen_liste
from integrationsmonitor.store.ingest import liefere
from integrationsmonitor.store.models import Lieferung
from integrationsmonitor.store.selectors import DbQuelle, vergiss_wuerfel

from .angreifer import gleichungswissen, intervalle, katalogwissen, verletzungen

pytestmark = pytest.mark.django_db

K = katalog()
KREIS = K.kreis.code
T = "_T"
DS = "engagement_kennzahlen"
KENNZAHLEN = ("ehrenamtliche", "patenschaften", "teilnehmende")
KETTE = {g.code: (g.code, g.parent or KREIS, KREIS) for g in K.gebiete_der_ebene("gemeinde")}
# the side knowledge of /mitmachen/ and the code list: which initiative has its seat in which Gemeinde
SITZ = {c.code: c.attribute["gemeinde"] for c in K.codelisten["initiative"].codes.values()}
KW, LUEBBEN, WILDAU = (
    SITZ["sprechcafe-kw-demo"],
    SITZ["patenschaften-luebben-demo"],
    SITZ["willkommen-wildau-demo"],
)

# the demo's 2024 figures: 7 initiatives in 7 Gemeinden; Patenschaften from 2 initiatives only
WERTE = {
    ("sprechcafe-kw-demo", "ehrenamtliche"): 39, ("patenschaften-luebben-demo", "ehrenamtliche"): 34,
    ("fahrdienst-luckau-demo", "ehrenamtliche"): 15, ("begegnung-schoenefeld-demo", "ehrenamtliche"): 23,
    ("willkommen-wildau-demo", "ehrenamtliche"): 22, ("sport-zeuthen-demo", "ehrenamtliche"): 14,
    ("kleiderkammer-mittenwalde-demo", "ehrenamtliche"): 9,
    ("patenschaften-luebben-demo", "patenschaften"): 29, ("willkommen-wildau-demo", "patenschaften"): 19,
    ("sprechcafe-kw-demo", "teilnehmende"): 480, ("begegnung-schoenefeld-demo", "teilnehmende"): 340,
    ("willkommen-wildau-demo", "teilnehmende"): 120, ("sport-zeuthen-demo", "teilnehmende"): 105,
    ("kleiderkammer-mittenwalde-demo", "teilnehmende"): 70,
}  # fmt: skip
FEIN = {(SITZ[i], i, k): w for (i, k), w in WERTE.items()}


@pytest.fixture(autouse=True)
def _frisch():
    vergiss_wuerfel()
    yield
    vergiss_wuerfel()


def _datei(fein, extra: str = "") -> bytes:
    """A file as the Amt would deliver it: only the fine cells (plus `extra` rows)."""
    puffer = io.StringIO()
    w = csv.writer(puffer, delimiter=";", lineterminator="\n")
    w.writerow(["gebiet", "zeitraum", "initiative", "kennzahl", "wert", "kennzeichen"])
    for (gebiet, ini, kennzahl), wert in sorted(fein.items()):
        w.writerow([gebiet, "2024", ini, kennzahl, wert, ""])
    return puffer.getvalue().encode() + extra.encode()


def _liefern(fein=FEIN, extra: str = ""):
    return liefere(
        katalog=K, daten=_datei(fein, extra), datei_name="initiativen_2024.csv", datensatz=DS, zeitraum="2024",
        benutzer="amt",
    )  # fmt: skip


def _veroeffentlicht() -> dict[tuple[str, ...], int | None]:
    w = DbQuelle(K).wuerfel(DS, "2024")
    assert w is not None
    return {
        (g, *m): None if z.geheim or z.wert is None else round(z.wert)
        for (g, m), z in w.exakt.items()
        if m[0] == T  # the published tables: sums over the initiatives only
    }


def test_the_rule_three_contributors_and_none_above_85_percent():
    assert geschuetzt({"a": 5, "b": 7}, mindestens=3, dominanz=0.85)  # two: each would know the other's
    assert geschuetzt({"a": 90, "b": 5, "c": 5}, mindestens=3, dominanz=0.85)  # dominance
    assert not geschuetzt({"a": 85, "b": 10, "c": 5}, mindestens=3, dominanz=0.85)
    assert geschuetzt({"a": 9, "b": 7, "c": 0}, mindestens=3, dominanz=0.85)  # a zero does not contribute
    assert not geschuetzt({"a": 0}, mindestens=3, dominanz=0.85)
    rows = {(g, i, k): (w, kz) for g, i, k, w, kz in zeilen(FEIN, KETTE, KREIS)}
    assert rows[(KREIS, T, "patenschaften")] == (None, "g")  # 29 + 19: two initiatives, also at the Kreis
    assert rows[(KREIS, T, "ehrenamtliche")] == (156, "")
    assert rows[(KREIS, T, "teilnehmende")] == (1115, "")
    assert rows[(LUEBBEN, T, "ehrenamtliche")] == (None, "g")
    assert rows[(LUEBBEN, T, T)] == (None, "g")  # the sum over an initiative's figures is its figure too
    dominiert = {**FEIN, (KW, "sprechcafe-kw-demo", "teilnehmende"): 20000}
    rows = {(g, i, k): (w, kz) for g, i, k, w, kz in zeilen(dominiert, KETTE, KREIS)}
    assert rows[(KREIS, T, "teilnehmende")] == (None, "g")


def test_the_amt_path_forms_the_sums_itself_and_ignores_delivered_ones():
    """`liefere` (upload by the Amt, `imon deliver`, the preview) applies the rule, whatever sums the file has."""
    falsch = f"{LUEBBEN};2024;_T;ehrenamtliche;34;\n{KREIS};2024;_T;patenschaften;48;\n"
    e = _liefern(extra=falsch)
    assert e.angenommen, e.probleme
    pub = _veroeffentlicht()
    assert pub[(LUEBBEN, T, "ehrenamtliche")] is None and pub[(KREIS, T, "patenschaften")] is None
    assert pub[(KREIS, T, "ehrenamtliche")] == 156
    gespeichert = {(b.gebiet, b.merkmale): b.kennzeichen for b in e.lieferung.beobachtungen.all()}
    assert gespeichert[(KREIS, "_T|patenschaften")] == "g"
    # the preview (check only) shows the same rebuilt cells
    vorschau = liefere(
        katalog=K, daten=_datei({**FEIN, (KW, "sprechcafe-kw-demo", "ehrenamtliche"): 40}, falsch),
        datei_name="x.csv", datensatz=DS, zeitraum="2024", benutzer="amt", nur_pruefen=True,
    )  # fmt: skip
    assert not vorschau.angenommen  # and it is refused like the delivery: one initiative changed


def test_a_file_without_the_initiatives_cells_is_refused_in_german():
    nur_summen = "gebiet;zeitraum;initiative;kennzahl;wert;kennzeichen\n12061;2024;_T;ehrenamtliche;156;\n"
    e = liefere(
        katalog=K, daten=nur_summen.encode(), datei_name="summen.csv", datensatz=DS, zeitraum="2024",
        benutzer="amt",
    )  # fmt: skip
    assert not e.angenommen
    assert e.probleme[0].startswith(
        "summen.csv: der Datensatz engagement_kennzahlen (Jahreszahlen der Vereine"
    )
    assert "Zahlen jeder initiative einzeln" in e.probleme[0], e.probleme


def test_upload_error_rows_are_german():
    datei = "gebiet;zeitraum;initiative;kennzahl;wert\n12061;2024;unbekannt-demo;ehrenamtliche;3\n"
    ergebnis = liefere(
        katalog=K, daten=datei.encode(), datei_name="x.csv", datensatz=DS, zeitraum="2024", benutzer="t",
        nur_pruefen=True,
    )  # fmt: skip
    assert not ergebnis.angenommen
    assert ergebnis.probleme == ["x.csv, Zeile 2, Spalte ‚gebiet‘: ‚12061‘ ist keine Gemeinde (Zahlen je "
                                 "initiative nur nach Gemeinde)"]  # fmt: skip


def test_the_version_difference_attack_fails():
    """v1 with three initiatives, then one more: v2 − v1 would be the newcomer's figure. Refused."""
    drei = {k: v for k, v in FEIN.items() if k[1] in ("sprechcafe-kw-demo", "patenschaften-luebben-demo",
                                                      "fahrdienst-luckau-demo")}  # fmt: skip
    assert _liefern(drei).angenommen
    vier = {**drei, (WILDAU, "willkommen-wildau-demo", "ehrenamtliche"): 22}
    e = _liefern(vier)
    assert not e.angenommen
    assert "nur 1 Beitragenden (willkommen-wildau-demo)" in e.probleme[0], e.probleme
    assert Lieferung.objects.filter(datensatz=DS).count() == 1
    # three initiatives together may publish a new version: their joint change hides each one
    sechs = {**vier, **{k: v for k, v in FEIN.items() if k[1] in ("begegnung-schoenefeld-demo",
                                                                  "sport-zeuthen-demo")}}  # fmt: skip
    e = _liefern(sechs)  # the Teilnehmenden of the Kreis change by two initiatives only (published in v2)
    assert not e.angenommen and "Kennzahl teilnehmende" in e.probleme[0], e.probleme
    sechs[(WILDAU, "willkommen-wildau-demo", "teilnehmende")] = 120  # now three there as well
    e = _liefern(sechs)
    assert e.angenommen, e.probleme


def test_the_api_names_no_initiative_in_file_names():
    assert _liefern().angenommen
    (eintrag,) = lieferungen_liste(K, DS, None)["deliveries"]
    assert eintrag["file_name"] == "engagement_kennzahlen_2024.csv"


def _angreiferwissen(pub, bekannt=()):
    """The published sums, each the sum of the unknown figures of the initiatives with a seat in the
    region. Side knowledge (/mitmachen/ lists every initiative, its Gemeinde and what it offers): which
    initiative has which figure at all – the others are 0, these at least 1. `bekannt`: initiatives whose
    figures the attacker knows (an initiative attacking the others knows its own)."""
    werte: dict = {("pub", g, k): v for (g, _t, k), v in pub.items()}
    for ini in SITZ:
        for k in KENNZAHLEN:
            werte[("x", ini, k)] = WERTE.get((ini, k), 0) if ini in bekannt or (ini, k) not in WERTE else None
    gleichungen = []
    for g, _t, k in pub:
        if k == T:
            gleichungen.append((("pub", g, T), [("pub", g, kk) for kk in KENNZAHLEN]))
        else:
            gleichungen.append((("pub", g, k), [("x", i, k) for i, sitz in SITZ.items() if g in KETTE[sitz]]))
    wissen = gleichungswissen(werte, gleichungen)
    wissen.untergrenze.update({("x", i, k): 1 for (i, k) in WERTE if i not in bekannt})
    return wissen


def test_an_attacker_who_knows_the_initiatives_cannot_narrow_any_figure():
    assert _liefern().angenommen
    pub = _veroeffentlicht()
    assert pub[(KREIS, T, "ehrenamtliche")] == 156 and pub[(KREIS, T, "patenschaften")] is None
    assert verletzungen(intervalle(katalogwissen(K, DS, "2024", {"v1": pub})), schwelle=2) == {}
    for wer in [None, *SITZ]:  # an outsider, then each initiative knowing its own figures
        bekannt = () if wer is None else (wer,)
        wissen = _angreiferwissen(pub, bekannt)
        zellen = [("x", i, k) for (i, k) in WERTE if i != wer]
        for (_x, ini, k), (u, o) in intervalle(wissen, zellen=zellen, exakt=True).items():
            wahr = WERTE[(ini, k)]
            assert u <= wahr <= o, (wer, ini, k, u, o)
            assert o - u >= 2 and o >= 3, f"{wer or 'Außenstehende'} engt {ini}, {k} auf [{u}, {o}] ein"
