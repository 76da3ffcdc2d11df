"""Login backend: Django's own, plus every model permission for the role admin (registry.rollen), with the
login limits of web.drossel."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext

from integrationsmonitor.web import drossel

from .models import Rolle
from .rollen import rolle

if TYPE_CHECKING:
    from django.contrib.auth.models import User

GEDROSSELT = "imon_gedrosselt"  # set on a request whose login was refused by the limits (web.anmeldung)


def anmeldesperre() -> timedelta:
    return timedelta(minutes=drossel.grenze("IMON_ANMELDUNG_SPERRE_MINUTEN"))


def gedrosselt(request: HttpRequest | None) -> bool:
    """Whether the limits refused this request's login (then the password was not checked)."""
    return bool(getattr(request, GEDROSSELT, False))


def sperrmeldung() -> ValidationError:
    """The login form's error when the limits refuse an attempt: the same whether the account exists."""
    minuten = int(anmeldesperre().total_seconds() // 60)
    return ValidationError(
        gettext(
            "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in %(minuten)s Minuten erneut."
        )
        % {"minuten": minuten},
        code="gedrosselt",
    )


class RollenBackend(ModelBackend):
    """A user with Zugang role admin may do in the admin site what a superuser may (no Django permissions or
    groups to keep in step with the role); whether they reach the admin site at all is decided by
    `rollen.darf_verwaltung` (role admin and staff flag).

    Logins through a request (the login page, /admin/) are limited: after IMON_ANMELDUNG_FEHLVERSUCHE_JE_KONTO
    failures for one account name, or IMON_ANMELDUNG_FEHLVERSUCHE_JE_CLIENT from one client (web.drossel),
    within IMON_ANMELDUNG_SPERRE_MINUTEN, further attempts are refused without checking the password, so
    guessing costs no password-hashing time either. Account names are counted whether the account exists
    or not, so the refusal tells nothing about it. A successful login clears its account's failures."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if request is None or username is None or password is None:
            return super().authenticate(request, username, password, **kwargs)
        konto = drossel.schluessel(str(username).strip().casefold())
        client = drossel.schluessel(drossel.client_adresse(request))
        fenster = anmeldesperre()
        je_konto = drossel.grenze("IMON_ANMELDUNG_FEHLVERSUCHE_JE_KONTO")
        je_client = drossel.grenze("IMON_ANMELDUNG_FEHLVERSUCHE_JE_CLIENT")

        def gesperrt(mit_diesem: int = 0) -> bool:
            return (
                drossel.anzahl(drossel.ANMELDUNG_KONTO, konto, fenster) >= je_konto + mit_diesem
                or drossel.anzahl(drossel.ANMELDUNG_CLIENT, client, fenster) >= je_client + mit_diesem
            )

        if gesperrt():
            setattr(request, GEDROSSELT, True)
            raise PermissionDenied  # authenticate() stops here: no other backend, no password check
        # Count this attempt before checking the password, then look again: of several parallel attempts
        # only as many as the limit allows get through (each sees the others' rows).
        ereignisse = drossel.wiederholt(
            lambda: [
                drossel.vermerken(drossel.ANMELDUNG_KONTO, konto),
                drossel.vermerken(drossel.ANMELDUNG_CLIENT, client),
            ]
        )
        if gesperrt(mit_diesem=1):
            drossel.wiederholt(lambda: drossel.zuruecknehmen(*ereignisse))
            setattr(request, GEDROSSELT, True)
            raise PermissionDenied
        benutzer = super().authenticate(request, username, password, **kwargs)
        if benutzer is not None:  # not a failure: take the client's row back, clear the account's

            def erfolg() -> None:
                drossel.zuruecknehmen(*ereignisse)
                drossel.vergessen(drossel.ANMELDUNG_KONTO, konto)

            drossel.wiederholt(erfolg)
        return benutzer

    def _ist_admin(self, user_obj: Any) -> bool:
        if not hasattr(
            user_obj, "_imon_ist_admin"
        ):  # asked once per model on an admin page: once per request
            user_obj._imon_ist_admin = bool(user_obj.is_active) and rolle(user_obj) == Rolle.ADMIN
        return bool(user_obj._imon_ist_admin)

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return self._ist_admin(user_obj) or super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return self._ist_admin(user_obj) or super().has_module_perms(user_obj, app_label)
