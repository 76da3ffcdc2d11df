"""OpenAPI 3.1 description of the read API, served at `/api/v1/openapi.json`.

Written by hand beside `publish.api`; a test checks that it lists exactly the API paths the URL
configuration has, and that every reference resolves.
"""

from __future__ import annotations

from typing import Any

from integrationsmonitor.catalog import bezeichnungen as bz
from integrationsmonitor.catalog.model import Katalog

from .api import API
from .opendata import LIZENZ_NAME, LIZENZ_URL


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(beschreibung: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": beschreibung, "content": {"application/json": {"schema": schema}}}


_FEHLER = _json("Fehler mit deutscher Meldung", _ref("Fehler"))
_NICHT_GEAENDERT = {"description": "Nicht geändert seit dem mitgeschickten ETag (If-None-Match)"}
_INDIKATOR_ID = {
    "name": "indikator_id",
    "in": "path",
    "required": True,
    "description": "Kennung des Indikators, z. B. auslaenderanteil",
    "schema": {"type": "string"},
}

_SCHEMAS: dict[str, Any] = {
    "Fehler": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "properties": {"status": {"type": "integer"}, "message": {"type": "string"}},
            }
        },
    },
    "Links": {
        "type": "object",
        "properties": {
            "self": {"type": "string", "format": "uri"},
            "series": {"type": "string", "format": "uri"},
            "page": {"type": "string", "format": "uri"},
            "downloads": {"type": "object", "additionalProperties": {"type": "string", "format": "uri"}},
        },
    },
    "IndikatorKurz": {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "name": {"type": "string"},
            "handlungsfeld": {"type": "string"},
            "unit": {"type": "string", "enum": ["anzahl", "prozent", "promille", "je_1000"]},
            "breakdowns": {"type": "array", "items": {"type": "string"}},
            "links": _ref("Links"),
        },
    },
    "Indikator": {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "name": {"type": "string"},
            "handlungsfeld": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "nr": {"type": "integer"},
                    "name": {"type": "string"},
                },
            },
            "definition": {"type": "string"},
            "unit": {"type": "string"},
            "direction": {"type": "string", "enum": ["hoeher_besser", "niedriger_besser", "neutral"]},
            "note": {"type": ["string", "null"]},
            "breakdowns": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "dimension": {"type": "string"},
                        "top": {"type": ["integer", "null"]},
                    },
                },
            },
            "default_breakdown": {"type": ["string", "null"]},
            "levels": {
                "type": "array",
                "items": {"type": "string", "enum": ["kreis", "verband", "gemeinde"]},
            },
            "periods": {"type": "array", "items": {"type": "string"}},
            "sources": {"type": "array", "items": {"type": "object"}},
            "data_status": {"type": ["string", "null"], "format": "date-time"},
            "links": _ref("Links"),
        },
    },
    "Reihenwert": {
        "type": "object",
        "description": "Eine Zeile wie bei `imon series --format json`; bei Aufschlüsselung zusätzlich die Spalte mit dem Namen der Aufschlüsselung.",
        "required": ["indicator", "region", "period", "value", "flag"],
        "properties": {
            "indicator": {"type": "string"},
            "region": {"type": "string"},
            "period": {"type": "string"},
            "value": {"type": ["number", "null"], "description": "ungerundet; null, wenn kein Wert vorliegt"},
            "flag": {
                "type": "string",
                "enum": ["", "p", "s", "r", "g", "."],
                "description": "p vorläufig, s geschätzt, r berichtigt, g geheim gehalten (kein Wert), . kein Wert",
            },
            "reason": {"type": ["string", "null"]},
            "numerator": {"type": ["number", "null"]},
            "denominator": {"type": ["number", "null"]},
        },
        "additionalProperties": {"type": ["string", "null"]},
    },
    "Reihe": {
        "type": "object",
        "properties": {
            "indicator": {"type": "string"},
            "name": {"type": "string"},
            "unit": {"type": "string"},
            "region": {
                "type": "object",
                "properties": {
                    "code": {"type": "string"},
                    "name": {"type": "string"},
                    "level": {"type": "string"},
                },
            },
            "by": {"type": ["string", "null"]},
            "categories": {
                "type": ["array", "null"],
                "items": {
                    "type": "object",
                    "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
                },
            },
            "data_status": {"type": ["string", "null"], "format": "date-time"},
            "data": {"type": "array", "items": _ref("Reihenwert")},
        },
    },
    "Lieferung": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "dataset": {"type": "string"},
            "dataset_name": {"type": "string"},
            "period": {"type": "string"},
            "supplier": {"type": "string"},
            "supplier_name": {"type": "string"},
            "status": {"type": "string", "enum": ["aktiv", "ersetzt"]},
            "active": {"type": "boolean"},
            "received": {"type": "string", "format": "date-time"},
            "file_name": {
                "type": "string",
                "description": "Dateiname der Lieferung; bei Zahlen von Organisationen (Initiativen) neutral "
                "<Datensatz>_<Zeitraum>.csv, weil ein hochgeladener Name die Organisation nennen kann.",
            },
            "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "cells": {"type": "integer"},
            "superseded_by": {"type": ["integer", "null"]},
            "demo": {"type": "boolean"},
        },
    },
}


def _get(
    zusammenfassung: str,
    antwort: dict[str, Any],
    *,
    parameter: list[Any] | None = None,
    fehler: tuple[int, ...] = (),
) -> dict[str, Any]:
    antworten: dict[str, Any] = {"200": antwort, "304": _NICHT_GEAENDERT}
    antworten |= {str(code): _FEHLER for code in fehler}
    operation: dict[str, Any] = {"summary": zusammenfassung, "responses": antworten}
    if parameter:
        operation["parameters"] = parameter
    return {"get": operation}


def openapi(katalog: Katalog, basis_url: str) -> dict[str, Any]:
    kreis = katalog.kreis
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"Integrationsmonitor {kreis.name} – Lese-Schnittstelle",
            "version": "1.0.0",
            "description": (
                "Indikatoren, Zeitreihen nach Gebiet und Aufschlüsselung und die Herkunft der Lieferungen. "
                "Die Zahlen sind dieselben wie im Dashboard und bei `imon series`; geheim gehaltene Werte "
                "erscheinen als null mit dem Kennzeichen g. Antworten tragen ETag und Last-Modified (Datenstand)."
            ),
            "license": {"name": LIZENZ_NAME, "url": LIZENZ_URL},
        },
        "servers": [{"url": f"{basis_url}{API}".rstrip("/")}],
        "paths": {
            "/": _get("Einstieg mit Verweisen", _json("Verweise", {"type": "object"})),
            "/indikatoren": _get(
                "Alle Indikatoren nach Handlungsfeldern",
                _json(
                    "Liste",
                    {
                        "type": "object",
                        "properties": {"indicators": {"type": "array", "items": _ref("IndikatorKurz")}},
                    },
                ),
            ),
            "/indikatoren/{indikator_id}": _get(
                "Ein Indikator mit Definition, Einheit, Aufschlüsselungen, Quellen und Zeiträumen",
                _json("Indikator", _ref("Indikator")),
                parameter=[_INDIKATOR_ID],
                fehler=(404,),
            ),
            "/indikatoren/{indikator_id}/reihe": _get(
                "Zeitreihe eines Indikators in einem Gebiet, wahlweise aufgeschlüsselt",
                _json("Zeitreihe", _ref("Reihe")),
                parameter=[
                    _INDIKATOR_ID,
                    {
                        "name": "region",
                        "in": "query",
                        "required": False,
                        "description": f"Gebiet: Kreis ({kreis.code}, Standard), {bz.verband(katalog)} (ARS, 9 Stellen) "
                        "oder Gemeinde (AGS, 8 Stellen)",
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "by",
                        "in": "query",
                        "required": False,
                        "description": "Aufschlüsselung, z. B. geschlecht (siehe breakdowns des Indikators)",
                        "schema": {"type": "string"},
                    },
                ],
                fehler=(400, 404),
            ),
            "/lieferungen": _get(
                "Lieferungen mit Herkunft (ohne Benutzernamen), neueste zuerst",
                _json(
                    "Lieferungen",
                    {
                        "type": "object",
                        "properties": {"deliveries": {"type": "array", "items": _ref("Lieferung")}},
                    },
                ),
                parameter=[
                    {
                        "name": "dataset",
                        "in": "query",
                        "required": False,
                        "description": "nur dieser Datensatz",
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "active",
                        "in": "query",
                        "required": False,
                        "description": "true: nur aktive Lieferungen",
                        "schema": {"type": "boolean"},
                    },
                ],
                fehler=(400,),
            ),
            "/openapi.json": _get(
                "Diese Beschreibung (OpenAPI 3.1)", _json("OpenAPI-Dokument", {"type": "object"})
            ),
        },
        "components": {"schemas": _SCHEMAS},
    }
