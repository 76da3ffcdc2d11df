"""Counselling sites and the running tallies of their anonymous contacts.

Art. 5 DSGVO (data minimisation, storage limitation): a recorded contact is never stored as a row. It only
adds one to the month's tallies of its site — one for its Kontaktart, one per topic, one per referral — and
those are exactly the cells of the monthly deliveries (`services`), published protected. Nothing else is asked:
no name, no free text, no gender, age, language (docs/datenschutz.md)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from integrationsmonitor.registry.models import Traeger

# Handlungsfelder of the catalogue (catalog/data/lds/handlungsfelder.yaml) a contact can be about.
THEMEN = [
    ("sprache", _("Sprache")),
    ("bildung", _("Bildung")),
    ("arbeit", _("Arbeit")),
    ("fachkraefte", _("Fachkräfte")),
    ("beratung", _("Aufenthalt und Leistungen")),
    ("engagement", _("Engagement")),
    ("sport_kultur", _("Sport und Kultur")),
    ("werte", _("Zusammenleben")),
    ("wohnen", _("Wohnen")),
    ("gesundheit", _("Gesundheit")),
]


class Kontaktart(models.TextChoices):
    ERST = "erst", _("Erstkontakt")
    FOLGE_1 = "folge_1", _("1. Folgetermin")
    FOLGE_2 = "folge_2", _("2. Folgetermin")
    FOLGE_3 = "folge_3", _("3. Folgetermin")
    FOLGE_4 = "folge_4", _("4. Folgetermin")
    FOLGE_5 = "folge_5", _("5. oder weiterer Folgetermin")


class Vermittlung(models.TextChoices):
    """Where a contact was referred to: codes of the catalogue's list `vermittlungsziel`."""

    ARBEIT = "arbeit", _("Arbeit")
    AUSBILDUNG = "ausbildung", _("Ausbildung")
    ANDERE = "andere", _("anderer Dienst")


def _nur_codes(wert: object, erlaubt: frozenset[str]) -> None:
    if not isinstance(wert, list) or not all(isinstance(c, str) and c in erlaubt for c in wert):
        raise ValidationError(_("Nur Codes aus der Liste sind erlaubt."))


def themen_pruefen(wert: object) -> None:
    """Validator of the former per-contact table (migration 0001 names it)."""
    _nur_codes(wert, frozenset(c for c, _n in THEMEN))


def verweise_pruefen(wert: object) -> None:
    """Validator of the former per-contact table (migration 0001 names it): any short code."""
    if not isinstance(wert, list) or not all(isinstance(c, str) and len(c) <= 32 for c in wert):
        raise ValidationError(_("Nur Codes aus der Liste sind erlaubt."))


class Beratungsstelle(models.Model):
    """A site where a provider counsels (Welcome Center, Stellwerk 8, LDS integriert, …)."""

    name = models.CharField(_("Name"), max_length=200, unique=True)
    code = models.SlugField(
        _("Code"), max_length=64, unique=True, help_text=_("Code der Liste „beratungsstelle“ im Katalog")
    )
    traeger = models.ForeignKey(
        Traeger, verbose_name=_("Träger"), on_delete=models.PROTECT, related_name="beratungsstellen"
    )
    gemeinde = models.CharField(_("Gemeinde (AGS)"), max_length=8)
    aktiv = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Beratungsstelle")
        verbose_name_plural = _("Beratungsstellen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Merkmal(models.TextChoices):
    KONTAKTART = "kontaktart", _("Art des Kontakts")
    THEMA = "thema", _("Thema")
    VERMITTLUNG = "vermittlung", _("Vermittlung")


CODES: dict[str, frozenset[str]] = {
    Merkmal.KONTAKTART: frozenset(Kontaktart.values),
    Merkmal.THEMA: frozenset(c for c, _n in THEMEN),
    Merkmal.VERMITTLUNG: frozenset(Vermittlung.values),
}


class Beratungszahl(models.Model):
    """A running tally: how many contacts of one month at one site had one code (Kontaktart, topic or
    referral). The only thing the entry form stores; no row describes a single contact (docs/datenschutz.md)."""

    monat = models.CharField(_("Monat"), max_length=7)  # "2024-12"
    stelle = models.ForeignKey(
        Beratungsstelle, verbose_name=_("Beratungsstelle"), on_delete=models.PROTECT, related_name="zahlen"
    )
    merkmal = models.CharField(_("Merkmal"), max_length=12, choices=Merkmal.choices)
    code = models.CharField(_("Code"), max_length=16)
    anzahl = models.PositiveIntegerField(_("Anzahl"), default=0)

    objects: models.Manager[Beratungszahl] = models.Manager()

    class Meta:
        verbose_name = _("Beratungszahl")
        verbose_name_plural = _("Beratungszahlen")
        constraints = [
            models.UniqueConstraint(
                fields=["monat", "stelle", "merkmal", "code"], name="beratungszahl_einmal"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stelle} {self.monat} {self.merkmal}={self.code}: {self.anzahl}"

    def clean(self) -> None:
        if self.code not in CODES.get(self.merkmal, frozenset()):
            raise ValidationError(_("Nur Codes aus der Liste sind erlaubt."))


class Einmalmarke(models.Model):
    """A random mark of one submitted entry form or one undo: a second submission with the same mark (a
    double tap, a reload, a replayed undo cookie) counts nothing. Holds nothing but the mark (no time, no
    site, nothing about the contact); only the newest marks are kept (services.einmal)."""

    marke = models.CharField("Marke", max_length=64, unique=True)

    objects: models.Manager[Einmalmarke] = models.Manager()

    class Meta:
        verbose_name = "Einmalmarke"
        verbose_name_plural = "Einmalmarken"

    def __str__(self) -> str:
        return "Einmalmarke"
