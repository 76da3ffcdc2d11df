"""Mapping profiles: how one source system's per-person export becomes a dataset's cube (pure).

A profile is YAML, no code (see profile/abh_beispiel.yaml): the region column, per dimension either a
column with code translations, an age from a date-of-birth column, or the Ausländergruppe derived from
residence title and nationality; and the columns that identify people, which never leave the office.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from integrationsmonitor.catalog.errors import KatalogFehler
from integrationsmonitor.catalog.loader import tabellenangabe
from integrationsmonitor.catalog.model import Katalog, Tabellenangabe

PROFIL_DIR = Path(__file__).parent / "profile"


class ProfilFehler(Exception):
    """A profile cannot be used; the message says which and why, in German."""


@dataclass(frozen=True)
class Merkmalsregel:
    merkmal: str
    spalte: str = ""  # column holding the value
    codes: dict[str, str] = field(default_factory=dict)  # source value -> code (besides the code list's own)
    alter_aus: str = ""  # date-of-birth column: age at the reference date -> age group
    aufenthaltstitel_spalte: str = ""  # Ausländergruppe: asyl by title, else eu/drittstaat by nationality
    asyl_titel: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profil:
    name: str
    beschreibung: str
    datensatz: str
    trennzeichen: str
    gebiet_spalte: str
    regeln: tuple[Merkmalsregel, ...]
    personenbezogen: tuple[str, ...]
    quelle: str
    tabellen: tuple[Tabellenangabe, ...]  # empty: the dataset's tables from the catalogue
    schwelle: int | None = None  # None: the dataset's threshold from the catalogue

    def spalten(self) -> set[str]:
        """Columns the profile reads."""
        genutzt = {self.gebiet_spalte}
        for r in self.regeln:
            genutzt |= {s for s in (r.spalte, r.alter_aus, r.aufenthaltstitel_spalte) if s}
        return genutzt


def _regel(merkmal: str, raw: dict[str, Any]) -> Merkmalsregel:
    return Merkmalsregel(
        merkmal=merkmal,
        spalte=str(raw.get("spalte", "")),
        codes={str(k): str(v) for k, v in (raw.get("codes") or {}).items()},
        alter_aus=str(raw.get("alter_aus", "")),
        aufenthaltstitel_spalte=str(raw.get("aufenthaltstitel_spalte", "")),
        asyl_titel=tuple(str(t) for t in raw.get("asyl_titel") or ()),
    )


def _schwelle(raw: object) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        raise ValueError(f"veroeffentlichung.schwelle {raw!r} ist keine ganze Zahl ≥ 0")
    return raw


def tabellen_von(profil: Profil, katalog: Katalog) -> tuple[tuple[Tabellenangabe, ...], int]:
    """The tables and threshold a profile publishes: its own, else the dataset's in the catalogue."""
    v = katalog.datensaetze[profil.datensatz].veroeffentlichung
    tabellen = profil.tabellen or (v.tabellen if v is not None else ())
    schwelle = profil.schwelle if profil.schwelle is not None else (v.schwelle if v is not None else 2)
    return tabellen, schwelle


def lade_profil(name_oder_pfad: str, katalog: Katalog) -> Profil:
    """A shipped profile by name, or a profile file by path; checked against the catalogue."""
    pfad = Path(name_oder_pfad)
    if not pfad.suffix:
        pfad = PROFIL_DIR / f"{name_oder_pfad}.yaml"
    if not pfad.is_file():
        bekannt = ", ".join(sorted(p.stem for p in PROFIL_DIR.glob("*.yaml")))
        raise ProfilFehler(f"Profil ‚{name_oder_pfad}‘ nicht gefunden (mitgeliefert: {bekannt})")
    try:
        raw = yaml.safe_load(pfad.read_text(encoding="utf-8"))
        if isinstance(raw, dict) and raw.get("art") == "tabelle":
            raise ProfilFehler(f"{pfad}: ist ein Tabellenprofil; für imon deliver --profile")
        if isinstance(raw, dict) and raw.get("art") == "genesis":
            raise ProfilFehler(f"{pfad}: ist ein GENESIS-Tabellenprofil; für imon import-genesis --profile")
        profil = Profil(
            name=str(raw["name"]),
            beschreibung=str(raw.get("beschreibung", "")),
            datensatz=str(raw["datensatz"]),
            trennzeichen=str((raw.get("datei") or {}).get("trennzeichen", ";")),
            gebiet_spalte=str(raw["gebiet"]["spalte"]),
            regeln=tuple(_regel(m, r) for m, r in (raw.get("merkmale") or {}).items()),
            personenbezogen=tuple(str(s) for s in raw.get("personenbezogen") or ()),
            quelle=str(pfad),
            tabellen=tuple(
                tabellenangabe(t) for t in (raw.get("veroeffentlichung") or {}).get("tabellen") or ()
            ),
            schwelle=_schwelle((raw.get("veroeffentlichung") or {}).get("schwelle")),
        )
    except KatalogFehler as exc:
        raise ProfilFehler(f"{pfad}: {'; '.join(exc.fehler)}") from None
    except (yaml.YAMLError, KeyError, TypeError, AttributeError, ValueError) as exc:
        raise ProfilFehler(f"{pfad}: Profil unvollständig oder fehlerhaft ({exc!r})") from None
    ds = katalog.datensaetze.get(profil.datensatz)
    if ds is None:
        raise ProfilFehler(f"{pfad}: unbekannter Datensatz {profil.datensatz}")
    fehlend = [m for m in ds.merkmale if m not in {r.merkmal for r in profil.regeln}]
    if fehlend:
        raise ProfilFehler(
            f"{pfad}: keine Regel für die Merkmale {', '.join(fehlend)} des Datensatzes {ds.id}"
        )
    if not profil.tabellen and not (ds.veroeffentlichung and ds.veroeffentlichung.tabellen):
        raise ProfilFehler(
            f"{pfad}: veroeffentlichung.tabellen fehlt, und der Katalog nennt für {ds.id} keine "
            "(welche Tabellen die Lieferung enthält)"
        )
    for t in profil.tabellen:
        if unbekannt := [m for m in t.merkmale if m not in ds.merkmale]:
            raise ProfilFehler(
                f"{pfad}: Tabelle {t.merkmale}: Merkmal(e) {', '.join(unbekannt)} nicht im Datensatz {ds.id}"
            )
    return profil
