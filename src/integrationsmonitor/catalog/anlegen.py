"""`imon kreis-anlegen AGS -o DIR`: a complete, checked catalogue directory for any Kreis (pure, no Django).

Writes into a temporary directory beside DIR, loads and checks what it wrote (`catalog.loader.lade_katalog`)
and only then moves it to DIR: a catalogue that does not pass the check leaves nothing behind.

What is copied from the shipped default (`data/lds/`) and what is changed:
- the county: `kreis.yaml` (name, type, short name, Land) and `gemeinden.csv` from BKG VG5000
  (`catalog.gebietsdaten`); a kreisfreie Stadt gets its one Gemeinde (and that Gemeinde as its own Verband),
  so every dataset with `ebenen: [kreis, verband, gemeinde]` keeps working;
- `karte.geojson`: the areas of the Kreis, its Verbände and Gemeinden for the maps (`publish.karte`);
- `handlungsfelder.yaml`, the code lists and `datensaetze.yaml` unchanged, except: the supplier `statistik` is
  the Land's statistical office; the code lists of the default county's own projects, counselling sites and
  initiatives (`COUNTY_LISTEN`) are written empty (the county adds its own), and a dataset whose protection
  links codes of those lists (`jahressumme_von`, `gleich_mit`) loses that link;
- `indikatoren.yaml` without the indicators that count one named project or site of the default county (their
  filter names a code of an emptied list) and without targets (`ziele`: the default's are demo targets).
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import gebietsdaten as gd
from .errors import KatalogFehler
from .loader import LDS_DIR, lade_katalog
from .model import TOTAL, Katalog
from .zielverzeichnis import ersetzen, os_fehler, pruefe_ziel

COUNTY_LISTEN = ("beratungsstelle", "projekt", "initiative")
"""Code lists that name the default county's own projects, counselling sites and initiatives."""
LAND_LISTEN = ("schulart", "schulabschluss")
"""Code lists that follow the default's Land (Brandenburg's school types and leaving qualifications)."""

DATEIEN = (
    "kreis.yaml",
    "gemeinden.csv",
    "karte.geojson",
    "handlungsfelder.yaml",
    "lieferanten.yaml",
    "datensaetze.yaml",
    "indikatoren.yaml",
    "README.md",
    "codelists",
)
LDS_STATISTIK = "Amt für Statistik Berlin-Brandenburg"
LDS_LAND = "Land Brandenburg"
LDS_LAND_SCHLUESSEL = "12"


@dataclass
class Ergebnis:
    verzeichnis: Path
    katalog: Katalog
    kreis: gd.Kreis
    weggelassen: list[str] = field(default_factory=list)  # indicator ids not copied


def _bloecke(text: str) -> tuple[str, list[str]]:
    """A YAML list file split into its head (comments) and one text block per top-level `- id:` entry;
    comment lines between two entries belong to the next one."""
    kopf: list[str] = []
    bloecke: list[list[str]] = []
    offen: list[str] = []  # comment lines waiting for the next entry
    for zeile in text.splitlines(keepends=True):
        if zeile.startswith("- "):
            bloecke.append([*offen, zeile])
            offen = []
        elif zeile.startswith("#") or not zeile.strip():
            (offen if bloecke else kopf).append(zeile)
        elif bloecke:
            bloecke[-1] += [*offen, zeile]
            offen = []
        else:
            kopf.append(zeile)
    if offen and bloecke:
        bloecke[-1] += offen
    return "".join(kopf), ["".join(b) for b in bloecke]


def _eintraege(text: str, bloecke: list[str], datei: str) -> list[dict[str, Any]]:
    """The parsed entries of a list file, one per block (parsed whole: anchors may span entries)."""
    daten = yaml.safe_load(text)
    if not isinstance(daten, list) or len(daten) != len(bloecke):
        raise KatalogFehler([f"{LDS_DIR / datei}: Einträge nicht erkannt (erwartet: eine Liste von - id: …)"])
    return daten


def _codes_der_filter(ds: dict[str, Any], filter_: dict[str, Any] | None) -> list[tuple[str, str]]:
    """(code list, code) of every code a filter names."""
    paare = []
    for merkmal, wert in (filter_ or {}).items():
        if isinstance(wert, dict):  # {gruppe: …} or {attribute: …}: no single code
            continue
        for code in wert if isinstance(wert, list) else [wert]:
            if str(code) != TOTAL:
                paare.append((str((ds.get("merkmale") or {}).get(merkmal, "")), str(code)))
    return paare


def _indikator_braucht_leere_liste(ind: dict[str, Any], datensaetze: dict[str, dict[str, Any]]) -> bool:
    for term in (ind.get("zaehler"), ind.get("nenner")):
        if not term:
            continue
        ds = datensaetze.get(term.get("datensatz"), {})
        if any(liste in COUNTY_LISTEN for liste, _ in _codes_der_filter(ds, term.get("filter"))):
            return True
    return False


def _ohne_ziele(block: str) -> str:
    """The block without its `ziele:` entry (a key at indent 2 and everything indented below it)."""
    zeilen, weg = [], False
    for zeile in block.splitlines(keepends=True):
        if zeile.startswith("  ziele:"):
            weg = True
            continue
        if weg and (zeile.startswith("   ") or zeile.startswith("  - ")):
            continue
        weg = False
        zeilen.append(zeile)
    return "".join(zeilen)


def _datensatz_ohne_verweise(ds: dict[str, Any]) -> dict[str, Any] | None:
    """The dataset without `jahressumme_von` / `gleich_mit` links that name codes of emptied lists, or None
    when it has none."""
    v = ds.get("veroeffentlichung") or {}
    geaendert = False
    for schluessel in ("jahressumme_von", "gleich_mit"):
        eintraege = v.get(schluessel)
        if not eintraege:
            continue
        liste = eintraege if isinstance(eintraege, list) else [eintraege]
        text = json.dumps(liste, ensure_ascii=False)
        if any(f'"{c}"' in text for c in _leere_codes()):
            v.pop(schluessel)
            geaendert = True
    return ds if geaendert else None


@functools.cache
def _leere_codes() -> frozenset[str]:
    """The codes of the default county's own projects, sites and initiatives (COUNTY_LISTEN)."""
    codes: set[str] = set()
    for liste in COUNTY_LISTEN:
        daten = yaml.safe_load((LDS_DIR / "codelists" / f"{liste}.yaml").read_text(encoding="utf-8"))
        codes |= {str(c["code"]) for c in daten.get("codes") or []}
    return frozenset(codes)


def _anpassen(text: str, kreis: gd.Kreis) -> str:
    """Texts naming the default's Land, statistical office and Kreis type, for this county's."""
    text = text.replace(LDS_STATISTIK, kreis.statistikamt).replace(LDS_LAND, f"Land {kreis.land}")
    text = text.replace("Indicators of the LDS monitoring", "Indicators of the county's monitoring")
    text = text.replace("Stellwerke, ", "")  # the default county's own counselling sites
    text = text.replace("Beratung durch das Welcome Center", "Beratung durch ein Welcome Center")
    text = text.replace(", wie im Bericht der Migrationsbeauftragten (Kap. I.1)", "")  # the default's report
    # a figure of the default county in a note (Ausländeranteil: register versus official population)
    text = re.sub(
        r"\): 2024 liegt das Melderegister rund [\d.]+ Personen über der Fortschreibung\.", ").", text
    )
    if kreis.kreisfrei or kreis.ags[:2] in gd.STADTSTAATEN:
        # also where a folded YAML text breaks the line between the two words
        for alt, artikel in (("im", "in der"), ("des", "der"), ("dem", "der"), ("den", "die")):
            text = re.sub(rf"\b{alt}(\s+)Landkreis(es)?\b", rf"{artikel}\1Stadt", text)
        # a city's sports clubs are organised in a Stadtsportbund (supplier name, dataset and indicator texts)
        text = text.replace("Kreissportbund", "Stadtsportbund")
        text = text.replace("auch die des Kreises", "auch die der Stadt")
        text = text.replace("Der Kreiswert ist", "Der Wert der ganzen Stadt ist")
    elif kreis.bez != "Landkreis":
        text = re.sub(r"\bLandkreis", kreis.bez, text)
    return text


def _ohne_schluessel(block: str, schluessel: str) -> str:
    """The block without the key `schluessel` at indent 4 (with everything indented below it and the comment
    lines directly above it)."""
    zeilen = block.splitlines(keepends=True)
    start = next(i for i, z in enumerate(zeilen) if z.startswith(f"    {schluessel}:"))
    ende = start + 1
    while ende < len(zeilen) and zeilen[ende].startswith("     "):
        ende += 1
    while start > 0 and zeilen[start - 1].startswith("    #"):
        start -= 1
    return "".join(zeilen[:start] + zeilen[ende:])


def _datensaetze(kreis: gd.Kreis) -> tuple[str, dict[str, dict[str, Any]]]:
    text = (LDS_DIR / "datensaetze.yaml").read_text(encoding="utf-8")
    kopf, bloecke = _bloecke(text)
    teile, alle = [kopf], {}
    for block, ds in zip(bloecke, _eintraege(text, bloecke, "datensaetze.yaml"), strict=True):
        alle[ds["id"]] = ds
        vorher = set((ds.get("veroeffentlichung") or {}).keys())
        if _datensatz_ohne_verweise(ds) is not None:
            for schluessel in vorher - set(ds["veroeffentlichung"]):
                block = _ohne_schluessel(block, schluessel)
            block = (
                f"# {ds['id']}: {', '.join(sorted(vorher - set(ds['veroeffentlichung'])))} entfernt: verknüpfte "
                "Codes des Standardkreises (imon kreis-anlegen)\n" + block
            )
        teile.append(block)
    return _anpassen("".join(teile), kreis), alle


def _indikatoren(kreis: gd.Kreis, datensaetze: dict[str, dict[str, Any]]) -> tuple[str, list[str]]:
    text = (LDS_DIR / "indikatoren.yaml").read_text(encoding="utf-8")
    kopf, bloecke = _bloecke(text)
    teile, weggelassen = [kopf], []
    for block, ind in zip(bloecke, _eintraege(text, bloecke, "indikatoren.yaml"), strict=True):
        if _indikator_braucht_leere_liste(ind, datensaetze):
            weggelassen.append(str(ind["id"]))
            # keep the section comments (`# --- Handlungsfeld …`) that precede the entry
            teile.append(
                "".join(z for z in block.splitlines(keepends=True) if z.startswith("#") or not z.strip())
            )
            continue
        teile.append(_ohne_ziele(block))
    return _anpassen("".join(teile), kreis), weggelassen


def _kreis_yaml(kreis: gd.Kreis) -> str:
    return (
        f"# {kreis.name}, angelegt mit `imon kreis-anlegen {kreis.ags}` aus BKG VG5000 (Stand 01.01.2021).\n"
        + yaml.safe_dump(
            {
                "ags": kreis.ags,
                "name": kreis.name,
                "typ": kreis.bez,
                "kurzname": kreis.gen,
                "land": kreis.land,
                "gemeinden": "gemeinden.csv",
            },
            allow_unicode=True,
            sort_keys=False,
        )
    )


def _gemeinden_csv(zeilen: list[gd.GemeindeZeile]) -> str:
    puffer = io.StringIO()
    w = csv.writer(puffer, lineterminator="\n")
    w.writerow(["ags", "ars", "gemeinde", "verband_ars9", "verband_name", "verband_typ"])
    for z in zeilen:
        w.writerow([z.ags, z.ars, z.gemeinde, z.verband_ars9, z.verband_name, z.verband_typ])
    return puffer.getvalue()


def _lieferanten(kreis: gd.Kreis) -> str:
    return _anpassen((LDS_DIR / "lieferanten.yaml").read_text(encoding="utf-8"), kreis)


def _leere_liste(liste: str) -> str:
    daten = yaml.safe_load((LDS_DIR / "codelists" / f"{liste}.yaml").read_text(encoding="utf-8"))
    return (
        f"# {daten.get('name', liste)}: die Codes des Standardkreises sind nicht übernommen (imon kreis-anlegen);\n"
        "# der Kreis trägt hier seine eigenen ein: - {code: kurzer-code, name: Anzeigename}\n"
        + yaml.safe_dump(
            {"id": liste, "name": daten.get("name", liste), "codes": []}, allow_unicode=True, sort_keys=False
        )
    )


def _readme(kreis: gd.Kreis, zeilen: list[gd.GemeindeZeile], weggelassen: list[str]) -> str:
    verbaende = {z.verband_ars9: z.verband_typ for z in zeilen}
    arten = ", ".join(f"{n} {t}" for t, n in sorted(_zaehle(verbaende.values()).items()))
    stadt = (
        "\nAls kreisfreie Stadt hat der Kreis eine einzige Gemeinde (die Stadt selbst, zugleich ihr eigener "
        "Verband): Lieferungen nach Gemeinde gehen an diesen Schlüssel, die Karte zeigt eine Fläche.\n"
        if len(zeilen) == 1
        else ""
    )
    schulen = (
        ""
        if kreis.ags.startswith(LDS_LAND_SCHLUESSEL)
        else f"""- Die Codelisten {", ".join(f"`{c}`" for c in LAND_LISTEN)} tragen die Schularten und Abschlüsse des
  Landes Brandenburg (Schulstatistik 21111). Sie unterscheiden sich je Land: bitte mit der Schulstatistik des
  Landes {kreis.land} abgleichen, ebenso die GENESIS-Profile `schueler_21111` und `schulabgaenger_21111`
  (eigene Profile in `genesis/` dieses Verzeichnisses, siehe docs/profile.md).
"""
    )
    return f"""# Katalog {kreis.name}

Angelegt mit `imon kreis-anlegen {kreis.ags}`: die Gebiete aus BKG VG5000 (Stand 01.01.2021), Indikatoren,
Datensätze und Codelisten aus dem mitgelieferten Standardkatalog (Landkreis Dahme-Spreewald). Die Website für
diesen Kreis: `IMON_CATALOG_DIR=<dieses Verzeichnis> imon serve`.

- `kreis.yaml`: {kreis.name} (AGS {kreis.ags}), Land {kreis.land}.
- `gemeinden.csv`: {len(zeilen)} Gemeinden in {len(verbaende)} Verbänden ({arten}).{stadt}
- `karte.geojson`: die Flächen des Kreises, der Verbände und der Gemeinden für die Karten.
  Quelle: BKG VG5000, Stand 01.01.2021, Datenlizenz Deutschland – Namensnennung – Version 2.0;
  `© GeoBasis-DE / BKG 2021 (Daten verändert)` (nur die Gebiete dieses Kreises; Attribute `ebene`, `code`,
  `GEN`, `BEZ`). Gebietsänderungen nach 2021 fehlen: bitte `gemeinden.csv` mit dem aktuellen
  Gemeindeverzeichnis vergleichen.
- `lieferanten.yaml`: amtliche Statistik: {kreis.statistikamt}.

## Was vom Standardkatalog abweicht

- Die Codelisten {", ".join(f"`{c}`" for c in COUNTY_LISTEN)} nennen Projekte, Beratungsstellen und
  Initiativen des Standardkreises; sie sind leer. Der Kreis trägt seine eigenen ein (`codelists/*.yaml`).
- Deshalb fehlen die Indikatoren, die ein einzelnes dieser Projekte zählen: {", ".join(weggelassen) or "keine"}.
  Mit eigenen Projekten lassen sie sich aus `indikatoren.yaml` des Standardkatalogs zurückholen.
{schulen}- Die Zielwerte (`ziele`) des Standardkatalogs sind Beispielziele der Demo und fehlen hier.
- Datensätze, deren Geheimhaltung Codes dieser Listen verknüpft (`jahressumme_von`), haben diese Verknüpfung
  nicht mehr (in `datensaetze.yaml` kommentiert).

Nach jeder Änderung: `IMON_CATALOG_DIR=<dieses Verzeichnis> imon indicators` lädt und prüft den Katalog.
"""


def _zaehle(werte: Any) -> dict[str, int]:
    zaehler: dict[str, int] = {}
    for w in werte:
        zaehler[w] = zaehler.get(w, 0) + 1
    return zaehler


def _schreiben(ziel: Path, kreis: gd.Kreis) -> list[str]:
    zeilen = gd.gemeinden(kreis)
    if not zeilen:
        raise KatalogFehler([f"{kreis.ags} {kreis.name}: keine Gemeinden in den Gebietsdaten"])
    (ziel / "kreis.yaml").write_text(_kreis_yaml(kreis), encoding="utf-8")
    (ziel / "gemeinden.csv").write_text(_gemeinden_csv(zeilen), encoding="utf-8")
    (ziel / "karte.geojson").write_text(
        json.dumps(gd.karte(kreis, zeilen), ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    (ziel / "handlungsfelder.yaml").write_text(
        _anpassen((LDS_DIR / "handlungsfelder.yaml").read_text(encoding="utf-8"), kreis), encoding="utf-8"
    )
    (ziel / "lieferanten.yaml").write_text(_lieferanten(kreis), encoding="utf-8")
    (ziel / "codelists").mkdir()
    for pfad in sorted((LDS_DIR / "codelists").glob("*.yaml")):
        if pfad.stem in COUNTY_LISTEN:
            (ziel / "codelists" / pfad.name).write_text(_leere_liste(pfad.stem), encoding="utf-8")
        else:  # the source names the Land's statistical office
            text = _anpassen(pfad.read_text(encoding="utf-8"), kreis)
            (ziel / "codelists" / pfad.name).write_text(text, encoding="utf-8")
    datensaetze_text, datensaetze = _datensaetze(kreis)
    (ziel / "datensaetze.yaml").write_text(datensaetze_text, encoding="utf-8")
    indikatoren_text, weggelassen = _indikatoren(kreis, datensaetze)
    (ziel / "indikatoren.yaml").write_text(indikatoren_text, encoding="utf-8")
    (ziel / "README.md").write_text(_readme(kreis, zeilen, weggelassen), encoding="utf-8")
    return weggelassen


def kreis_anlegen(ags: str, ziel: Path | str, *, ueberschreiben: bool = False) -> Ergebnis:
    """Write the checked catalogue of the Kreis `ags` to `ziel`; KatalogFehler (nothing written) otherwise.

    `ziel` is made absolute (`-o .` names the current directory, which is refused); a symbolic link is
    refused, and `ueberschreiben` replaces only a directory holding nothing but a catalogue of this command.
    The old catalogue is moved aside first and deleted only once the new one is in place."""
    ziel = Path(ziel).absolute()
    kreis = gd.finde_kreis(ags)
    pruefe_ziel(ziel, ueberschreiben, DATEIEN)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{ziel.name}-", dir=ziel.parent))
    except OSError as exc:
        raise os_fehler(exc, "Schreiben", ziel.parent) from None
    alt: Path | None = None
    try:
        tmp.chmod(0o755)
        try:
            weggelassen = _schreiben(tmp, kreis)
        except OSError as exc:
            raise os_fehler(exc, "Schreiben", ziel) from None
        try:
            katalog = lade_katalog(tmp)
        except KatalogFehler as exc:
            raise KatalogFehler(
                [f"der Katalog für {kreis.name} besteht die Katalogprüfung nicht; nichts geschrieben:"]
                + [re.sub(re.escape(str(tmp)), str(ziel), f) for f in exc.fehler]
            ) from None
        alt = ersetzen(tmp, ziel, ueberschreiben)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
        if alt is not None and alt.exists() and ziel.is_dir():
            shutil.rmtree(alt)
    return Ergebnis(ziel, dataclasses.replace(katalog, quelle=str(ziel)), kreis, weggelassen)
