"""Figures of organisations are collected and published once per period, never one version per upload.

If every initiative's upload made a new public version, the difference of two versions would be the
newcomer's figure (docs/geheimhaltung.md, section 8). So an organisation's upload of a dataset with
`mindestens_beitragende` is kept here as a `Sammelmeldung` (no public page shows it; a new upload replaces
the organisation's report), and the Amt publishes the period with one action: `veroeffentliche` merges the
reports into the fine cells of the active delivery and delivers the result through `store.ingest.liefere`,
which forms the sums under the rules and refuses a new version that would show a figure (store.beitragende).
Published reports are removed; refused ones stay for the next attempt.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from integrationsmonitor.catalog.model import Datensatz, Katalog

from . import beitragende
from .ingest import Lieferergebnis, liefere
from .models import Lieferung, Sammelmeldung


def sammle(
    *, ds: Datensatz, zeitraum: str, eigentuemer: str, fein: beitragende.Fein, benutzer: str
) -> Lieferergebnis:
    """Keep an organisation's report of a period (replacing its earlier one); publishes nothing."""
    Sammelmeldung.objects.update_or_create(
        datensatz=ds.id,
        zeitraum=zeitraum,
        eigentuemer=eigentuemer,
        defaults={
            "zellen": [[g, o, k, w] for (g, o, k), w in sorted(fein.items())],
            "benutzer": benutzer[:150],
            "eingegangen_am": timezone.now(),
        },
    )
    return Lieferergebnis(True, gesammelt=zeitraum)


@dataclass(frozen=True)
class Stand:
    """The fine cells a publication of the period would deliver and how many reports go into it."""

    fein: beitragende.Fein
    meldungen: Q  # exactly the reports read (a report replaced meanwhile is not among them)


def stand(ds: Datensatz, zeitraum: str) -> Stand:
    aktiv = Lieferung.objects.filter(
        datensatz=ds.id, zeitraum=zeitraum, status=Lieferung.Status.AKTIV
    ).first()
    fein = beitragende.fein_aus_lieferung(ds, aktiv) if aktiv is not None else {}
    meldungen = list(Sammelmeldung.objects.filter(datensatz=ds.id, zeitraum=zeitraum).order_by("id"))
    gelesen = Q(pk__in=[])
    for m in meldungen:
        gelesen |= Q(pk=m.pk, eingegangen_am=m.eingegangen_am)
        codes = {o for _g, o, _k, _w in m.zellen}
        fein = {k: w for k, w in fein.items() if k[1] not in codes}  # the report replaces its cells
        fein.update({(g, o, k): int(w) for g, o, k, w in m.zellen})
    return Stand({k: w for k, w in fein.items() if w}, gelesen)


def als_datei(ds: Datensatz, zeitraum: str, fein: beitragende.Fein) -> bytes:
    org, kennzahl = list(ds.merkmale)
    puffer = io.StringIO()
    w = csv.writer(puffer, delimiter=";", lineterminator="\n")
    w.writerow(["gebiet", "zeitraum", org, kennzahl, "wert", "kennzeichen"])
    for (g, o, k), wert in sorted(fein.items()):
        w.writerow([g, zeitraum, o, k, wert, ""])
    return puffer.getvalue().encode("utf-8")


def veroeffentliche(katalog: Katalog, ds: Datensatz, zeitraum: str, benutzer: str) -> Lieferergebnis:
    """Publish the collected reports of a period as one delivery (refused: the reports stay)."""
    s = stand(ds, zeitraum)
    if not s.fein:
        return Lieferergebnis(
            False, [f"{ds.name} {zeitraum}: keine Meldungen und keine Lieferung – nichts zu veröffentlichen"]
        )
    ergebnis = liefere(
        katalog=katalog,
        daten=als_datei(ds, zeitraum, s.fein),
        datei_name=f"{ds.id}_{zeitraum}.csv",  # names no organisation (the API lists file names)
        datensatz=ds.id,
        zeitraum=zeitraum,
        benutzer=benutzer,
    )
    if ergebnis.angenommen:
        Sammelmeldung.objects.filter(s.meldungen).delete()
    return ergebnis


def offen(datensatz: str) -> list[tuple[str, int]]:
    """The periods with collected reports not yet published, and how many, newest first."""
    zaehlung: dict[str, int] = {}
    for zeitraum in Sammelmeldung.objects.filter(datensatz=datensatz).values_list("zeitraum", flat=True):
        zaehlung[zeitraum] = zaehlung.get(zeitraum, 0) + 1
    return sorted(zaehlung.items(), reverse=True)
