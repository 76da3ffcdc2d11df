from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import (
    anmeldung,
    herunterladen,
    lieferung_vorschau,
    publikationstexte,
    sammlung_ansicht,
    sprache,
    suchseite,
    veroeffentlichung,
    views,
)

urlpatterns = [
    path("", views.start, name="start"),
    path("indikatoren/", views.indikatoren, name="indikatoren"),
    path("suche/", suchseite.suche, name="suche"),
    path("indikatoren/<str:indikator_id>/", views.indikator, name="indikator"),
    path(
        "indikatoren/<str:indikator_id>/einbetten/<slug:abbildung>/",
        herunterladen.einbetten,
        name="abbildung_einbetten",
    ),
    path(
        "indikatoren/<str:indikator_id>/<slug:abbildung>.<slug:endung>",
        herunterladen.datei,
        name="abbildung_datei",
    ),
    path("lieferungen/", views.lieferungen, name="lieferungen"),
    path(
        "lieferungen/sammlung/veroeffentlichen/",
        sammlung_ansicht.sammlung_veroeffentlichen,
        name="sammlung_veroeffentlichen",
    ),
    path(
        "lieferungen/vorschau/<str:token>/",
        lieferung_vorschau.lieferung_vorschau,
        name="lieferung_vorschau",
    ),
    path(
        "lieferungen/vorlage/<str:datensatz>.<str:endung>",
        lieferung_vorschau.vorlage,
        name="liefervorlage",
    ),
    path("factsheet/", veroeffentlichung.factsheets, name="factsheets"),
    path("factsheet/erstellen/", veroeffentlichung.factsheet_erstellen, name="factsheet_erstellen"),
    path("factsheet/<str:zeitraum>.pdf", veroeffentlichung.factsheet_pdf, name="factsheet_pdf"),
    path("factsheet/<str:zeitraum>/", veroeffentlichung.factsheet, name="factsheet"),
    path(
        "factsheet/<str:zeitraum>/<slug:abbildung>.<slug:endung>",
        herunterladen.factsheet_datei,
        name="factsheet_abbildung",
    ),
    path("factsheet/<str:zeitraum>/versenden/", veroeffentlichung.factsheet_senden, name="factsheet_senden"),
    path(
        "factsheet/<str:zeitraum>/kommentar/",
        publikationstexte.factsheet_kommentar,
        name="factsheet_kommentar",
    ),
    path("bericht/", veroeffentlichung.berichte, name="berichte"),
    path("bericht/<int:jahr>/", veroeffentlichung.bericht_seite, name="bericht"),
    path("bericht/<int:jahr>.pdf", veroeffentlichung.bericht_als_pdf, name="bericht_pdf"),
    path("bericht/<int:jahr>/texte/", publikationstexte.bericht_texte, name="bericht_texte"),
    path("anmelden/", anmeldung.anmelden, name="anmelden"),  # with the login limits
    path("abmelden/", auth_views.LogoutView.as_view(), name="abmelden"),
    path("newsletter/", include("integrationsmonitor.publish.mailing.urls")),
    path("beratung/", include("integrationsmonitor.registry.beratung.urls")),
    path("opendaten/", include("integrationsmonitor.web.opendaten")),
    path("api/v1/", include("integrationsmonitor.web.api")),
    path("", include("integrationsmonitor.registry.kurse.urls")),
    path("", include("integrationsmonitor.registry.engagement.urls")),  # /mitmachen/, /initiative/
    path("", include("integrationsmonitor.registry.urls")),
    path("i18n/setlang/", sprache.sprache_waehlen, name="set_language"),  # without CSRF token (web.sprache)
    path("admin/", admin.site.urls),
]
