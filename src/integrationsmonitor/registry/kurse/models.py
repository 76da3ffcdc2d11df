"""Language courses (Sprachkurs) of the providers, with their open seats."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integrationsmonitor.registry.models import Traeger


class Kursart(models.TextChoices):
    """Course types (code list `kursart` of the catalogue has the same codes)."""

    IK_ALLGEMEIN = "ik_allgemein", _("Integrationskurs (allgemein)")
    IK_JUGEND = "ik_jugend", _("Jugendintegrationskurs")
    IK_ELTERN = "ik_eltern", _("Elternintegrationskurs")
    IK_FRAUEN = "ik_frauen", _("Frauenintegrationskurs")
    IK_ALPHA = "ik_alpha", _("Integrationskurs mit Alphabetisierung")
    IK_ZWEITSCHRIFT = "ik_zweitschrift", _("Integrationskurs für Zweitschriftlernende")
    IK_INTENSIV = "ik_intensiv", _("Intensivkurs")
    BSK_A2 = "bsk_a2", _("Berufssprachkurs A2")
    BSK_B1 = "bsk_b1", _("Berufssprachkurs B1")
    BSK_B2 = "bsk_b2", _("Berufssprachkurs B2")
    BSK_C1 = "bsk_c1", _("Berufssprachkurs C1")
    STUDIENVORBEREITEND = "studienvorbereitend", _("Studienvorbereitender Sprachkurs")
    NIEDRIGSCHWELLIG = "niedrigschwellig", _("Niedrigschwelliger oder ehrenamtlicher Sprachkurs")


class Niveau(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"


# The course's free texts a provider may translate; German (the fields themselves) is the original.
UEBERSETZBAR = ("titel", "zeiten", "anmeldung", "ort_hinweis")
ZIELSPRACHEN = ("en", "uk", "ar")  # the languages of the course finder besides German


def pruefe_uebersetzungen(
    wert: object, felder: tuple[str, ...] = UEBERSETZBAR, sprachen: tuple[str, ...] = ZIELSPRACHEN
) -> list[str]:
    """What is wrong with `uebersetzungen` (empty: nothing): {Sprache: {Feld: Text}} with the languages of
    `sprachen` and the fields of `felder` (default: a course's; registry.engagement uses it too)."""
    if not isinstance(wert, dict):
        return ["Übersetzungen: ein Objekt {Sprache: {Feld: Text}} erwartet"]
    fehler = []
    for sprache, eintrag in wert.items():
        if sprache not in sprachen:
            fehler.append(f"Übersetzungen: Sprache „{sprache}“ nicht angeboten ({', '.join(sprachen)})")
        elif not isinstance(eintrag, dict):
            fehler.append(f"Übersetzungen „{sprache}“: ein Objekt {{Feld: Text}} erwartet")
        else:
            for feld, text in eintrag.items():
                if feld not in felder:
                    fehler.append(f"Übersetzungen „{sprache}“: Feld „{feld}“ ist nicht übersetzbar")
                elif not isinstance(text, str):
                    fehler.append(f"Übersetzungen „{sprache}“, Feld „{feld}“: Text erwartet")
    return fehler


class Sprachkurs(models.Model):
    """One course. Open seats are derived (seats − booked), not kept as a field of their own: one truth, so
    the finder's open seats and the monitoring's occupancy can never disagree. A provider enters the open
    seats; `setze_freie_plaetze` turns them into `belegt` and dates them (`freie_plaetze_stand`)."""

    traeger = models.ForeignKey(
        Traeger, verbose_name=_("Träger"), on_delete=models.PROTECT, related_name="sprachkurse"
    )
    titel = models.CharField(_("Bezeichnung"), max_length=200)
    kursart = models.CharField(_("Kursart"), max_length=32, choices=Kursart.choices)
    niveau = models.CharField(_("Niveau"), max_length=2, choices=Niveau.choices)
    gemeinde = models.CharField(_("Gemeinde (AGS)"), max_length=8)
    adresse = models.CharField(_("Adresse"), max_length=200, blank=True)
    beginn = models.DateField(_("Beginn"))
    ende = models.DateField(_("Ende"))
    zeiten = models.CharField(_("Unterrichtszeiten"), max_length=200, blank=True)
    plaetze = models.PositiveIntegerField(_("Plätze"))
    belegt = models.PositiveIntegerField(_("belegt"), default=0)
    freie_plaetze_stand = models.DateField(_("freie Plätze, Stand"), default=dt.date.today)
    kinderbetreuung = models.BooleanField(_("Kinderbetreuung"), default=False)
    warteliste = models.BooleanField(_("Warteliste"), default=False)
    anmeldung = models.TextField(
        _("So melden Sie sich an"),
        blank=True,
        help_text=_("z. B. „Anruf oder Besuch im Büro, Mo–Do 9–15 Uhr; bitte Aufenthaltstitel mitbringen“"),
    )
    ort_hinweis = models.CharField(
        _("Hinweis zum Ort"), max_length=200, blank=True, help_text=_("z. B. Raum, Etage, Eingang")
    )
    telefon = models.CharField(
        _("Telefon"), max_length=64, blank=True, help_text=_("leer: die Telefonnummer des Trägers")
    )
    email = models.EmailField(_("E-Mail"), blank=True, help_text=_("leer: die E-Mail-Adresse des Trägers"))
    uebersetzungen = models.JSONField(
        _("Übersetzungen"),
        default=dict,
        blank=True,
        help_text=_('je Sprache die übersetzten Texte, z. B. {"uk": {"titel": …, "zeiten": …}}'),
    )

    class Meta:
        verbose_name = _("Sprachkurs")
        verbose_name_plural = _("Sprachkurse")
        ordering = ["beginn", "titel"]
        constraints = [
            models.CheckConstraint(condition=Q(ende__gte=models.F("beginn")), name="kurs_ende_nach_beginn"),
            models.CheckConstraint(
                condition=Q(belegt__lte=models.F("plaetze")), name="kurs_belegt_hoechstens_plaetze"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.titel} ({self.traeger})"

    def clean(self) -> None:
        from integrationsmonitor.registry.kreisworte import keine_gemeinde
        from integrationsmonitor.store.katalog import aktueller_katalog

        g = aktueller_katalog().gebiete.get(self.gemeinde)
        if g is None or g.ebene != "gemeinde":
            raise ValidationError({"gemeinde": keine_gemeinde()})
        fehler = pruefe_uebersetzungen(self.uebersetzungen)
        if fehler:
            raise ValidationError({"uebersetzungen": fehler})

    @property
    def freie_plaetze(self) -> int:
        return self.plaetze - self.belegt

    def setze_freie_plaetze(self, anzahl: int) -> None:
        """A provider's update: open seats (0 … seats) as of today."""
        if not 0 <= anzahl <= self.plaetze:
            raise ValueError(f"freie Plätze müssen zwischen 0 und {self.plaetze} liegen")
        self.belegt = self.plaetze - anzahl
        self.freie_plaetze_stand = timezone.localdate()

    # --- texts in the reader's language and contact -------------------------------------------------

    def uebersetzung(self, feld: str, sprache: str) -> str:
        """The provider's translation of `feld` into `sprache`, "" if there is none."""
        if feld not in UEBERSETZBAR:
            raise ValueError(f"Feld „{feld}“ des Sprachkurses ist nicht übersetzbar")
        eintrag = self.uebersetzungen.get(sprache) if isinstance(self.uebersetzungen, dict) else None
        text = eintrag.get(feld) if isinstance(eintrag, dict) else None
        return text.strip() if isinstance(text, str) else ""

    def text(self, feld: str, sprache: str) -> str:
        """`feld` in `sprache` if the provider translated it, else the German original."""
        if sprache != "de":
            uebersetzt = self.uebersetzung(feld, sprache)
            if uebersetzt:
                return uebersetzt
        elif feld not in UEBERSETZBAR:
            raise ValueError(f"Feld „{feld}“ des Sprachkurses ist nicht übersetzbar")
        return str(getattr(self, feld))

    def text_sprache(self, feld: str, sprache: str) -> str:
        """The language `text(feld, sprache)` is written in (for the `lang` attribute): `sprache` or "de"."""
        return sprache if sprache != "de" and self.uebersetzung(feld, sprache) else "de"

    def setze_uebersetzung(self, sprache: str, feld: str, text: str) -> None:
        """Set (or with an empty text: remove) one translation; German lives in the fields themselves."""
        if sprache not in ZIELSPRACHEN:
            raise ValueError(f"Sprache „{sprache}“ wird im Kursfinder nicht angeboten")
        if feld not in UEBERSETZBAR:
            raise ValueError(f"Feld „{feld}“ des Sprachkurses ist nicht übersetzbar")
        alle = dict(self.uebersetzungen) if isinstance(self.uebersetzungen, dict) else {}
        eintrag = dict(alle.get(sprache) or {})
        if text.strip():
            eintrag[feld] = text.strip()
        else:
            eintrag.pop(feld, None)
        if eintrag:
            alle[sprache] = eintrag
        else:
            alle.pop(sprache, None)
        self.uebersetzungen = alle

    @property
    def kontakt_telefon(self) -> str:
        """The course's phone number, else the provider's."""
        return self.telefon or self.traeger.telefon

    @property
    def kontakt_email(self) -> str:
        """The course's e-mail address, else the provider's."""
        return self.email or self.traeger.email
