"""German error page for a failed CSRF check (Django's own is an English technical page; finding 13 of #10).

400, 403, 404 and 500 are the templates of the same names in web/templates; 500.html needs no context, so it
renders even when the database is the cause."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseForbidden
from django.template.loader import render_to_string
from django.utils.translation import gettext as _


def csrf_fehler(request: HttpRequest, reason: str = "") -> HttpResponseForbidden:
    """The form was sent without a valid security token (old tab, cookies blocked, or another site)."""
    html = render_to_string(
        "web/csrf_fehler.html",
        {
            "hinweis": _(
                "Bitte laden Sie die Seite neu und senden Sie das Formular noch einmal. Cookies müssen "
                "für diese Website erlaubt sein."
            )
        },
        request=request,
    )
    return HttpResponseForbidden(html)
