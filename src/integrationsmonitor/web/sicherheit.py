"""Security headers on every answer (finding 11 of #10): a strict Content-Security-Policy, and no caching of
what a signed-in person sees.

The public site has no JavaScript and loads nothing from other hosts: charts are inline SVG, fonts and CSS
are served by the site itself. So `IMON_CSP` (settings) allows only the site's own files; the Django admin
needs its own scripts, which `script-src 'self'` allows only under /admin/. A view that needs another policy
sets the header itself and is left alone. HSTS, Secure cookies and the proxy header come from
`IMON_HTTPS` through Django's SecurityMiddleware.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

CSP = "Content-Security-Policy"


class SicherheitsKopfMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if CSP not in response:
            politik: str = settings.IMON_CSP
            if request.path.startswith("/admin/"):
                politik = politik.replace("script-src 'none'", "script-src 'self'")
            response[CSP] = politik
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response.setdefault("Cache-Control", "private, no-store")
        return response
