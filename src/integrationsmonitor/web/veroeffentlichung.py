"""FactSheet pages (public archive, an issue as HTML and PDF; the admin role creates and sends issues) and the
annual report."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integrationsmonitor.publish.bericht import Bericht
from integrationsmonitor.publish.factsheet import normalisiere_ausgabe
from integrationsmonitor.publish.models import FactSheetAusgabe
from integrationsmonitor.publish.services import (
    FactSheetFehler,
    aenderungen_seit,
    bericht,
    bericht_pdf,
    berichtsjahre,
    erstelle_factsheet,
    factsheet_der_ausgabe,
    factsheet_versenden,
)
from integrationsmonitor.registry.models import Rolle
from integrationsmonitor.registry.rollen import darf_veroeffentlichen, rolle_erforderlich

from .factsheet_abbildungen import leiste
from .katalog import aktueller_katalog


def _ausgabe(zeitraum: str, auflage: str | None) -> FactSheetAusgabe:
    qs = FactSheetAusgabe.objects.filter(zeitraum=zeitraum)
    if auflage:
        qs = qs.filter(auflage=int(auflage) if auflage.isdigit() else -1)
    ausgabe = qs.order_by("-auflage").first()
    if ausgabe is None:
        raise Http404(zeitraum)
    return ausgabe


def factsheets(request: HttpRequest) -> HttpResponse:
    k = aktueller_katalog()
    ausgaben = [(a, aenderungen_seit(k, a)) for a in FactSheetAusgabe.objects.all()]
    return render(request, "web/factsheets.html", {"ausgaben": ausgaben})


def factsheet(request: HttpRequest, zeitraum: str) -> HttpResponse:
    k = aktueller_katalog()
    ausgabe = _ausgabe(zeitraum, request.GET.get("auflage"))
    fs = factsheet_der_ausgabe(k, ausgabe)
    basis = request.build_absolute_uri("/").rstrip("/")
    kontext = {
        "ausgabe": ausgabe,
        "fs": fs,
        "aenderungen": aenderungen_seit(k, ausgabe),
        "abbildungen": [(a, leiste(ausgabe.zeitraum, ausgabe.auflage, a, basis)) for a in fs.abbildungen],
    }
    return render(request, "web/factsheet.html", kontext)


def factsheet_pdf(request: HttpRequest, zeitraum: str) -> HttpResponse:
    ausgabe = _ausgabe(zeitraum, request.GET.get("auflage"))
    antwort = HttpResponse(bytes(ausgabe.pdf), content_type="application/pdf")
    antwort["Content-Disposition"] = f'inline; filename="factsheet_{ausgabe.zeitraum}_{ausgabe.auflage}.pdf"'
    return antwort


@rolle_erforderlich(Rolle.ADMIN)
@require_POST
def factsheet_erstellen(request: HttpRequest) -> HttpResponse:
    try:
        zeitraum = normalisiere_ausgabe(request.POST.get("zeitraum", ""))
        ausgabe, neu = erstelle_factsheet(
            aktueller_katalog(),
            zeitraum,
            benutzer=request.user.get_username(),
            neue_auflage=request.POST.get("neue_auflage") == "1",
        )
    except (ValueError, FactSheetFehler) as exc:
        messages.error(request, _("FactSheet nicht erstellt: %(grund)s") % {"grund": exc})
        return redirect("factsheets")
    if neu:
        messages.success(request, _("%(ausgabe)s erstellt und archiviert.") % {"ausgabe": ausgabe})
    else:
        messages.info(
            request, _("%(ausgabe)s gibt es schon (für eine neue Auflage ankreuzen).") % {"ausgabe": ausgabe}
        )
    return redirect("factsheet", zeitraum=ausgabe.zeitraum)


def _bericht(jahr: int) -> Bericht:
    if not 1950 <= jahr <= 2100:
        raise Http404(str(jahr))
    try:
        return bericht(aktueller_katalog(), jahr)
    except FactSheetFehler as exc:
        raise Http404(str(exc)) from None


def bericht_seite(request: HttpRequest, jahr: int) -> HttpResponse:
    kontext = {"bericht": _bericht(jahr), "pdf_url": reverse("bericht_pdf", kwargs={"jahr": jahr})}
    if darf_veroeffentlichen(request.user):
        kontext["texte_url"] = reverse("bericht_texte", kwargs={"jahr": jahr})
    return render(request, "web/bericht.html", kontext)


def bericht_als_pdf(request: HttpRequest, jahr: int) -> HttpResponse:
    antwort = HttpResponse(bericht_pdf(_bericht(jahr)), content_type="application/pdf")
    antwort["Content-Disposition"] = f'inline; filename="bericht_{jahr}.pdf"'
    return antwort


def berichte(request: HttpRequest) -> HttpResponse:
    return render(request, "web/berichte.html", {"jahre": berichtsjahre(aktueller_katalog())})


@rolle_erforderlich(Rolle.ADMIN)
@require_POST
def factsheet_senden(request: HttpRequest, zeitraum: str) -> HttpResponse:
    ausgabe = _ausgabe(zeitraum, request.POST.get("auflage"))
    schluessel, anzahl = factsheet_versenden(ausgabe)
    messages.success(
        request,
        _("%(ausgabe)s für %(anzahl)s Abonnentinnen und Abonnenten eingereiht (%(schluessel)s).")
        % {"ausgabe": ausgabe, "anzahl": anzahl, "schluessel": schluessel},
    )
    return redirect("factsheet", zeitraum=ausgabe.zeitraum)
