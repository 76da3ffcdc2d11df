"""Load a county catalogue from its directory of YAML files and check it (pure, no Django).

Layout of a catalogue directory:
    kreis.yaml            the county (AGS, name) and the Gemeinde file
    gemeinden.csv         Gemeinden with AGS, ARS, Amt/Verband (Destatis Gemeindeverzeichnis)
    handlungsfelder.yaml  the ten Handlungsfelder (plus "kontext" for Rahmendaten, nr 0)
    lieferanten.yaml      supplying offices
    codelists/*.yaml      code lists (Merkmale)
    datensaetze.yaml      datasets: what each office delivers
    indikatoren.yaml      indicators: formulas over dataset cells, optionally with targets (ziele)
"""

from __future__ import annotations

import csv
import functools
import math
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from . import zeitraum as zr
from .check import pruefe
from .errors import KatalogFehler
from .kartendatei import KATALOG_KARTE, KartenFehler, lies_karte
from .model import (
    Aufschluesselung,
    Bedingung,
    Code,
    Codeliste,
    Datensatz,
    Gebiet,
    Gleichheit,
    Gliederung,
    Gruppe,
    Handlungsfeld,
    Indikator,
    Jahressumme,
    Katalog,
    Lieferant,
    Mitgliedschaft,
    Regel,
    Reihenbruch,
    Tabellenangabe,
    Term,
    Veroeffentlichung,
    Ziel,
)

LDS_DIR = Path(__file__).parent / "data" / "lds"


def _yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except FileNotFoundError:
        raise KatalogFehler([f"{path}: Datei fehlt"]) from None
    except yaml.YAMLError as exc:
        raise KatalogFehler([f"{path}: kein gültiges YAML ({exc})"]) from None


def _datum(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


VERBUND_TYPEN = (
    "Amt",
    "Verbandsgemeinde",
    "Samtgemeinde",
    "Verwaltungsgemeinschaft",
    "Verwaltungsverband",
    "erfüllende Gemeinde",
)
"""Verband types of several Gemeinden, named "<Typ> <Name>" ("Amt Unterspreewald"); every other verband_typ
(amtsfreie / verbandsfreie Gemeinde, Einheitsgemeinde …) is one Gemeinde and keeps its name."""


def verband_praefix(typ: str) -> str | None:
    """The word before a Verband's name ("Amt", "Vereinbarte Verwaltungsgemeinschaft"), None for a Gemeinde
    that is its own Verband."""
    return typ[:1].upper() + typ[1:] if typ in VERBUND_TYPEN else None


def _verband(code: str, row: dict[str, str], kreis: str) -> Gebiet:
    typ = (row.get("verband_typ") or "").strip() or "amtsfreie Gemeinde"
    name = row["verband_name"]
    praefix = verband_praefix(typ)
    if praefix and not name.startswith(praefix):
        name = f"{praefix} {name}"
    return Gebiet(code, name, "verband", kreis, typ)


def _gebiete(verzeichnis: Path, kreis_cfg: dict[str, Any]) -> tuple[Gebiet, dict[str, Gebiet]]:
    typ = str(kreis_cfg.get("typ") or "Landkreis")
    kreis = Gebiet(str(kreis_cfg["ags"]), kreis_cfg["name"], "kreis", None, typ)
    gebiete = {kreis.code: kreis}
    with (verzeichnis / kreis_cfg.get("gemeinden", "gemeinden.csv")).open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            verband = row["verband_ars9"]
            if verband not in gebiete:
                gebiete[verband] = _verband(verband, row, kreis.code)
            gebiete[row["ags"]] = Gebiet(row["ags"], row["gemeinde"], "gemeinde", verband, "Gemeinde")
    return kreis, gebiete


def _codeliste(data: dict[str, Any]) -> Codeliste:
    gruppen = {
        gid: Gruppe(gid, g.get("name", gid), g.get("komplement"))
        for gid, g in (data.get("gruppen") or {}).items()
    }
    codes = {}
    for c in data.get("codes") or []:
        attribute = {
            k: str(v) for k, v in c.items() if k not in ("code", "name", "mitglied") and v is not None
        }
        mitglied = tuple(
            Mitgliedschaft(m["gruppe"], _datum(m.get("von")), _datum(m.get("bis")))
            for m in c.get("mitglied") or []
        )
        code = str(c["code"])
        codes[code] = Code(code, str(c.get("name", code)), attribute, mitglied)
    return Codeliste(
        id=data["id"],
        name=data.get("name", data["id"]),
        codes=codes,
        gruppen=gruppen,
        quelle=data.get("quelle", ""),
        ausschluss_komplement=tuple(str(c) for c in data.get("ausschluss_komplement") or ()),
    )


def _werte(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else (str(value),)


def _filter(raw: dict[str, Any] | None) -> dict[str, tuple[str, ...] | Bedingung]:
    result: dict[str, tuple[str, ...] | Bedingung] = {}
    for dim, value in (raw or {}).items():
        if isinstance(value, dict):
            result[dim] = {str(k): _werte(v) for k, v in value.items()}
        else:
            result[dim] = _werte(value)
    return result


def _term(raw: dict[str, Any] | None) -> Term | None:
    if raw is None:
        return None
    return Term(raw["datensatz"], _filter(raw.get("filter")), int(raw.get("versatz", 0)))


def _aufschluesselung(raw: str | dict[str, Any]) -> Aufschluesselung:
    if isinstance(raw, str):
        return Aufschluesselung(raw, raw)
    kategorien = tuple(
        (str(out), str(k["code"]), str(k.get("name", out)))
        for out, k in (raw.get("kategorien") or {}).items()
    )
    return Aufschluesselung(
        name=raw["name"],
        merkmal=raw.get("merkmal", raw["name"]),
        kategorien=kategorien,
        top=raw.get("top"),
        ausgabe=raw.get("ausgabe", ""),
    )


def _datensatz(raw: dict[str, Any]) -> Datensatz:
    regeln = tuple(
        Regel(r["wenn"]["merkmal"], str(r["wenn"]["code"]), r["dann"]["merkmal"], r["dann"]["gruppe"])
        for r in raw.get("regeln") or []
    )
    jahre = raw.get("jahre") or [2000, 2100]
    return Datensatz(
        veroeffentlichung=_veroeffentlichung(raw.get("veroeffentlichung")),
        id=raw["id"],
        name=raw["name"],
        lieferant=raw["lieferant"],
        einheit=raw.get("einheit", "Personen"),
        zeitraum=raw.get("zeitraum", "jahr"),
        stichtag=str(raw.get("stichtag", "")),
        ebenen=tuple(raw.get("ebenen") or ["kreis"]),
        merkmale=dict(raw.get("merkmale") or {}),
        beschreibung=raw.get("beschreibung", ""),
        summierbar=bool(raw.get("summierbar", True)),
        regeln=regeln,
        jahre=(int(jahre[0]), int(jahre[1])),
        reihenbrueche=_reihenbrueche(raw),
    )


def _reihenbrueche(raw: dict[str, Any]) -> tuple[Reihenbruch, ...]:
    """`reihenbruch: {ab: 2023, text: "Zensus 2022"}` (or a list of such) of a dataset."""
    eintrag = raw.get("reihenbruch")
    if eintrag is None:
        return ()
    wo = f"Datensatz {raw.get('id')}: reihenbruch"
    brueche = []
    for b in eintrag if isinstance(eintrag, list) else [eintrag]:
        if not isinstance(b, dict) or not b.get("ab") or not str(b.get("text") or "").strip():
            raise KatalogFehler(
                [f"{wo} {b!r}: erwartet {{ab: <erster Zeitraum der neuen Basis>, text: ...}}"]
            )
        try:
            ab = zr.normalisiere(str(b["ab"]), raw.get("zeitraum", "jahr"))
        except ValueError as exc:
            raise KatalogFehler([f"{wo}: {exc}"]) from None
        brueche.append(Reihenbruch(ab, str(b["text"]).strip()))
    return tuple(sorted(brueche, key=lambda b: zr.stichtag(b.ab)))


def tabellenangabe(raw: Any) -> Tabellenangabe:
    """Eine Tabelle aus YAML: `{merkmale: [a, b], nur_kreis: true, gliederung: {b: attribut}}`."""
    if not isinstance(raw, dict) or not isinstance(raw.get("merkmale"), list):
        raise KatalogFehler([f"Tabelle {raw!r}: erwartet {{merkmale: [...], nur_kreis: ...}}"])
    return Tabellenangabe(
        merkmale=tuple(str(m) for m in raw["merkmale"]),
        nur_kreis=bool(raw.get("nur_kreis", False)),
        gliederung=tuple(_gliederung(str(m), g) for m, g in (raw.get("gliederung") or {}).items()),
        nullen_oeffentlich=bool(raw.get("nullen_oeffentlich", False)),
        nullen_bekannt=bool(raw.get("nullen_bekannt", False)),
        nur_gliederung=bool(raw.get("nur_gliederung", False)),
    )


def _gliederung(merkmal: str, raw: Any) -> Gliederung:
    """`{attribut: kontinent, gruppen: {europa: {name: Europa, werte: [europa]}, …}}`."""
    if not isinstance(raw, dict) or "attribut" not in raw or not isinstance(raw.get("gruppen"), dict):
        raise KatalogFehler(
            [f"Gliederung von {merkmal}: erwartet attribut und gruppen (id: {{name, werte}})"]
        )
    return Gliederung(
        merkmal=merkmal,
        attribut=str(raw["attribut"]),
        gruppen=tuple(
            (str(gid), str(g.get("name", gid)), tuple(str(w) for w in g.get("werte") or []))
            for gid, g in raw["gruppen"].items()
        ),
    )


def _veroeffentlichung(raw: Any) -> Veroeffentlichung | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise KatalogFehler([f"veroeffentlichung {raw!r}: erwartet schwelle, tabellen oder amtlich"])
    summen = raw.get("jahressumme_von") or []
    jahressummen = tuple(
        Jahressumme(
            datensatz=str(summe["datensatz"]),
            merkmale=tuple((str(h), str(d)) for h, d in (summe.get("merkmale") or {}).items()),
            codes=tuple(
                (str(m), str(hier), str(dort))
                for m, paare in (summe.get("codes") or {}).items()
                for hier, dort in paare.items()
            ),
        )
        for summe in (summen if isinstance(summen, list) else [summen])
    )
    gleich = raw.get("gleich_mit") or []
    return Veroeffentlichung(
        gleich_mit=tuple(
            Gleichheit(
                datensatz=str(g["datensatz"]),
                hier=tuple((str(m), str(c)) for m, c in (g.get("hier") or {}).items()),
                dort=tuple((str(m), str(c)) for m, c in (g.get("dort") or {}).items()),
            )
            for g in (gleich if isinstance(gleich, list) else [gleich])
        ),
        schwelle=int(raw.get("schwelle", 2)),
        tabellen=tuple(tabellenangabe(t) for t in raw.get("tabellen") or []),
        amtlich=bool(raw.get("amtlich", False)),
        jahressummen=jahressummen,
        mindestens_beitragende=int(raw.get("mindestens_beitragende", 0)),
        dominanz=float(raw.get("dominanz", 1.0)),
    )


ZIEL_SCHLUESSEL = ("jahr", "wert", "quelle", "gebiet")


def _ziel(raw: Any, wo: str, nr: int, kreis: str) -> tuple[Ziel | None, list[str]]:
    """One target entry; the problems of its raw YAML (unknown keys, types, missing source) in German."""
    if not isinstance(raw, dict):
        return None, [f"{wo}, Ziel Nr. {nr}: erwartet ist ein Eintrag mit jahr, wert und quelle"]
    fehler = []
    jahr = raw.get("jahr")
    name = f"Ziel Nr. {nr}"
    if jahr is None:
        fehler.append(f"{wo}, {name}: das Jahr (jahr) fehlt")
    elif isinstance(jahr, bool) or not isinstance(jahr, int):
        fehler.append(f"{wo}, {name}: „{jahr}“ ist keine Jahreszahl (Beispiel: jahr: 2026)")
    elif not 1950 <= jahr <= 2100:
        fehler.append(f"{wo}, {name}: das Jahr {jahr} liegt außerhalb von 1950–2100")
    else:
        name = f"Ziel {jahr}"
    fehler += [
        f"{wo}, {name}: unbekannter Schlüssel „{key}“ (erlaubt: {', '.join(ZIEL_SCHLUESSEL)})"
        for key in raw
        if key not in ZIEL_SCHLUESSEL
    ]
    wert = raw.get("wert")
    if wert is None:
        fehler.append(f"{wo}, {name}: der Zielwert (wert) fehlt")
    elif isinstance(wert, bool) or not isinstance(wert, int | float):
        fehler.append(f"{wo}, {name}: der Zielwert „{wert}“ ist keine Zahl (Dezimalpunkt, z. B. wert: 10.5)")
    elif not math.isfinite(wert):
        fehler.append(f"{wo}, {name}: der Zielwert muss eine endliche Zahl sein")
    quelle = raw.get("quelle")
    if not isinstance(quelle, str) or not quelle.strip():
        fehler.append(f"{wo}, {name}: die Quelle (quelle) fehlt; jeder Zielwert braucht seine Herkunft")
    if fehler:
        return None, fehler
    assert isinstance(jahr, int) and isinstance(wert, int | float) and isinstance(quelle, str)
    gebiet = str(raw.get("gebiet") or kreis)
    return Ziel(jahr, float(wert), quelle.strip(), gebiet), []


def _ziele(raw: dict[str, Any], datei: Path, kreis: str) -> tuple[tuple[Ziel, ...], list[str]]:
    """The targets of an indicator (sorted by region and year) and the problems of their raw entries."""
    eintraege = raw.get("ziele")
    if eintraege is None:
        return (), []
    wo = f"{datei}: Indikator {raw.get('id')}"
    if not isinstance(eintraege, list):
        return (), [f"{wo}: „ziele“ muss eine Liste von Zielwerten sein (- jahr: …, wert: …, quelle: …)"]
    ziele, fehler = [], []
    for nr, eintrag in enumerate(eintraege, start=1):
        ziel, probleme = _ziel(eintrag, wo, nr, kreis)
        fehler += probleme
        if ziel is not None:
            ziele.append(ziel)
    return tuple(sorted(ziele, key=lambda z: (z.gebiet, z.jahr))), fehler


def _indikator(raw: dict[str, Any], ziele: tuple[Ziel, ...] = ()) -> Indikator:
    zaehler = _term(raw["zaehler"])
    assert zaehler is not None
    return Indikator(
        id=raw["id"],
        name=raw["name"],
        handlungsfeld=raw["handlungsfeld"],
        definition=raw.get("definition", ""),
        einheit=raw.get("einheit", "anzahl"),
        richtung=raw.get("richtung", "neutral"),
        zaehler=zaehler,
        nenner=_term(raw.get("nenner")),
        nenner_quelle=raw.get("nenner_quelle", ""),
        aufschluesselungen=tuple(_aufschluesselung(a) for a in raw.get("aufschluesselungen") or []),
        pflicht_aufschluesselung=bool(raw.get("pflicht_aufschluesselung", False)),
        hinweis=raw.get("hinweis", ""),
        kernzahl=bool(raw.get("kernzahl", False)),
        faktor_abweichend=float(raw["faktor"]) if "faktor" in raw else None,
        ziele=ziele,
        insgesamt=raw.get("insgesamt", ""),
    )


def lade_katalog(verzeichnis: Path | str | None = None) -> Katalog:
    """Load and check a catalogue directory; raise KatalogFehler listing every problem."""
    verzeichnis = Path(verzeichnis) if verzeichnis else LDS_DIR
    if not verzeichnis.is_dir():
        raise KatalogFehler([f"{verzeichnis}: Katalogverzeichnis nicht gefunden"])
    try:
        kreis_cfg = _yaml(verzeichnis / "kreis.yaml")
        kreis, gebiete = _gebiete(verzeichnis, kreis_cfg)
        handlungsfelder = {
            h["id"]: Handlungsfeld(h["id"], int(h["nr"]), h["name"], h.get("beschreibung", ""))
            for h in _yaml(verzeichnis / "handlungsfelder.yaml")
        }
        lieferanten = {
            lf["id"]: Lieferant(lf["id"], lf["name"]) for lf in _yaml(verzeichnis / "lieferanten.yaml")
        }
        codelisten = {}
        for path in sorted((verzeichnis / "codelists").glob("*.yaml")):
            liste = _codeliste(_yaml(path))
            codelisten[liste.id] = liste
        datensaetze = {d["id"]: _datensatz(d) for d in _yaml(verzeichnis / "datensaetze.yaml")}
        indikatoren = {}
        ziel_fehler: list[str] = []
        for raw in _yaml(verzeichnis / "indikatoren.yaml"):
            ziele, probleme = _ziele(raw, verzeichnis / "indikatoren.yaml", kreis.code)
            ziel_fehler += probleme
            indikatoren[raw["id"]] = _indikator(raw, ziele)
    except KatalogFehler:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise KatalogFehler([f"{verzeichnis}: unvollständiger oder fehlerhafter Eintrag ({exc!r})"]) from None
    katalog = Katalog(
        kreis, gebiete, handlungsfelder, codelisten, lieferanten, datensaetze, indikatoren, str(verzeichnis)
    )
    fehler = ziel_fehler + pruefe(katalog)
    if (verzeichnis / KATALOG_KARTE).is_file():  # the map areas (imon kreis-anlegen): checked like the rest
        try:
            lies_karte(verzeichnis / KATALOG_KARTE, kreis.code)
        except KartenFehler as exc:
            fehler.append(str(exc))
    if fehler:
        raise KatalogFehler(fehler)
    return katalog


@functools.cache
def katalog(verzeichnis: str = "") -> Katalog:
    """The loaded catalogue, cached per directory ("" = the shipped LDS catalogue)."""
    return lade_katalog(verzeichnis or None)
