"""Providers (Träger) and users' access (Zugang: role, and the office or provider a user acts for)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Traeger(models.Model):
    """A provider of offers, projects and courses (a Träger, an association, a public body)."""

    name = models.CharField(_("Name"), max_length=200, unique=True)
    kurzname = models.SlugField(_("Kurzname"), max_length=64, unique=True)
    beschreibung = models.TextField(_("Beschreibung"), blank=True)
    webseite = models.URLField(_("Webseite"), blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    telefon = models.CharField(_("Telefon"), max_length=64, blank=True)
    handlungsfelder = models.JSONField(_("Handlungsfelder"), default=list, blank=True)  # catalogue ids
    aktiv = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Träger")
        verbose_name_plural = _("Träger")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Rolle(models.TextChoices):
    ADMIN = "admin", _("Amt für Migration und Integration (Verwaltung)")
    ANALYST = "analyst", _("Analyse (liest alles Interne)")
    LIEFERSTELLE = "lieferstelle", _("Lieferstelle (liefert ihre Datensätze)")
    TRAEGER = "traeger", _("Träger (pflegt eigene Angebote, Projekte, Kurse)")


class Zugang(models.Model):
    """What a logged-in user may do. Without a Zugang a user is treated like the public
    (a superuser counts as admin)."""

    benutzer = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("Benutzer"), on_delete=models.CASCADE, related_name="zugang"
    )
    rolle = models.CharField(_("Rolle"), max_length=16, choices=Rolle.choices)
    lieferant = models.CharField(
        _("Lieferstelle (Katalog-ID)"),
        max_length=64,
        blank=True,
        help_text=_("nur für die Rolle Lieferstelle"),
    )
    traeger = models.ForeignKey(
        Traeger,
        verbose_name=_("Träger"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="zugaenge",
    )

    class Meta:
        verbose_name = _("Zugang")
        verbose_name_plural = _("Zugänge")
        constraints = [
            models.CheckConstraint(
                condition=(Q(rolle="lieferstelle") & ~Q(lieferant="")) | ~Q(rolle="lieferstelle"),
                name="lieferstelle_braucht_lieferant",
            ),
            models.CheckConstraint(
                condition=(Q(rolle="traeger") & Q(traeger__isnull=False)) | ~Q(rolle="traeger"),
                name="traeger_rolle_braucht_traeger",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.benutzer} ({self.get_rolle_display()})"
