"""Entry form of a counselling site: provider users of the site's provider and admin; everyone else 403.

A contact is counted (`services.erfasse`), never stored. The last contact can be taken back once within ten
minutes, for a wrong tap: its codes wait in a signed cookie in the counsellor's browser, not on the server."""

from __future__ import annotations

import json
import secrets
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from integrationsmonitor.registry.models import Rolle
from integrationsmonitor.registry.rollen import darf_traeger_bearbeiten, eigener_traeger, rolle

from . import services
from .forms import KontaktFormular
from .models import Beratungsstelle, Kontaktart

LETZTER = "beratung_letzter"  # signed cookie: the codes of the last contact, for "Zurücknehmen"
SALZ = "beratung-zuruecknehmen"
ZURUECK_SEKUNDEN = 600


def _letzter(request: HttpRequest) -> dict[str, Any] | None:
    try:
        wert = request.get_signed_cookie(LETZTER, default=None, salt=SALZ, max_age=ZURUECK_SEKUNDEN)
        letzter = json.loads(wert) if wert else None
    except ValueError:
        return None
    return letzter if isinstance(letzter, dict) else None


def eigene_stellen(request: HttpRequest) -> QuerySet[Beratungsstelle]:
    """The active sites the user records for: admin all, a provider user its provider's, others none."""
    stellen = Beratungsstelle.objects.filter(aktiv=True).select_related("traeger")
    if rolle(request.user) == Rolle.ADMIN:
        return stellen
    traeger = eigener_traeger(request.user)
    return stellen.filter(traeger=traeger) if traeger is not None else stellen.none()


def erfassen_auswahl(request: HttpRequest) -> HttpResponse:
    """/beratung/erfassen/: straight to the user's one site, or the list of its sites."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), "anmelden")
    stellen = list(eigene_stellen(request))
    if len(stellen) == 1:
        return redirect("beratung_erfassen", stelle=stellen[0].code)
    if not stellen:
        raise PermissionDenied(_("Für Ihr Konto ist keine Beratungsstelle eingetragen."))
    return render(request, "beratung/auswahl.html", {"stellen": stellen})


def erfassen(request: HttpRequest, stelle: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), "anmelden")
    st = get_object_or_404(Beratungsstelle.objects.select_related("traeger"), code=stelle, aktiv=True)
    if not darf_traeger_bearbeiten(request.user, st.traeger):
        raise PermissionDenied(_("Diese Beratungsstelle gehört zu einem anderen Träger."))
    heute = timezone.localdate()
    if request.method == "POST" and "zuruecknehmen" in request.POST:
        return _zuruecknehmen(request, st)
    if request.method == "POST":
        formular = KontaktFormular(request.POST)
        if formular.is_valid():
            d = formular.cleaned_data
            marke = request.POST.get("marke", "")[:64]
            if not services.erfasse(st, d["datum"], d["art"], d["themen"], d["vermittlungen"], marke):
                messages.info(request, _("Dieser Kontakt ist schon gezählt (das Formular kam zweimal an)."))
                return _zurueck_zum_formular(st)
            messages.success(request, _("%(art)s gezählt.") % {"art": Kontaktart(d["art"]).label})
            antwort = _zurueck_zum_formular(st)
            codes = {
                "marke": marke,
                "stelle": st.code,
                "monat": f"{d['datum']:%Y-%m}",
                "art": d["art"],
                "themen": sorted(d["themen"]),
                "vermittlungen": sorted(d["vermittlungen"]),
            }
            antwort.set_signed_cookie(
                LETZTER, json.dumps(codes), salt=SALZ, max_age=ZURUECK_SEKUNDEN, path="/beratung/",
                secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
            )  # fmt: skip
            return antwort
    else:
        formular = KontaktFormular(initial={"datum": heute})
    letzter = _letzter(request)
    return render(
        request,
        "beratung/erfassen.html",
        {
            "stelle": st,
            "form": formular,
            "marke": secrets.token_urlsafe(24),  # one-time: a second submission counts nothing
            "arten": Kontaktart.choices,
            "monat": heute,
            "im_monat": services.kontakte_im_monat(st, f"{heute:%Y-%m}"),
            "zuruecknehmbar": bool(letzter and letzter.get("stelle") == st.code),
        },
        status=400 if request.method == "POST" else 200,
    )


def _zurueck_zum_formular(st: Beratungsstelle) -> HttpResponseRedirect:
    """The empty form again, scrolled past the header to the message: the next contact starts on screen."""
    return HttpResponseRedirect(reverse("beratung_erfassen", kwargs={"stelle": st.code}) + "#inhalt")


def _zuruecknehmen(request: HttpRequest, st: Beratungsstelle) -> HttpResponse:
    letzter = _letzter(request)
    if (
        letzter
        and letzter.get("stelle") == st.code
        and services.nimm_zurueck(
            st,
            letzter["monat"],
            letzter["art"],
            letzter["themen"],
            letzter["vermittlungen"],
            letzter.get("marke"),
        )
    ):
        messages.success(request, _("Der letzte Kontakt ist zurückgenommen."))
    else:
        messages.error(request, _("Es gibt keinen Kontakt zum Zurücknehmen."))
    antwort = _zurueck_zum_formular(st)
    antwort.delete_cookie(LETZTER, path="/beratung/", samesite="Lax")
    return antwort
