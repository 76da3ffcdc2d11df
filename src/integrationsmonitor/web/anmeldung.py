"""Login page and admin login with the login limits (registry.backends.RollenBackend, web.drossel).

When the limits refuse an attempt, the form says so in German (the same words whether or not the account
exists) and the answer has status 429 with Retry-After."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseBase

from integrationsmonitor.registry.backends import anmeldesperre, gedrosselt, sperrmeldung


class AnmeldeForm(AuthenticationForm):
    def get_invalid_login_error(self) -> ValidationError:
        return sperrmeldung() if gedrosselt(self.request) else super().get_invalid_login_error()


class AdminAnmeldeForm(AdminAuthenticationForm):
    def get_invalid_login_error(self) -> ValidationError:
        return sperrmeldung() if gedrosselt(self.request) else super().get_invalid_login_error()


V = TypeVar("V", bound=Callable[..., HttpResponseBase])


def mit_drosselstatus(view: V) -> V:
    """A refused login answers 429 Too Many Requests with Retry-After (the page is the login form)."""

    @wraps(view)
    def gedrosselte_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if gedrosselt(request):
            response.status_code = 429
            response["Retry-After"] = str(int(anmeldesperre().total_seconds()))
        return response

    return cast(V, gedrosselte_view)


anmelden = mit_drosselstatus(
    auth_views.LoginView.as_view(template_name="web/anmelden.html", authentication_form=AnmeldeForm)
)
