"""Which GENESIS profile serves a table (pure, no Django).

Profiles come from the package (profile/genesis/*.yaml) and from the catalogue directory
(`<IMON_CATALOG_DIR>/genesis/*.yaml`, a county's own official tables); `--profile` may also name a YAML file
anywhere. A table is served by the profile that names its full table code (`12411-01-01-4`), else by the one
that names its statistic (`12411`). Two profiles claiming the same table at the same level, an unknown
profile name and a table no profile serves are German errors listing the known profiles.
"""

from __future__ import annotations

import re
from pathlib import Path

from integrationsmonitor.catalog.model import Katalog

from .genesisprofil import (
    GENESIS_PROFIL_DIR,
    STATISTIK,
    GenesisProfil,
    GenesisProfilFehler,
    lies_genesisprofil,
)

_TABELLE_IM_NAMEN = re.compile(r"(\d{5}(?:-[0-9A-Za-z]{1,6}){1,4}?)(?=_|\.|$)")


def profil_verzeichnisse(katalog: Katalog) -> list[Path]:
    """The shipped profiles, then the catalogue directory's own (if it has a genesis/ folder)."""
    verzeichnisse = [GENESIS_PROFIL_DIR]
    if katalog.quelle and (Path(katalog.quelle) / "genesis").is_dir():
        verzeichnisse.append(Path(katalog.quelle) / "genesis")
    return verzeichnisse


def genesisprofile(katalog: Katalog) -> list[GenesisProfil]:
    """Every GENESIS profile of the package and the catalogue directory, checked; names must be unique."""
    profile: list[GenesisProfil] = []
    for verzeichnis in profil_verzeichnisse(katalog):
        profile += [lies_genesisprofil(p, katalog) for p in sorted(verzeichnis.glob("*.yaml"))]
    namen: dict[str, GenesisProfil] = {}
    for p in profile:
        if p.name in namen:
            raise GenesisProfilFehler(
                f"{p.quelle}: name ‚{p.name}‘ hat schon das GENESIS-Profil {namen[p.name].quelle}"
            )
        namen[p.name] = p
    return profile


def doppelte_tabellen(profile: list[GenesisProfil]) -> list[str]:
    """German messages for every table that more than one profile claims (for `imon check`)."""
    je_tabelle: dict[str, list[str]] = {}
    for p in profile:
        for t in p.tabellen:
            je_tabelle.setdefault(t, []).append(p.name)
    return [
        f"Tabelle {t} wird von mehreren GENESIS-Profilen beansprucht: {', '.join(namen)}"
        for t, namen in sorted(je_tabelle.items())
        if len(namen) > 1
    ]


def pruefe_genesisprofile(katalog: Katalog) -> tuple[list[GenesisProfil], list[str]]:
    """Every loadable profile and a German message for each problem (for `imon check`): broken files,
    names given twice, tables claimed twice."""
    profile: list[GenesisProfil] = []
    fehler: list[str] = []
    for verzeichnis in profil_verzeichnisse(katalog):
        for pfad in sorted(verzeichnis.glob("*.yaml")):
            try:
                profile.append(lies_genesisprofil(pfad, katalog))
            except GenesisProfilFehler as exc:
                fehler.append(str(exc))
    namen: dict[str, str] = {}
    for p in profile:
        if p.name in namen:
            fehler.append(f"{p.quelle}: name ‚{p.name}‘ hat schon das GENESIS-Profil {namen[p.name]}")
        namen.setdefault(p.name, p.quelle)
    return profile, fehler + doppelte_tabellen(profile)


def _bekannt(profile: list[GenesisProfil]) -> str:
    return (
        ", ".join(f"{p.name} ({', '.join(p.tabellen)})" for p in sorted(profile, key=lambda p: p.name))
        or "keine"
    )


def lade_genesisprofil(name_oder_pfad: str, katalog: Katalog) -> GenesisProfil:
    """`--profile`: a YAML file by path (ends in .yaml/.yml or names a folder), else a profile by name."""
    pfad = Path(name_oder_pfad)
    if pfad.suffix in (".yaml", ".yml") or len(pfad.parts) > 1:
        if not pfad.is_file():
            raise GenesisProfilFehler(f"GENESIS-Profil {pfad}: Datei nicht gefunden")
        return lies_genesisprofil(pfad, katalog)
    profile = genesisprofile(katalog)
    for p in profile:
        if p.name == name_oder_pfad:
            return p
    raise GenesisProfilFehler(
        f"GENESIS-Profil ‚{name_oder_pfad}‘ nicht gefunden (bekannt: {_bekannt(profile)})"
    )


def tabelle_im_dateinamen(datei: str) -> str:
    """The full table code a GENESIS download is named after (`12411-01-01-4_1773…_flat.csv`), or ""."""
    m = _TABELLE_IM_NAMEN.match(Path(datei).name)
    return m.group(1) if m else ""


def waehle_genesisprofil(katalog: Katalog, tabelle: str, statistik: str, datei: str) -> GenesisProfil:
    """The profile of a table: the one naming its full code `tabelle` (may be ""), else its `statistik`."""
    profile = genesisprofile(katalog)
    for gesucht in (tabelle, statistik):
        if not gesucht:
            continue
        treffer = [p for p in profile if gesucht in p.tabellen]
        if len(treffer) > 1:
            raise GenesisProfilFehler(
                f"{datei}: Tabelle {gesucht} wird von mehreren GENESIS-Profilen beansprucht "
                f"({', '.join(p.name for p in treffer)}); bitte mit --profile eines wählen"
            )
        if treffer:
            return treffer[0]
    wer = f"Tabelle {tabelle} / Statistik {statistik}" if tabelle else f"Statistik {statistik}"
    if not STATISTIK.fullmatch(statistik):
        wer = f"Tabelle ‚{statistik}‘"
    einzeln = [p for p in profile if any(t.startswith(f"{statistik}-") for t in p.tabellen)]
    if einzeln and not tabelle:
        raise GenesisProfilFehler(
            f"{datei}: Statistik {statistik} ist keinem Datensatz zugeordnet – der Dateiname nennt keinen "
            f"Tabellencode, und GENESIS-Profile gibt es nur für einzelne Tabellen dieser Statistik: "
            f"{_bekannt(einzeln)}; bitte mit --profile eines wählen oder die Datei nach ihrer Tabelle benennen"
        )
    raise GenesisProfilFehler(
        f"{datei}: {wer} ist keinem Datensatz zugeordnet – kein GENESIS-Profil nennt sie "
        f"(bekannt: {_bekannt(profile)}); eigenes Profil mit --profile DATEI.yaml"
    )
