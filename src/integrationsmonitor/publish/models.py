"""The archive of FactSheet issues: each with the delivery versions it used and its PDF."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integrationsmonitor.store.models import Lieferung

KOMMENTAR_MAX = 1200  # characters of a FactSheet commentary: a short text beside the key figures
BERICHTSTEXT_MAX = 8000  # characters of a foreword or a chapter commentary


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
    # The editors' short commentary (plain text, paragraphs by blank lines); editing it rebuilds the PDF.
    kommentar = models.TextField(_("Kommentar"), blank=True, default="", max_length=KOMMENTAR_MAX)

    class Meta:
        verbose_name = _("FactSheet-Ausgabe")
        verbose_name_plural = _("FactSheet-Ausgaben")
        ordering = ["-zeitraum", "-auflage"]
        constraints = [
            models.UniqueConstraint(fields=["zeitraum", "auflage"], name="eine_auflage_je_zeitraum")
        ]

    def __str__(self) -> str:
        return f"FactSheet {self.zeitraum} ({self.auflage}. Auflage)"


class Berichtstext(models.Model):
    """A text of an annual report written by the Verwaltung: the foreword or a chapter's commentary.

    Plain text (paragraphs separated by a blank line); the report shows it escaped, never as markup."""

    VORWORT = "vorwort"

    jahr = models.PositiveSmallIntegerField(_("Berichtsjahr"))
    abschnitt = models.CharField(_("Abschnitt"), max_length=64)  # "vorwort" or a Handlungsfeld id
    text = models.TextField(_("Text"), blank=True, max_length=BERICHTSTEXT_MAX)
    geaendert_am = models.DateTimeField(_("geändert am"), default=timezone.now)
    geaendert_von = models.CharField(_("geändert von"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("Text des Jahresberichts")
        verbose_name_plural = _("Texte des Jahresberichts")
        ordering = ["-jahr", "abschnitt"]
        constraints = [models.UniqueConstraint(fields=["jahr", "abschnitt"], name="ein_text_je_abschnitt")]

    def __str__(self) -> str:
        return f"Jahresbericht {self.jahr}: {self.abschnitt}"
