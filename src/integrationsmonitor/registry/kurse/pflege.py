"""Providers keep their own courses: list ("Meine Kurse") with open seats in one step, create, edit, end early.

A provider user sees and changes only the courses of its own Träger; another provider's course is answered
like a missing one (404: nothing about it is shown), except the open-seats form, which keeps its 403 of issue
5. The admin sees and changes every course. Each save delivers the course figures (signale.py) and gives the
data a new version (store.datenversion), so the course finder and the figures show it on the next request.
Nothing is deleted: an ended course stays in the register and in the figures of the years it ran.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from integrationsmonitor.registry.models import Rolle
from integrationsmonitor.registry.rollen import (
    darf_traeger_bearbeiten,
    eigener_traeger,
    rolle,
    rolle_erforderlich,
)

from .formulare import BeendenForm, FreiePlaetzeForm, KursForm, gemeinden
from .models import Sprachkurs


def _eigener_kurs(request: HttpRequest, kurs_id: int) -> Sprachkurs:
    """The course if the user may change it; another provider's course: 404, as if it did not exist."""
    kurs = get_object_or_404(Sprachkurs.objects.select_related("traeger"), pk=kurs_id)
    if not darf_traeger_bearbeiten(request.user, kurs.traeger):
        raise Http404("Kein Kurs mit dieser Nummer.")
    return kurs


@rolle_erforderlich(Rolle.TRAEGER, Rolle.ADMIN)
@require_http_methods(["GET"])
def meine_kurse(request: HttpRequest) -> HttpResponse:
    """The provider's courses as cards: running and coming ones with their open-seats form first, then the
    ended ones (admin: every provider's)."""
    traeger = eigener_traeger(request.user)
    kurse = Sprachkurs.objects.select_related("traeger").order_by("beginn", "titel")
    if traeger is not None:
        kurse = kurse.filter(traeger=traeger)
    namen = dict(gemeinden())
    heute = timezone.localdate()
    zeilen = [(k, namen.get(k.gemeinde, k.gemeinde)) for k in kurse]
    return render(
        request,
        "kurse/meine_kurse.html",
        {
            "traeger": traeger,
            "laufend": [(k, ort) for k, ort in zeilen if k.ende >= heute],
            "beendet": [(k, ort) for k, ort in zeilen if k.ende < heute],
        },
    )


@rolle_erforderlich(Rolle.TRAEGER, Rolle.ADMIN)
@require_http_methods(["GET", "POST"])
def kurs_bearbeiten(request: HttpRequest, kurs_id: int | None = None) -> HttpResponse:
    """Create a course (kurs_id None) for the own provider, or edit one of the own courses."""
    if kurs_id is None:
        kurs = Sprachkurs()
        eigener = eigener_traeger(request.user)
        if eigener is not None:
            kurs.traeger = eigener
    else:
        kurs = _eigener_kurs(request, kurs_id)
    daten = request.POST if request.method == "POST" else None
    form = KursForm(daten, instance=kurs, traeger_waehlbar=rolle(request.user) == Rolle.ADMIN)
    if daten is not None and form.is_valid():
        with transaction.atomic():
            kurs = form.save()
        if kurs_id is None:
            messages.success(request, _("Kurs „%(kurs)s“ angelegt.") % {"kurs": kurs.titel})
        else:
            messages.success(request, _("Kurs „%(kurs)s“ gespeichert.") % {"kurs": kurs.titel})
        return redirect("kurse:traeger")
    return render(
        request,
        "kurse/kurs_formular.html",
        {
            "form": form,
            "kurs": kurs if kurs_id is not None else None,
            "beenden": BeendenForm(kurs=kurs) if kurs_id is not None else None,
        },
        status=400 if daten is not None else 200,
    )


@rolle_erforderlich(Rolle.TRAEGER, Rolle.ADMIN)
@require_POST
def kurs_beenden(request: HttpRequest, kurs_id: int) -> HttpResponse:
    """End a course early (its last day becomes its end); nothing is deleted."""
    kurs = _eigener_kurs(request, kurs_id)
    form = BeendenForm(request.POST, kurs=kurs)
    if form.is_valid():
        kurs.ende = form.cleaned_data["letzter_tag"]
        with transaction.atomic():
            kurs.save(update_fields=["ende"])
        messages.success(
            request,
            _("Kurs „%(kurs)s“ endet am %(tag)s.")
            % {"kurs": kurs.titel, "tag": kurs.ende.strftime("%d.%m.%Y")},
        )
        return redirect("kurse:traeger")
    return render(
        request,
        "kurse/kurs_formular.html",
        {
            "form": KursForm(instance=kurs, traeger_waehlbar=rolle(request.user) == Rolle.ADMIN),
            "kurs": kurs,
            "beenden": form,
        },
        status=400,
    )


@rolle_erforderlich(Rolle.TRAEGER, Rolle.ADMIN)
@require_POST
def freie_plaetze_setzen(request: HttpRequest, kurs_id: int) -> HttpResponse:
    """Set a course's open seats in one step (the own course only; another provider's: 403, nothing changed)."""
    kurs = get_object_or_404(Sprachkurs.objects.select_related("traeger"), pk=kurs_id)
    if not darf_traeger_bearbeiten(request.user, kurs.traeger):
        raise PermissionDenied("Dieser Kurs gehört einem anderen Träger.")
    form = FreiePlaetzeForm(request.POST, kurs=kurs)
    if form.is_valid():
        anzahl = form.cleaned_data["freie_plaetze"]
        with transaction.atomic():
            kurs.setze_freie_plaetze(anzahl)
            kurs.save(update_fields=["belegt", "freie_plaetze_stand"])
        messages.success(
            request, _("%(kurs)s: %(frei)d freie Plätze gespeichert.") % {"kurs": kurs.titel, "frei": anzahl}
        )
    else:
        for fehler in form.errors["freie_plaetze"]:
            messages.error(request, f"{kurs.titel}: {fehler}")
    return redirect("kurse:traeger")  # to the top, where the confirmation is (the list is short)
