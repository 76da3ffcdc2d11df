"""Who may do what: the one place that answers it (views and services ask here, never check fields).

Roles (issue 5): admin (Amt für Migration und Integration), analyst (reads everything internal),
lieferstelle (delivers only its own datasets), traeger (edits only its own offers, projects, courses,
contacts; delivers its own project figures), initiative (issue 13: edits only its own entry on
/mitmachen/; a user with an engagement.InitiativZugang and no Zugang), and the public (not logged in, or
no Zugang).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.store.models import Lieferung

from .models import Rolle, Traeger, Zugang

if TYPE_CHECKING:
    from .engagement.models import Initiative

Benutzer = AbstractBaseUser | AnonymousUser
V = TypeVar("V", bound=Callable[..., HttpResponse])
OEFFENTLICH = "oeffentlich"
INITIATIVE = "initiative"  # kept in engagement.InitiativZugang (user → one initiative), not in Zugang


def rolle(benutzer: Benutzer) -> str:
    """The user's role; a superuser is admin; anonymous or without Zugang: the public."""
    if not benutzer.is_authenticated:
        return OEFFENTLICH
    if getattr(benutzer, "is_superuser", False):
        return Rolle.ADMIN
    zugang = Zugang.objects.filter(benutzer_id=benutzer.pk).only("rolle").first()
    if zugang is not None:
        return zugang.rolle
    return INITIATIVE if eigene_initiative(benutzer) is not None else OEFFENTLICH


def zugang(benutzer: Benutzer) -> Zugang | None:
    if not benutzer.is_authenticated:
        return None
    return Zugang.objects.filter(benutzer_id=benutzer.pk).select_related("traeger").first()


def ist_intern(benutzer: Benutzer) -> bool:
    """Reads everything internal (admin or analyst)."""
    return rolle(benutzer) in (Rolle.ADMIN, Rolle.ANALYST)


def eigener_traeger(benutzer: Benutzer) -> Traeger | None:
    """The provider a provider user acts for (None for every other role)."""
    z = zugang(benutzer)
    return z.traeger if z is not None and z.rolle == Rolle.TRAEGER else None


def eigene_initiative(benutzer: Benutzer) -> Initiative | None:
    """The initiative a user of role `initiative` keeps (None for everybody else, also with a Zugang)."""
    from .engagement.models import InitiativZugang

    if not benutzer.is_authenticated or getattr(benutzer, "is_superuser", False):
        return None
    z = InitiativZugang.objects.filter(benutzer_id=benutzer.pk).select_related("initiative").first()
    if z is None or Zugang.objects.filter(benutzer_id=benutzer.pk).exists():
        return None
    return z.initiative


def darf_initiative_bearbeiten(benutzer: Benutzer, initiative: Initiative) -> bool:
    """Admin edits every initiative's entry, an initiative user only its own."""
    if rolle(benutzer) == Rolle.ADMIN:
        return True
    eigene = eigene_initiative(benutzer)
    return eigene is not None and eigene.pk == initiative.pk


def darf_traeger_bearbeiten(benutzer: Benutzer, traeger: Traeger) -> bool:
    """Admin edits every provider's objects, a provider user only its own."""
    if rolle(benutzer) == Rolle.ADMIN:
        return True
    eigener = eigener_traeger(benutzer)
    return eigener is not None and eigener.pk == traeger.pk


def lieferbare_lieferanten(benutzer: Benutzer) -> set[str] | None:
    """Catalogue supplier ids the user may deliver for; None = all (admin); empty = none."""
    r = rolle(benutzer)
    if r == Rolle.ADMIN:
        return None
    if r == INITIATIVE:
        return {"initiativen"}  # its own yearly figures (dataset engagement_kennzahlen)
    z = zugang(benutzer)
    if z is None:
        return set()
    if r == Rolle.LIEFERSTELLE:
        return {z.lieferant}
    if r == Rolle.TRAEGER:
        return {"traeger"}  # its own project figures (dataset projektkennzahlen)
    return set()


INTERNE_ROLLEN = (Rolle.ADMIN, Rolle.ANALYST, Rolle.LIEFERSTELLE, Rolle.TRAEGER, INITIATIVE)


def darf_lieferungen_sehen(benutzer: Benutzer) -> bool:
    """The page /lieferungen/: every role with a Zugang (each sees its part), not the public."""
    return rolle(benutzer) in INTERNE_ROLLEN


def lieferbare_datensaetze(benutzer: Benutzer, katalog: Katalog) -> set[str] | None:
    """Dataset ids the user may deliver (those whose catalogue supplier is theirs); None = all (admin)."""
    lieferanten = lieferbare_lieferanten(benutzer)
    if lieferanten is None:
        return None
    erlaubt = {d.id for d in katalog.datensaetze.values() if d.lieferant in lieferanten}
    if rolle(benutzer) == Rolle.TRAEGER:  # by hand only figures of its own projects (traegerlieferung)
        from .traegerlieferung import eigentums_merkmal

        erlaubt = {d for d in erlaubt if eigentums_merkmal(katalog, katalog.datensaetze[d]) is not None}
    if rolle(benutzer) == INITIATIVE:  # only datasets whose codes belong to initiatives (traegerlieferung)
        from .traegerlieferung import INITIATIVE as ATTRIBUT_INITIATIVE
        from .traegerlieferung import eigentums_merkmal

        erlaubt = {
            d
            for d in erlaubt
            if eigentums_merkmal(katalog, katalog.datensaetze[d], ATTRIBUT_INITIATIVE) is not None
        }
    return erlaubt


def darf_liefern(benutzer: Benutzer, katalog: Katalog, datensatz: str | None = None) -> bool:
    """May deliver at all (datensatz None), or this dataset."""
    erlaubt = lieferbare_datensaetze(benutzer, katalog)
    if erlaubt is None:
        return True
    return bool(erlaubt) if datensatz is None else datensatz in erlaubt


def sichtbare_lieferungen(
    benutzer: Benutzer, katalog: Katalog, qs: QuerySet[Lieferung]
) -> QuerySet[Lieferung]:
    """The deliveries of `qs` the user may see in the history (with the user names of who delivered).

    Admin and analyst: all. A supplier office: those of its own datasets. A provider: the project figures
    delivered by users of its own provider (other providers deliver the same dataset). The public: none."""
    if ist_intern(benutzer):
        return qs
    datensaetze = lieferbare_datensaetze(benutzer, katalog) or set()
    qs = qs.filter(datensatz__in=datensaetze)
    traeger = eigener_traeger(benutzer)
    if traeger is not None:
        namen = Zugang.objects.filter(traeger=traeger).values_list("benutzer__username", flat=True)
        qs = qs.filter(benutzer__in=list(namen))
    initiative = eigene_initiative(benutzer)
    if initiative is not None:  # as a provider: the figures its own users delivered
        eigene = initiative.zugaenge.values_list("benutzer__username", flat=True)
        qs = qs.filter(benutzer__in=list(eigene))
    return qs


def darf_veroeffentlichen(benutzer: Benutzer) -> bool:
    """Create FactSheet issues and send them to the mailing list: admin only."""
    return rolle(benutzer) == Rolle.ADMIN


def _ist_mitarbeiter(benutzer: Benutzer) -> bool:
    return bool(getattr(benutzer, "is_active", False) and getattr(benutzer, "is_staff", False))


def darf_verwaltung(benutzer: Benutzer) -> bool:
    """The Django admin /admin/: role admin with Django's staff flag (a superuser, or a Zugang admin whose
    user has "Mitarbeiter-Status"); there it holds every model permission (registry.backends)."""
    return _ist_mitarbeiter(benutzer) and rolle(benutzer) == Rolle.ADMIN


def rechte(benutzer: Benutzer) -> dict[str, bool]:
    """What the templates may offer (navigation, forms): one dict per request. The pages themselves check
    again (an admin may also open the provider pages; the navigation keeps them out of the admin's way)."""
    r = rolle(benutzer)
    return {
        "lieferungen": r in INTERNE_ROLLEN,
        "liefern": r in (Rolle.ADMIN, Rolle.LIEFERSTELLE, Rolle.TRAEGER, INITIATIVE),
        "veroeffentlichen": r == Rolle.ADMIN,
        "verwaltung": r == Rolle.ADMIN and _ist_mitarbeiter(benutzer),
        "eigene_objekte": r == Rolle.TRAEGER,  # navigation to the own offers, projects, courses
        "eigene_initiative": r == INITIATIVE,  # navigation to the own entry on /mitmachen/
        "auswertung": r in (Rolle.ADMIN, Rolle.ANALYST),  # navigation to the funding overview, all courses
    }


def rolle_erforderlich(*rollen: str) -> Callable[[V], V]:
    """View decorator: anonymous → login page; logged in without one of `rollen` → 403."""

    def deko(view: V) -> V:
        @wraps(view)
        def innen(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), "anmelden")
            if rolle(request.user) not in rollen:
                raise PermissionDenied("Für diese Seite fehlt die Berechtigung.")
            return view(request, *args, **kwargs)

        return innen  # type: ignore[return-value]

    return deko
