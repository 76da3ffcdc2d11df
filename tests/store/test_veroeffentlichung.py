"""Geheimhaltung bei der Veröffentlichung (docs/geheimhaltung.md), von außen geprüft.

Kleine gebaute Lieferungen gehen über den normalen Lieferweg (`store.ingest.liefere`) und werden gelesen wie
jede öffentliche Ausgabe (`DbQuelle.wuerfel`). Geprüft wird gegen die Wahrheit (die Summe der gelieferten
feinsten Zellen) und mit einem eigenen, kleinen Angreifer: ein gemischt-ganzzahliges Programm über die
Gleichungen, die dieser Test selbst aus den Tabellen des Katalogs ableitet (Gebietsebenen, Summen über jedes
Merkmal, Zwischensummen der Gliederung, verknüpfte Datensätze, Jahr = Summe der Monate). Er ist absichtlich
eher schwächer als der Angreifer der Dokumentation (Untergrenze 1 nur, wo sie sicher gilt): was er findet,
ist ein echter Fehler.
"""

from __future__ import annotations

import importlib.util
import itertools
import random
import sys
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.catalog.model import Datensatz, Tabellenangabe
from integrationsmonitor.store.ingest import liefere
from integrationsmonitor.store.models import Lieferung
from integrationsmonitor.store.selectors import DbQuelle, roher_wuerfel, vergiss_wuerfel

pytestmark = pytest.mark.django_db

K = katalog()
KREIS = K.kreis.code
T = "_T"
SCHWELLE = 2
GEMEINDEN = sorted(g.code for g in K.gebiete_der_ebene("gemeinde"))
GROSSE_GEMEINDEN = {"12061260": 300, "12061433": 220, "12061540": 120, "12061316": 90}  # KW, Schönefeld, …
ANGREIFER_PFAD = Path(__file__).parents[1] / "protect" / "angreifer.py"

Schluessel = tuple[str, ...]  # (gebiet, code je Merkmal des Datensatzes), wie in einer Lieferung
Fein = Counter[Schluessel]  # die gelieferten feinsten Zellen: Gemeinde und jedes Merkmal codiert


@pytest.fixture(autouse=True)
def _frische_veroeffentlichungen():
    """Jeder Test rechnet seine Veröffentlichungen selbst (die Test-Datenbank vergibt Ids erneut)."""
    vergiss_wuerfel()
    yield
    vergiss_wuerfel()


# --- Lieferungen bauen --------------------------------------------------------------------------------


def _csv(ds_id: str, zeitraum: str, zellen: Mapping[Schluessel, int]) -> bytes:
    ds = K.datensaetze[ds_id]
    kopf = ";".join(["gebiet", "zeitraum", *ds.merkmale, "wert", "kennzeichen"])
    zeilen = [f"{s[0]};{zeitraum};{';'.join(s[1:])};{n};" for s, n in sorted(zellen.items())]
    return ("\n".join([kopf, *zeilen]) + "\n").encode("utf-8")


def _liefere(
    ds_id: str, zeitraum: str, zellen: Mapping[Schluessel, int], *, amtlich: bool = False
) -> Lieferung:
    ergebnis = liefere(
        katalog=K,
        daten=_csv(ds_id, zeitraum, zellen),
        datei_name=f"{ds_id}_{zeitraum}.csv",
        datensatz=ds_id,
        zeitraum=zeitraum,
        benutzer="pruefer",
        amtlich=amtlich,
    )
    assert ergebnis.angenommen, ergebnis.probleme[:5]
    assert ergebnis.lieferung is not None
    return ergebnis.lieferung


EU = ["152", "154", "125", "129"]  # Polen, Rumänien, Bulgarien, Frankreich
DRITT = [
    "166",
    "475",
    "423",
    "163",
    "432",
    "997",
]  # Ukraine, Syrien, Afghanistan, Türkei, Vietnam, staatenlos
ASYL = ["475", "423", "166"]


def _person(rng: random.Random, gruppe: str | None = None) -> tuple[str, str, str, str]:
    gruppe = gruppe or rng.choices(["drittstaat", "asyl", "eu"], [50, 20, 30])[0]
    staat = rng.choice({"eu": EU, "drittstaat": DRITT, "asyl": ASYL}[gruppe])
    geschlecht = rng.choices(["m", "w", "d"], [50, 49, 1])[0]
    alter = rng.choice(list(K.codelisten["altersgruppe"].codes))
    return gruppe, staat, geschlecht, alter


def _groessen(rng: random.Random) -> dict[str, int]:
    """Personen je Gemeinde: vier große Gemeinden, sonst viele mit 0 bis 5 Personen."""
    return {g: GROSSE_GEMEINDEN.get(g) or rng.choice([0, 1, 1, 2, 2, 3, 4, 5, 8, 15, 30]) for g in GEMEINDEN}


def _auslaender(seed: str, asyl_je_gemeinde: Mapping[str, int] | None = None) -> Fein:
    """Feinste Zellen eines Ausländerbestands; mit `asyl_je_gemeinde` genau so viele der Gruppe asyl."""
    rng = random.Random(seed)
    fein: Fein = Counter()
    for g, n in _groessen(rng).items():
        for _ in range(n):
            gruppe = rng.choices(["drittstaat", "eu"], [60, 40])[0] if asyl_je_gemeinde is not None else None
            fein[(g, *_person(rng, gruppe))] += 1
        for _ in range((asyl_je_gemeinde or {}).get(g, 0)):
            fein[(g, *_person(rng, "asyl"))] += 1
    return fein


# --- Die veröffentlichten Tabellen nach dem Katalog, unabhängig von protect/ ---------------------------


class Tabellen:
    """Die Zellen und Gleichungen der Tabellen, die der Katalog für einen Datensatz nennt, hier nachgebaut."""

    def __init__(self, ds: Datensatz, zeitraum: str, geliefert: Iterable[Schluessel] = ()) -> None:
        self.ds, self.merkmale = ds, list(ds.merkmale)
        self.zeitraum, self.stichtag = zeitraum, zr.stichtag(zeitraum)
        assert ds.veroeffentlichung is not None
        self.tabellen = ds.veroeffentlichung.tabellen
        self.gebiete = [g.code for g in K.gebiete.values() if g.ebene in ds.ebenen]
        self.gruppen: dict[str, frozenset[str]] = {}  # Zwischensumme (kontinent:europa) -> Codes
        for t in self.tabellen:
            for gl in t.gliederung:
                liste = K.codeliste_von(ds.id, gl.merkmal)
                for gid, _name, werte in gl.gruppen:
                    self.gruppen[f"{gl.attribut}:{gid}"] = frozenset(
                        c for c, code in liste.codes.items() if code.attribute.get(gl.attribut) in werte
                    )
        if ds.summierbar:
            self.zellen = {z for t in self.tabellen for z in self._zellen(t)}
        else:  # Kennzahlen: jede gelieferte Zahl für sich, ohne Summen
            self.zellen = set(geliefert)
        self.gleichungen = self._gleichungen() if ds.summierbar else []

    def _optionen(self, t: Tabellenangabe, merkmal: str) -> list[str]:
        codes = list(K.codeliste_von(self.ds.id, merkmal).codes)
        gliederung = [gl for gl in t.gliederung if gl.merkmal == merkmal]
        zwischen = [f"{gl.attribut}:{gid}" for gl in gliederung for gid, _n, _w in gl.gruppen]
        return [T, *zwischen, *([] if gliederung and t.nur_gliederung else codes)]

    def _zellen(self, t: Tabellenangabe) -> Iterable[Schluessel]:
        gebiete = [KREIS] if t.nur_kreis else self.gebiete
        achsen = [self._optionen(t, m) if m in t.merkmale else [T] for m in self.merkmale]
        return (tuple(z) for z in itertools.product(gebiete, *achsen))

    def tabellen_von(self, s: Schluessel) -> list[Tabellenangabe]:
        return [
            t
            for t in self.tabellen
            if (s[0] == KREIS or not t.nur_kreis)
            and all(
                (c in self._optionen(t, m)) if m in t.merkmale else c == T
                for m, c in zip(self.merkmale, s[1:], strict=True)
            )
        ]

    def nur_oeffentliche_nullen(self, s: Schluessel) -> bool:
        """Öffentliche Nullen gibt es nur in den Kreiszeilen der Tabellen mit `nullen_oeffentlich`."""
        ts = self.tabellen_von(s)
        return s[0] == KREIS and bool(ts) and all(t.nullen_oeffentlich for t in ts)

    def codes_von(self, i: int, code: str) -> frozenset[str]:
        """Die feinsten Codes, die ein Code des Merkmals `i` umfasst."""
        if code == T:
            return frozenset(K.codeliste_von(self.ds.id, self.merkmale[i]).codes)
        return self.gruppen.get(code, frozenset({code}))

    def strukturnull(self, s: Schluessel) -> bool:
        """Nach den Regeln des Datensatzes unmöglich (Gruppe eu mit einem Nicht-EU-Staat)?"""
        if not self.ds.regeln:
            return False
        codes = {m: self.codes_von(i, c) for i, (m, c) in enumerate(zip(self.merkmale, s[1:], strict=True))}

        def moeglich(kombination: dict[str, str]) -> bool:
            for r in self.ds.regeln:
                if kombination.get(r.wenn_merkmal) == r.wenn_code:
                    liste = K.codeliste_von(self.ds.id, r.dann_merkmal)
                    if not liste.ist_mitglied(kombination[r.dann_merkmal], r.dann_gruppe, self.stichtag):
                        return False
            return True

        betroffen = sorted({m for r in self.ds.regeln for m in (r.wenn_merkmal, r.dann_merkmal)})
        return not any(
            moeglich(dict(zip(betroffen, k, strict=True)))
            for k in itertools.product(*(sorted(codes[m]) for m in betroffen))
        )

    def _gleichungen(self) -> list[tuple[Schluessel, list[Schluessel]]]:
        """Jede Summe über eine Gebietsebene oder ein Merkmal, deren Teile alle in den Tabellen stehen."""
        gleichungen = []
        for s in sorted(self.zellen):
            kinder = [k.code for k in K.kinder(s[0]) if k.ebene in self.ds.ebenen]
            if kinder and all((k, *s[1:]) in self.zellen for k in kinder):
                gleichungen.append((s, [(k, *s[1:]) for k in kinder]))
            for i, c in enumerate(s[1:], start=1):
                if c == T:
                    liste = K.codeliste_von(self.ds.id, self.merkmale[i - 1]).codes
                    teilungen = [list(liste), [g for g in self.gruppen if g in {z[i] for z in self.zellen}]]
                elif c in self.gruppen:
                    teilungen = [sorted(self.gruppen[c])]
                else:
                    continue
                for codes in teilungen:
                    teile = [(*s[:i], k, *s[i + 1 :]) for k in codes]
                    if codes and all(t in self.zellen for t in teile):
                        gleichungen.append((s, teile))
        return gleichungen

    def wahr(self, fein: Fein) -> dict[Schluessel, int]:
        """Der wahre Wert jeder Tabellenzelle: die Summe der gelieferten feinsten Zellen darunter."""
        unter = {g: _darunter(g) for g in {s[0] for s in self.zellen}}
        werte: dict[Schluessel, int] = {}
        for s in self.zellen:
            codes = [None if c == T else self.codes_von(i, c) for i, c in enumerate(s[1:])]
            werte[s] = sum(
                n
                for f, n in fein.items()
                if f[0] in unter[s[0]] and all(a is None or x in a for x, a in zip(f[1:], codes, strict=True))
            )
        return werte


def _darunter(gebiet: str) -> set[str]:
    """Das Gebiet und jedes Gebiet darunter."""
    ergebnis, offen = {gebiet}, [gebiet]
    while offen:
        for k in K.kinder(offen.pop()):
            ergebnis.add(k.code)
            offen.append(k.code)
    return ergebnis


def _veroeffentlicht(
    quelle: DbQuelle, ds_id: str, zeitraum: str
) -> dict[Schluessel, tuple[float | None, str]]:
    w = quelle.wuerfel(ds_id, zeitraum)
    assert w is not None, (ds_id, zeitraum)
    return {(g, *m): (z.wert, z.kennzeichen) for (g, m), z in w.exakt.items()}


def _werte(pub: Mapping[Schluessel, tuple[float | None, str]]) -> dict[Schluessel, int | None]:
    return {s: None if k == "g" or w is None else round(w) for s, (w, k) in pub.items()}


# --- Der eigene Angreifer -----------------------------------------------------------------------------

Zelle = Hashable
OBEN = 10**6  # „beliebig groß“
MILP = {"mip_rel_gap": 0.0, "disp": False}


def intervalle(
    werte: Mapping[Zelle, int | None],
    gleichungen: Sequence[tuple[Zelle, Sequence[Zelle]]],
    untergrenze: Mapping[Zelle, int] | None = None,
    differenzen: Sequence[tuple[Zelle, Zelle, int, int]] = (),
) -> dict[Zelle, tuple[int, int]]:
    """Für jede geheime Zelle (Wert None) die kleinste und größte ganze Zahl ≥ Untergrenze, die mit allen
    veröffentlichten Zellen und Gleichungen vereinbar ist. `differenzen` (a, b, u, o): u ≤ a − b ≤ o.

    Jede ganzzahlige Lösung ist ein Zeuge: liegen die Werte der Zeugen einer Zelle schon weit genug
    auseinander, ist sie geschützt und ihr Intervall das der Zeugen (enger oder gleich dem wahren);
    sonst wird ihr Maximum und Minimum genau berechnet."""
    untergrenze = untergrenze or {}
    unbekannt = sorted((z for z, w in werte.items() if w is None), key=repr)
    index = {z: i for i, z in enumerate(unbekannt)}
    eltern = list(range(len(unbekannt)))

    def wurzel(i: int) -> int:
        while eltern[i] != i:
            eltern[i] = eltern[eltern[i]]
            i = eltern[i]
        return i

    zeilen: list[tuple[dict[int, int], float, float]] = []  # Koeffizienten, untere und obere Grenze

    def zeile(glieder: list[tuple[Zelle, int]], unten: float, oben: float) -> None:
        koeff: dict[int, int] = {}
        for z, c in glieder:
            w = werte[z]
            if w is None:
                koeff[index[z]] = koeff.get(index[z], 0) + c
            else:
                unten, oben = unten - c * w, oben - c * w
        koeff = {i: c for i, c in koeff.items() if c}
        if not koeff:
            assert unten <= 0 <= oben, f"veröffentlichte Zahlen widersprechen sich: {glieder}"
            return
        erste = next(iter(koeff))
        for i in koeff:
            eltern[wurzel(i)] = wurzel(erste)
        zeilen.append((koeff, unten, oben))

    for summe, teile in gleichungen:
        zeile([(summe, -1), *((t, 1) for t in teile)], 0, 0)
    for a, b, u, o in differenzen:
        zeile([(a, 1), (b, -1)], u, o)
    teilsysteme: dict[int, list[int]] = {}
    for i in range(len(unbekannt)):
        teilsysteme.setdefault(wurzel(i), []).append(i)
    zeilen_je_teil: dict[int, list[tuple[dict[int, int], float, float]]] = {}
    for z in zeilen:
        zeilen_je_teil.setdefault(wurzel(next(iter(z[0]))), []).append(z)
    ergebnis: dict[Zelle, tuple[int, int]] = {}
    for w, variablen in teilsysteme.items():
        unten = [untergrenze.get(unbekannt[v], 0) for v in variablen]
        grenzen = _teilsystem(
            variablen, zeilen_je_teil.get(w, []), unten, [repr(unbekannt[v]) for v in variablen]
        )
        ergebnis |= {unbekannt[v]: g for v, g in zip(variablen, grenzen, strict=True)}
    return ergebnis


def _teilsystem(
    variablen: list[int],
    zeilen: list[tuple[dict[int, int], float, float]],
    unten: list[int],
    namen: list[str],
) -> list[tuple[int, int]]:
    """Die Intervalle der Unbekannten eines zusammenhängenden Teilsystems (siehe `intervalle`)."""
    n = len(variablen)
    lokal = {v: j for j, v in enumerate(variablen)}
    grenzen = Bounds(np.array(unten, dtype=float), np.full(n, OBEN))
    nebenbedingungen = []
    if zeilen:
        a = sparse.lil_array((len(zeilen), n))
        for r, (koeff, _u, _o) in enumerate(zeilen):
            for v, c in koeff.items():
                a[r, lokal[v]] = c
        nebenbedingungen = [LinearConstraint(a.tocsr(), [z[1] for z in zeilen], [z[2] for z in zeilen])]
    ganz = np.ones(n)
    wmin = np.full(n, np.inf)  # kleinster und größter Wert aller gefundenen Lösungen
    wmax = np.full(n, -np.inf)

    def loese(ziel: np.ndarray, was: str) -> None:
        r = milp(ziel, integrality=ganz, bounds=grenzen, constraints=nebenbedingungen, options=MILP)
        assert r.status == 0 and r.x is not None, f"Angreifer: kein Ergebnis für {was} ({r.message})"
        np.minimum(wmin, np.round(r.x), out=wmin)
        np.maximum(wmax, np.round(r.x), out=wmax)

    loese(np.ones(n), "alle")  # zwei Zeugen für alle Zellen zugleich
    loese(-np.ones(n), "alle")
    for j in range(n):
        for vorzeichen in (-1, 1):  # erst das Maximum, dann das Minimum – nur, solange es darauf ankommt
            if _geschuetzt(wmin[j], wmax[j]):
                break
            ziel = np.zeros(n)
            ziel[j] = vorzeichen
            loese(ziel, namen[j])
    return [(int(u), int(o)) for u, o in zip(wmin, wmax, strict=True)]


def _geschuetzt(u: float, o: float, schwelle: int = SCHWELLE) -> bool:
    """Die Schutzregel für ein Intervall [u, o]: o ≥ Schwelle + 1 und o − u ≥ 2."""
    return o >= schwelle + 1 and o - u >= 2


def verletzungen(
    grenzen: Mapping[Zelle, tuple[int, int]], schwelle: int = SCHWELLE
) -> dict[Zelle, tuple[int, int]]:
    """Geheime Zellen, die die Schutzregel nicht erfüllen."""
    return {z: (u, o) for z, (u, o) in grenzen.items() if not _geschuetzt(u, o, schwelle)}


def untergrenzen(
    werte: Mapping[Zelle, int | None],
    gleichungen: Sequence[tuple[Zelle, Sequence[Zelle]]],
    nur_oeffentliche_nullen: Callable[[Zelle], bool],
    schwelle: int = SCHWELLE,
) -> dict[Zelle, int]:
    """Wo der Angreifer sicher weiß, dass eine geheime Zelle ≥ 1 ist: nur in Tabellen mit öffentlichen Nullen,
    und jede Summe über ihr ist veröffentlicht und groß (≥ Schwelle + Zahl der Teile)."""
    ergebnis: dict[Zelle, int] = {}
    for z, w in werte.items():
        if w is not None or not nur_oeffentliche_nullen(z):
            continue
        ueber = [(s, teile) for s, teile in gleichungen if z in teile]
        if ueber and all(werte[s] is not None and werte[s] >= schwelle + len(teile) for s, teile in ueber):
            ergebnis[z] = 1
    return ergebnis


def _unabhaengiger_angreifer():
    """Der unabhängige ganzzahlige Angreifer aus tests/protect/angreifer.py (ein eigener Beitrag, mit
    Schaltern für die Nullregel und dem Wissen „genau eine Person kam hinzu“), falls es ihn gibt."""
    if not ANGREIFER_PFAD.exists():
        return None
    name = "_tests_protect_angreifer"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ANGREIFER_PFAD)
        assert spec is not None and spec.loader is not None
        modul = importlib.util.module_from_spec(spec)
        sys.modules[name] = modul  # dataclasses suchen ihr Modul dort
        spec.loader.exec_module(modul)
    modul = sys.modules[name]
    noetig = ("katalogwissen", "vereinige", "intervalle", "verletzungen")
    return modul if all(hasattr(modul, n) for n in noetig) else None


def _pruefe_unabhaengig(wissen_bauen, zellen: Iterable[Zelle] | None = None) -> None:
    """Baut mit `wissen_bauen(modul)` das Wissen des unabhängigen Angreifers und verlangt: nichts verletzt."""
    a = _unabhaengiger_angreifer()
    if a is None:
        return
    iv = a.intervalle(wissen_bauen(a), zellen=zellen)
    assert iv, "der unabhängige Angreifer sieht keine geheime Zelle"
    fehler = a.verletzungen(iv)
    assert not fehler, f"der unabhängige Angreifer grenzt ein: {sorted(fehler.items(), key=repr)[:8]}"


# --- Gemeinsame Prüfungen -----------------------------------------------------------------------------


def _pruefe_tabellen(
    tab: Tabellen, pub: Mapping[Schluessel, tuple[float | None, str]], wahr: Mapping[Schluessel, int]
) -> None:
    """Nur Zellen der Tabellen des Katalogs (alle), jede veröffentlichte gleich der Wahrheit, keine 1 oder 2,
    keine 0 außer Strukturnullen und Nullen in Tabellen nach Geschlecht über großen Summen."""
    assert set(pub) - tab.zellen == set(), "Zellen außerhalb der Tabellen des Katalogs"
    assert tab.zellen - set(pub) == set(), "Tabellenzellen fehlen in der Veröffentlichung"
    werte = _werte(pub)
    falsch = {s: (w, wahr[s]) for s, w in werte.items() if w is not None and w != wahr[s]}
    assert not falsch, f"veröffentlicht ≠ Wahrheit: {sorted(falsch.items())[:5]}"
    klein = sorted(s for s, w in werte.items() if w in (1, 2))
    assert not klein, f"veröffentlichte 1 oder 2: {klein[:5]}"
    for s, w in werte.items():
        if w != 0 or tab.strukturnull(s):
            continue
        ueber = [(summe, teile) for summe, teile in tab.gleichungen if s in teile]
        unter_null = any(
            werte[summe] == 0 for summe, _t in ueber
        )  # bekannt 0: unter einer veröffentlichten 0
        assert unter_null or tab.nur_oeffentliche_nullen(s), f"veröffentlichte 0 in {s}"
        gross = all(wahr[summe] >= SCHWELLE + len(teile) for summe, teile in ueber)
        assert unter_null or gross, f"veröffentlichte 0 unter einer kleinen Summe: {s}"


def _pruefe_angriff(
    tab: Tabellen, pub: Mapping[Schluessel, tuple[float | None, str]]
) -> dict[Zelle, tuple[int, int]]:
    werte = _werte(pub)
    grenzen = intervalle(
        werte, tab.gleichungen, untergrenzen(werte, tab.gleichungen, tab.nur_oeffentliche_nullen)
    )
    assert grenzen, "keine geheime Zelle: die Lieferung prüft nichts"
    fehler = verletzungen(grenzen)
    assert not fehler, f"geheime Zellen eingegrenzt: {sorted(fehler.items())[:8]}"
    _pruefe_unabhaengig(lambda a: a.katalogwissen(K, tab.ds, tab.zeitraum, {"v": werte}))
    return grenzen


# --- Tests --------------------------------------------------------------------------------------------


def test_ungeschuetzte_lieferung_erscheint_nur_geschuetzt_und_richtig():
    fein = _auslaender("bestand-2024")
    assert any(n == 1 for n in fein.values()) and 0 in _groessen(random.Random("bestand-2024")).values()
    _liefere("auslaender_bestand", "2024", fein)
    tab = Tabellen(K.datensaetze["auslaender_bestand"], "2024")
    pub = _veroeffentlicht(DbQuelle(K), "auslaender_bestand", "2024")
    wahr = tab.wahr(fein)
    _pruefe_tabellen(tab, pub, wahr)
    werte = _werte(pub)
    # unterhalb des Kreises ist jede Zelle mit 0 bis 2 Personen geheim (außer Nullen nach Geschlecht)
    for s, n in wahr.items():
        if s[0] != KREIS and n <= SCHWELLE and not tab.nur_oeffentliche_nullen(s):
            assert werte[s] is None, (s, n)
    # die Gemeinden mit 1 oder 2 Personen gibt es, und ihre Summe ist geheim
    kleine = [g for g in GEMEINDEN if 0 < wahr[(g, T, T, T, T)] <= SCHWELLE]
    assert kleine and all(pub[(g, T, T, T, T)] == (None, "g") for g in kleine)
    # die Kreiszahl bleibt veröffentlicht
    assert werte[(KREIS, T, T, T, T)] == sum(fein.values())
    _pruefe_angriff(tab, pub)


def test_gelieferte_zellen_bleiben_in_der_historie_unveraendert():
    fein = _auslaender("bestand-2024")
    lf = _liefere("auslaender_bestand", "2024", fein)
    DbQuelle(K).wuerfel("auslaender_bestand", "2024")  # veröffentlichen
    roh = roher_wuerfel(K, lf)
    assert {(g, *m): z.wert for (g, m), z in roh.exakt.items()} == {s: float(n) for s, n in fein.items()}
    assert all(z.kennzeichen == "" for z in roh.exakt.values())
    gespeichert = dict(lf.beobachtungen.values_list("merkmale", "wert").filter(gebiet="12061260"))
    assert gespeichert == {"|".join(s[1:]): float(n) for s, n in fein.items() if s[0] == "12061260"}


def test_berichtigung_gibt_nichts_frei_und_aendert_die_alte_fassung_nicht():
    fein1 = _auslaender("bestand-2024")
    tab = Tabellen(K.datensaetze["auslaender_bestand"], "2024")
    wahr1 = tab.wahr(fein1)
    klein = next(g for g in GEMEINDEN if wahr1[(g, T, T, T, T)] == 1)
    lf1 = _liefere("auslaender_bestand", "2024", fein1)
    pub1 = _veroeffentlicht(DbQuelle(K), "auslaender_bestand", "2024")

    fein2 = fein1.copy()
    fein2[(klein, "drittstaat", "475", "w", "30_49")] += 1  # eine Person mehr in einer kleinen Gemeinde
    lf2 = _liefere("auslaender_bestand", "2024", fein2)
    pub2 = _veroeffentlicht(DbQuelle(K), "auslaender_bestand", "2024")
    _pruefe_tabellen(tab, pub2, tab.wahr(fein2))

    geheim1 = {s for s, (w, k) in pub1.items() if k == "g"}
    geheim2 = {s for s, (w, k) in pub2.items() if k == "g"}
    assert geheim1 and geheim1 <= geheim2, (
        f"früher geheim, jetzt veröffentlicht: {sorted(geheim1 - geheim2)[:5]}"
    )
    # die alte Fassung bleibt, wie sie veröffentlicht war – mit dem Zwischenspeicher und frisch berechnet
    assert _veroeffentlicht(DbQuelle(K, stand=[lf1.id]), "auslaender_bestand", "2024") == pub1
    vergiss_wuerfel()
    assert _veroeffentlicht(DbQuelle(K, stand=[lf1.id]), "auslaender_bestand", "2024") == pub1
    assert _veroeffentlicht(DbQuelle(K, stand=[lf2.id]), "auslaender_bestand", "2024") == pub2

    # der Angreifer kennt beide Fassungen und weiß: jede Zelle wuchs um 0 oder 1 (genau eine Person mehr)
    w1, w2 = _werte(pub1), _werte(pub2)
    werte = {(1, *s): w for s, w in w1.items()} | {(2, *s): w for s, w in w2.items()}
    gleichungen = [
        ((f, *summe), [(f, *t) for t in teile]) for f in (1, 2) for summe, teile in tab.gleichungen
    ]
    differenzen = [((2, *s), (1, *s), 0, 1) for s in tab.zellen]
    fehler = verletzungen(intervalle(werte, gleichungen, differenzen=differenzen))
    assert not fehler, f"aus beiden Fassungen eingegrenzt: {sorted(fehler.items())[:8]}"
    # der unabhängige Angreifer (genau eine Person mehr) für die Zellen um die kleine Gemeinde
    umgebung = {klein, K.gebiete[klein].parent}
    _pruefe_unabhaengig(
        lambda a: a.katalogwissen(K, tab.ds, "2024", {1: w1, 2: w2}, hinzu=1),
        [(f, *s) for f in (1, 2) for s in tab.zellen if s[0] in umgebung],
    )


@pytest.mark.parametrize("art", ["Lieferung.amtlich", "bevoelkerung_amtlich"])
def test_amtliche_tabellen_erscheinen_wie_geliefert(art):
    if art == "Lieferung.amtlich":
        ds, fein = "auslaender_bestand", _auslaender("amtlich")
        _liefere(ds, "2024", fein, amtlich=True)
    else:
        ds = "bevoelkerung_amtlich"
        fein = Counter({(g, s): n for g in GEMEINDEN[:6] for s, n in zip("mwd", (1, 2, 0), strict=True)})
        fein[(GEMEINDEN[6], "m")] = 7
        _liefere(ds, "2024", fein)
    pub = _veroeffentlicht(DbQuelle(K), ds, "2024")
    assert pub == {s: (float(n), "") for s, n in fein.items()}
    assert any(w == 1.0 for w, _k in pub.values())


def test_datensatz_ohne_personen_erscheint_wie_geliefert():
    fein = Counter({(GEMEINDEN[0], "ik_allgemein", "kurse"): 1, (GEMEINDEN[0], "ik_allgemein", "plaetze"): 2})
    _liefere("sprachkurse_register", "2024", fein)
    assert _veroeffentlicht(DbQuelle(K), "sprachkurse_register", "2024") == {
        s: (float(n), "") for s, n in fein.items()
    }


# Monatliche Kontakte von LDS integriert, die Jahreszahlen sind ihre Summen. Klein ist nur eine Zelle: die
# Erstkontakte im April. Ohne die Gleichung „Jahr = Summe der Monate“ folgte sie aus dem Jahr und den elf
# übrigen Monaten.
ERST_LDS = [5, 4, 6, 1, 5, 7, 6, 3, 8, 4, 9, 5]
FOLGE1_LDS = [4, 6, 3, 5, 7, 4, 3, 6, 5, 4, 8, 3]


def _monat(rng: random.Random, m: int) -> dict[Schluessel, int]:
    zellen = {
        (KREIS, stelle, art): rng.randint(3, 40)
        for stelle in K.codelisten["beratungsstelle"].codes
        for art in K.codelisten["kontaktart"].codes
    }
    zellen[(KREIS, "lds_integriert", "erst")] = ERST_LDS[m]
    zellen[(KREIS, "lds_integriert", "folge_1")] = FOLGE1_LDS[m]
    return zellen


def test_jahreszahl_und_monate_verraten_keinen_geheimen_monat():
    jahr = {
        (KREIS, "lds_integriert", "neukunden"): sum(ERST_LDS),
        (KREIS, "lds_integriert", "folgetermin_1"): sum(FOLGE1_LDS),
        (KREIS, "welcomecenter", "neukunden"): 400,
    }
    lf_jahr = _liefere("projektkennzahlen", "2024", jahr)
    pub_jahr = _veroeffentlicht(DbQuelle(K), "projektkennzahlen", "2024")
    rng = random.Random("beratung-2024")
    monate = {f"2024-{m + 1:02d}": _monat(rng, m) for m in range(12)}
    frueher: dict[str, dict[Schluessel, tuple[float | None, str]]] = {}
    lieferungen = {}
    for periode, zellen in monate.items():
        lieferungen[periode] = _liefere("beratungskontakte", periode, zellen)
        frueher[periode] = _veroeffentlicht(DbQuelle(K), "beratungskontakte", periode)

    # was einmal veröffentlicht ist, ändert sich durch spätere Monate nicht (auch frisch berechnet)
    vergiss_wuerfel()
    quelle = DbQuelle(K)
    assert _veroeffentlicht(quelle, "projektkennzahlen", "2024") == pub_jahr
    pub = {p: _veroeffentlicht(quelle, "beratungskontakte", p) for p in monate}
    assert pub == frueher

    ds = K.datensaetze["beratungskontakte"]
    werte: dict[Zelle, int | None] = {}
    gleichungen: list[tuple[Zelle, list[Zelle]]] = []
    for periode, zellen in monate.items():
        tab = Tabellen(ds, periode)
        _pruefe_tabellen(tab, pub[periode], tab.wahr(zellen))
        werte |= {(periode, *s): w for s, w in _werte(pub[periode]).items()}
        gleichungen += [
            ((periode, *summe), [(periode, *t) for t in teile]) for summe, teile in tab.gleichungen
        ]
    jahr_tab = Tabellen(K.datensaetze["projektkennzahlen"], "2024", jahr)
    _pruefe_tabellen(jahr_tab, pub_jahr, jahr)
    werte |= {("2024", *s): w for s, w in _werte(pub_jahr).items()}
    for kennzahl, art in (("neukunden", "erst"), ("folgetermin_1", "folge_1")):
        gleichungen.append(
            (("2024", KREIS, "lds_integriert", kennzahl), [(p, KREIS, "lds_integriert", art) for p in monate])
        )
    # die einfache Rechnung: Jahr minus veröffentlichte Monate ist nie genau ein geheimer Monat
    assert werte[("2024-04", KREIS, "lds_integriert", "erst")] is None
    for kennzahl, art in (("neukunden", "erst"), ("folgetermin_1", "folge_1")):
        j = werte[("2024", KREIS, "lds_integriert", kennzahl)]
        geheim = [p for p in monate if werte[(p, KREIS, "lds_integriert", art)] is None]
        assert j is None or len(geheim) != 1, f"{kennzahl}: nur {geheim} geheim, folgt aus der Jahreszahl"
    fehler = verletzungen(intervalle(werte, gleichungen))
    assert not fehler, f"aus Monaten und Jahr eingegrenzt: {sorted(fehler.items())[:8]}"
    _pruefe_unabhaengig(
        lambda a: a.vereinige(
            *(a.katalogwissen(K, ds, p, {p: _werte(pub[p])}) for p in monate),
            a.katalogwissen(K, "projektkennzahlen", "2024", {"2024": _werte(pub_jahr)}),
            gleichungen=gleichungen[-2:],
        )
    )
    assert lf_jahr.status == Lieferung.Status.AKTIV and len(lieferungen) == 12


@pytest.mark.parametrize("zuerst", ["auslaender_bestand", "asyl_unterbringung"])
def test_gleiche_personen_in_zwei_datensaetzen_sind_gemeinsam_geschuetzt(zuerst):
    rng = random.Random("asyl-2024")
    asyl: Counter[Schluessel] = Counter()
    je_gemeinde = {g: GROSSE_GEMEINDEN.get(g, 0) // 10 or rng.choice([0, 1, 2, 3, 4, 6]) for g in GEMEINDEN}
    for g, n in je_gemeinde.items():
        for _ in range(n):
            asyl[
                (g, rng.choice(["gemeinschaftsunterkunft", "wohnung"]), rng.choices("mwd", [60, 39, 1])[0])
            ] += 1
    bestand = _auslaender("bestand-asyl", je_gemeinde)
    lieferungen = {"auslaender_bestand": bestand, "asyl_unterbringung": asyl}
    for ds_id in sorted(lieferungen, key=lambda d: d != zuerst):
        _liefere(ds_id, "2024", lieferungen[ds_id])
    quelle = DbQuelle(K)
    tabs = {d: Tabellen(K.datensaetze[d], "2024") for d in lieferungen}
    pubs = {d: _veroeffentlicht(quelle, d, "2024") for d in lieferungen}
    for d in lieferungen:
        _pruefe_tabellen(tabs[d], pubs[d], tabs[d].wahr(lieferungen[d]))
    a, b = _werte(pubs["asyl_unterbringung"]), _werte(pubs["auslaender_bestand"])
    gebiete = [g for g in tabs["asyl_unterbringung"].gebiete]
    assert any(a[(g, T, T)] is None for g in gebiete)
    for g in gebiete:
        hier, dort = a[(g, T, T)], b[(g, "asyl", T, T, T)]
        assert (hier is None) == (dort is None), f"{g}: {hier} Asylsuchende, im Ausländerbestand {dort}"
        assert hier is None or hier == dort == je_gemeinde.get(
            g, sum(je_gemeinde[x] for x in K.gemeinden_unter(g))
        )
    werte = {("a", *s): w for s, w in a.items()} | {("b", *s): w for s, w in b.items()}
    gleichungen = [
        ((d, *summe), [(d, *t) for t in teile])
        for d, ds_id in (("a", "asyl_unterbringung"), ("b", "auslaender_bestand"))
        for summe, teile in tabs[ds_id].gleichungen
    ]
    gleichungen += [(("a", g, T, T), [("b", g, "asyl", T, T, T)]) for g in gebiete]
    fehler = verletzungen(intervalle(werte, gleichungen))
    assert not fehler, f"aus beiden Datensätzen eingegrenzt: {sorted(fehler.items())[:8]}"
    _pruefe_unabhaengig(
        lambda m: m.vereinige(
            m.katalogwissen(K, "asyl_unterbringung", "2024", {"a": a}),
            m.katalogwissen(K, "auslaender_bestand", "2024", {"b": b}),
            gleichungen=[(("a", g, T, T), [("b", g, "asyl", T, T, T)]) for g in gebiete],
        )
    )
