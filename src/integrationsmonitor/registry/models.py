"""Providers (Träger), users' access (Zugang), and the providers' offers, projects and funding."""

from __future__ import annotations

from urllib.parse import urlsplit

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


# --- Offers, projects, funding (issue 5 items 2 and 3) ---------------------------------------------------


class Angebot(models.Model):
    """An offer of a provider (a counselling point, a meeting place, a transport service …).

    The description is German; `uebersetzungen` holds other languages as {"en": {"name": …, "beschreibung": …}}."""

    traeger = models.ForeignKey(
        Traeger, verbose_name=_("Träger"), on_delete=models.CASCADE, related_name="angebote"
    )
    name = models.CharField(_("Name"), max_length=200)
    handlungsfelder = models.JSONField(_("Handlungsfelder"), default=list, blank=True)  # catalogue ids
    zielgruppen = models.CharField(_("Zielgruppen"), max_length=500, blank=True)
    sprachen = models.CharField(_("Sprachen"), max_length=300, blank=True)
    oeffnungszeiten = models.TextField(_("Öffnungszeiten"), blank=True)
    kontakt = models.TextField(_("Kontakt"), blank=True)
    beschreibung = models.TextField(_("Beschreibung (deutsch)"), blank=True)
    uebersetzungen = models.JSONField(_("Übersetzungen"), default=dict, blank=True)
    aktiv_von = models.DateField(_("aktiv von"), null=True, blank=True)
    aktiv_bis = models.DateField(_("aktiv bis"), null=True, blank=True)
    quelle = models.CharField(
        _("Quelle"),
        max_length=300,
        blank=True,
        help_text=_("woher die Angaben stammen; erfundene als Demo kennzeichnen"),
    )
    # Offers imported from the county's Integreat app (integreat.importieren): kept there, read-only here.
    integreat_pfad = models.CharField(
        _("Integreat-Pfad"),
        max_length=500,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Pfad der deutschen Fassung in Integreat; gesetzt nur bei importierten Angeboten"),
    )
    integreat_url = models.URLField(_("Link zu Integreat"), max_length=500, blank=True)
    kategorie = models.CharField(_("Kategorie"), max_length=200, blank=True)
    breite = models.DecimalField(_("Breitengrad"), max_digits=9, decimal_places=6, null=True, blank=True)
    laenge = models.DecimalField(_("Längengrad"), max_digits=9, decimal_places=6, null=True, blank=True)
    voruebergehend_geschlossen = models.BooleanField(_("vorübergehend geschlossen"), default=False)
    archiviert = models.BooleanField(
        _("archiviert"),
        default=False,
        help_text=_(
            "nicht mehr öffentlich gezeigt (z. B. in Integreat entfernt); bleibt zum Nachlesen erhalten"
        ),
    )

    class Meta:
        verbose_name = _("Angebot")
        verbose_name_plural = _("Angebote")
        ordering = ["name"]
        constraints = [
            # Names are the providers' keys; imported offers are keyed by their Integreat path instead.
            models.UniqueConstraint(
                fields=["traeger", "name"],
                condition=Q(integreat_pfad__isnull=True),
                name="angebot_name_je_traeger",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def aus_integreat(self) -> bool:
        """Imported from Integreat: maintained there, not editable here."""
        return self.integreat_pfad is not None

    def integreat_link(self, sprache: str) -> str:
        """The Integreat page of an imported offer in `sprache` if translated there, else the German one;
        only an http(s) address (the import keeps no other; this also guards rows stored before it checked)."""
        if not self.aus_integreat:
            return ""
        eintrag = self.uebersetzungen.get(sprache) if isinstance(self.uebersetzungen, dict) else None
        if isinstance(eintrag, dict) and _http_adresse(str(eintrag.get("url") or "")):
            return str(eintrag["url"])
        return self.integreat_url if _http_adresse(self.integreat_url) else ""

    def uebersetzt(self, sprache: str, feld: str) -> str:
        """The field in `sprache` if translated, else German."""
        eintrag = self.uebersetzungen.get(sprache) if isinstance(self.uebersetzungen, dict) else None
        if isinstance(eintrag, dict) and eintrag.get(feld):
            return str(eintrag[feld])
        return str(getattr(self, feld))


def _http_adresse(wert: str) -> bool:
    """An absolute http(s) address (so never `javascript:` or `data:` in an href)."""
    try:
        teile = urlsplit(wert.strip())
    except ValueError:
        return False
    return teile.scheme.lower() in ("http", "https") and bool(teile.netloc)


class _Ort(models.Model):
    """A place: a Gemeinde of the catalogue (AGS) and an address (shared by offers and projects)."""

    gemeinde = models.CharField(_("Gemeinde (AGS)"), max_length=8)
    adresse = models.CharField(_("Adresse"), max_length=300, blank=True)

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.gemeinde} {self.adresse}".strip()


class Angebotsort(_Ort):
    """Where an offer takes place."""

    angebot = models.ForeignKey(
        Angebot, verbose_name=_("Angebot"), on_delete=models.CASCADE, related_name="orte"
    )

    class Meta(_Ort.Meta):
        verbose_name = _("Ort")
        verbose_name_plural = _("Orte")


class Projekt(models.Model):
    """A funded project of a provider, with staff in full-time equivalents (VZE) and volunteers."""

    traeger = models.ForeignKey(
        Traeger, verbose_name=_("Träger"), on_delete=models.CASCADE, related_name="projekte"
    )
    name = models.CharField(_("Name"), max_length=200)
    handlungsfelder = models.JSONField(_("Handlungsfelder"), default=list, blank=True)  # catalogue ids
    beschreibung = models.TextField(_("Beschreibung"), blank=True)
    vze = models.DecimalField(_("Personal (VZE)"), max_digits=6, decimal_places=2, default=0)
    ehrenamtliche = models.PositiveIntegerField(_("Ehrenamtliche"), default=0)
    beginn = models.DateField(_("Beginn"), null=True, blank=True)
    ende = models.DateField(_("Ende"), null=True, blank=True)
    quelle = models.CharField(
        _("Quelle"),
        max_length=300,
        blank=True,
        help_text=_("woher die Angaben stammen; erfundene als Demo kennzeichnen"),
    )

    class Meta:
        verbose_name = _("Projekt")
        verbose_name_plural = _("Projekte")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["traeger", "name"], name="projekt_name_je_traeger")]

    def __str__(self) -> str:
        return self.name


class Projektstandort(_Ort):
    projekt = models.ForeignKey(
        Projekt, verbose_name=_("Projekt"), on_delete=models.CASCADE, related_name="standorte"
    )

    class Meta(_Ort.Meta):
        verbose_name = _("Standort")
        verbose_name_plural = _("Standorte")


class Programm(models.TextChoices):
    INTEGRATIONSBUDGET = "integrationsbudget", _("Integrationsbudget des Landes")
    INTEGRATIONSPAUSCHALE = "integrationspauschale", _("Integrationspauschale des Landes")
    ESF_WILLKOMMEN = "esf_willkommen", _("ESF+ „Willkommen in Brandenburg“")
    KREISMITTEL = "kreismittel", _("Kreismittel")
    BUND = "bund", _("Bund")
    EU = "eu", _("EU")
    STIFTUNG = "stiftung", _("Stiftung")


class Foerderung(models.Model):
    """One funding line of a project: programme, funder, period, amount, rate and own share."""

    projekt = models.ForeignKey(
        Projekt, verbose_name=_("Projekt"), on_delete=models.CASCADE, related_name="foerderungen"
    )
    programm = models.CharField(_("Programm"), max_length=32, choices=Programm.choices)
    foerdergeber = models.CharField(_("Fördergeber"), max_length=200, blank=True)
    von = models.DateField(_("von"))
    bis = models.DateField(_("bis"))
    betrag = models.DecimalField(_("Betrag (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True)
    foerderquote = models.DecimalField(
        _("Förderquote (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    eigenanteil = models.DecimalField(
        _("Eigenanteil (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    bemerkung = models.CharField(_("Bemerkung"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Förderung")
        verbose_name_plural = _("Förderungen")
        ordering = ["projekt", "von", "programm"]
        constraints = [
            models.CheckConstraint(condition=Q(bis__gte=models.F("von")), name="foerderung_bis_nach_von"),
            models.CheckConstraint(
                condition=Q(foerderquote__isnull=True) | (Q(foerderquote__gte=0) & Q(foerderquote__lte=100)),
                name="foerderquote_in_prozent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.projekt}: {self.get_programm_display()} {self.von:%Y}–{self.bis:%Y}"


class Berichtstermin(models.Model):
    """A report the funder expects (interim report, Verwendungsnachweis): due date and when it was submitted."""

    foerderung = models.ForeignKey(
        Foerderung, verbose_name=_("Förderung"), on_delete=models.CASCADE, related_name="berichtstermine"
    )
    bezeichnung = models.CharField(_("Bezeichnung"), max_length=200, default="Verwendungsnachweis")
    faellig_am = models.DateField(_("fällig am"))
    eingereicht_am = models.DateField(_("eingereicht am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Berichtstermin")
        verbose_name_plural = _("Berichtstermine")
        ordering = ["faellig_am"]

    def __str__(self) -> str:
        return f"{self.bezeichnung} {self.faellig_am:%d.%m.%Y}"
