"""The mails themselves: confirmation mail and circular, each with an unsubscribe link in text and HTML and
the List-Unsubscribe headers of RFC 2369 / RFC 8058 (one-click unsubscribe by POST)."""

from __future__ import annotations

from collections.abc import Sequence
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape, linebreaks

from integrationsmonitor.store.katalog import aktueller_katalog

from .models import Abonnent, Rundschreiben, RundschreibenAnhang


def absolute_url(pfad: str) -> str:
    return f"{settings.IMON_SITE_URL}{pfad}"


def abmelde_url(abonnent: Abonnent) -> str:
    return absolute_url(reverse("mailing:abmeldung", args=[abonnent.abmelde_token]))


def bestaetigungs_url(token: str) -> str:
    return absolute_url(reverse("mailing:bestaetigung", args=[token]))


def neue_message_id() -> str:
    """A Message-ID in the sender's domain; kept across retries so receivers can drop a duplicate."""
    domain = settings.IMON_MAIL_FROM.rpartition("@")[2].strip(" >") or "localhost"
    return make_msgid(idstring="imon", domain=domain)


def _kopfzeilen(abmelden: str, message_id: str | None) -> dict[str, str]:
    kopf = {
        "List-Unsubscribe": f"<{abmelden}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    if message_id:
        kopf["Message-ID"] = message_id
    return kopf


def _html_mit_fuss(html: str, fuss: str) -> str:
    """The footer goes before </body> of a whole document, else at the end of the fragment."""
    stelle = html.lower().rfind("</body>")
    if stelle == -1:
        return f"{html}\n{fuss}"
    return f"{html[:stelle]}{fuss}\n{html[stelle:]}"


def _kontext(abonnent: Abonnent, **weiteres: str) -> dict[str, str]:
    return {
        "kreis": aktueller_katalog().kreis.name,
        "abmelden": abmelde_url(abonnent),
        **weiteres,
    }


def bestaetigungs_nachricht(abonnent: Abonnent, token: str) -> EmailMultiAlternatives:
    kontext = _kontext(abonnent, bestaetigen=bestaetigungs_url(token))
    with translation.override(abonnent.sprache):
        betreff = render_to_string("mailing/mail/bestaetigung_betreff.txt", kontext).strip()
        text = render_to_string("mailing/mail/bestaetigung.txt", kontext)
        html = render_to_string("mailing/mail/bestaetigung.html", kontext)
    nachricht = EmailMultiAlternatives(
        subject=betreff,
        body=text,
        from_email=settings.IMON_MAIL_FROM,
        to=[abonnent.email],
        headers=_kopfzeilen(kontext["abmelden"], neue_message_id()),
    )
    nachricht.attach_alternative(html, "text/html")
    return nachricht


def rundschreiben_nachricht(
    rundschreiben: Rundschreiben,
    anhaenge: Sequence[RundschreibenAnhang],
    abonnent: Abonnent,
    message_id: str,
) -> EmailMultiAlternatives:
    kontext = _kontext(abonnent)
    with translation.override(abonnent.sprache):
        fuss_text = render_to_string("mailing/mail/fusszeile.txt", kontext)
        fuss_html = render_to_string("mailing/mail/fusszeile.html", kontext)
        html = (
            rundschreiben.html
            or f'<!DOCTYPE html>\n<html lang="de">\n<body>\n{linebreaks(escape(rundschreiben.text))}\n</body>\n</html>\n'
        )
    nachricht = EmailMultiAlternatives(
        subject=rundschreiben.betreff,
        body=f"{rundschreiben.text.rstrip()}\n\n-- \n{fuss_text}",
        from_email=settings.IMON_MAIL_FROM,
        to=[abonnent.email],
        headers=_kopfzeilen(kontext["abmelden"], message_id),
    )
    nachricht.attach_alternative(_html_mit_fuss(html, fuss_html), "text/html")
    for anhang in anhaenge:
        nachricht.attach(anhang.dateiname, bytes(anhang.inhalt), anhang.mime_typ)
    return nachricht
