"""Initiatives keep their own entry (role `initiative`): /initiative/ leads to it, /initiative/<kurzname>/
edits it. Another initiative's entry is answered like a missing one (404). The admin sees and edits every
entry. Each save gives the data a new version (store.datenversion), so /mitmachen/ shows it at once."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from integrationsmonitor.registry.models import Rolle
from integrationsmonitor.registry.rollen import (
    INITIATIVE,
    darf_initiative_bearbeiten,
    eigene_initiative,
    rolle_erforderlich,
)

from .formulare import InitiativeForm
from .models import Initiative


@rolle_erforderlich(INITIATIVE, Rolle.ADMIN)
@require_http_methods(["GET"])
def meine_initiative(request: HttpRequest) -> HttpResponse:
    """An initiative user goes straight to its entry; the admin gets the list of all."""
    eigene = eigene_initiative(request.user)
    if eigene is not None:
        return redirect("engagement:bearbeiten", eigene.kurzname)
    return render(
        request, "engagement/initiativen.html", {"initiativen": Initiative.objects.order_by("name")}
    )


@rolle_erforderlich(INITIATIVE, Rolle.ADMIN)
@require_http_methods(["GET", "POST"])
def bearbeiten(request: HttpRequest, kurzname: str) -> HttpResponse:
    initiative = get_object_or_404(Initiative, kurzname=kurzname)
    if not darf_initiative_bearbeiten(request.user, initiative):
        raise Http404("Keine Initiative mit diesem Kurznamen.")
    daten = request.POST if request.method == "POST" else None
    form = InitiativeForm(daten, instance=initiative)
    if daten is not None and form.is_valid():
        form.save()
        messages.success(request, _("„%(name)s“ gespeichert.") % {"name": initiative.name})
        return redirect("engagement:bearbeiten", initiative.kurzname)
    return render(
        request,
        "engagement/initiative_formular.html",
        {"form": form, "initiative": initiative},
        status=400 if daten is not None else 200,
    )
