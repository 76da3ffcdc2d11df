"""The entry form: only what a published figure uses (docs/datenschutz.md) — no text input but the date.

The Kontaktart is not a field to fill in first: the form's submit buttons carry it ("Erstkontakt",
"1. Folgetermin", …), so a typical contact is one or two topic toggles and one button."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import THEMEN, Kontaktart, Vermittlung


class KontaktFormular(forms.Form):
    datum = forms.DateField(
        label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    themen = forms.MultipleChoiceField(
        label=_("Themen (Handlungsfelder)"),
        choices=THEMEN,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    vermittlungen = forms.MultipleChoiceField(
        label=_("Vermittelt in"),
        choices=Vermittlung.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    art = forms.ChoiceField(label=_("Art des Kontakts"), choices=Kontaktart.choices)

    def clean_datum(self) -> dt.date:
        datum: dt.date = self.cleaned_data["datum"]
        if datum > timezone.localdate():
            raise forms.ValidationError(_("Das Datum liegt in der Zukunft."))
        return datum
