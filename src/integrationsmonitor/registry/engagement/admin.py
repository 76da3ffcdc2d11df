from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from integrationsmonitor.registry.kurse.formulare import gemeinden
from integrationsmonitor.registry.models import Zugang

from .models import Angebotsart, Initiative, InitiativZugang


class InitiativeAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    gemeinde = forms.ChoiceField(label="Gemeinde", choices=gemeinden)
    webseite = forms.URLField(label="Webseite", required=False, assume_scheme="https")
    arten = forms.MultipleChoiceField(
        label="Angebotsarten",
        choices=Angebotsart.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Initiative
        fields = [
            "name", "kurzname", "gemeinde", "kontaktperson", "email", "telefon", "webseite", "beschreibung",
            "uebersetzungen", "arten", "aktiv", "demo",
        ]  # fmt: skip


class ZugangForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = InitiativZugang
        fields = ["benutzer"]

    def clean_benutzer(self) -> object:
        benutzer = self.cleaned_data["benutzer"]
        if Zugang.objects.filter(benutzer=benutzer).exists():
            raise ValidationError(
                f"Benutzer „{benutzer}“ hat schon einen Zugang mit anderer Rolle; "
                "eine Person hat genau eine Rolle (Zugang dort löschen oder anderen Benutzer wählen)."
            )
        return benutzer


class ZugangInline(admin.TabularInline):  # type: ignore[type-arg]
    """Role `initiative`: the users who keep this initiative's entry at /initiative/."""

    model = InitiativZugang
    form = ZugangForm
    extra = 0
    verbose_name = "Benutzer mit Rolle „Initiative“"
    verbose_name_plural = "Benutzer mit Rolle „Initiative“ (pflegen diesen Eintrag unter /initiative/)"


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Initiatives on /mitmachen/; the role `initiative` is given here (users below)."""

    form = InitiativeAdminForm
    inlines = [ZugangInline]
    list_display = ["name", "kurzname", "gemeinde", "email", "aktiv", "demo"]
    list_filter = ["aktiv", "demo"]
    search_fields = ["name", "kurzname"]
