"""Messages of the registry that name the county by its kind (catalog.bezeichnungen.kreisart).

A Gemeinde outside the catalogue is "keine Gemeinde des Landkreises" in the default county, "… des Kreises" in a
Kreis of Nordrhein-Westfalen or Schleswig-Holstein, and a kreisfreie Stadt has no Gemeinden below it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from integrationsmonitor.catalog import bezeichnungen as bz
from integrationsmonitor.store.katalog import aktueller_katalog


def keine_gemeinde() -> str:
    """The form message for an Ort that is no Gemeinde of the catalogue in use."""
    art = bz.kreisart(aktueller_katalog().kreis.typ)
    if art == "stadt":
        return _("kein Ort der Stadt")
    if art == "kreis":
        return _("keine Gemeinde des Kreises")
    return _("keine Gemeinde des Landkreises")
