"""Tabellen, deren Struktur öffentlich ist (`nullen_bekannt`, docs/geheimhaltung.md Abschnitt 9): der
Angreifer weiß, welche Gemeinde welche Sport- und Kulturangebote hat und wie viele Plätze jede Unterkunft
hat (gu_plaetze wird veröffentlicht). Mit diesem Wissen und dem Veröffentlichten darf er aus den Zahlen der
Demo (alle Jahre) keine geheime Zelle auf weniger als zwei Werte oder unter Schwelle + 1 eingrenzen.

Ohne `nullen_bekannt` zählte der Schutz die Nullen der Gemeinden ohne Angebot oder ohne Unterkunft als
geheime Partner: der Angreifer fand dann z. B. Heideblick, Kultur, 2024: 2 mit Migrationsgeschichte."""

from __future__ import annotations

from dataclasses import replace

import pytest

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.catalog.model import TOTAL, Katalog
from integrationsmonitor.demo.handlungsfelder import gu_zellen, sk_zellen
from integrationsmonitor.protect.fassungen import veroeffentliche

from .angreifer import Wissen, intervalle, katalogwissen, unerfuellt, verletzungen
from .lds import fassung

JAHRE = range(2020, 2025)


def _angreifen(
    k: Katalog, ds: str, jahr: int, zaehler: dict[tuple[str, ...], int], struktur: dict[tuple[str, str], int]
) -> dict[object, tuple[int, float]]:
    """Schützt die Zählung wie die Plattform und greift mit dem Wissen über die Struktur an: `struktur`
    (Gemeinde, Art) -> höchstens so viele (0: kein Angebot, keine Plätze; Obergrenze: die Plätze)."""
    f, wahr = fassung(k, "v", zaehler, str(jahr), datensatz=ds)
    v = veroeffentliche(k, [f], [])
    assert v.ok, v.hinweise
    for s, w in v.werte.items():
        assert w is None or w == wahr[s], s
    wissen: Wissen = katalogwissen(k, ds, str(jahr), {"v": v.werte})

    def grenze(gebiet: str, art: str) -> int:
        """Höchstens so viele in Gebiet × Art nach der öffentlichen Struktur (Summe über die Gemeinden)."""
        unten = [g.code for g in k.gebiete_der_ebene("gemeinde") if _liegt_in(k, g.code, gebiet)]
        return sum(n for (g, a), n in struktur.items() if g in unten and art in (a, TOTAL))

    for s in wahr:
        oben = grenze(s[0], s[1])
        if k.gebiete[s[0]].ebene == "gemeinde" or oben == 0:
            wissen.obergrenze[("v", *s)] = min(oben, wissen.obergrenze.get(("v", *s), oben))
    assert unerfuellt(wissen, {("v", *s): w for s, w in wahr.items()}) == []  # der Angreifer irrt nicht
    befund = verletzungen(intervalle(wissen, exakt=True))
    # eine geheime Zelle, die schon die Struktur allein als 0 zeigt, verrät nichts Neues
    return {z: uo for z, uo in befund.items() if wissen.obergrenze.get(z) != 0}


def _liegt_in(k: Katalog, gemeinde: str, gebiet: str) -> bool:
    g: str | None = gemeinde
    while g is not None:
        if g == gebiet:
            return True
        g = k.gebiete[g].parent
    return False


@pytest.mark.parametrize("jahr", JAHRE)
def test_angebotsstruktur_verraet_keine_teilnehmenden(jahr: int) -> None:
    k = katalog()
    zellen = sk_zellen(jahr)
    zaehler = {}
    for (ags, art), (mit, ohne) in zellen.items():
        zaehler[(ags, art, "mit")] = mit
        zaehler[(ags, art, "ohne")] = ohne
    grenze = {key: sum(w) for key, w in zellen.items()}  # wo ein Angebot ist: höchstens alle Teilnehmenden
    befund = _angreifen(k, "sport_kultur_teilnehmende", jahr, zaehler, grenze)
    assert befund == {}, befund


@pytest.mark.parametrize("jahr", JAHRE)
def test_plaetze_verraten_keine_belegung(jahr: int) -> None:
    k = katalog()
    zellen = gu_zellen(jahr)
    zaehler = {(ags, art): belegt for (ags, art), (_plaetze, belegt) in zellen.items()}
    plaetze = {key: p for key, (p, _belegt) in zellen.items()}
    befund = _angreifen(k, "gu_belegung", jahr, zaehler, plaetze)
    # Belegung ≤ Plätze: nur eine winzige Unterkunft (höchstens Schwelle Plätze) verriete sich so; die Demo
    # hat keine (docs/geheimhaltung.md Abschnitt 9)
    assert befund == {}, befund


def test_ohne_bekannte_nullen_findet_der_angreifer_heideblick() -> None:
    """Gegenprobe: dieselbe Tabelle ohne `nullen_bekannt` verrät die kleine neue Kultur-Gruppe."""
    k = katalog()
    ds = k.datensaetze["sport_kultur_teilnehmende"]
    assert ds.veroeffentlichung is not None
    tabellen = tuple(replace(t, nullen_bekannt=False) for t in ds.veroeffentlichung.tabellen)
    ohne = replace(ds, veroeffentlichung=replace(ds.veroeffentlichung, tabellen=tabellen))
    k2 = replace(k, datensaetze={**k.datensaetze, ds.id: ohne})
    zellen = sk_zellen(2024)
    zaehler = {}
    for (ags, art), (mit, ohne_m) in zellen.items():
        zaehler[(ags, art, "mit")] = mit
        zaehler[(ags, art, "ohne")] = ohne_m
    befund = _angreifen(k2, ds.id, 2024, zaehler, {key: sum(w) for key, w in zellen.items()})
    assert ("v", "12061219", "kultur", "mit") in befund
