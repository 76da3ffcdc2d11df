"""Entry form of a counselling site: provider users of the site's provider and admin; everyone else 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from integrationsmonitor.registry.rollen import darf_traeger_bearbeiten

from .forms import KontaktFormular
from .models import Beratungskontakt, Beratungsstelle, Kontaktart, Sprache


def erfassen(request: HttpRequest, stelle: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), "anmelden")
    st = get_object_or_404(Beratungsstelle.objects.select_related("traeger"), code=stelle, aktiv=True)
    if not darf_traeger_bearbeiten(request.user, st.traeger):
        raise PermissionDenied(_("Diese Beratungsstelle gehört zu einem anderen Träger."))
    heute = timezone.localdate()
    if request.method == "POST":
        formular = KontaktFormular(request.POST)
        if formular.is_valid():
            kontakt = formular.save(commit=False)
            kontakt.stelle = st
            kontakt.save()
            messages.success(request, _("Kontakt gespeichert."))
            return redirect("beratung_erfassen", stelle=st.code)
    else:
        formular = KontaktFormular(
            initial={"datum": heute, "art": Kontaktart.ERST, "sprache": Sprache.DEUTSCH}
        )
    heute_gezaehlt = Beratungskontakt.objects.filter(stelle=st, datum=heute).count()
    return render(
        request,
        "beratung/erfassen.html",
        {"stelle": st, "form": formular, "heute_gezaehlt": heute_gezaehlt},
        status=400 if request.method == "POST" else 200,
    )
