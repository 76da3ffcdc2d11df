"""Login and logout, the admin, the demo notice and the language switch."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client

from integrationsmonitor.catalog.model import Katalog

from .conftest import BEVOELKERUNG_2023, liefern

DEMO = "Demodaten – alle Zahlen sind erfunden oder aus dem Bericht nachgebildet, keine amtlichen Daten"


def test_anmelden_und_abmelden(client: Client, benutzer: object) -> None:
    html = client.get("/anmelden/").content.decode()
    assert "<h1>Anmelden</h1>" in html and 'name="username"' in html and "<label" in html
    response = client.post("/anmelden/", {"username": "redaktion", "password": "geheim-123"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert "Abmelden (redaktion)" in html and 'action="/abmelden/"' in html
    assert client.get("/lieferungen/").status_code == 200
    assert client.post("/abmelden/").status_code == 302
    assert client.get("/lieferungen/").status_code == 302


def test_falsches_passwort(client: Client, benutzer: object) -> None:
    response = client.post("/anmelden/", {"username": "redaktion", "password": "falsch"})
    assert response.status_code == 200
    assert "Bitte Benutzername und Passwort eingeben." in response.content.decode()


def test_verwaltung_nur_lesend_fuer_lieferungen(client: Client, daten: list) -> None:
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "admin-123")
    client.force_login(admin)
    assert client.get("/admin/auth/user/").status_code == 200
    assert client.get("/admin/store/lieferung/").status_code == 200
    assert client.get("/admin/store/beobachtung/").status_code == 200
    assert client.get("/admin/store/lieferung/add/").status_code == 403
    assert "Verwaltung" in client.get("/").content.decode()


def test_demo_hinweis_nur_bei_aktiven_demodaten(client: Client, daten: list, katalog: Katalog) -> None:
    assert DEMO not in client.get("/").content.decode()
    liefern(
        katalog,
        "bevoelkerung_melderegister",
        "2023",
        "demo.csv",
        BEVOELKERUNG_2023.replace("180000", "180001"),
        ist_demo=True,
    )
    for url in ("/", "/indikatoren/", "/indikatoren/bevoelkerung/", "/anmelden/"):
        assert DEMO in client.get(url).content.decode(), url
    liefern(
        katalog, "bevoelkerung_melderegister", "2023", "echt.csv", BEVOELKERUNG_2023
    )  # supersedes the demo
    assert DEMO not in client.get("/").content.decode()


def test_sprache_englisch_nur_auf_wunsch(client: Client, db: None) -> None:
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="de">' in html  # German first, whatever the browser says
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html and "Indicators" in html
    assert '<h2 id="hf-kontext"><span lang="de">' in html  # catalogue text stays marked as German


def test_admin_zeigt_demohinweis(client, daten) -> None:
    from django.contrib.auth import get_user_model

    from integrationsmonitor.store.datenversion import erhoehe
    from integrationsmonitor.store.models import Lieferung

    client.force_login(get_user_model().objects.create_superuser("admin", "a@example.org", "x-geheim-1"))
    Lieferung.objects.update(ist_demo=True)
    erhoehe()  # update() sends no signal; a save() would raise the data version (store.datenversion)
    html = client.get("/admin/").content.decode()
    assert "Verwaltung Integrationsmonitor" in html
    assert "Demodaten – alle Zahlen sind erfunden" in html
    Lieferung.objects.update(ist_demo=False)
    erhoehe()
    assert "Demodaten – alle Zahlen sind erfunden" not in client.get("/admin/").content.decode()
