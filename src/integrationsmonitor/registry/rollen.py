"""Who may do what: the one place that answers it (views and services ask here, never check fields).

Roles (issue 5): admin (Amt für Migration und Integration), analyst (reads everything internal),
lieferstelle (delivers only its own datasets), traeger (edits only its own offers, projects, courses,
contacts; delivers its own project figures), and the public (not logged in, or no Zugang).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import Rolle, Traeger, Zugang

Benutzer = AbstractBaseUser | AnonymousUser
V = TypeVar("V", bound=Callable[..., HttpResponse])
OEFFENTLICH = "oeffentlich"


def rolle(benutzer: Benutzer) -> str:
    """The user's role; a superuser is admin; anonymous or without Zugang: the public."""
    if not benutzer.is_authenticated:
        return OEFFENTLICH
    if getattr(benutzer, "is_superuser", False):
        return Rolle.ADMIN
    zugang = Zugang.objects.filter(benutzer_id=benutzer.pk).only("rolle").first()
    return zugang.rolle if zugang else OEFFENTLICH


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
    z = zugang(benutzer)
    if z is None:
        return set()
    if r == Rolle.LIEFERSTELLE:
        return {z.lieferant}
    if r == Rolle.TRAEGER:
        return {"traeger"}  # its own project figures (dataset projektkennzahlen)
    return set()


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
