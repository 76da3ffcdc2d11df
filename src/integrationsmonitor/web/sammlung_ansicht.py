"""The Amt publishes the initiatives' collected yearly figures on the delivery page, one button per year (the
same as `imon engagement-deliver --year Y`; docs/geheimhaltung.md, section 8)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integrationsmonitor.publish import formatting as fmt
from integrationsmonitor.registry.engagementlieferung import KENNZAHLEN, veroeffentliche_jahr
from integrationsmonitor.registry.models import Rolle
from integrationsmonitor.registry.rollen import eigene_initiative, rolle, rolle_erforderlich
from integrationsmonitor.store.katalog import aktueller_katalog
from integrationsmonitor.store.models import Sammelmeldung
from integrationsmonitor.store.sammlung import offen


def sammelstand(user: AbstractBaseUser | AnonymousUser) -> list[dict[str, object]]:
    """For the Amt (role admin): each year with collected reports and how many; for others nothing."""
    if rolle(user) != Rolle.ADMIN:
        return []
    return [{"jahr": jahr, "anzahl": anzahl} for jahr, anzahl in offen(KENNZAHLEN)]


def sammelt(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether the user's uploads are collected (an initiative) instead of delivered after a preview."""
    return eigene_initiative(user) is not None


def eigene_meldungen(user: AbstractBaseUser | AnonymousUser) -> list[dict[str, str]]:
    """For an initiative: its reports not yet published (year, date received), newest year first."""
    initiative = eigene_initiative(user)
    if initiative is None:
        return []
    meldungen = Sammelmeldung.objects.filter(datensatz=KENNZAHLEN, eigentuemer=initiative.kurzname)
    return [
        {"jahr": m.zeitraum, "datum": fmt.datum(m.eingegangen_am)} for m in meldungen.order_by("-zeitraum")
    ]


@rolle_erforderlich(Rolle.ADMIN)
@require_POST
def sammlung_veroeffentlichen(request: HttpRequest) -> HttpResponse:
    jahr = request.POST.get("jahr", "")
    if not (jahr.isdigit() and len(jahr) == 4):
        messages.error(request, _("Bitte ein Jahr mit vier Ziffern angeben."))
        return redirect("lieferungen")
    for e in veroeffentliche_jahr(aktueller_katalog(), int(jahr), request.user.get_username()):
        if not e.angenommen:
            messages.error(request, "; ".join(e.probleme[:3]))
        elif e.lieferung is not None:
            messages.success(
                request,
                _("%(datensatz)s %(jahr)s veröffentlicht (Lieferung %(nr)s).")
                % {"datensatz": e.lieferung.datensatz, "jahr": jahr, "nr": e.lieferung.pk},
            )
    return redirect("lieferungen")
