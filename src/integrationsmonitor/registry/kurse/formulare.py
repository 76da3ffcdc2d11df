"""Forms of the providers' own courses: the course itself (with its translations), open seats, ending early.

Every message names the field it is about ("„Plätze“ …"), so it is understood without seeing the form, e.g.
read aloud by a screen reader or in the error summary at the top."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integrationsmonitor.registry.models import Traeger
from integrationsmonitor.store.katalog import aktueller_katalog

from .models import UEBERSETZBAR, ZIELSPRACHEN, Sprachkurs

SPRACHNAMEN = {
    "en": gettext_lazy("Englisch"),
    "uk": gettext_lazy("Ukrainisch"),
    "ar": gettext_lazy("Arabisch"),
}
RTL = {"ar"}


def gemeinden() -> list[tuple[str, str]]:
    """The Gemeinden of the catalogue by name (the form shows names, stores the AGS)."""
    return [(g.code, g.name) for g in aktueller_katalog().gebiete_der_ebene("gemeinde")]


def _datum(**attrs: str) -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")


def uebersetzungsfeld(feld: str, sprache: str) -> str:
    return f"{feld}_{sprache}"


def _benenne_fehler(feld: forms.Field) -> None:
    """German messages that name the field (Django's say only "Dieses Feld ist zwingend erforderlich.")."""
    name = str(feld.label)
    feld.error_messages["required"] = _("„%(feld)s“ fehlt: bitte angeben.") % {"feld": name}
    if isinstance(feld, forms.DateField):
        feld.error_messages["invalid"] = _("„%(feld)s“: bitte ein Datum angeben (TT.MM.JJJJ).") % {
            "feld": name
        }
    elif isinstance(feld, forms.IntegerField):
        feld.error_messages["invalid"] = _("„%(feld)s“: bitte eine ganze Zahl angeben.") % {"feld": name}
        feld.error_messages["min_value"] = _("„%(feld)s“ darf nicht negativ sein.") % {"feld": name}
    elif isinstance(feld, forms.EmailField):
        feld.error_messages["invalid"] = _(
            "„%(feld)s“: bitte eine E-Mail-Adresse wie name@beispiel.de angeben."
        ) % {"feld": name}
    elif isinstance(feld, forms.ChoiceField):
        feld.error_messages["invalid_choice"] = _("„%(feld)s“: bitte einen Eintrag der Liste wählen.") % {
            "feld": name
        }


class KursForm(forms.ModelForm):  # type: ignore[type-arg]
    """A course of the provider's own (the admin also chooses the provider). Translations of the free texts
    are optional fields per language (`titel_en`, `zeiten_uk`, …), stored in `uebersetzungen`."""

    gemeinde = forms.ChoiceField(label=gettext_lazy("Gemeinde"), choices=gemeinden)

    class Meta:
        model = Sprachkurs
        fields = [
            "titel", "kursart", "niveau", "gemeinde", "adresse", "ort_hinweis", "beginn", "ende", "zeiten",
            "plaetze", "belegt", "kinderbetreuung", "warteliste", "anmeldung", "telefon", "email",
        ]  # fmt: skip
        labels = {"titel": gettext_lazy("Bezeichnung des Kurses"), "belegt": gettext_lazy("Belegte Plätze")}
        widgets = {
            "beginn": _datum(),
            "ende": _datum(),
            "anmeldung": forms.Textarea(attrs={"rows": 3}),
            "plaetze": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
            "belegt": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "telefon": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }

    def __init__(self, *args: Any, traeger_waehlbar: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if traeger_waehlbar:
            self.fields["traeger"] = forms.ModelChoiceField(
                label=gettext_lazy("Träger"),
                queryset=Traeger.objects.order_by("name"),
                initial=getattr(self.instance, "traeger_id", None),
            )
            self.order_fields(["traeger"])
        vorhanden = self.instance.uebersetzungen if isinstance(self.instance.uebersetzungen, dict) else {}
        for sprache in ZIELSPRACHEN:
            for feld in UEBERSETZBAR:
                name = self.fields[feld].label  # every translatable text is a field of the form
                attrs = {"lang": sprache, **({"dir": "rtl"} if sprache in RTL else {})}
                self.fields[uebersetzungsfeld(feld, sprache)] = forms.CharField(
                    label=f"{name} ({SPRACHNAMEN[sprache]})",
                    required=False,
                    max_length=2000 if feld == "anmeldung" else 200,
                    widget=forms.Textarea(attrs={"rows": 2, **attrs})
                    if feld == "anmeldung"
                    else forms.TextInput(attrs=attrs),
                    initial=(vorhanden.get(sprache) or {}).get(feld, ""),
                )
        bitte = [("", _("– bitte wählen –"))]
        for name in ("kursart", "niveau"):  # instead of Django's "---------"
            self.fields[name].choices = bitte + [c for c in self.fields[name].choices if c[0]]  # type: ignore[attr-defined]
        self.fields["gemeinde"].choices = bitte + gemeinden()  # type: ignore[attr-defined]
        for formularfeld in self.fields.values():
            _benenne_fehler(formularfeld)

    def _post_clean(self) -> None:
        """The model's own checks run after the form's; a field the form already found wrong keeps only the
        form's message (not also the model's "keine Gemeinde des Landkreises" for an empty choice)."""
        vorher = {name: len(fehler) for name, fehler in self.errors.items()}
        super()._post_clean()  # type: ignore[misc]
        for name, anzahl in vorher.items():
            del self.errors[name][anzahl:]

    def uebersetzungen(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """(code, name, bound fields) per language, for one fieldset each in the template."""
        return [
            (s, str(SPRACHNAMEN[s]), [self[uebersetzungsfeld(f, s)] for f in UEBERSETZBAR])
            for s in ZIELSPRACHEN
        ]

    def grundfelder(self) -> list[forms.BoundField]:
        return [self[n] for n in self.fields if not any(n.endswith(f"_{s}") for s in ZIELSPRACHEN)]

    def clean(self) -> dict[str, Any]:
        daten = super().clean() or {}
        if daten.get("traeger") is not None:
            self.instance.traeger = daten["traeger"]
        beginn, ende = daten.get("beginn"), daten.get("ende")
        if beginn and ende and ende < beginn:
            self.add_error(
                "ende",
                _("„Ende“ (%(ende)s) liegt vor dem „Beginn“ (%(beginn)s).")
                % {"ende": ende.strftime("%d.%m.%Y"), "beginn": beginn.strftime("%d.%m.%Y")},
            )
        plaetze, belegt = daten.get("plaetze"), daten.get("belegt")
        if plaetze is not None and plaetze < 1:
            self.add_error("plaetze", _("„Plätze“: ein Kurs hat mindestens einen Platz."))
        elif plaetze is not None and belegt is not None and belegt > plaetze:
            self.add_error(
                "plaetze",
                _("„Plätze“ (%(plaetze)d) müssen mindestens so viele sein wie „Belegte Plätze“ (%(belegt)d).")
                % {"plaetze": plaetze, "belegt": belegt},
            )
        return daten

    def save(self, commit: bool = True) -> Sprachkurs:
        kurs: Sprachkurs = super().save(commit=False)
        for sprache in ZIELSPRACHEN:
            for feld in UEBERSETZBAR:
                kurs.setze_uebersetzung(
                    sprache, feld, self.cleaned_data.get(uebersetzungsfeld(feld, sprache), "")
                )
        if "belegt" in self.changed_data or "plaetze" in self.changed_data or kurs.pk is None:
            kurs.freie_plaetze_stand = timezone.localdate()
        if commit:
            kurs.save()
        return kurs


class FreiePlaetzeForm(forms.Form):
    """One number: the open seats as of today (0 … seats)."""

    freie_plaetze = forms.IntegerField(label=gettext_lazy("Freie Plätze"), min_value=0)

    def __init__(self, *args: Any, kurs: Sprachkurs, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kurs = kurs
        _benenne_fehler(self.fields["freie_plaetze"])

    def clean_freie_plaetze(self) -> int:
        anzahl: int = self.cleaned_data["freie_plaetze"]
        if anzahl > self.kurs.plaetze:
            raise forms.ValidationError(
                _("„Freie Plätze“ (%(frei)d): der Kurs hat nur %(plaetze)d Plätze.")
                % {"frei": anzahl, "plaetze": self.kurs.plaetze}
            )
        return anzahl


class BeendenForm(forms.Form):
    """End a running course early: its last day (between its start and its planned end). The course stays
    in the register and in the figures of the years it ran; the course finder no longer shows it after
    that day."""

    letzter_tag = forms.DateField(label=gettext_lazy("Letzter Kurstag"), widget=_datum())

    def __init__(self, *args: Any, kurs: Sprachkurs, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kurs = kurs
        heute = timezone.localdate()
        self.fields["letzter_tag"].initial = min(max(heute, kurs.beginn), kurs.ende)
        _benenne_fehler(self.fields["letzter_tag"])

    def clean_letzter_tag(self) -> dt.date:
        tag: dt.date = self.cleaned_data["letzter_tag"]
        k = self.kurs
        if tag < k.beginn:
            raise forms.ValidationError(
                _("„Letzter Kurstag“ (%(tag)s) liegt vor dem Beginn des Kurses (%(beginn)s).")
                % {"tag": tag.strftime("%d.%m.%Y"), "beginn": k.beginn.strftime("%d.%m.%Y")}
            )
        if tag > k.ende:
            raise forms.ValidationError(
                _(
                    "„Letzter Kurstag“ (%(tag)s) liegt nach dem geplanten Ende (%(ende)s); das ändern Sie unter „Bearbeiten“."
                )
                % {"tag": tag.strftime("%d.%m.%Y"), "ende": k.ende.strftime("%d.%m.%Y")}
            )
        return tag
