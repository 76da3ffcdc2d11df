"""The delivery upload form and the message after an accepted delivery."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.collect.tabellenprofil import pruefe_tabellenprofile
from integrationsmonitor.formats.dateiname import pruefe_dateiname
from integrationsmonitor.formats.errors import FormatFehler
from integrationsmonitor.publish import formatting as fmt
from integrationsmonitor.store.ingest import Lieferergebnis

from .anzeige import sortierschluessel


def _megabyte(anzahl_bytes: int) -> str:
    return fmt.zahl(anzahl_bytes / (1024 * 1024), 1)


class LieferungForm(forms.Form):
    """Upload of a delivery file, or — with a table profile — of an office's own table (CSV or Excel).

    Without a profile, dataset and period are required; with one, they come from the profile and the file
    (a period given here overrides the file's)."""

    datensatz = forms.ChoiceField(label=gettext_lazy("Datensatz"), required=False)
    zeitraum = forms.CharField(
        label=gettext_lazy("Zeitraum"),
        max_length=16,
        required=False,
        help_text=gettext_lazy("Jahr wie 2024, Quartal wie 2024-Q4 oder Monat wie 2024-12."),
    )
    datei = forms.FileField(
        label=gettext_lazy("Datei"),
        help_text=gettext_lazy(
            "Ohne Profil: Lieferdatei im Langformat mit den Spalten gebiet, zeitraum, den Merkmalen des "
            "Datensatzes, wert und kennzeichen – als CSV (UTF-8 oder Windows-1252) oder als ausgefüllte "
            "Excel-Vorlage; die Spalten jedes Datensatzes nennen die Vorlagen unten. Mit Profil: die "
            "Tabelle des Amts als CSV oder Excel-Datei (.xlsx)."
        ),
    )
    profil = forms.ChoiceField(
        label=gettext_lazy("Tabellenprofil"),
        required=False,
        help_text=gettext_lazy(
            "Wandelt die Tabelle eines Amts in eine Lieferung um. Datensatz und Zeitraum kommen dann aus "
            "dem Profil und der Datei; ein hier angegebener Zeitraum hat Vorrang."
        ),
    )

    def __init__(
        self, *args: object, katalog: Katalog, datensaetze: set[str] | None = None, **kwargs: object
    ) -> None:
        """`datensaetze`: the dataset ids the user may deliver (registry.rollen); None = all. Datasets and
        profiles outside it are not offered, and a POST naming one is a form error."""
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        erlaubt = [d for d in katalog.datensaetze.values() if datensaetze is None or d.id in datensaetze]
        datensaetze_sortiert = sorted(erlaubt, key=lambda d: sortierschluessel(d.name))
        leer = ("", _("– bitte wählen –"))
        self.fields["datensatz"].choices = [leer] + [  # type: ignore[attr-defined]  # a ChoiceField
            (d.id, f"{d.name} ({d.id})") for d in datensaetze_sortiert
        ]
        passend, unpassend = pruefe_tabellenprofile(katalog)
        self.profile = {p.name: p for p in passend if datensaetze is None or p.datensatz in datensaetze}
        if unpassend:  # named with the reason (German, from the profile check), not dropped silently
            feld = self.fields["profil"]
            feld.help_text = f"{feld.help_text} " + _(
                "Nicht angeboten, weil sie nicht zum Katalog passen (imon check nennt sie): %(liste)s"
            ) % {"liste": "; ".join(unpassend)}
        ohne = ("", _("– ohne Profil: Lieferdatei im Langformat –"))
        self.fields["profil"].choices = [ohne] + [  # type: ignore[attr-defined]  # a ChoiceField
            (p.name, f"{p.beschreibung} ({p.name})") for p in self.profile.values()
        ]

    def clean(self) -> dict[str, Any]:
        daten = super().clean() or {}
        profil = self.profile.get(daten.get("profil") or "")
        daten["tabellenprofil"] = profil
        if profil is None:
            for name in ("datensatz", "zeitraum"):
                if name in daten and not daten[name]:
                    meldung = self.fields[name].error_messages["required"]
                    self.add_error(name, forms.ValidationError(meldung, code="required"))
            return daten
        if daten.get("datensatz") and daten["datensatz"] != profil.datensatz:
            self.add_error(
                "datensatz",
                _(
                    "Das Profil %(profil)s liefert den Datensatz %(datensatz)s; bitte diesen wählen oder leer lassen."
                )
                % {"profil": profil.name, "datensatz": profil.datensatz},
            )
        if "zeitraum" in daten and not daten["zeitraum"] and not profil.nennt_zeitraum:
            self.add_error(
                "zeitraum",
                _("Das Profil %(profil)s entnimmt den Zeitraum nicht der Datei; bitte angeben.")
                % {"profil": profil.name},
            )
        return daten

    def clean_datei(self) -> object:
        datei = self.cleaned_data["datei"]
        try:
            pruefe_dateiname(datei.name or "")
        except FormatFehler as exc:
            raise forms.ValidationError(str(exc)) from None
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
