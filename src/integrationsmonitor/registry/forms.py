"""Forms for providers' offers and projects (labels and help from the model; Django links errors by
aria-describedby)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from integrationsmonitor.store.katalog import aktueller_katalog

from .models import Angebot, Angebotsort, Projekt, Projektstandort, Traeger


def _handlungsfelder() -> list[tuple[str, str]]:
    return [(h.id, h.name) for h in sorted(aktueller_katalog().handlungsfelder.values(), key=lambda h: h.nr)]


def gemeinden() -> list[tuple[str, str]]:
    return [(g.code, g.name) for g in aktueller_katalog().gebiete_der_ebene("gemeinde")]


class TraegerForm(forms.ModelForm):  # type: ignore[type-arg]
    """Shows the provider field only to the admin (a provider's objects always belong to its provider)."""

    handlungsfelder = forms.MultipleChoiceField(
        label=_("Handlungsfelder"),
        choices=_handlungsfelder,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, traeger_waehlbar: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if traeger_waehlbar:
            self.fields["traeger"] = forms.ModelChoiceField(
                label=_("Träger"),
                queryset=Traeger.objects.all(),
                initial=getattr(self.instance, "traeger_id", None),
            )

    def clean(self) -> dict[str, Any]:
        daten = super().clean() or {}
        if "traeger" in self.fields and daten.get("traeger") is not None:
            self.instance.traeger = daten["traeger"]
        name = daten.get("name")
        if name and self.instance.traeger_id is not None:
            andere = type(self.instance).objects.filter(traeger_id=self.instance.traeger_id, name=name)
            if andere.exclude(pk=self.instance.pk).exists():
                self.add_error("name", _("Dieser Träger hat schon einen Eintrag mit diesem Namen."))
        return daten


AUS_INTEGREAT = _(
    "Dieses Angebot stammt aus der Integreat-App und wird dort gepflegt; hier kann es nicht geändert werden. "
    "Änderungen kommen mit dem nächsten Integreat-Import."
)


class AngebotForm(TraegerForm):
    name_en = forms.CharField(label=_("Name (englisch)"), max_length=200, required=False)
    beschreibung_en = forms.CharField(
        label=_("Beschreibung (englisch)"), widget=forms.Textarea, required=False
    )

    class Meta:
        model = Angebot
        fields = [
            "name", "handlungsfelder", "zielgruppen", "sprachen", "oeffnungszeiten", "kontakt", "beschreibung",
            "aktiv_von", "aktiv_bis",
        ]  # fmt: skip
        widgets = {
            "aktiv_von": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "aktiv_bis": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "oeffnungszeiten": forms.Textarea(attrs={"rows": 3}),
            "kontakt": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        en = (self.instance.uebersetzungen or {}).get("en", {}) if self.instance.pk else {}
        self.fields["name_en"].initial = en.get("name", "")
        self.fields["beschreibung_en"].initial = en.get("beschreibung", "")

    def clean(self) -> dict[str, Any]:
        daten = super().clean()
        if self.instance.aus_integreat:
            raise forms.ValidationError(AUS_INTEGREAT, code="aus_integreat")
        von, bis = daten.get("aktiv_von"), daten.get("aktiv_bis")
        if von and bis and bis < von:
            self.add_error("aktiv_bis", _("Das Ende liegt vor dem Beginn."))
        return daten

    def save(self, commit: bool = True) -> Angebot:
        angebot: Angebot = super().save(commit=False)
        uebersetzungen = dict(angebot.uebersetzungen or {})
        en = {k: v for k, v in (("name", self.cleaned_data["name_en"]), ("beschreibung", self.cleaned_data["beschreibung_en"])) if v}  # fmt: skip
        if en:
            uebersetzungen["en"] = en
        else:
            uebersetzungen.pop("en", None)
        angebot.uebersetzungen = uebersetzungen
        if commit:
            angebot.save()
        return angebot


class ProjektForm(TraegerForm):
    class Meta:
        model = Projekt
        fields = ["name", "handlungsfelder", "beschreibung", "vze", "ehrenamtliche", "beginn", "ende"]
        localized_fields = ["vze"]  # "1,5" in German
        widgets = {
            "beginn": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ende": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean_vze(self) -> Any:
        vze = self.cleaned_data["vze"]
        if vze is not None and vze < 0:
            raise forms.ValidationError(_("VZE können nicht negativ sein."))
        return vze

    def clean(self) -> dict[str, Any]:
        daten = super().clean()
        beginn, ende = daten.get("beginn"), daten.get("ende")
        if beginn and ende and ende < beginn:
            self.add_error("ende", _("Das Ende liegt vor dem Beginn."))
        return daten


class OrtForm(forms.ModelForm):  # type: ignore[type-arg]
    gemeinde = forms.ChoiceField(label=_("Gemeinde"), choices=gemeinden)

    class Meta:
        model = Angebotsort
        fields = ["gemeinde", "adresse"]


class StandortForm(OrtForm):
    class Meta:
        model = Projektstandort
        fields = ["gemeinde", "adresse"]


OrteFormset = forms.inlineformset_factory(Angebot, Angebotsort, form=OrtForm, extra=1, can_delete=True)
StandorteFormset = forms.inlineformset_factory(
    Projekt, Projektstandort, form=StandortForm, extra=1, can_delete=True
)
