"""Counselling sites and anonymous counselling contacts.

A contact holds no name and no free text: every field is a date, a site, a yes/no or a code from a fixed list
(tested), so nothing entered here can identify a person. Contacts leave the registry only as monthly aggregated,
protected deliveries (`services`)."""

from __future__ import annotations

from collections.abc import Callable

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


class Verweis(models.TextChoices):
    AUSLAENDERBEHOERDE = "auslaenderbehoerde", _("Ausländerbehörde")
    JOBCENTER = "jobcenter", _("Jobcenter")
    AGENTUR = "agentur_fuer_arbeit", _("Agentur für Arbeit")
    SOZIALAMT = "sozialamt", _("Sozialamt")
    SPRACHKURS = "sprachkurs", _("Sprachkursträger")
    MIGRATIONSBERATUNG = "migrationsberatung", _("Migrationsberatung (MBE/JMD)")
    GESUNDHEIT = "gesundheit", _("Arzt, Gesundheitsamt")
    WOHNEN = "wohnen", _("Wohnungsgesellschaft")
    SCHULE_KITA = "schule_kita", _("Schule, Kita")
    ANERKENNUNG = "anerkennung", _("Anerkennungsberatung")
    SONSTIGE = "sonstige", _("andere Stelle")


class Sprache(models.TextChoices):
    DEUTSCH = "de", _("Deutsch")
    ENGLISCH = "en", _("Englisch")
    UKRAINISCH = "uk", _("Ukrainisch")
    RUSSISCH = "ru", _("Russisch")
    ARABISCH = "ar", _("Arabisch")
    DARI_FARSI = "fa", _("Dari/Farsi")
    PASCHTU = "ps", _("Paschtu")
    TUERKISCH = "tr", _("Türkisch")
    TIGRINYA = "ti", _("Tigrinya")
    FRANZOESISCH = "fr", _("Französisch")
    ANDERE = "xx", _("andere")


class Geschlecht(models.TextChoices):
    WEIBLICH = "w", _("weiblich")
    MAENNLICH = "m", _("männlich")
    DIVERS = "d", _("divers")
    UNBEKANNT = "x", _("keine Angabe")


class Altersgruppe(models.TextChoices):
    U18 = "u18", _("unter 18")
    A18_26 = "18_26", _("18–26")
    A27_44 = "27_44", _("27–44")
    A45_64 = "45_64", _("45–64")
    A65 = "65_", _("65 und älter")
    UNBEKANNT = "x", _("keine Angabe")


def _codes_pruefen(erlaubt: list[str]) -> Callable[[object], None]:
    def pruefe(wert: object) -> None:
        if not isinstance(wert, list) or not all(isinstance(c, str) and c in erlaubt for c in wert):
            raise ValidationError(_("Nur Codes aus der Liste sind erlaubt."))

    return pruefe


def themen_pruefen(wert: object) -> None:
    _codes_pruefen([c for c, _n in THEMEN])(wert)


def verweise_pruefen(wert: object) -> None:
    _codes_pruefen(list(Verweis.values))(wert)


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


class Beratungskontakt(models.Model):
    """One anonymous counselling contact. No name, no free text (see module docstring)."""

    datum = models.DateField(_("Datum"))
    stelle = models.ForeignKey(
        Beratungsstelle, verbose_name=_("Beratungsstelle"), on_delete=models.PROTECT, related_name="kontakte"
    )
    art = models.CharField(_("Art des Kontakts"), max_length=8, choices=Kontaktart.choices)
    themen = models.JSONField(_("Themen (Handlungsfelder)"), default=list, validators=[themen_pruefen])
    verweise = models.JSONField(
        _("Weitervermittelt an"), default=list, blank=True, validators=[verweise_pruefen]
    )
    sprache = models.CharField(_("Sprache"), max_length=2, choices=Sprache.choices)
    dolmetscher = models.BooleanField(_("mit Dolmetscher"), default=False)
    gruppe = models.BooleanField(_("Gruppenberatung"), default=False)
    geschlecht = models.CharField(_("Geschlecht"), max_length=1, choices=Geschlecht.choices)
    altersgruppe = models.CharField(_("Altersgruppe"), max_length=5, choices=Altersgruppe.choices)

    class Meta:
        verbose_name = _("Beratungskontakt")
        verbose_name_plural = _("Beratungskontakte")
        indexes = [models.Index(fields=["stelle", "datum"])]

    def __str__(self) -> str:
        return f"{self.stelle} {self.datum:%d.%m.%Y} {self.get_art_display()}"
