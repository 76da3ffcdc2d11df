"""Subscribers (Abonnent), circulars (Rundschreiben) and one delivery per circular and subscriber (Zustellung).

Only `services` writes these. Personal data is kept to what the list needs (GDPR): the address, the
language, the state and when it changed; no name, no IP address, no user agent. The confirmation token is
stored as its SHA-256 only; the unsubscribe token is stored as is, because every mail must carry it.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Abonnent(models.Model):
    class Status(models.TextChoices):
        AUSSTEHEND = "ausstehend", _("wartet auf Bestätigung")
        BESTAETIGT = "bestaetigt", _("bestätigt")
        ABGEMELDET = "abgemeldet", _("abgemeldet")

    class Sprache(models.TextChoices):
        DE = "de", "Deutsch"
        EN = "en", "English"

    email = models.EmailField(_("E-Mail-Adresse"), max_length=254, unique=True)  # stored in lower case
    sprache = models.CharField(_("Sprache"), max_length=2, choices=Sprache.choices, default=Sprache.DE)
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.AUSSTEHEND)
    bestaetigungs_token_hash = models.CharField(
        _("Bestätigungs-Token (SHA-256)"), max_length=64, blank=True, db_index=True
    )
    token_gueltig_bis = models.DateTimeField(_("Bestätigungslink gültig bis"), null=True, blank=True)
    bestaetigung_gesendet_am = models.DateTimeField(
        _("Bestätigungs-E-Mail gesendet am"), null=True, blank=True
    )
    abmelde_token = models.CharField(_("Abmelde-Token"), max_length=64, unique=True)
    angemeldet_am = models.DateTimeField(_("angemeldet am"), default=timezone.now)
    bestaetigt_am = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    abgemeldet_am = models.DateTimeField(_("abgemeldet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Abonnent")
        verbose_name_plural = _("Abonnenten")
        ordering = ["email"]
        indexes = [models.Index(fields=["status", "bestaetigung_gesendet_am"])]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_status_display()})"


class Rundschreiben(models.Model):
    """One mail to all confirmed subscribers, e.g. one FactSheet issue. `schluessel` makes queueing idempotent."""

    schluessel = models.CharField(_("Schlüssel"), max_length=100, unique=True)
    betreff = models.CharField(_("Betreff"), max_length=200)
    text = models.TextField(_("Text"))
    html = models.TextField(_("HTML"), blank=True)
    erstellt_am = models.DateTimeField(_("erstellt am"), default=timezone.now)

    class Meta:
        verbose_name = _("Rundschreiben")
        verbose_name_plural = _("Rundschreiben")
        ordering = ["-erstellt_am", "-id"]

    def __str__(self) -> str:
        return f"{self.schluessel}: {self.betreff}"


class RundschreibenAnhang(models.Model):
    rundschreiben = models.ForeignKey(Rundschreiben, on_delete=models.CASCADE, related_name="anhaenge")
    dateiname = models.CharField(_("Dateiname"), max_length=255)
    mime_typ = models.CharField(_("MIME-Typ"), max_length=100)
    inhalt = models.BinaryField(_("Inhalt"))
    groesse = models.PositiveIntegerField(_("Größe (Bytes)"))

    class Meta:
        verbose_name = _("Anhang")
        verbose_name_plural = _("Anhänge")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.dateiname


class Zustellung(models.Model):
    """The delivery of one circular to one subscriber; the queue is the set of Zustellungen in state `wartend`."""

    class Status(models.TextChoices):
        WARTEND = "wartend", _("in der Warteschlange")
        SENDEND = "sendend", _("wird gesendet")
        GESENDET = "gesendet", _("gesendet")
        FEHLGESCHLAGEN = "fehlgeschlagen", _("endgültig fehlgeschlagen")
        ABGEBROCHEN = "abgebrochen", _("abgebrochen (abgemeldet)")

    rundschreiben = models.ForeignKey(
        Rundschreiben, verbose_name=_("Rundschreiben"), on_delete=models.CASCADE, related_name="zustellungen"
    )
    abonnent = models.ForeignKey(
        Abonnent, verbose_name=_("Abonnent"), on_delete=models.CASCADE, related_name="zustellungen"
    )
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.WARTEND)
    versuche = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    naechster_versuch_am = models.DateTimeField(_("nächster Versuch am"), default=timezone.now)
    beansprucht_am = models.DateTimeField(_("Versand begonnen am"), null=True, blank=True)
    letzter_fehler = models.TextField(_("letzter Fehler"), blank=True)
    gesendet_am = models.DateTimeField(_("gesendet am"), null=True, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("Zustellung")
        verbose_name_plural = _("Zustellungen")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["rundschreiben", "abonnent"], name="eine_zustellung_je_abonnent")
        ]
        indexes = [models.Index(fields=["status", "naechster_versuch_am"])]

    def __str__(self) -> str:
        return f"{self.rundschreiben.schluessel} → {self.abonnent.email} ({self.get_status_display()})"
