"""`imon integreat-import`: the county's Integreat places and events as offers in /angebote/.

1. Read everything first (api.IntegreatClient): the region's languages, then per language of this site
   (settings.LANGUAGES) that the region offers its places and events. A failing or slow server or malformed JSON
   stops here, before anything is written.
2. Map (abbildung.eintraege) and store in one transaction: an offer per German `path` (`Angebot.integreat_pfad`),
   created, updated or left as it is; imported offers of this region that Integreat no longer lists are
   archived (not deleted, not shown); one that comes back is shown again.
3. Return a `Zusammenfassung` whose `text()` is the German summary the CLI prints.

Hostile or broken data: an answer that is no readable JSON (also one nested too deeply) stops the import in
step 1 (exit 1, nothing changed). Within a readable answer, a single bad entry does not stop the others: a
German entry whose path is not under `/{region}/` or longer than 500 characters, or that cannot be mapped at
all, is skipped and named ("Übersprungen"); an offer already stored under that path is left as it is (not
archived). Fields that are dropped (a link that is no http(s) address, a coordinate that is no number, an
unreadable end of a recurrence) are named per offer ("Hinweise").

Imported offers belong to one provider per region ("Integreat: <region name>", short name
`integreat-<slug>`) and carry `quelle = "integreat"`; they are maintained in Integreat and are read-only here.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from integrationsmonitor.catalog import bezeichnungen as bz
from integrationsmonitor.registry.models import Angebot, Angebotsort, Traeger
from integrationsmonitor.store.katalog import aktueller_katalog

from .abbildung import Eintrag, Gemeindeverzeichnis, Uebersprungen, eintraege
from .api import IntegreatClient, IntegreatFehler, Region, SpracheNichtGefunden

QUELLE = "integreat"
FELDER = (
    "name", "url", "beschreibung", "oeffnungszeiten", "kontakt", "kategorie", "breite", "laenge",
    "voruebergehend_geschlossen", "aktiv_von", "aktiv_bis", "uebersetzungen",
)  # fmt: skip
# Eintrag field → Angebot field where the names differ
ANGEBOTSFELD = {"url": "integreat_url"}
PFAD_HOECHSTENS = 500  # Angebot.integreat_pfad


class KonfigurationFehlt(IntegreatFehler):
    """URL or region not configured (the CLI exits with 2)."""


@dataclass
class Zusammenfassung:
    region: str
    neu: list[str] = field(default_factory=list)
    geaendert: list[str] = field(default_factory=list)
    unveraendert: list[str] = field(default_factory=list)
    archiviert: list[str] = field(default_factory=list)
    fehlende_sprachen: list[str] = field(default_factory=list)  # site languages the region does not offer
    ohne_uebersetzung: dict[str, list[str]] = field(default_factory=dict)  # language → offers without it
    ohne_gemeinde: list[str] = field(default_factory=list)  # "name (postcode town)"
    uebersprungen: list[Uebersprungen] = field(default_factory=list)  # entries not taken over at all
    hinweise: dict[str, list[str]] = field(default_factory=dict)  # offer name → what of it was left out

    def text(self) -> str:
        zeilen = [
            f"Integreat-Import {self.region}: {len(self.neu)} neu, {len(self.geaendert)} geändert, "
            f"{len(self.unveraendert)} unverändert, {len(self.archiviert)} archiviert."
        ]
        for titel, namen in (
            ("Neu", self.neu),
            ("Geändert", self.geaendert),
            ("Archiviert", self.archiviert),
        ):
            if namen:
                zeilen.append(f"{titel}: {', '.join(namen)}")
        for sprache in self.fehlende_sprachen:
            zeilen.append(
                f"Sprache {sprache}: bietet die Region nicht an; die übrigen Sprachen sind übernommen."
            )
        for sprache, namen in sorted(self.ohne_uebersetzung.items()):
            if namen:
                zeilen.append(f"Sprache {sprache}: {len(namen)} ohne Übersetzung ({', '.join(namen)}).")
        if self.ohne_gemeinde:
            zeilen.append(f"Ohne Gemeinde (Ort nicht im Katalog): {', '.join(self.ohne_gemeinde)}.")
        for u in self.uebersprungen:
            zeilen.append(f"Übersprungen: {u.pfad[:120]} – {u.grund}; die übrigen sind übernommen.")
        for name, hinweise in sorted(self.hinweise.items()):
            zeilen.append(f"Hinweis zu {name}: {'; '.join(hinweise)}.")
        return "\n".join(zeilen)


def gemeindeverzeichnis() -> Gemeindeverzeichnis:
    """The catalogue's Gemeinden with their main postcode (column `plz` of its gemeinden.csv, if there)."""
    k = aktueller_katalog()
    plz: dict[str, str] = {}
    datei = Path(k.quelle) / "gemeinden.csv"
    if datei.is_file():
        with datei.open(encoding="utf-8") as fh:
            plz = {z["ags"]: (z.get("plz") or "") for z in csv.DictReader(fh)}
    return Gemeindeverzeichnis((g.code, g.name, plz.get(g.code, "")) for g in k.gebiete_der_ebene("gemeinde"))


def lies(client: IntegreatClient) -> tuple[Region, dict[str, list[Any]], dict[str, list[Any]], list[str]]:
    """Everything the import needs, read before anything is written; the site languages left out."""
    region = client.region()
    if "de" not in region.codes:
        raise IntegreatFehler(
            f"Integreat-Region {client.region_slug} unter {client.basis_url} hat keine deutsche Fassung; "
            "ohne sie fehlt der Schlüssel der Angebote (der deutsche Pfad). Nichts geändert."
        )
    orte: dict[str, list[Any]] = {}
    ereignisse: dict[str, list[Any]] = {}
    fehlend = []
    for code, _name in settings.LANGUAGES:
        if code not in region.codes:
            fehlend.append(code)
            continue
        try:
            orte[code] = client.orte(code) if region.orte_an else []
            ereignisse[code] = client.ereignisse(code) if region.veranstaltungen_an else []
        except SpracheNichtGefunden:
            if code == "de":
                raise
            orte.pop(code, None)
            fehlend.append(code)
    return region, orte, ereignisse, fehlend


def importiere(client: IntegreatClient) -> Zusammenfassung:
    region, orte, ereignisse, fehlend = lies(client)
    uebersprungen: list[Uebersprungen] = []
    alle, ohne_uebersetzung = eintraege(orte, ereignisse, gemeindeverzeichnis(), uebersprungen)
    liste = []
    for e in alle:
        grund = pfad_fehler(e.pfad, client.region_slug)
        if grund:
            uebersprungen.append(Uebersprungen(e.pfad, grund))
        else:
            liste.append(e)
    z = Zusammenfassung(
        region=f"{region.slug} ({region.name})" if region.name else region.slug,
        fehlende_sprachen=fehlend,
        ohne_uebersetzung=ohne_uebersetzung,
        ohne_gemeinde=[f"{e.name} ({e.ohne_gemeinde})" for e in liste if e.ohne_gemeinde],
        uebersprungen=uebersprungen,
        hinweise={e.name: e.hinweise for e in liste if e.hinweise},
    )
    with transaction.atomic():
        _speichere(region, client.region_slug, liste, z)
    return z


def pfad_fehler(pfad: str, slug: str) -> str:
    """Why an entry's German path cannot be the key of an offer of region `slug` ("" if it can): only paths
    under `/{slug}/` are found again by the next run, and the key has at most 500 characters."""
    if not pfad.startswith(f"/{slug}/"):
        return f"Pfad liegt nicht unter /{slug}/ (wäre beim nächsten Lauf nicht wiederzufinden)"
    if len(pfad) > PFAD_HOECHSTENS:
        return f"Pfad ist länger als {PFAD_HOECHSTENS} Zeichen"
    return ""


def _traeger(region: Region, slug: str) -> Traeger:
    traeger, _neu = Traeger.objects.get_or_create(
        kurzname=f"integreat-{slug}"[:64],
        defaults={
            "name": f"Integreat: {region.name or slug}"[:200],
            "beschreibung": f"Aus der Integreat-App {bz.des_kreises(aktueller_katalog().kreis.typ)} übernommen (imon integreat-import).",
        },
    )
    return traeger


def _soll(e: Eintrag) -> dict[str, Any]:
    return {ANGEBOTSFELD.get(f, f): getattr(e, f) for f in FELDER}


def _speichere(region: Region, slug: str, liste: list[Eintrag], z: Zusammenfassung) -> None:
    vorhanden = {
        a.integreat_pfad: a
        for a in Angebot.objects.select_for_update()
        .filter(integreat_pfad__startswith=f"/{slug}/")
        .prefetch_related("orte")
    }
    if not liste and any(not a.archiviert for a in vorhanden.values()):
        raise IntegreatFehler(
            f"Integreat-Region {slug} liefert keinen einzigen Ort und keine Veranstaltung; "
            "vermutlich eine Störung – nichts archiviert, nichts geändert."
        )
    traeger = _traeger(region, slug)
    gesehen = {u.pfad for u in z.uebersprungen}  # skipped: an offer stored under it stays as it is
    for e in liste:
        if e.pfad in gesehen:  # Integreat listed one path twice: the first counts
            continue
        gesehen.add(e.pfad)
        soll = _soll(e)
        angebot = vorhanden.get(e.pfad)
        if angebot is None:
            angebot = Angebot(traeger=traeger, integreat_pfad=e.pfad, quelle=QUELLE, **soll)
            angebot.save()
            _setze_orte(angebot, e.orte)
            z.neu.append(e.name)
            continue
        orte_ist = [(o.gemeinde, o.adresse) for o in angebot.orte.all()]
        if (
            not angebot.archiviert
            and orte_ist == e.orte
            and all(getattr(angebot, k) == v for k, v in soll.items())
        ):
            z.unveraendert.append(e.name)
            continue
        for k, v in soll.items():
            setattr(angebot, k, v)
        angebot.archiviert = False
        angebot.quelle = QUELLE
        angebot.save()
        if orte_ist != e.orte:
            angebot.orte.all().delete()
            _setze_orte(angebot, e.orte)
        z.geaendert.append(e.name)
    for pfad, angebot in sorted(vorhanden.items(), key=lambda p: p[1].name):
        if pfad not in gesehen and not angebot.archiviert:
            angebot.archiviert = True
            angebot.save(update_fields=["archiviert"])
            z.archiviert.append(angebot.name)


def _setze_orte(angebot: Angebot, orte: list[tuple[str, str]]) -> None:
    for gemeinde, adresse in orte:
        Angebotsort.objects.create(angebot=angebot, gemeinde=gemeinde, adresse=adresse)


def importiere_aus_einstellungen(url: str | None = None, region: str | None = None) -> Zusammenfassung:
    """The import with the CLI's arguments, else settings.IMON_INTEGREAT_URL / IMON_INTEGREAT_REGION."""
    basis = (url or getattr(settings, "IMON_INTEGREAT_URL", "") or "").strip()
    slug = (region or getattr(settings, "IMON_INTEGREAT_REGION", "") or "").strip()
    fehlt = [n for n, w in (("IMON_INTEGREAT_URL (oder --url)", basis), ("IMON_INTEGREAT_REGION (oder --region)", slug)) if not w]  # fmt: skip
    if fehlt:
        raise KonfigurationFehlt(
            f"Integreat-Import nicht eingerichtet: {' und '.join(fehlt)} fehlt. Siehe docs/integreat.md."
        )
    return importiere(IntegreatClient(basis, slug))
