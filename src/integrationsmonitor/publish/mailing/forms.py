"""The subscription form: address, language of the mails, and a honeypot field against bots."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Abonnent


class AnmeldeForm(forms.Form):
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        help_text=_("An diese Adresse schicken wir einen Link, mit dem Sie die Anmeldung bestätigen."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    sprache = forms.ChoiceField(label=_("Sprache der E-Mails"), choices=Abonnent.Sprache.choices)
    # Honeypot: hidden from people (and screen readers) by the template; bots fill in every field.
    homepage = forms.CharField(
        label=_("Dieses Feld bitte leer lassen"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def ist_bot(self) -> bool:
        return bool(self.cleaned_data.get("homepage"))
