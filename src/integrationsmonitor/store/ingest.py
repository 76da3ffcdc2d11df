"""The one service that writes deliveries: validate, version, audit — one transaction per delivery."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db import transaction

from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.formats.delivery_csv import lies_lieferung
from integrationsmonitor.formats.errors import FormatFehler

from .models import Beobachtung, Lieferung
from .validation import pruefe_lieferung

TRENNER = "|"  # joins dimension codes in Beobachtung.merkmale


@dataclass
class Lieferergebnis:
    angenommen: bool
    probleme: list[str] = field(default_factory=list)
    lieferung: Lieferung | None = None
    ersetzt: Lieferung | None = None
    unveraendert: bool = False  # the same file is already the active delivery
    weitere: list[Lieferergebnis] = field(default_factory=list)  # further periods of the same file (GENESIS)


def _abgelehnt(*probleme: str) -> Lieferergebnis:
    return Lieferergebnis(False, list(probleme))


def liefere(
    *,
    katalog: Katalog,
    daten: bytes,
    datei_name: str,
    datensatz: str,
    zeitraum: str,
    benutzer: str,
    lieferant: str | None = None,
    ist_demo: bool = False,
    quell_hash: str | None = None,
    amtlich: bool = False,
) -> Lieferergebnis:
    """Validate a delivery file and store it, superseding the active delivery of that dataset and period.

    A rejected delivery stores nothing and lists every problem. `quell_hash` records the hash of the
    original file when `daten` was converted from it (GENESIS import); `amtlich` marks a table a statistical
    office has already published and protected (published as delivered, see docs/geheimhaltung.md)."""
    ds = katalog.datensaetze.get(datensatz)
    if ds is None:
        return _abgelehnt(
            f"unbekannter Datensatz ‚{datensatz}‘ (bekannt: {', '.join(sorted(katalog.datensaetze))})"
        )
    lieferant = lieferant or ds.lieferant
    if lieferant != ds.lieferant:
        name = katalog.lieferanten[ds.lieferant].name
        return _abgelehnt(
            f"der Datensatz {datensatz} wird von {ds.lieferant} ({name}) geliefert, nicht von ‚{lieferant}‘"
        )
    try:
        zeitraum = zr.normalisiere(zeitraum, ds.zeitraum)
    except ValueError as exc:
        return _abgelehnt(f"Zeitraum: {exc}")
    try:
        tabelle = lies_lieferung(daten, datei_name)
    except FormatFehler as exc:
        return _abgelehnt(str(exc))
    pruefung = pruefe_lieferung(katalog, datensatz, zeitraum, tabelle)
    if not pruefung.ok:
        return _abgelehnt(
            *(f"{datei_name}, {p}" if p.zeile else f"{datei_name}: {p}" for p in pruefung.probleme)
        )
    datei_hash = quell_hash or hashlib.sha256(daten).hexdigest()
    with transaction.atomic():
        alt = (
            Lieferung.objects.select_for_update()
            .filter(datensatz=datensatz, zeitraum=zeitraum, status=Lieferung.Status.AKTIV)
            .first()
        )
        if alt is not None and alt.datei_hash == datei_hash:
            return Lieferergebnis(True, lieferung=alt, unveraendert=True)
        if alt is not None:
            alt.status = Lieferung.Status.ERSETZT
            alt.save(update_fields=["status"])
        neu = Lieferung.objects.create(
            datensatz=datensatz,
            zeitraum=zeitraum,
            lieferant=lieferant,
            datei_name=datei_name[:255],
            datei_hash=datei_hash,
            zellen=len(pruefung.zellen),
            benutzer=benutzer[:150],
            ist_demo=ist_demo,
            amtlich=amtlich,
        )
        Beobachtung.objects.bulk_create(
            (
                Beobachtung(
                    lieferung=neu,
                    gebiet=z.gebiet,
                    merkmale=TRENNER.join(z.merkmale),
                    wert=z.wert,
                    kennzeichen=z.kennzeichen,
                )
                for z in pruefung.zellen
            ),
            batch_size=2000,
        )
        if alt is not None:
            alt.ersetzt_durch = neu
            alt.save(update_fields=["ersetzt_durch"])
    return Lieferergebnis(True, lieferung=neu, ersetzt=alt)
