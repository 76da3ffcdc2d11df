"""Veröffentlichung einer Lieferung gemeinsam mit allem, was vor ihr veröffentlicht wurde (pur).

Eine Einheit sind die Lieferungen, die ein Angreifer zusammen auswerten kann: alle Fassungen eines
Datensatzes und Zeitraums, bei Monatsdatensätzen alle Monate eines Jahres, und Jahreszahlen, die Summen dieser
Monate sind (`jahressumme_von` im Katalog, auch aus mehreren Monatsdatensätzen). Sie werden in der Reihenfolge ihres Eingangs
veröffentlicht; jede mit dem Stand davor als festem Wissen des Angreifers:

- Fassungen (Berichtigungen): Was eine frühere Fassung geheim hielt, bleibt geheim (die Muster wachsen nur).
  Was sie veröffentlichte und sich nicht geändert hat, kennt der Angreifer auch für die neue Fassung: es
  kann dort nichts schützen.
- Andere Zeiträume der Einheit (die übrigen Monate, die Jahreszahl) stehen mit ihrem veröffentlichten Stand
  im Verbund, mit den Gleichungen „Jahr = Summe der zwölf Monate“; ein noch nicht gelieferter Monat ist eine
  Unbekannte, die ebenfalls geschützt sein muss (sonst verrieten elf Monate und das Jahr den zwölften).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.model import Datensatz, Jahressumme, Katalog

from .sekundaer import schuetze
from .tabellensatz import Schluessel, Tabellensatz
from .verbund import Verbund, Zelle

FRUEHER_VEROEFFENTLICHT = 20.0
"""Faktor auf den Preis, eine Zelle neu zu sperren, die eine frühere Fassung veröffentlicht hat: wer weiß,
wie viele Personen hinzukamen, grenzte sie zwischen altem und neuem Wert ein."""


@dataclass(frozen=True, eq=False)
class Fassung:
    """Eine Lieferung, wie sie zur Veröffentlichung kommt: Wert je Tabellenzelle (None: geheim geliefert;
    eine Zelle, die weder geliefert noch aus Geliefertem zu berechnen ist, fehlt)."""

    kennung: Hashable
    datensatz: Datensatz
    zeitraum: str
    tabellen: Tabellensatz
    werte: Mapping[Schluessel, int | None]
    amtlich: bool = False  # von einem statistischen Amt schon geschützt: so veröffentlicht, wie geliefert


@dataclass(frozen=True)
class Veroeffentlicht:
    """Was von einer Fassung herausgeht: Wert je Zelle, None für geheim; fehlende Zellen fehlen auch hier."""

    werte: dict[Schluessel, int | None]
    ok: bool = True  # hat der Angreifer nichts gefunden?
    rueckfall: bool = False  # mussten alle freien Zellen gesperrt werden?
    hinweise: tuple[str, ...] = field(default_factory=tuple)

    @property
    def geheim(self) -> frozenset[Schluessel]:
        return frozenset(z for z, w in self.werte.items() if w is None)


def _zelle(f: Fassung, schluessel: Schluessel) -> Zelle:
    return (f.kennung, *schluessel)


def _stand(f: Fassung, v: Veroeffentlicht) -> tuple[dict[Zelle, int | None], set[Zelle], set[Zelle]]:
    """Zellen einer schon veröffentlichten Fassung: Werte, bekannte und geheime Zellen."""
    werte: dict[Zelle, int | None] = {}
    bekannt: set[Zelle] = set()
    geheim: set[Zelle] = set()
    for s in f.tabellen.zellen:
        z = _zelle(f, s)
        werte[z] = f.werte.get(s)
        if s in v.werte and v.werte[s] is not None:
            bekannt.add(z)
            werte[z] = v.werte[s]
        elif s not in f.tabellen.strukturnull:
            geheim.add(z)
    return werte, bekannt, geheim


def _jahressummen(
    katalog: Katalog, jahr_f: Fassung, j: Jahressumme, monate: dict[str, Fassung]
) -> tuple[list[tuple[Zelle, list[Zelle]]], dict[Zelle, int | None]]:
    """Gleichungen „Jahreszelle = Summe der Monatszellen“ (des Monatsdatensatzes `j.datensatz`) und
    Platzhalter für nicht gelieferte Monate."""
    dort = katalog.datensaetze[j.datensatz]
    dort_merkmale = list(dort.merkmale)
    hier_merkmale = list(jahr_f.datensatz.merkmale)
    abbildung = dict(j.merkmale)
    gleichungen: list[tuple[Zelle, list[Zelle]]] = []
    platzhalter: dict[Zelle, int | None] = {}
    jahr = jahr_f.zeitraum[:4]
    for s in jahr_f.tabellen.zellen:
        codes: dict[str, str] = {}
        for m, code in zip(hier_merkmale, s[1:], strict=True):
            ziel = abbildung.get(m)
            if ziel is None:
                break
            liste = katalog.codelisten[dort.merkmale[ziel]]
            uebersetzt = j.code_dort(m, code, frozenset(liste.codes))
            if uebersetzt is None:
                break
            codes[ziel] = uebersetzt
        else:
            if len(codes) != len(dort_merkmale):
                continue
            dort_schluessel = (s[0], *(codes[m] for m in dort_merkmale))
            teile: list[Zelle] = []
            for monat in range(1, 13):
                periode = f"{jahr}-{monat:02d}"
                mf = monate.get(periode)
                if mf is not None and dort_schluessel in set(mf.tabellen.zellen):
                    teile.append(_zelle(mf, dort_schluessel))
                else:
                    p = ("fehlt", dort.id, periode, *dort_schluessel)
                    platzhalter[p] = None
                    teile.append(p)
            gleichungen.append((_zelle(jahr_f, s), teile))
    return gleichungen, platzhalter


def _nullregel(
    gleichungen: Sequence[tuple[Zelle, Sequence[Zelle]]],
    werte: Mapping[Zelle, int | None],
    untergrenze: dict[Zelle, int],
    schwelle: int,
) -> set[Zelle]:
    """Wo Nullen öffentlich sind (Tabellen mit `nullen_oeffentlich`), weiß der Angreifer: jede geheime Zelle
    dort ist ≥ 1. Unter einer kleinen Summe verriete das zu viel: eine Gemeinde ohne Asylsuchende zeigte 0
    Männer, 0 Frauen, 0 divers; bei 3 Personen in zwei geheimen Zellen wäre jede höchstens 2. Unter einer
    Summe mit weniger als Schwelle + Zahl der Teile Personen (oder einer geheimen kleinen) sind Nullen deshalb
    geheim wie überall (verändert `untergrenze`). Umgekehrt sind die Teile einer veröffentlichten 0 selbst 0
    und dem Angreifer bekannt: sie kommen als bekannte Nullen zurück."""
    geaendert = True
    while geaendert:
        geaendert = False
        for summe, teile in gleichungen:
            if not any(untergrenze.get(t, 0) > 0 for t in teile):
                continue
            w = werte.get(summe)
            if w is not None and w >= schwelle + len(teile) and untergrenze.get(summe, 0) == 0:
                continue
            if w is not None and w >= schwelle + len(teile):
                continue
            for t in teile:
                if untergrenze.get(t, 0) > 0:
                    del untergrenze[t]
                    geaendert = True
    nullen: set[Zelle] = set()
    offen = [z for z, u in untergrenze.items() if u > 0 and werte.get(z) == 0]
    je_summe: dict[Zelle, list[Sequence[Zelle]]] = {}
    for summe, teile in gleichungen:
        je_summe.setdefault(summe, []).append(teile)
    while offen:
        z = offen.pop()
        for teile in je_summe.get(z, ()):
            for t in teile:
                if t not in nullen:
                    nullen.add(t)
                    offen.append(t)
    return nullen


def _ergaenze(f: Fassung) -> dict[Schluessel, int | None]:
    """Die Werte der Lieferung, ergänzt um jede Zelle, die aus ihnen folgt (eine Gleichung mit genau einer
    fehlenden Zelle bestimmt sie; wiederholt). Was dann noch fehlt, bestimmt die Lieferung nicht."""
    werte = dict(f.werte)
    werte.update(dict.fromkeys(f.tabellen.strukturnull - werte.keys(), 0))
    offen = list(f.tabellen.gleichungen)
    weiter = True
    while weiter:
        weiter = False
        rest = []
        for summe, teile in offen:
            fehlend = [z for z in (summe, *teile) if z not in werte]
            if len(fehlend) != 1:
                if fehlend:
                    rest.append((summe, teile))
                continue
            bekannt = [werte[z] for z in (summe, *teile) if z in werte]
            if any(w is None for w in bekannt):
                continue  # hinge an einer geheim gelieferten Zelle: nicht bestimmt
            if fehlend[0] == summe:
                werte[summe] = sum(werte[t] or 0 for t in teile)
            else:
                differenz = (werte[summe] or 0) - sum(werte[t] or 0 for t in teile if t in werte)
                if differenz < 0:
                    continue  # widerspricht der Lieferung nicht zu bestimmen; bleibt offen
                werte[fehlend[0]] = differenz
            weiter = True
        offen = rest
    return werte


def _schon_bestimmt(
    gleichungen: Sequence[tuple[Zelle, Sequence[Zelle]]], bekannt: set[Zelle], geheim: set[Zelle]
) -> set[Zelle]:
    """Zellen, die aus früher Veröffentlichtem folgen: eine Gleichung, in der alle Zellen bis auf eine bekannt
    sind, bestimmt die letzte (wiederholt, bis nichts mehr folgt). Früher geheime Zellen zählen nicht."""
    gewusst = set(bekannt)
    je_zelle: dict[Zelle, list[int]] = {}
    for i, (summe, teile) in enumerate(gleichungen):
        for z in (summe, *teile):
            je_zelle.setdefault(z, []).append(i)
    offen = list(range(len(gleichungen)))
    neu: set[Zelle] = set()
    while offen:
        i = offen.pop()
        summe, teile = gleichungen[i]
        fehlend = [z for z in (summe, *teile) if z not in gewusst]
        if len(fehlend) != 1 or fehlend[0] in geheim:
            continue
        z = fehlend[0]
        gewusst.add(z)
        neu.add(z)
        offen.extend(je_zelle.get(z, ()))
    return neu


def _gleichheiten(f: Fassung, andere: Mapping[str, Fassung]) -> list[tuple[Zelle, list[Zelle]]]:
    """Gleichungen „Zelle hier = Zelle dort“ für die Datensätze, die dieselben Personen zählen."""
    v = f.datensatz.veroeffentlichung
    gleichungen: list[tuple[Zelle, list[Zelle]]] = []
    for g in v.gleich_mit if v is not None else ():
        dort_f = andere.get(g.datensatz)
        if dort_f is None:
            continue
        hier_merkmale = list(f.datensatz.merkmale)
        dort_merkmale = list(dort_f.datensatz.merkmale)
        hier_fest, dort_fest = dict(g.hier), dict(g.dort)
        dort_zellen = set(dort_f.tabellen.zellen)
        for s in f.tabellen.zellen:
            codes = dict(zip(hier_merkmale, s[1:], strict=True))
            if any(codes[m] != c for m, c in hier_fest.items()):
                continue
            ziel = []
            for m in dort_merkmale:
                if m in dort_fest:
                    ziel.append(dort_fest[m])
                elif m in codes and m not in hier_fest:
                    ziel.append(codes[m])
                else:
                    ziel.append("_T")
            if any(m not in dort_merkmale and c != "_T" for m, c in codes.items() if m not in hier_fest):
                continue  # a code the other dataset does not break down
            dort_s = (s[0], *ziel)
            if dort_s in dort_zellen:
                gleichungen.append((_zelle(f, s), [_zelle(dort_f, dort_s)]))
    return gleichungen


def veroeffentliche(
    katalog: Katalog,
    folge: Sequence[Fassung],
    frueher: Sequence[Veroeffentlicht],
    *,
    zeitbudget: float | None = 60.0,
) -> Veroeffentlicht:
    """Die Veröffentlichung von `folge[-1]`; `frueher[i]` ist die schon erfolgte von `folge[i]`."""
    neu = folge[-1]
    if len(frueher) != len(folge) - 1:
        raise ValueError("Zu jeder früheren Fassung gehört ihre Veröffentlichung")
    if neu.amtlich or neu.datensatz.veroeffentlichung is None:
        return Veroeffentlicht({s: w for s, w in neu.werte.items() if s in set(neu.tabellen.zellen)})
    # der letzte veröffentlichte Stand je (Datensatz, Zeitraum) und die früheren Fassungen von neu
    letzte: dict[tuple[str, str], tuple[Fassung, Veroeffentlicht]] = {}
    vorgaenger: list[tuple[Fassung, Veroeffentlicht]] = []
    for f, v in zip(folge[:-1], frueher, strict=True):
        if (f.datensatz.id, f.zeitraum) == (neu.datensatz.id, neu.zeitraum):
            vorgaenger.append((f, v))
        else:
            letzte[(f.datensatz.id, f.zeitraum)] = (f, v)

    werte: dict[Zelle, int | None] = {}
    bekannt: set[Zelle] = set()
    geheim_fest: set[Zelle] = set()
    strukturnull: set[Zelle] = set()
    untergrenze: dict[Zelle, int] = {}
    kosten: dict[Zelle, float] = {}
    gleichungen: list[tuple[Zelle, Sequence[Zelle]]] = []

    def aufnehmen(f: Fassung) -> None:
        for s in f.tabellen.strukturnull:
            strukturnull.add(_zelle(f, s))
        for s, u in f.tabellen.untergrenze.items():
            untergrenze[_zelle(f, s)] = u
        gleichungen.extend(
            (_zelle(f, summe), [_zelle(f, t) for t in teile]) for summe, teile in f.tabellen.gleichungen
        )

    for f, v in letzte.values():
        stand_werte, stand_bekannt, stand_geheim = _stand(f, v)
        werte.update(stand_werte)
        bekannt |= stand_bekannt
        geheim_fest |= {z for z in stand_geheim if z not in strukturnull}
        aufnehmen(f)
        for s in f.tabellen.nullen_bekannt:  # früher veröffentlichte Nullen aus öffentlicher Struktur
            if werte.get(_zelle(f, s)) == 0:
                strukturnull.add(_zelle(f, s))
    aufnehmen(neu)
    frueher_geheim: set[Schluessel] = set()
    frueher_wert: dict[Schluessel, int] = {}
    for _f, v in vorgaenger:
        for s, alt in v.werte.items():
            if alt is None:
                frueher_geheim.add(s)
            else:
                frueher_wert[s] = alt
    gegeben = _ergaenze(neu)
    ungeprueft = {_zelle(neu, s) for s in neu.tabellen.zellen if s not in gegeben}
    for s in neu.tabellen.zellen:
        z = _zelle(neu, s)
        w = gegeben.get(s)
        werte[z] = w
        if z in strukturnull or (w == 0 and s in neu.tabellen.nullen_bekannt):
            strukturnull.add(z)  # der Angreifer kennt diese 0 (Regel oder öffentliche Struktur)
            werte[z] = 0
            continue
        if w is None or s in frueher_geheim:
            geheim_fest.add(z)  # geheim geliefert, nicht geliefert oder früher schon geheim
        elif frueher_wert.get(s) == w:
            bekannt.add(z)  # unverändert veröffentlicht: der Angreifer kennt sie schon
        kosten[z] = neu.tabellen.kosten.get(s, 1.0) + math.sqrt(w or 0)
        if (
            s in frueher_wert
        ):  # früher veröffentlicht (und geändert): neu gesperrt grenzte sie die Änderung ein
            kosten[z] *= FRUEHER_VEROEFFENTLICHT

    # Jahressummen über Monate (in beide Richtungen: das Jahr kommt nach den Monaten oder davor)
    alle = [f for f, _v in letzte.values()] + [neu]
    monate_je_ds: dict[str, dict[str, Fassung]] = {}
    for f in alle:
        if f.datensatz.zeitraum == "monat":
            monate_je_ds.setdefault(f.datensatz.id, {})[zr.normalisiere(f.zeitraum, "monat")] = f
    hinweise: list[str] = []
    verknuepft: list[tuple[Zelle, Sequence[Zelle]]] = []  # Gleichungen zwischen Lieferungen
    gleich_zeitraum = {f.datensatz.id: f for f in alle if f.zeitraum == neu.zeitraum}
    for f in alle:
        for summe, teile in _gleichheiten(f, gleich_zeitraum):
            hier, dort = werte.get(summe), werte.get(teile[0])
            if hier is not None and dort is not None and hier != dort:
                hinweise.append(f"{summe[1:]}: zählt nicht dasselbe wie {teile[0][1:]}, nicht verknüpft")
                continue
            verknuepft.append((summe, teile))
        for j in f.datensatz.veroeffentlichung.jahressummen if f.datensatz.veroeffentlichung else ():
            summen, platzhalter = _jahressummen(katalog, f, j, monate_je_ds.get(j.datensatz, {}))
            for summe, teile in summen:
                bekannte = [werte.get(z) for z in (summe, *teile)]
                if None not in bekannte and bekannte[0] != sum(w or 0 for w in bekannte[1:]):
                    hinweise.append(
                        f"{summe[1:]}: Jahreszahl ist nicht die Summe der Monate, nicht verknüpft"
                    )
                    continue
                verknuepft.append((summe, teile))
                for p in teile:
                    if p in platzhalter:
                        werte[p] = None
                        geheim_fest.add(p)

    schwelle = neu.datensatz.veroeffentlichung.schwelle
    for z in _nullregel(gleichungen, werte, untergrenze, schwelle):
        if z[0] == neu.kennung and werte.get(z) == 0 and z not in bekannt and z not in geheim_fest:
            strukturnull.add(z)
    for oben, darunter in gleichungen:  # eine öffentliche Null sagt: die Summe darüber ist nicht klein
        if any(untergrenze.get(t, 0) > 0 and werte.get(t) == 0 for t in darunter):
            untergrenze[oben] = max(untergrenze.get(oben, 0), schwelle + len(darunter))
    for f in alle:  # jede 0 ist veröffentlicht, also ist jede andere Zelle dort für den Angreifer ≥ 1
        for s in f.tabellen.nullen_bekannt:
            z = _zelle(f, s)
            if z not in strukturnull and (werte.get(z) or (f is not neu and z in werte)):
                untergrenze[z] = max(untergrenze.get(z, 0), 1)
    for z in _schon_bestimmt(gleichungen, bekannt | strukturnull, geheim_fest):
        if z[0] == neu.kennung and werte.get(z) is not None:
            bekannt.add(z)  # folgt aus früher Veröffentlichtem: der Angreifer kennt die Zelle schon
    gleichungen.extend(verknuepft)
    neue_zellen = {_zelle(neu, s) for s in neu.tabellen.zellen} | {
        z for summe, teile in verknuepft for z in (summe, *teile)
    }
    verbund = Verbund(
        neu=frozenset(neue_zellen),
        ungeprueft=frozenset(ungeprueft),
        werte=werte,
        gleichungen=gleichungen,
        bekannt=frozenset(bekannt),
        geheim_fest=frozenset(geheim_fest - strukturnull),
        strukturnull=frozenset(strukturnull),
        schwelle=schwelle,
        kosten=kosten,
        untergrenze=untergrenze,
    )
    schutz = schuetze(verbund, zeitbudget=zeitbudget)
    ergebnis: dict[Schluessel, int | None] = {}
    for s in neu.tabellen.zellen:
        z = _zelle(neu, s)
        if s not in gegeben and z not in strukturnull:
            continue  # weder geliefert noch aus der Lieferung bestimmt
        ergebnis[s] = None if z in schutz.geheim else werte[z]
    if not schutz.befund.ok:
        hinweise.append(
            f"{len(schutz.befund.nicht_geschuetzt)} geheime Zellen sind schon durch früher Veröffentlichtes "
            "bestimmt"
        )
    return Veroeffentlicht(ergebnis, schutz.befund.ok, schutz.rueckfall, tuple(hinweise))
