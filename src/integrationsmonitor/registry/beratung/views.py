"""Entry form of a counselling site: provider users of the site's provider and admin; everyone else 403.

A contact is counted (`services.erfasse`), never stored. The last contact of this browser session can be
taken back once (its codes wait in the session, never in a table), for a wrong tap."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from integrationsmonitor.registry.models import Rolle
from integrationsmonitor.registry.rollen import darf_traeger_bearbeiten, eigener_traeger, rolle

from . import services
from .forms import KontaktFormular
from .models import Beratungsstelle, Kontaktart

LETZTER = "beratung_letzter_kontakt"  # session key: the codes of the last contact, for "Zurücknehmen"


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
            services.erfasse(st, d["datum"], d["art"], d["themen"], d["vermittlungen"])
            request.session[LETZTER] = {
                "stelle": st.code,
                "monat": f"{d['datum']:%Y-%m}",
                "art": d["art"],
                "themen": sorted(d["themen"]),
                "vermittlungen": sorted(d["vermittlungen"]),
            }
            messages.success(
                request,
                _("%(art)s gezählt.") % {"art": Kontaktart(d["art"]).label},
            )
            return redirect("beratung_erfassen", stelle=st.code)
    else:
        formular = KontaktFormular(initial={"datum": heute})
    letzter = request.session.get(LETZTER)
    return render(
        request,
        "beratung/erfassen.html",
        {
            "stelle": st,
            "form": formular,
            "arten": Kontaktart.choices,
            "monat": heute,
            "im_monat": services.kontakte_im_monat(st, f"{heute:%Y-%m}"),
            "zuruecknehmbar": bool(letzter and letzter.get("stelle") == st.code),
        },
        status=400 if request.method == "POST" else 200,
    )


def _zuruecknehmen(request: HttpRequest, st: Beratungsstelle) -> HttpResponse:
    letzter = request.session.pop(LETZTER, None)
    if (
        letzter
        and letzter.get("stelle") == st.code
        and services.nimm_zurueck(
            st, letzter["monat"], letzter["art"], letzter["themen"], letzter["vermittlungen"]
        )
    ):
        messages.success(request, _("Der letzte Kontakt ist zurückgenommen."))
    else:
        messages.error(request, _("Es gibt keinen Kontakt zum Zurücknehmen."))
    return redirect("beratung_erfassen", stelle=st.code)
