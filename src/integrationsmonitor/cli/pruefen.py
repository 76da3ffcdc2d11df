"""`imon check`: report unsafe settings of this installation (exit 1 if any), see web.betriebspruefung,
and broken GENESIS table profiles of the package and the catalogue directory, and shipped table profiles
that do not fit the catalogue (exit 1 too)."""

from __future__ import annotations

import argparse

from integrationsmonitor.catalog.model import Katalog


def check(k: Katalog, args: argparse.Namespace) -> int:
    from integrationsmonitor.collect.genesisauswahl import pruefe_genesisprofile
    from integrationsmonitor.collect.tabellenprofil import pruefe_tabellenprofile
    from integrationsmonitor.web.betriebspruefung import pruefe_betrieb

    befunde = pruefe_betrieb()
    unsicher = [f for f in befunde if f.unsicher]
    for f in befunde:
        print(f"{'UNSICHER' if f.unsicher else 'Hinweis '}  {f.text}")
    profile, profil_fehler = pruefe_genesisprofile(k)
    print(f"Hinweis   {len(profile)} GENESIS-Tabellenprofil(e) gegen den Katalog geprüft")
    for text in profil_fehler:
        print(f"FEHLER    {text}")
    tabellen, tabellen_fehler = pruefe_tabellenprofile(k)
    print(f"Hinweis   {len(tabellen)} Tabellenprofil(e) passen zum Katalog")
    for text in tabellen_fehler:
        print(f"FEHLER    {text}")
    if unsicher:
        print(f"{len(unsicher)} unsichere Einstellung(en): so nicht öffentlich betreiben.")
    if profil_fehler:
        print(f"{len(profil_fehler)} Fehler in GENESIS-Tabellenprofilen: imon import-genesis kann scheitern.")
    if tabellen_fehler:
        print(
            f"{len(tabellen_fehler)} Tabellenprofil(e) passen nicht zum Katalog: das Lieferformular bietet sie "
            "nicht an, imon deliver --profile scheitert."
        )
    if unsicher or profil_fehler or tabellen_fehler:
        return 1
    print("Keine unsicheren Einstellungen gefunden.")
    return 0
