"""Answers of the read API `/api/v1/…` as plain dicts (the web views only serialise them).

Series come from `indicators.engine.reihe`, the function behind the dashboard and `imon series`, and each
row is the row `imon series --format json` prints (`publish.reihen.json_eintrag`). Deliveries are listed
with their provenance (dataset, period, supplier, arrival, status, SHA-256) but never with the user who
uploaded them. Errors raise `ApiFehler` with an HTTP status and a German message.
"""

from __future__ import annotations

from typing import Any

from integrationsmonitor.catalog import bezeichnungen as bz
from integrationsmonitor.catalog.model import Datensatz, Indikator, Katalog
from integrationsmonitor.indicators import engine
from integrationsmonitor.store.models import Lieferung
from integrationsmonitor.store.selectors import DbQuelle, lieferungen

from .opendata import FORMATE, datensaetze_von, iso_zeit, pfad, stand
from .reihen import json_eintrag

API = "api/v1/"


class ApiFehler(Exception):
    """A request the API cannot answer: HTTP status and German message."""

    def __init__(self, status: int, meldung: str) -> None:
        super().__init__(meldung)
        self.status = status
        self.meldung = meldung


def _indikator(katalog: Katalog, indikator_id: str) -> Indikator:
    ind = katalog.indikatoren.get(indikator_id)
    if ind is None:
        raise ApiFehler(
            404, f"Unbekannter Indikator „{indikator_id}“. Alle Indikatoren stehen unter /{API}indikatoren."
        )
    return ind


def _links(ind: Indikator, basis_url: str) -> dict[str, Any]:
    return {
        "self": f"{basis_url}{API}indikatoren/{ind.id}",
        "series": f"{basis_url}{API}indikatoren/{ind.id}/reihe",
        "page": f"{basis_url}indikatoren/{ind.id}/",
        "downloads": {f.endung: basis_url + pfad("indikatoren", ind.id, f.endung) for f in FORMATE.values()},
    }


def index(basis_url: str) -> dict[str, Any]:
    return {
        "description": "Lese-Schnittstelle des Integrationsmonitors: Indikatoren, Zeitreihen, Lieferungen.",
        "links": {
            "indicators": f"{basis_url}{API}indikatoren",
            "deliveries": f"{basis_url}{API}lieferungen",
            "openapi": f"{basis_url}{API}openapi.json",
            "open_data": f"{basis_url}opendaten/",
        },
    }


def indikatoren(katalog: Katalog, basis_url: str) -> dict[str, Any]:
    felder = sorted(katalog.handlungsfelder.values(), key=lambda h: h.nr)
    return {
        "indicators": [
            {
                "id": i.id,
                "name": i.name,
                "handlungsfeld": h.id,
                "unit": i.einheit,
                "breakdowns": [a.name for a in i.aufschluesselungen],
                "links": _links(i, basis_url),
            }
            for h in felder
            for i in katalog.indikatoren.values()
            if i.handlungsfeld == h.id
        ]
    }


def indikator(katalog: Katalog, quelle: DbQuelle, indikator_id: str, basis_url: str) -> dict[str, Any]:
    ind = _indikator(katalog, indikator_id)
    hf = katalog.handlungsfelder[ind.handlungsfeld]
    quellen = []
    for rolle, term in (("numerator", ind.zaehler), ("denominator", ind.nenner)):
        if term is None:
            continue
        ds = katalog.datensaetze[term.datensatz]
        lf = katalog.lieferanten.get(ds.lieferant)
        quellen.append(
            {
                "role": rolle,
                "dataset": ds.id,
                "dataset_name": ds.name,
                "supplier": ds.lieferant,
                "supplier_name": lf.name if lf else ds.lieferant,
                "note": ind.nenner_quelle if rolle == "denominator" and ind.nenner_quelle else None,
            }
        )
    return {
        "id": ind.id,
        "name": ind.name,
        "handlungsfeld": {"id": hf.id, "nr": hf.nr, "name": hf.name},
        "definition": ind.definition,
        "unit": ind.einheit,
        "direction": ind.richtung,
        "note": ind.hinweis or None,
        "breakdowns": [
            {"name": a.name, "dimension": a.merkmal, "top": a.top} for a in ind.aufschluesselungen
        ],
        "default_breakdown": ind.standard_aufschluesselung.name if ind.standard_aufschluesselung else None,
        "levels": list(katalog.datensaetze[ind.zaehler.datensatz].ebenen),
        "periods": engine.zeitraeume(quelle, ind),
        "sources": quellen,
        "data_status": iso_zeit(stand(quelle, datensaetze_von(ind)).zeit) or None,
        "links": _links(ind, basis_url),
    }


def reihe(
    katalog: Katalog, quelle: DbQuelle, indikator_id: str, region: str | None, by: str | None
) -> dict[str, Any]:
    """The series of `imon series INDICATOR --region R --by B --format json`, with a header."""
    ind = _indikator(katalog, indikator_id)
    ebenen = katalog.datensaetze[ind.zaehler.datensatz].ebenen
    gebiet = katalog.gebiete.get(region) if region else katalog.kreis
    if gebiet is None:
        raise ApiFehler(
            400,
            f"Unbekanntes Gebiet „{region}“: erwartet wird der Kreis ({katalog.kreis.code}), "
            f"{bz.ein_verband(katalog)} (ARS, 9 Stellen) oder eine Gemeinde (AGS, 8 Stellen).",
        )
    if gebiet.ebene not in ebenen:
        raise ApiFehler(
            400,
            f"Das Gebiet „{gebiet.code}“ ({gebiet.name}) gibt es für diesen Indikator nicht; "
            f"möglich sind die Ebenen: {', '.join(ebenen)}.",
        )
    try:
        rows = engine.reihe(katalog, quelle, ind.id, gebiet=gebiet.code, nach=by or None)
    except engine.IndikatorFehler as exc:
        raise ApiFehler(400, f"{str(exc)[0].upper()}{str(exc)[1:]}.") from None
    standard = ind.standard_aufschluesselung
    merkmal = by or (standard.name if standard else None)
    kategorien = None
    if merkmal:
        a = ind.aufschluesselung(merkmal)
        assert a is not None
        namen = engine.kategorie_namen(katalog, ind, a)
        codes = dict.fromkeys(r.category for r in rows if r.category is not None)
        kategorien = [{"code": c, "name": namen.get(c, c)} for c in codes]
    return {
        "indicator": ind.id,
        "name": ind.name,
        "unit": ind.einheit,
        "region": {"code": gebiet.code, "name": gebiet.name, "level": gebiet.ebene},
        "by": merkmal,
        "categories": kategorien,
        "data_status": iso_zeit(stand(quelle, datensaetze_von(ind)).zeit) or None,
        "data": [json_eintrag(r, merkmal) for r in rows],
    }


def _ja_nein(text: str | None, name: str) -> bool | None:
    if text is None or text == "":
        return None
    wert = text.strip().lower()
    if wert in ("1", "true", "ja"):
        return True
    if wert in ("0", "false", "nein"):
        return False
    raise ApiFehler(400, f"Der Parameter {name} erwartet true oder false, nicht „{text}“.")


def _datei_name(lf: Lieferung, ds: Datensatz | None) -> str:
    """The file name as delivered; for figures of organisations (`mindestens_beitragende`) a neutral name:
    an uploaded file's name may name an organisation (docs/geheimhaltung.md, section 8)."""
    if ds is not None and ds.veroeffentlichung is not None and ds.veroeffentlichung.mindestens_beitragende:
        return f"{ds.id}_{lf.zeitraum}.csv"
    return lf.datei_name


def lieferungen_liste(katalog: Katalog, dataset: str | None, active: str | None) -> dict[str, Any]:
    """Deliveries with provenance, newest first; `dataset` filters, `active=true` leaves out superseded ones."""
    if dataset and dataset not in katalog.datensaetze:
        raise ApiFehler(
            400, f"Unbekannter Datensatz „{dataset}“; bekannt sind: {', '.join(sorted(katalog.datensaetze))}."
        )
    nur_aktive = _ja_nein(active, "active") or False
    eintraege = []
    for lf in lieferungen(datensatz=dataset or None, nur_aktive=nur_aktive):
        ds = katalog.datensaetze.get(lf.datensatz)
        lieferant = katalog.lieferanten.get(lf.lieferant)
        eintraege.append(
            {
                "id": lf.id,
                "dataset": lf.datensatz,
                "dataset_name": ds.name if ds else lf.datensatz,
                "period": lf.zeitraum,
                "supplier": lf.lieferant,
                "supplier_name": lieferant.name if lieferant else lf.lieferant,
                "status": lf.status,
                "active": lf.status == Lieferung.Status.AKTIV,
                "received": iso_zeit(lf.eingegangen_am),
                "file_name": _datei_name(lf, ds),
                "sha256": lf.datei_hash,
                "cells": lf.zellen,
                "superseded_by": lf.ersetzt_durch_id,
                "demo": lf.ist_demo,
            }
        )
    return {"deliveries": eintraege}
