"""Views of the read API `/api/v1/…`: thin wrappers around publish.api that answer JSON.

Every answer carries ETag and Last-Modified from the data status (newest delivery), so a client that
asks again with If-None-Match gets 304 until a delivery arrives. Errors are JSON with a German message.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import path, re_path, reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from integrationsmonitor.publish import api
from integrationsmonitor.publish.datenstand import datenstand_kennung
from integrationsmonitor.publish.openapi import openapi
from integrationsmonitor.store.katalog import aktueller_katalog
from integrationsmonitor.store.selectors import DbQuelle

View = Callable[..., HttpResponse]


def basis_url(request: HttpRequest) -> str:
    """Absolute address of the site root, with a trailing slash (links in answers and files)."""
    return request.build_absolute_uri(reverse("start"))


def json_antwort(daten: Any, status: int = 200) -> HttpResponse:
    text = json.dumps(daten, ensure_ascii=False, indent=1) + "\n"
    response = HttpResponse(text.encode("utf-8"), content_type="application/json", status=status)
    response.headers["Access-Control-Allow-Origin"] = "*"  # open data: readable from any web page
    return response


def fehler(status: int, meldung: str) -> HttpResponse:
    return json_antwort({"error": {"status": status, "message": meldung}}, status=status)


def mit_datenstand(view: View) -> View:
    """Only GET and HEAD; answer 304 to a current If-None-Match / If-Modified-Since; validators on 200."""

    @wraps(view)
    def innen(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            response = fehler(405, "Nur GET und HEAD sind erlaubt; diese Schnittstelle liest nur.")
            response.headers["Allow"] = "GET, HEAD"
            return response
        kennung, zeit = datenstand_kennung(aktueller_katalog())
        etag = f'"{kennung}"'
        zeitstempel = int(zeit.timestamp()) if zeit else None
        frueh = get_conditional_response(request, etag=etag, last_modified=zeitstempel)
        if frueh is not None:
            return frueh
        try:
            response = view(request, *args, **kwargs)
        except api.ApiFehler as exc:
            return fehler(exc.status, exc.meldung)
        if response.status_code == 200:
            response.headers["ETag"] = etag
            if zeitstempel is not None:
                response.headers["Last-Modified"] = http_date(zeitstempel)
            response.headers["Cache-Control"] = "public, no-cache"  # may be stored, but revalidated each time
        return response

    return innen


@mit_datenstand
def index(request: HttpRequest) -> HttpResponse:
    return json_antwort(api.index(basis_url(request)))


@mit_datenstand
def indikatoren(request: HttpRequest) -> HttpResponse:
    return json_antwort(api.indikatoren(aktueller_katalog(), basis_url(request)))


@mit_datenstand
def indikator(request: HttpRequest, indikator_id: str) -> HttpResponse:
    k = aktueller_katalog()
    return json_antwort(api.indikator(k, DbQuelle(k), indikator_id, basis_url(request)))


@mit_datenstand
def reihe(request: HttpRequest, indikator_id: str) -> HttpResponse:
    k = aktueller_katalog()
    region, by = request.GET.get("region"), request.GET.get("by")
    return json_antwort(api.reihe(k, DbQuelle(k), indikator_id, region, by))


@mit_datenstand
def lieferungen(request: HttpRequest) -> HttpResponse:
    daten = api.lieferungen_liste(aktueller_katalog(), request.GET.get("dataset"), request.GET.get("active"))
    return json_antwort(daten)


@mit_datenstand
def openapi_json(request: HttpRequest) -> HttpResponse:
    return json_antwort(openapi(aktueller_katalog(), basis_url(request)))


def unbekannt(request: HttpRequest, rest: str) -> HttpResponse:
    return fehler(
        404, f"Unbekannte Adresse /{api.API}{rest}. Alle Adressen beschreibt /{api.API}openapi.json."
    )


urlpatterns = [
    path("", index, name="api_index"),
    path("indikatoren", indikatoren, name="api_indikatoren"),
    path("indikatoren/<str:indikator_id>", indikator, name="api_indikator"),
    path("indikatoren/<str:indikator_id>/reihe", reihe, name="api_reihe"),
    path("lieferungen", lieferungen, name="api_lieferungen"),
    path("openapi.json", openapi_json, name="api_openapi"),
    re_path(r"^(?P<rest>.*)$", unbekannt, name="api_unbekannt"),  # JSON 404 instead of the HTML page
]
