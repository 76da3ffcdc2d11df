"""Thin views: read data from the web selectors; deliveries are checked here and stored after their preview
(web.lieferung_vorschau, through store.ingest.liefere)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.collect.profilerkennung import passende_profile
from integrationsmonitor.collect.tabellenprofil import TabellenProfil, tabellenprofile
from integrationsmonitor.registry.rollen import (
    INTERNE_ROLLEN,
    ist_intern,
    lieferbare_datensaetze,
    rolle_erforderlich,
)
from integrationsmonitor.store.katalog import aktueller_katalog
from integrationsmonitor.store.selectors import DbQuelle

from .abbildungen import abbildungen, leiste
from .dashboard import indikatorliste, startseite
from .forms import LieferungForm
from .indikatorseite import indikatorseite
from .lieferhistorie import lieferhistorie
from .lieferung_vorschau import Gesendet, ablegen, liefern, vorlagen
from .problemliste import gruppiert
from .sammlung_ansicht import eigene_meldungen, sammelstand, sammelt


def start(request: HttpRequest) -> HttpResponse:
    k = aktueller_katalog()
    return render(request, "web/start.html", {"felder": startseite(k, DbQuelle(k))})


def indikatoren(request: HttpRequest) -> HttpResponse:
    return render(request, "web/indikatoren.html", {"felder": indikatorliste(aktueller_katalog())})


def indikator(request: HttpRequest, indikator_id: str) -> HttpResponse:
    k = aktueller_katalog()
    ind = k.indikatoren.get(indikator_id)
    if ind is None:
        raise Http404(indikator_id)
    seite = indikatorseite(
        k, DbQuelle(k), ind, request.GET.get("nach"), request.GET.get("gebiet"), request.GET.get("zeitraum")
    )
    basis = request.build_absolute_uri("/").rstrip("/")
    leisten = {name: leiste(seite, a, basis) for name, a in abbildungen(seite).items()}
    context = {
        "seite": seite,
        "leisten": leisten,
        "karten": [(karte, leisten.get(karte.id)) for karte in seite.karten],
    }
    return render(request, "web/indikator.html", context)


def _angefragter_datensatz(request: HttpRequest, k: Katalog) -> str | None:
    """The dataset a delivery POST asks for: the profile's, else the field's (None if neither is given)."""
    profil = {p.name: p for p in tabellenprofile(k)}.get(request.POST.get("profil", ""))
    return profil.datensatz if profil is not None else (request.POST.get("datensatz") or None)


@rolle_erforderlich(*INTERNE_ROLLEN)
@require_http_methods(["GET", "POST"])
def lieferungen(request: HttpRequest) -> HttpResponse:
    """Each role sees its part (registry.rollen): the form offers only the datasets the user may deliver,
    the history only the deliveries the user may see; the analyst reads all and delivers nothing."""
    k = aktueller_katalog()
    lieferbar = lieferbare_datensaetze(request.user, k)
    if request.method == "POST" and lieferbar is not None:
        angefragt = _angefragter_datensatz(request, k)
        if not lieferbar or (angefragt is not None and angefragt not in lieferbar):
            raise PermissionDenied("Diesen Datensatz liefert eine andere Stelle.")
    if lieferbar is not None and not lieferbar:
        form = None
    else:
        form = LieferungForm(request.POST or None, request.FILES or None, katalog=k, datensaetze=lieferbar)
    probleme: list[str] = []
    profile_vorschlag: list[TabellenProfil] = []
    if form is not None and request.method == "GET" and request.GET.get("profil") in form.profile:
        form.initial["profil"] = request.GET["profil"]  # "mit Profil hochladen?" leads here
    if request.method == "POST" and form is not None and form.is_valid():
        daten, upload = form.cleaned_data, form.cleaned_data["datei"]
        profil = daten["tabellenprofil"]
        gesendet = Gesendet(
            upload.read(), upload.name, daten["datensatz"], daten["zeitraum"], profil.name if profil else ""
        )
        ergebnis = liefern(k, request.user, gesendet, nur_pruefen=True)  # nothing stored before the preview
        if ergebnis.angenommen:
            return ablegen(request, gesendet, ergebnis)
        probleme = ergebnis.probleme
        if profil is None:  # an office's own table sent without its profile?
            profile_vorschlag = passende_profile(form.profile.values(), gesendet.daten, gesendet.datei_name)
    context = {
        "form": form,
        "probleme": probleme,
        "arten": gruppiert(probleme),
        "profile_vorschlag": profile_vorschlag,
        "seite": lieferhistorie(k, request.GET.get("seite"), request.user),
        "alle_lieferungen": ist_intern(request.user),
        "vorlagen": vorlagen(k, lieferbar) if form is not None else [],
        "sammlung": sammelstand(request.user),  # the Amt: initiatives' reports to publish
        "eigene_meldungen": eigene_meldungen(request.user),  # an initiative: its reports, collected
        "sammelnd": sammelt(request.user),  # an initiative's upload is collected, without a preview
    }
    return render(request, "web/lieferungen.html", context, status=400 if request.method == "POST" else 200)
