"""Forms of /mitmachen/ (a volunteer's interest) and of an initiative's own entry (role `initiative`).
Messages name their field, like the course forms (kurse.formulare)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integrationsmonitor.registry.kurse.formulare import RTL, SPRACHNAMEN, gemeinden
from integrationsmonitor.registry.kurse.formulare import _benenne_fehler as benenne_fehler

from .models import UEBERSETZBAR, ZIELSPRACHEN, Angebotsart, Initiative
from .services import NACHRICHT_HOECHSTENS


class InteresseForm(forms.Form):
    """E-mail, Gemeinde, optional kinds of help and a short text, the consent, and a honeypot field."""

    email = forms.EmailField(
        label=gettext_lazy("Ihre E-Mail-Adresse"),
        max_length=254,
        help_text=gettext_lazy(
            "An diese Adresse schicken wir einen Link, mit dem Sie die Anfrage bestätigen."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    gemeinde = forms.ChoiceField(label=gettext_lazy("Wo möchten Sie helfen?"))
    arten = forms.MultipleChoiceField(
        label=gettext_lazy("Wobei möchten Sie helfen? (freiwillig)"),
        choices=Angebotsart.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    nachricht = forms.CharField(
        label=gettext_lazy("Ein paar Worte zu Ihnen (freiwillig, höchstens 500 Zeichen)"),
        max_length=NACHRICHT_HOECHSTENS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": NACHRICHT_HOECHSTENS, "dir": "auto"}),
    )
    einwilligung = forms.BooleanField(label=gettext_lazy("Ich bin einverstanden (Text oben)."))
    # Honeypot: hidden from people (and screen readers) by the template; bots fill in every field.
    homepage = forms.CharField(
        label=gettext_lazy("Dieses Feld bitte leer lassen"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gemeinde"].choices = [("", _("– bitte wählen –")), *gemeinden()]  # type: ignore[attr-defined]
        for feld in self.fields.values():
            benenne_fehler(feld)
        self.fields["einwilligung"].error_messages["required"] = _(
            "„Einverständnis“ fehlt: ohne Ihr Einverständnis können wir die Anfrage nicht weitergeben."
        )
        self.fields["nachricht"].error_messages["max_length"] = _(
            "„Nachricht“: höchstens %(anzahl)d Zeichen."
        ) % {"anzahl": NACHRICHT_HOECHSTENS}

    @property
    def ist_bot(self) -> bool:
        return bool(self.cleaned_data.get("homepage"))


def uebersetzungsfeld(sprache: str) -> str:
    return f"beschreibung_{sprache}"


class InitiativeForm(forms.ModelForm):  # type: ignore[type-arg]
    """What an initiative keeps itself: contact, description with translations, kinds of offer, active.
    Name, Kurzname and Gemeinde are set by the administration (the figures key on them)."""

    arten = forms.MultipleChoiceField(
        label=gettext_lazy("Angebotsarten"),
        choices=Angebotsart.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    webseite = forms.URLField(label=gettext_lazy("Webseite"), required=False, assume_scheme="https")

    class Meta:
        model = Initiative
        fields = ["kontaktperson", "email", "telefon", "webseite", "beschreibung", "arten", "aktiv"]
        widgets = {
            "beschreibung": forms.Textarea(attrs={"rows": 4}),
            "telefon": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        vorhanden = self.instance.uebersetzungen if isinstance(self.instance.uebersetzungen, dict) else {}
        for sprache in ZIELSPRACHEN:
            attrs = {"lang": sprache, "rows": "3", **({"dir": "rtl"} if sprache in RTL else {})}
            self.fields[uebersetzungsfeld(sprache)] = forms.CharField(
                label=_("Beschreibung (%(sprache)s)") % {"sprache": SPRACHNAMEN[sprache]},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs=attrs),
                initial=(vorhanden.get(sprache) or {}).get("beschreibung", ""),
            )
        for feld in self.fields.values():
            benenne_fehler(feld)

    def save(self, commit: bool = True) -> Initiative:
        initiative: Initiative = super().save(commit=False)
        alle: dict[str, dict[str, str]] = {}
        for sprache in ZIELSPRACHEN:
            text = self.cleaned_data.get(uebersetzungsfeld(sprache), "").strip()
            if text:
                alle[sprache] = {UEBERSETZBAR[0]: text}
        initiative.uebersetzungen = alle
        if commit:
            initiative.save()
        return initiative
