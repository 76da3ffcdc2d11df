"""Deliveries (Lieferung) and their cells (Beobachtung). Only store.ingest writes them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Lieferung(models.Model):
    class Status(models.TextChoices):
        AKTIV = "aktiv", _("aktiv")
        ERSETZT = "ersetzt", _("ersetzt")

    datensatz = models.CharField(_("Datensatz"), max_length=64)
    zeitraum = models.CharField(_("Zeitraum"), max_length=16)
    lieferant = models.CharField(_("Lieferant"), max_length=64)
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.AKTIV)
    datei_name = models.CharField(_("Dateiname"), max_length=255)
    datei_hash = models.CharField(_("SHA-256 der Datei"), max_length=64)
    zellen = models.PositiveIntegerField(_("Zellen"))
    eingegangen_am = models.DateTimeField(_("eingegangen am"), default=timezone.now)
    benutzer = models.CharField(_("geliefert von"), max_length=150)
    ersetzt_durch = models.ForeignKey(
        "self",
        verbose_name=_("ersetzt durch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ist_demo = models.BooleanField(_("Demodaten"), default=False)
    amtlich = models.BooleanField(
        _("amtlich geheim gehalten"),
        default=False,
        help_text=_(
            "Von einem statistischen Amt veröffentlicht und geschützt (GENESIS): seine Zeichen bleiben."
        ),
    )

    class Meta:
        verbose_name = _("Lieferung")
        verbose_name_plural = _("Lieferungen")
        ordering = ["-eingegangen_am", "-id"]
        indexes = [models.Index(fields=["datensatz", "zeitraum", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["datensatz", "zeitraum"], condition=Q(status="aktiv"), name="eine_aktive_lieferung"
            )
        ]

    def __str__(self) -> str:
        return f"{self.datensatz} {self.zeitraum} ({self.get_status_display()}, {self.datei_name})"


class Beobachtung(models.Model):
    """One delivered cell: region, dimension codes, value and flag."""

    lieferung = models.ForeignKey(Lieferung, on_delete=models.CASCADE, related_name="beobachtungen")
    gebiet = models.CharField(_("Gebiet"), max_length=12)
    merkmale = models.CharField(_("Merkmale"), max_length=255)  # codes in dataset order, joined by "|"
    wert = models.FloatField(_("Wert"), null=True)  # None only for secret cells
    kennzeichen = models.CharField(_("Kennzeichen"), max_length=1, blank=True)

    class Meta:
        verbose_name = _("Beobachtung")
        verbose_name_plural = _("Beobachtungen")

    def __str__(self) -> str:
        return f"{self.gebiet} {self.merkmale} = {self.wert}"


class Datenversion(models.Model):
    """The version of everything a public page can show (one row; store.datenversion).

    Every saved or deleted object of the project's apps gives `kennung` a new random value once its
    transaction commits; the response cache (web.antwortcache) and the per-version read caches key by it,
    so every process sees a change made by another (a delivery by `imon deliver`) on its next request.
    Random, not a counter: a restored backup brings back the value that belongs to its own data. Shown
    nowhere, so the names below are not translated."""

    kennung = models.CharField("Kennung", max_length=32)
    geaendert_am = models.DateTimeField("geändert am", default=timezone.now)

    class Meta:
        verbose_name = "Datenversion"
        verbose_name_plural = "Datenversionen"

    def __str__(self) -> str:
        return f"{self.kennung} ({self.geaendert_am:%Y-%m-%d %H:%M:%S})"


class Schutzergebnis(models.Model):
    """The protected publication of a delivery, computed once and kept (store.veroeffentlichung).

    It follows from the delivery, the earlier deliveries of its unit and the catalogue, none of which change
    after ingest; `schutz` is a fingerprint of the catalogue and the protection method, so a changed
    catalogue or method computes anew instead of reading an old result. Derived data: a backup may leave
    it out, every process recomputes it if missing. Shown nowhere, so the names are not translated."""

    lieferung = models.ForeignKey(Lieferung, on_delete=models.CASCADE, related_name="schutzergebnisse")
    schutz = models.CharField("Fingerabdruck von Katalog und Verfahren", max_length=32)
    daten = models.BinaryField("veröffentlichte Werte (zlib, JSON)")
    berechnet_am = models.DateTimeField("berechnet am", default=timezone.now)

    class Meta:
        verbose_name = "Schutzergebnis"
        verbose_name_plural = "Schutzergebnisse"
        constraints = [
            models.UniqueConstraint(fields=["lieferung", "schutz"], name="ein_schutzergebnis_je_fassung")
        ]

    def __str__(self) -> str:
        return f"Schutzergebnis {self.lieferung_id} ({self.schutz})"


class Seitenwerte(models.Model):
    """The values pages have read from a delivery's published cube (store.lieferwerte), kept so that no
    process loads the whole cube again for them: a delivery never changes, so neither do they. `kennung`
    fingerprints the catalogue, the protection method and the cube's arithmetic. Derived data like
    `Schutzergebnis`: a backup leaves it out, a process recomputes what is missing. Shown nowhere."""

    lieferung = models.ForeignKey(Lieferung, on_delete=models.CASCADE, related_name="seitenwerte")
    kennung = models.CharField("Fingerabdruck von Katalog, Verfahren und Würfel", max_length=32)
    daten = models.BinaryField("Werte (zlib, JSON)")
    geaendert_am = models.DateTimeField("geändert am", default=timezone.now)

    class Meta:
        verbose_name = "Seitenwerte"
        verbose_name_plural = "Seitenwerte"
        constraints = [
            models.UniqueConstraint(fields=["lieferung", "kennung"], name="ein_seitenwertesatz_je_fassung")
        ]

    def __str__(self) -> str:
        return f"Seitenwerte {self.lieferung_id} ({self.kennung})"


class Sammelmeldung(models.Model):
    """An organisation's own figures of one period, collected until the Amt publishes the period at once
    (store.sammlung, `imon engagement-deliver`): no public page shows them, and a new upload of the same
    organisation replaces its report. `zellen`: [[gebiet, organisation code, figure code, value], ...]."""

    datensatz = models.CharField(_("Datensatz"), max_length=64)
    zeitraum = models.CharField(_("Zeitraum"), max_length=16)
    eigentuemer = models.CharField(_("Organisation"), max_length=64)
    zellen = models.JSONField(_("Zellen"), default=list)
    benutzer = models.CharField(_("Benutzer"), max_length=150)
    eingegangen_am = models.DateTimeField(_("eingegangen am"), default=timezone.now)

    class Meta:
        verbose_name = _("Sammelmeldung")
        verbose_name_plural = _("Sammelmeldungen")
        constraints = [
            models.UniqueConstraint(
                fields=["datensatz", "zeitraum", "eigentuemer"], name="eine_sammelmeldung_je_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.datensatz} {self.zeitraum}: {self.eigentuemer}"
