"""The editors' texts of the publications: foreword and chapter commentary of an annual report, the short
commentary of a FactSheet issue. Only the role that publishes (admin, the Amt für Migration und Integration)
edits them; the public and every other role are refused. Plain text: the pages escape it, the PDF sets it
as text (``publish.texte``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integrationsmonitor.publish.bericht import VORWORT
from integrationsmonitor.publish.models import BERICHTSTEXT_MAX, KOMMENTAR_MAX
from integrationsmonitor.publish.services import (
    berichtstexte,
    setze_factsheet_kommentar,
    speichere_berichtstexte,
)
from integrationsmonitor.registry.models import Rolle
from integrationsmonitor.registry.rollen import rolle_erforderlich
from integrationsmonitor.store.katalog import aktueller_katalog

from .veroeffentlichung import _ausgabe, _bericht

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_HILFE = gettext_lazy("Nur Text; eine Leerzeile beginnt einen neuen Absatz.")


def _textfeld(label: StrOrPromise, maximum: int, zeilen: int) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=maximum,
        help_text=_HILFE,
        strip=True,
        widget=forms.Textarea(attrs={"rows": zeilen}),
    )


class BerichtstexteForm(forms.Form):
    """The foreword and one commentary per chapter (Handlungsfeld) of a report year."""

    def __init__(self, *args: object, kapitel: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields[VORWORT] = _textfeld(_("Vorwort"), BERICHTSTEXT_MAX, 8)
        for id_, titel in kapitel:
            self.fields[id_] = _textfeld(
                _("Kommentar zu „%(kapitel)s“") % {"kapitel": titel}, BERICHTSTEXT_MAX, 5
            )


class KommentarForm(forms.Form):
    kommentar = _textfeld(gettext_lazy("Kommentar"), KOMMENTAR_MAX, 6)


@rolle_erforderlich(Rolle.ADMIN)
def bericht_texte(request: HttpRequest, jahr: int) -> HttpResponse:
    b = _bericht(jahr)
    kapitel = [(k.id, k.titel) for k in b.kapitel]
    if request.method == "POST":
        form = BerichtstexteForm(request.POST, kapitel=kapitel)
        if form.is_valid():
            anzahl = speichere_berichtstexte(jahr, form.cleaned_data, benutzer=request.user.get_username())
            messages.success(request, _("Texte des Jahresberichts %(jahr)s gespeichert (%(n)s geändert).")
                             % {"jahr": jahr, "n": anzahl})  # fmt: skip
            return redirect("bericht", jahr=jahr)
    else:
        form = BerichtstexteForm(initial=berichtstexte(jahr), kapitel=kapitel)
    return render(request, "web/bericht_texte.html", {"bericht": b, "form": form})


@rolle_erforderlich(Rolle.ADMIN)
def factsheet_kommentar(request: HttpRequest, zeitraum: str) -> HttpResponse:
    ausgabe = _ausgabe(zeitraum, request.GET.get("auflage") or request.POST.get("auflage"))
    if request.method == "POST":
        form = KommentarForm(request.POST)
        if form.is_valid():
            setze_factsheet_kommentar(aktueller_katalog(), ausgabe, form.cleaned_data["kommentar"])
            messages.success(request, _("Kommentar zu %(ausgabe)s gespeichert; das PDF ist neu erstellt.")
                             % {"ausgabe": ausgabe})  # fmt: skip
            return redirect("factsheet", zeitraum=ausgabe.zeitraum)
    else:
        form = KommentarForm(initial={"kommentar": ausgabe.kommentar})
    return render(request, "web/factsheet_kommentar.html", {"ausgabe": ausgabe, "form": form})
