"""Associations and initiatives (Initiative), the users who keep them (InitiativZugang) and the volunteers'
interest until it is forwarded (Mitmachanfrage).

The kinds of offer are model choices (like `Kursart`): no dataset is broken down by them, so the catalogue
needs no code list. The interest requests keep only what forwarding needs and are deleted once forwarded or
after IMON_MITMACHEN_FRIST_TAGE days (services.py, docs/datenschutz.md).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ZIELSPRACHEN = ("en", "uk", "ar")  # the languages of /mitmachen/ besides German
UEBERSETZBAR = ("beschreibung",)  # the initiative's own text; names stay as they are


class Angebotsart(models.TextChoices):
    PATENSCHAFT = "patenschaft", _("Patenschaft")
    SPRECHCAFE = "sprechcafe", _("Sprechcafé")
    FAHRDIENST = "fahrdienst", _("Fahrdienst")
    SPORT = "sport", _("Sport")
    BEGEGNUNG = "begegnung", _("Begegnung")
    NACHHILFE = "nachhilfe", _("Nachhilfe und Lernhilfe")
    KLEIDERKAMMER = "kleiderkammer", _("Kleiderkammer")
    SONSTIGES = "sonstiges", _("Sonstiges")


def pruefe_arten(wert: object) -> list[str]:
    """What is wrong with a list of kinds of offer (empty: nothing)."""
    if not isinstance(wert, list) or not all(isinstance(a, str) for a in wert):
        return ["Angebotsarten: eine Liste von Codes erwartet"]
    return [
        f"Angebotsart „{a}“ unbekannt ({', '.join(Angebotsart.values)})"
        for a in wert
        if a not in Angebotsart.values
    ]


def gemeinde_pruefen(ags: str) -> None:
    """A Gemeinde (AGS) of the county's catalogue, else ValidationError."""
    from integrationsmonitor.registry.kreisworte import keine_gemeinde
    from integrationsmonitor.store.katalog import aktueller_katalog

    g = aktueller_katalog().gebiete.get(ags)
    if g is None or g.ebene != "gemeinde":
        raise ValidationError(keine_gemeinde())


class Initiative(models.Model):
    """An association or initiative with volunteers (Handlungsfeld „Engagement und Begegnung“)."""

    name = models.CharField(_("Name"), max_length=200, unique=True)
    kurzname = models.SlugField(
        _("Kurzname"), max_length=64, unique=True, help_text=_("fester Schlüssel, z. B. für Lieferungen")
    )
    gemeinde = models.CharField(_("Gemeinde (AGS)"), max_length=8, validators=[gemeinde_pruefen])
    kontaktperson = models.CharField(_("Ansprechperson"), max_length=200, blank=True)
    email = models.EmailField(
        _("E-Mail"), help_text=_("an diese Adresse werden Anfragen von Freiwilligen weitergeleitet")
    )
    telefon = models.CharField(_("Telefon"), max_length=64, blank=True)
    webseite = models.URLField(_("Webseite"), blank=True)
    beschreibung = models.TextField(_("Beschreibung"), blank=True)
    uebersetzungen = models.JSONField(
        _("Übersetzungen"),
        default=dict,
        blank=True,
        help_text=_('je Sprache die übersetzte Beschreibung, z. B. {"uk": {"beschreibung": …}}'),
    )
    arten = models.JSONField(_("Angebotsarten"), default=list, blank=True)
    aktiv = models.BooleanField(
        _("aktiv"), default=True, help_text=_("nur aktive Initiativen stehen auf /mitmachen/")
    )
    demo = models.BooleanField(_("Demo"), default=False, help_text=_("erfundene Initiative der Demo"))

    class Meta:
        verbose_name = _("Initiative")
        verbose_name_plural = _("Initiativen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from integrationsmonitor.registry.kurse.models import pruefe_uebersetzungen

        fehler = {}
        if f := pruefe_arten(self.arten):
            fehler["arten"] = f
        if f := pruefe_uebersetzungen(self.uebersetzungen, UEBERSETZBAR, ZIELSPRACHEN):
            fehler["uebersetzungen"] = f
        if fehler:
            raise ValidationError(fehler)

    def beschreibung_in(self, sprache: str) -> tuple[str, str]:
        """(text, language) of the description: the initiative's translation into `sprache`, else German."""
        eintrag = self.uebersetzungen.get(sprache) if isinstance(self.uebersetzungen, dict) else None
        text = eintrag.get("beschreibung") if isinstance(eintrag, dict) else None
        if sprache != "de" and isinstance(text, str) and text.strip():
            return text.strip(), sprache
        return self.beschreibung, "de"

    def arten_namen(self) -> list[str]:
        return [str(Angebotsart(a).label) for a in self.arten if a in Angebotsart.values]


class InitiativZugang(models.Model):
    """A user who keeps one initiative's entry: role `initiative` (registry.rollen). Assigned in the admin.
    A user with a registry Zugang (admin, analyst, office, provider) keeps that role instead."""

    benutzer = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzer"),
        on_delete=models.CASCADE,
        related_name="initiativzugang",
    )
    initiative = models.ForeignKey(
        Initiative, verbose_name=_("Initiative"), on_delete=models.CASCADE, related_name="zugaenge"
    )

    class Meta:
        verbose_name = _("Zugang einer Initiative")
        verbose_name_plural = _("Zugänge der Initiativen")

    def __str__(self) -> str:
        return f"{self.benutzer} → {self.initiative}"


class Mitmachanfrage(models.Model):
    """A volunteer's interest, from the form until it is forwarded (then deleted) or expires (deleted).
    No name, no IP address; the consent is kept as the version of its text and the time it was given."""

    email = models.EmailField(_("E-Mail-Adresse"), max_length=254)
    gemeinde = models.CharField(_("Gemeinde (AGS)"), max_length=8)
    arten = models.JSONField(_("Wobei helfen"), default=list, blank=True)
    nachricht = models.TextField(_("Nachricht"), max_length=500, blank=True)
    sprache = models.CharField(_("Sprache"), max_length=2, default="de")
    einwilligung_version = models.CharField(_("Fassung des Einwilligungstexts"), max_length=16)
    einwilligung_am = models.DateTimeField(_("eingewilligt am"), default=timezone.now)
    angelegt_am = models.DateTimeField(_("angelegt am"), default=timezone.now, db_index=True)
    token_hash = models.CharField(_("Bestätigungs-Token (SHA-256)"), max_length=64, blank=True, db_index=True)
    bestaetigung_gesendet_am = models.DateTimeField(
        _("Bestätigungs-E-Mail gesendet am"), null=True, blank=True
    )
    bestaetigt_am = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    weitergeleitet_an = models.JSONField(_("schon weitergeleitet an (Initiativen)"), default=list, blank=True)
    in_arbeit_seit = models.DateTimeField(_("wird weitergeleitet seit"), null=True, blank=True)

    class Meta:
        verbose_name = _("Mitmach-Anfrage")
        verbose_name_plural = _("Mitmach-Anfragen")
        ordering = ["angelegt_am"]

    def __str__(self) -> str:
        return f"Anfrage {self.pk} ({'bestätigt' if self.bestaetigt_am else 'unbestätigt'})"
