"""The entry form: one contact on one page, radio buttons and checkboxes only (no text input but the date)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import THEMEN, Beratungskontakt, Verweis


class KontaktFormular(forms.ModelForm):  # type: ignore[type-arg]
    themen = forms.MultipleChoiceField(
        label=_("Themen (Handlungsfelder)"), choices=THEMEN, widget=forms.CheckboxSelectMultiple
    )
    verweise = forms.MultipleChoiceField(
        label=_("Weitervermittelt an"),
        choices=Verweis.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Beratungskontakt
        fields = [
            "datum", "art", "themen", "verweise", "sprache", "dolmetscher", "gruppe", "geschlecht", "altersgruppe",
        ]  # fmt: skip
        widgets = {
            "datum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "art": forms.RadioSelect,
            "sprache": forms.RadioSelect,
            "geschlecht": forms.RadioSelect,
            "altersgruppe": forms.RadioSelect,
        }
