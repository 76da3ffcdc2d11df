"""`imon check`: report unsafe settings of this installation (exit 1 if any), see web.betriebspruefung,
and broken GENESIS table profiles of the package and the catalogue directory (exit 1 too)."""

from __future__ import annotations

import argparse

from integrationsmonitor.catalog.model import Katalog


def check(k: Katalog, args: argparse.Namespace) -> int:
    from integrationsmonitor.collect.genesisauswahl import pruefe_genesisprofile
    from integrationsmonitor.web.betriebspruefung import pruefe_betrieb

    befunde = pruefe_betrieb()
    unsicher = [f for f in befunde if f.unsicher]
    for f in befunde:
        print(f"{'UNSICHER' if f.unsicher else 'Hinweis '}  {f.text}")
    profile, profil_fehler = pruefe_genesisprofile(k)
    print(f"Hinweis   {len(profile)} GENESIS-Tabellenprofil(e) gegen den Katalog geprüft")
    for text in profil_fehler:
        print(f"FEHLER    {text}")
    if unsicher:
        print(f"{len(unsicher)} unsichere Einstellung(en): so nicht öffentlich betreiben.")
    if profil_fehler:
        print(f"{len(profil_fehler)} Fehler in GENESIS-Tabellenprofilen: imon import-genesis kann scheitern.")
    if unsicher or profil_fehler:
        return 1
    print("Keine unsicheren Einstellungen gefunden.")
    return 0
