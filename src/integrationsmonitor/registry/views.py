"""Registry pages: the public offer list, providers' own offers and projects, the Amt's funding overview.

Thin views: who may do what comes from `rollen`, reads from `selectors`, logic from `services`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from integrationsmonitor.store.katalog import aktueller_katalog

from . import rollen, selectors, services
from .forms import AUS_INTEGREAT, AngebotForm, OrteFormset, ProjektForm, StandorteFormset
from .models import Angebot, Projekt, Rolle


def angebote(request: HttpRequest) -> HttpResponse:
    k = aktueller_katalog()
    sprache = (get_language() or "de")[:2]
    eintraege = [
        {
            "angebot": a,
            "name": a.uebersetzt(sprache, "name"),
            "beschreibung": a.uebersetzt(sprache, "beschreibung"),
            "uebersetzt": sprache != "de" and a.uebersetzt(sprache, "beschreibung") != a.beschreibung,
            "orte": [("" if a.aus_integreat else k.gebiete[o.gemeinde].name if o.gemeinde in k.gebiete else o.gemeinde, o.adresse) for o in a.orte.all()],  # an imported address names its town
            "handlungsfelder": [k.handlungsfelder[h].name for h in a.handlungsfelder if h in k.handlungsfelder],
            "kategorie": a.uebersetzt(sprache, "kategorie"),
            "integreat_url": a.integreat_link(sprache),
            "karte": _karte(a),
        }
        for a in selectors.aktive_angebote(date.today())
    ]  # fmt: skip
    return render(request, "registry/angebote.html", {"eintraege": eintraege})


def _karte(a: Angebot) -> str:
    """A link to the offer's coordinates on OpenStreetMap (imported offers have them), else ""."""
    if a.breite is None or a.laenge is None:
        return ""
    return (
        f"https://www.openstreetmap.org/?mlat={a.breite:f}&mlon={a.laenge:f}#map=17/{a.breite:f}/{a.laenge:f}"
    )


@rollen.rolle_erforderlich(Rolle.ADMIN, Rolle.TRAEGER)
def eigene_angebote(request: HttpRequest) -> HttpResponse:
    return _liste(request, "angebote", selectors.bearbeitbare_angebote(request.user))


@rollen.rolle_erforderlich(Rolle.ADMIN, Rolle.TRAEGER)
def eigene_projekte(request: HttpRequest) -> HttpResponse:
    return _liste(request, "projekte", selectors.bearbeitbare_projekte(request.user))


@rollen.rolle_erforderlich(Rolle.ADMIN, Rolle.TRAEGER)
def angebot_bearbeiten(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _bearbeiten(request, "angebote", Angebot, pk)


@rollen.rolle_erforderlich(Rolle.ADMIN, Rolle.TRAEGER)
def projekt_bearbeiten(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _bearbeiten(request, "projekte", Projekt, pk)


@rollen.rolle_erforderlich(Rolle.ADMIN, Rolle.ANALYST)
def foerderuebersicht(request: HttpRequest) -> HttpResponse:
    heute = date.today()
    return render(
        request,
        "registry/foerderung.html",
        {"zeilen": services.foerderuebersicht(heute), "heute": heute, "monate": services.warnmonate()},
    )


_ART: dict[str, tuple[Any, Any, str, str]] = {
    "angebote": (AngebotForm, OrteFormset, "registry:angebot_bearbeiten", "registry:eigene_angebote"),
    "projekte": (ProjektForm, StandorteFormset, "registry:projekt_bearbeiten", "registry:eigene_projekte"),
}


def _liste(request: HttpRequest, art: str, objekte: Any) -> HttpResponse:
    return render(
        request, "registry/traeger_liste.html", {"art": art, "objekte": objekte, "bearbeiten": _ART[art][2]}
    )


def _bearbeiten(request: HttpRequest, art: str, model: type[Model], pk: int | None) -> HttpResponse:
    """Another provider's id is answered like a missing one (404): nothing about it is shown or changed."""
    form_klasse, formset_klasse, _url, liste = _ART[art]
    ist_admin = rollen.rolle(request.user) == Rolle.ADMIN
    if pk is None:
        objekt = model()
        eigener = rollen.eigener_traeger(request.user)
        if eigener is not None:
            objekt.traeger = eigener  # type: ignore[attr-defined]
    else:
        objekt = get_object_or_404(model._default_manager.select_related("traeger"), pk=pk)
        if not rollen.darf_traeger_bearbeiten(request.user, objekt.traeger):  # type: ignore[attr-defined]
            raise Http404
        if getattr(objekt, "aus_integreat", False):
            messages.error(request, AUS_INTEGREAT)
            return redirect(liste)
    daten = request.POST if request.method == "POST" else None
    form = form_klasse(daten, instance=objekt, traeger_waehlbar=ist_admin)
    orte = formset_klasse(daten, instance=objekt, prefix="orte")
    if daten is not None and form.is_valid() and orte.is_valid():
        services.speichere_mit_orten(form, orte)
        messages.success(request, _("Gespeichert."))
        return redirect(liste)
    return render(
        request,
        "registry/bearbeiten.html",
        {"art": art, "form": form, "orte": orte, "objekt": objekt, "liste": liste},
    )
