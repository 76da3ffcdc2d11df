"""The archive of FactSheet issues: each with the delivery versions it used and its PDF."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integrationsmonitor.store.models import Lieferung


class FactSheetAusgabe(models.Model):
    """One issue of the quarterly FactSheet. A later edition of the same quarter is a new `auflage`."""

    zeitraum = models.CharField(_("Zeitraum"), max_length=16)  # 2024-Q4
    auflage = models.PositiveSmallIntegerField(_("Auflage"), default=1)
    erstellt_am = models.DateTimeField(_("erstellt am"), default=timezone.now)
    erstellt_von = models.CharField(_("erstellt von"), max_length=150)
    lieferungen = models.ManyToManyField(
        Lieferung, verbose_name=_("verwendete Lieferungen"), related_name="+"
    )
    inhalt = models.JSONField(_("Inhalt (Kennzahlen, Tabellen)"))
    pdf = models.BinaryField(_("PDF"))
    pdf_sha256 = models.CharField(_("SHA-256 des PDF"), max_length=64)

    class Meta:
        verbose_name = _("FactSheet-Ausgabe")
        verbose_name_plural = _("FactSheet-Ausgaben")
        ordering = ["-zeitraum", "-auflage"]
        constraints = [
            models.UniqueConstraint(fields=["zeitraum", "auflage"], name="eine_auflage_je_zeitraum")
        ]

    def __str__(self) -> str:
        return f"FactSheet {self.zeitraum} ({self.auflage}. Auflage)"
