"""The delivery upload form and the message after an accepted delivery."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.publish import formatting as fmt
from integrationsmonitor.store.ingest import Lieferergebnis

from .anzeige import sortierschluessel


def _megabyte(anzahl_bytes: int) -> str:
    return fmt.zahl(anzahl_bytes / (1024 * 1024), 1)


class LieferungForm(forms.Form):
    datensatz = forms.ChoiceField(label=gettext_lazy("Datensatz"))
    zeitraum = forms.CharField(
        label=gettext_lazy("Zeitraum"),
        max_length=16,
        help_text=gettext_lazy("Jahr wie 2024, Quartal wie 2024-Q4 oder Monat wie 2024-12."),
    )
    datei = forms.FileField(
        label=gettext_lazy("Lieferdatei (CSV)"),
        help_text=gettext_lazy(
            "Spalten gebiet;zeitraum;<Merkmale des Datensatzes>;wert;kennzeichen – UTF-8 oder Windows-1252."
        ),
    )

    def __init__(self, *args: object, katalog: Katalog, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        datensaetze = sorted(katalog.datensaetze.values(), key=lambda d: sortierschluessel(d.name))
        self.fields["datensatz"].choices = [  # type: ignore[attr-defined]  # a ChoiceField("", _("– bitte wählen –"))] + [
            (d.id, f"{d.name} ({d.id})") for d in datensaetze
        ]

    def clean_datei(self) -> object:
        datei = self.cleaned_data["datei"]
        grenze = settings.IMON_MAX_UPLOAD_BYTES
        if datei.size > grenze:
            raise forms.ValidationError(
                _("Die Datei ist mit %(groesse)s MB zu groß; erlaubt sind höchstens %(grenze)s MB.")
                % {"groesse": _megabyte(datei.size), "grenze": _megabyte(grenze)}
            )
        return datei


def erfolgsmeldung(katalog: Katalog, ergebnis: Lieferergebnis) -> str:
    """What the user is told after an accepted delivery (new, superseding, or unchanged)."""
    lf = ergebnis.lieferung
    assert lf is not None
    werte = {
        "datei": lf.datei_name,
        "datensatz": katalog.datensaetze[lf.datensatz].name,
        "zeitraum": fmt.periode(lf.zeitraum),
        "zellen": fmt.zahl(lf.zellen),
    }
    if ergebnis.unveraendert:
        return (
            _(
                "Diese Datei ist bereits die aktive Lieferung für %(datensatz)s, %(zeitraum)s; nichts geändert."
            )
            % werte
        )
    text = (
        ngettext(
            "Lieferung %(datei)s für %(datensatz)s, %(zeitraum)s angenommen (%(zellen)s Zelle).",
            "Lieferung %(datei)s für %(datensatz)s, %(zeitraum)s angenommen (%(zellen)s Zellen).",
            lf.zellen,
        )
        % werte
    )
    if ergebnis.ersetzt is not None:
        alt = ergebnis.ersetzt
        text += " " + _("Sie ersetzt die Lieferung %(datei)s vom %(datum)s.") % {
            "datei": alt.datei_name,
            "datum": fmt.datum(alt.eingegangen_am),
        }
    return text
