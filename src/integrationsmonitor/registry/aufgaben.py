"""Each logged-in role's tasks, for the task bar under the header (web/templates/web/base.html).

The pages check permissions themselves (registry.rollen); this only says what to offer whom, so that nobody
has to know an address: a provider finds "Meine Kurse", "Kurs anlegen" and "Kontakt erfassen" of its own
counselling sites, an office "Lieferung hochladen", the admin the FactSheet and the report texts. The
public (not logged in) gets no task bar at all, so the cached public pages stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Rolle
from .rollen import INITIATIVE, Benutzer, eigener_traeger, rolle


@dataclass(frozen=True)
class Aufgabe:
    titel: str
    url: str
    ansicht: str  # the view name (request.resolver_match.view_name) of the page, for aria-current


def _a(titel: str, ansicht: str, *args: object, anker: str = "") -> Aufgabe:
    return Aufgabe(titel, reverse(ansicht, args=args) + (f"#{anker}" if anker else ""), ansicht)


def _beratungsstellen(benutzer: Benutzer) -> list[Aufgabe]:
    from .beratung.models import Beratungsstelle

    traeger = eigener_traeger(benutzer)
    if traeger is None:
        return []
    stellen = list(
        Beratungsstelle.objects.filter(traeger=traeger, aktiv=True).values_list("code", flat=True)[:2]
    )
    if not stellen:
        return []
    if len(stellen) == 1:  # straight to the form of its one site
        return [_a(_("Kontakt erfassen"), "beratung_erfassen", stellen[0])]
    return [_a(_("Kontakt erfassen"), "beratung_erfassen_auswahl")]  # the list of its sites first


_berichtsjahr: dict[str, int | None] = {}  # data version → the newest report year (one entry)


def _letztes_berichtsjahr() -> int | None:
    """The newest year with a report, once per data version (not on every page of a logged-in admin)."""
    from integrationsmonitor.publish.services import berichtsjahre
    from integrationsmonitor.store.datenversion import datenversion
    from integrationsmonitor.store.katalog import aktueller_katalog

    kennung = datenversion().kennung
    if kennung not in _berichtsjahr:
        jahre = berichtsjahre(aktueller_katalog(), anzahl=1)
        _berichtsjahr.clear()
        _berichtsjahr[kennung] = jahre[0] if jahre else None
    return _berichtsjahr[kennung]


def aufgaben(benutzer: Benutzer) -> list[Aufgabe]:
    """The tasks of the user's role, most frequent first; none for the public."""
    if not benutzer.is_authenticated:
        return []
    r = rolle(benutzer)
    if r == Rolle.TRAEGER:
        return [
            _a(_("Meine Kurse"), "kurse:traeger"),
            _a(_("Kurs anlegen"), "kurse:anlegen"),
            *_beratungsstellen(benutzer),
            _a(_("Eigene Angebote"), "registry:eigene_angebote"),
            _a(_("Eigene Projekte"), "registry:eigene_projekte"),
            _a(_("Lieferungen"), "lieferungen"),
        ]
    if r == INITIATIVE:
        return [_a(_("Meine Initiative"), "engagement:pflege")]
    if r == Rolle.LIEFERSTELLE:
        return [_a(_("Lieferung hochladen"), "lieferungen")]
    if r == Rolle.ANALYST:
        return [
            _a(_("Lieferungen"), "lieferungen"),
            _a(_("Förderung"), "registry:foerderuebersicht"),
            _a(_("Alle Kurse"), "kurse:verwaltung"),
        ]
    if r == Rolle.ADMIN:
        liste = [
            _a(_("Lieferung hochladen"), "lieferungen"),
            _a(_("FactSheet erstellen"), "factsheets", anker="erstellen-titel"),
        ]
        jahr = _letztes_berichtsjahr()
        if jahr is not None:
            liste.append(_a(_("Bericht-Texte"), "bericht_texte", jahr))
        liste += [
            _a(_("Alle Kurse"), "kurse:verwaltung"),
            _a(_("Kurs anlegen"), "kurse:anlegen"),
            _a(_("Förderung"), "registry:foerderuebersicht"),
            _a(_("Initiativen"), "engagement:pflege"),
        ]
        if getattr(benutzer, "is_staff", False) and getattr(benutzer, "is_active", False):
            liste.append(_a(_("Verwaltung"), "admin:index"))
        return liste
    return []
