"""`imon check`: report unsafe settings of this installation (exit 1 if any), see web.betriebspruefung."""

from __future__ import annotations

import argparse

from integrationsmonitor.catalog.model import Katalog


def check(k: Katalog, args: argparse.Namespace) -> int:
    from integrationsmonitor.web.betriebspruefung import pruefe_betrieb

    befunde = pruefe_betrieb()
    unsicher = [f for f in befunde if f.unsicher]
    for f in befunde:
        print(f"{'UNSICHER' if f.unsicher else 'Hinweis '}  {f.text}")
    if unsicher:
        print(f"{len(unsicher)} unsichere Einstellung(en): so nicht öffentlich betreiben.")
        return 1
    print("Keine unsicheren Einstellungen gefunden.")
    return 0
