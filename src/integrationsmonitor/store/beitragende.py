"""Deliveries of figures of organisations (catalogue `veroeffentlichung: mindestens_beitragende`): rebuilt
by the platform on every path, and a new version only if it shows no organisation's figure.

Every delivery of such a dataset – an Amt's upload, `imon deliver`, `imon engagement-deliver`, a preview – goes
through `store.ingest.liefere`, which calls `neu_gebaut` first: the file's fine cells (one row per
organisation, Gemeinde and figure) are read, delivered sums (`_T` rows) are ignored, and the sums are formed
anew with `collect.mindestzahl` (at least `mindestens_beitragende` contributors, no one above `dominanz`). A
file without fine cells is refused: its sums could not be checked against the rules.

A new version of a period already published is compared with it (`aenderungsproblem`): the difference of a
sum published in either version (the other one known as an interval) is the change of the organisations
whose figures changed; with fewer than `mindestens_beitragende` of them it would show their figures (a
newcomer's whole figure). Such a version is refused (docs/geheimhaltung.md, section 8).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from integrationsmonitor.catalog.model import TOTAL, Datensatz, Katalog
from integrationsmonitor.collect import mindestzahl
from integrationsmonitor.formats.delivery_csv import lies_lieferung

from .models import Lieferung
from .validation import TRENNER

Fein = dict[tuple[str, str, str], int]


class Abgelehnt(Exception):
    def __init__(self, probleme: list[str]) -> None:
        super().__init__("; ".join(probleme))
        self.probleme = probleme


def gilt(ds: Datensatz) -> bool:
    """Whether the dataset's deliveries are rebuilt here."""
    return ds.veroeffentlichung is not None and ds.veroeffentlichung.mindestens_beitragende > 0


def _merkmale(ds: Datensatz) -> tuple[str, str]:
    namen = list(ds.merkmale)
    if len(namen) != 2:
        raise ValueError(f"{ds.id}: erwartet zwei Merkmale (Organisation; Kennzahl), nicht {namen}")
    return namen[0], namen[1]


def fein_aus_datei(katalog: Katalog, ds: Datensatz, daten: bytes, datei_name: str) -> Fein:
    """The organisations' own cells of a delivery file; German problems name the file, line and column."""
    org, kennzahl = _merkmale(ds)
    tabelle = lies_lieferung(daten, datei_name)  # FormatFehler for an unreadable file
    fein: Fein = {}
    gesehen: dict[tuple[str, str, str], int] = {}
    probleme: list[str] = []
    for z in tabelle.zeilen:
        code = z.felder.get(org, "").strip()
        if code == TOTAL:
            continue  # a delivered sum: formed anew below
        gebiet, figur = z.felder.get("gebiet", "").strip(), z.felder.get(kennzahl, "").strip()
        wert = z.felder.get("wert", "").strip()
        g = katalog.gebiete.get(gebiet)
        if g is None or g.ebene != "gemeinde":
            fehler = f"Spalte ‚gebiet‘: ‚{gebiet}‘ ist keine Gemeinde (Zahlen je {org} nur nach Gemeinde)"
        elif figur == TOTAL:
            fehler = f"Spalte ‚{kennzahl}‘: ‚{TOTAL}‘ – die Summe über die Kennzahlen bildet die Plattform"
        elif not (wert.isdigit() and wert.isascii()):
            fehler = f"Spalte ‚wert‘: ‚{wert}‘ ist keine ganze Zahl ≥ 0 (Zahlen je {org} sind nie geheim)"
        elif (gebiet, code, figur) in gesehen:
            fehler = f"dieselbe Zelle wie Zeile {gesehen[(gebiet, code, figur)]}"
        else:
            gesehen[(gebiet, code, figur)] = z.nr
            fein[(gebiet, code, figur)] = int(wert)
            continue
        probleme.append(f"{datei_name}, Zeile {z.nr}, {fehler}")
    if probleme:
        raise Abgelehnt(probleme[:200])
    if not fein:
        raise Abgelehnt(
            [
                f"{datei_name}: der Datensatz {ds.id} ({ds.name}) braucht die Zahlen jeder {org} einzeln "
                f"(Zeilen mit einem Code in Spalte ‚{org}‘ statt ‚{TOTAL}‘); die Summen bildet die Plattform "
                "selbst und hält sie nach den Regeln für Zahlen von Organisationen geheim"
            ]
        )
    return fein


def fein_aus_lieferung(ds: Datensatz, lf: Lieferung) -> Fein:
    """The organisations' own cells of a stored delivery."""
    fein: Fein = {}
    for b in lf.beobachtungen.order_by("id"):
        org, figur = b.merkmale.split(TRENNER)
        if org != TOTAL and b.wert is not None:
            fein[(b.gebiet, org, figur)] = round(b.wert)
    return fein


def _kette(katalog: Katalog, fein: Fein) -> dict[str, tuple[str, ...]]:
    kette: dict[str, tuple[str, ...]] = {}
    for gebiet, _org, _k in fein:
        kette[gebiet] = (gebiet,)
        while (eltern := katalog.gebiete[kette[gebiet][-1]].parent) is not None:
            kette[gebiet] += (eltern,)
    return kette


def zeilen(katalog: Katalog, ds: Datensatz, fein: Fein) -> list[mindestzahl.Zeile]:
    v = ds.veroeffentlichung
    assert v is not None
    return mindestzahl.zeilen(
        fein,
        _kette(katalog, fein),
        katalog.kreis.code,
        mindestens=v.mindestens_beitragende,
        dominanz=v.dominanz,
    )


def als_datei(katalog: Katalog, ds: Datensatz, zeitraum: str, fein: Fein) -> bytes:
    """The delivery file the platform stores: fine cells and the sums under the rules."""
    org, kennzahl = _merkmale(ds)
    puffer = io.StringIO()
    w = csv.writer(puffer, delimiter=";", lineterminator="\n")
    w.writerow(["gebiet", "zeitraum", org, kennzahl, "wert", "kennzeichen"])
    for gebiet, o, k, wert, kz in zeilen(katalog, ds, fein):
        w.writerow([gebiet, zeitraum, o, k, "" if wert is None else wert, kz])
    return puffer.getvalue().encode("utf-8")


def aenderungsproblem(katalog: Katalog, ds: Datensatz, alt: Fein, neu: Fein) -> str | None:
    """Why a new version `neu` of the published `alt` would show an organisation's figure, or None."""
    v = ds.veroeffentlichung
    assert v is not None
    geaendert = {
        o for (_g, o, _k) in alt.keys() | neu.keys() if alt.get((_g, o, _k), 0) != neu.get((_g, o, _k), 0)
    }
    if not geaendert:
        return None
    alt_z = {(g, k): w for g, o, k, w, _kz in zeilen(katalog, ds, alt) if o == TOTAL}
    neu_z = {(g, k): w for g, o, k, w, _kz in zeilen(katalog, ds, neu) if o == TOTAL}
    kette = _kette(katalog, {**alt, **neu})
    betroffen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for g, o, k in alt.keys() | neu.keys():
        if o in geaendert and alt.get((g, o, k), 0) != neu.get((g, o, k), 0):
            for region in kette[g]:
                betroffen[(region, k)].add(o)
                betroffen[(region, TOTAL)].add(o)
    knapp = sorted(
        zelle
        for zelle, orgs in betroffen.items()
        if len(orgs) < v.mindestens_beitragende
        and (alt_z.get(zelle) is not None or neu_z.get(zelle) is not None)
    )
    if len(geaendert) >= v.mindestens_beitragende and not knapp:
        return None
    wo = ""
    if knapp:
        g, k = knapp[0]
        wo = f" (zuerst bei {katalog.gebiete[g].name}, Kennzahl {k})"
    return (
        f"{ds.name}: die neue Fassung ändert die Zahlen von nur {len(geaendert)} Beitragenden "
        f"({', '.join(sorted(geaendert))}) gegenüber der veröffentlichten{wo}; der Unterschied der beiden "
        f"Fassungen würde ihre Zahlen zeigen. Es braucht Änderungen von mindestens "
        f"{v.mindestens_beitragende} Beitragenden an jeder veröffentlichten Summe: warten Sie, bis weitere "
        "Korrekturen gesammelt sind, und veröffentlichen Sie sie zusammen, oder berücksichtigen Sie die "
        "Korrektur erst mit dem nächsten Jahr"
    )


def neu_gebaut(
    katalog: Katalog, ds: Datensatz, zeitraum: str, daten: bytes, datei_name: str, alt: Lieferung | None
) -> bytes:
    """The file to store instead of `daten`; raises Abgelehnt (or FormatFehler) with German problems."""
    fein = fein_aus_datei(katalog, ds, daten, datei_name)
    if alt is not None and (problem := aenderungsproblem(katalog, ds, fein_aus_lieferung(ds, alt), fein)):
        raise Abgelehnt([problem])
    return als_datei(katalog, ds, zeitraum, fein)
