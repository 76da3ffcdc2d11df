"""The push queue: one row per language, the state of that language's Integreat page.

A row is `wartend` (a push is due at `faellig_am`), `sendend` (a worker claimed it), `aktuell` (the page has
the content last sent, `inhalt_hash`) or `abgelehnt` (Integreat said "denied": the token is wrong; no retry
until the token changes or someone queues it again). One row per language by construction (`sprache` is
unique): a further change moves the due time, it never adds a second push. Only `warteschlange` writes these,
always with conditional UPDATEs (no signals, so the public pages' cache is not emptied by queue work).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Pushauftrag(models.Model):
    class Status(models.TextChoices):
        WARTEND = "wartend", _("in der Warteschlange")
        SENDEND = "sendend", _("wird gesendet")
        AKTUELL = "aktuell", _("aktuell (gesendet)")
        ABGELEHNT = "abgelehnt", _("abgelehnt (Token falsch)")

    sprache = models.CharField(_("Sprache"), max_length=8, unique=True)
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.WARTEND)
    faellig_am = models.DateTimeField(_("fällig am"), default=timezone.now)
    wartet_seit = models.DateTimeField(
        _("erste ungesendete Änderung"), null=True, blank=True, help_text=_("begrenzt das Verschieben")
    )
    nachholen = models.BooleanField(
        _("Änderung während des Sendens"), default=False, help_text=_("nach dem Senden noch einmal einreihen")
    )
    versuche = models.PositiveSmallIntegerField(_("Fehlversuche in Folge"), default=0)
    beansprucht_am = models.DateTimeField(_("Senden begonnen am"), null=True, blank=True)
    letzter_versuch_am = models.DateTimeField(_("letzter Versuch am"), null=True, blank=True)
    letzter_fehler = models.TextField(_("letzter Fehler"), blank=True)
    gesendet_am = models.DateTimeField(_("zuletzt gesendet am"), null=True, blank=True)
    inhalt_hash = models.CharField(_("Inhalt zuletzt gesendet (SHA-256)"), max_length=64, blank=True)
    token_kennung = models.CharField(
        _("Kennung des abgelehnten Tokens"),
        max_length=16,
        blank=True,
        help_text=_("HMAC des Tokens, nicht das Token: ein neues Token gibt die Sprache wieder frei"),
    )

    class Meta:
        verbose_name = _("Integreat-Push")
        verbose_name_plural = _("Integreat-Pushes")
        ordering = ["sprache"]
        indexes = [models.Index(fields=["status", "faellig_am"])]

    def __str__(self) -> str:
        return f"{self.sprache}: {self.get_status_display()}"
