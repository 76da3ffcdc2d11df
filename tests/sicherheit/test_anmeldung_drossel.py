"""Finding 8 of issue #10: no login throttling (30 wrong passwords, then the right one worked; wrong logins
from 8 threads slowed the whole site, because each cost a password hash).

Limits (settings, README "Missbrauchsgrenzen"): IMON_ANMELDUNG_FEHLVERSUCHE_JE_KONTO (5) per account name and
IMON_ANMELDUNG_FEHLVERSUCHE_JE_CLIENT (20) per client within IMON_ANMELDUNG_SPERRE_MINUTEN (15); beyond them
an attempt is refused without checking the password."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import F
from django.http import HttpRequest
from django.test import Client

from integrationsmonitor.registry.models import Rolle, Zugang
from integrationsmonitor.web import drossel
from integrationsmonitor.web.models import Drosselereignis

pytestmark = pytest.mark.django_db

PASSWORT = "richtig-geheim-7"
SPERRE = "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in 15 Minuten erneut."


@pytest.fixture(autouse=True)
def schnelle_hashes(settings: Any) -> None:
    """A fast hasher: the tests count password checks instead of paying for them."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def redaktion() -> Any:
    nutzer = get_user_model().objects.create_user("redaktion", "redaktion@example.org", PASSWORT)
    Zugang.objects.create(benutzer=nutzer, rolle=Rolle.ADMIN)
    return nutzer


@pytest.fixture
def passwortpruefungen(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every login that reaches Django's password check (and so costs a password hash)."""
    geprueft: list[str] = []
    original = ModelBackend.authenticate

    def zaehlen(
        self: ModelBackend, request: Any, username: Any = None, password: Any = None, **kw: Any
    ) -> Any:
        geprueft.append(str(username))
        return original(self, request, username, password, **kw)

    monkeypatch.setattr(ModelBackend, "authenticate", zaehlen)
    return geprueft


def anmelden(client: Client, benutzer: str, passwort: str, adresse: str = "198.51.100.7", **meta: str) -> Any:
    return client.post(
        "/anmelden/", {"username": benutzer, "password": passwort}, REMOTE_ADDR=adresse, **meta
    )


def angemeldet(client: Client) -> bool:
    return client.get("/lieferungen/").status_code == 200


def zeit_vergeht(minuten: int) -> None:
    """Move every counted event back in time, as if the minutes had passed (no sleeping)."""
    Drosselereignis.objects.update(zeitpunkt=F("zeitpunkt") - timedelta(minutes=minuten))


def test_nach_30_falschen_passwoertern_wird_auch_das_richtige_abgewiesen(
    client: Client, redaktion: Any, passwortpruefungen: list[str]
) -> None:
    antworten = [anmelden(client, "redaktion", f"falsch-{i}") for i in range(30)]
    assert [r.status_code for r in antworten[:5]] == [200] * 5  # the usual "wrong password" form
    assert "Bitte Benutzername und Passwort eingeben." in antworten[0].content.decode()
    assert {r.status_code for r in antworten[5:]} == {429}
    assert all(SPERRE in r.content.decode() for r in antworten[5:])
    assert antworten[5]["Retry-After"] == "900"

    richtig = anmelden(client, "redaktion", PASSWORT)
    assert richtig.status_code == 429 and SPERRE in richtig.content.decode()
    assert not angemeldet(client)
    # Only the first five attempts cost a password hash; refused ones never reach the check.
    assert len(passwortpruefungen) == 5
    # Another spelling of the name is the same account.
    assert anmelden(client, " Redaktion ", PASSWORT).status_code == 429


def test_nach_dem_zeitfenster_geht_die_anmeldung_wieder(client: Client, redaktion: Any) -> None:
    for i in range(5):
        anmelden(client, "redaktion", f"falsch-{i}")
    assert anmelden(client, "redaktion", PASSWORT).status_code == 429
    zeit_vergeht(14)
    assert anmelden(client, "redaktion", PASSWORT).status_code == 429  # still within 15 minutes
    zeit_vergeht(2)
    assert anmelden(client, "redaktion", PASSWORT).status_code == 302
    assert angemeldet(client)


def test_erfolgreiche_anmeldung_loescht_die_fehlversuche_des_kontos(client: Client, redaktion: Any) -> None:
    for i in range(4):
        anmelden(client, "redaktion", f"falsch-{i}")
    assert anmelden(client, "redaktion", PASSWORT).status_code == 302
    client.post("/abmelden/")
    for i in range(4):  # four more wrong ones are allowed again
        assert anmelden(client, "redaktion", f"nochmal-falsch-{i}").status_code == 200
    assert anmelden(client, "redaktion", PASSWORT).status_code == 302


def test_grenze_je_client_ueber_alle_konten(
    client: Client, redaktion: Any, passwortpruefungen: list[str]
) -> None:
    for i in range(20):  # 20 different names, 4 of each would be allowed per account
        assert anmelden(client, f"konto-{i}", "falsch").status_code == 200
    gesperrt = anmelden(client, "redaktion", PASSWORT)
    assert gesperrt.status_code == 429 and SPERRE in gesperrt.content.decode()
    assert len(passwortpruefungen) == 20

    anderer = Client()  # another client is not affected, the account itself is not locked
    assert anmelden(anderer, "redaktion", PASSWORT, adresse="203.0.113.9").status_code == 302


def test_sperrmeldung_verraet_nicht_ob_das_konto_existiert(client: Client, redaktion: Any) -> None:
    def sechster_versuch(benutzer: str, adresse: str) -> Any:
        for i in range(5):
            anmelden(client, benutzer, f"falsch-{i}", adresse=adresse)
        return anmelden(client, benutzer, "falsch-6", adresse=adresse)

    vorhanden = sechster_versuch("redaktion", "198.51.100.1")
    unbekannt = sechster_versuch("niemand", "198.51.100.2")
    assert vorhanden.status_code == unbekannt.status_code == 429

    def ohne_eingaben(response: Any, benutzer: str) -> str:
        html = response.content.decode()
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
        return html.replace(f'value="{benutzer}"', 'value=""')

    assert ohne_eingaben(vorhanden, "redaktion") == ohne_eingaben(unbekannt, "niemand")
    html = ohne_eingaben(vorhanden, "redaktion")
    assert SPERRE in html and '<html lang="de"' in html


def test_verwaltungsanmeldung_ist_ebenso_gedrosselt(client: Client, passwortpruefungen: list[str]) -> None:
    get_user_model().objects.create_superuser("chefin", "chefin@example.org", PASSWORT)
    for i in range(5):
        response = client.post(
            "/admin/login/", {"username": "chefin", "password": f"falsch-{i}"}, REMOTE_ADDR="198.51.100.3"
        )
        assert response.status_code == 200
    gesperrt = client.post(
        "/admin/login/", {"username": "chefin", "password": PASSWORT}, REMOTE_ADDR="198.51.100.3"
    )
    assert gesperrt.status_code == 429 and SPERRE in gesperrt.content.decode()
    assert client.get("/admin/").status_code == 302  # not logged in
    assert len(passwortpruefungen) == 5

    # The same account is locked on the site's login page too (one count per account).
    assert anmelden(client, "chefin", PASSWORT, adresse="203.0.113.4").status_code == 429


def test_x_forwarded_for_zaehlt_nur_hinter_vertrautem_proxy(client: Client, settings: Any) -> None:
    # Default: the header is the client's own claim and ignored; changing it does not give a fresh budget.
    for i in range(20):
        anmelden(client, f"konto-{i}", "falsch", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    assert anmelden(client, "konto-x", "falsch", HTTP_X_FORWARDED_FOR="192.0.2.200").status_code == 429

    # Behind one trusted proxy (REMOTE_ADDR is the proxy): the client is the address the proxy appended,
    # whatever the client put in front of it.
    settings.IMON_VERTRAUTE_PROXYS = 1
    proxy = "10.0.0.1"
    for i in range(20):
        anmelden(client, f"konto-{i}", "falsch", adresse=proxy, HTTP_X_FORWARDED_FOR=f"1.2.3.{i}, 192.0.2.50")
    gesperrt = anmelden(
        client, "konto-y", "falsch", adresse=proxy, HTTP_X_FORWARDED_FOR="9.9.9.9, 192.0.2.50"
    )
    assert gesperrt.status_code == 429
    anderer = anmelden(client, "konto-y", "falsch", adresse=proxy, HTTP_X_FORWARDED_FOR="192.0.2.51")
    assert anderer.status_code == 200


@pytest.mark.parametrize(
    ("remote", "weitergeleitet", "vertraut", "client"),
    [
        ("198.51.100.7", "", 0, "198.51.100.7"),
        ("198.51.100.7", "6.6.6.6", 0, "198.51.100.7"),
        ("10.0.0.1", "6.6.6.6, 192.0.2.5", 1, "192.0.2.5"),
        ("10.0.0.2", "6.6.6.6, 192.0.2.5, 10.0.0.1", 2, "192.0.2.5"),
        ("10.0.0.1", "", 1, "10.0.0.1"),  # header missing: the proxy itself (never a client's guess)
        ("2001:db8:1:2:3:4:5:6", "", 0, "2001:db8:1:2::/64"),  # one IPv6 line counts as its /64
        ("2001:db8:1:2:ffff::1", "", 0, "2001:db8:1:2::/64"),
        ("::ffff:198.51.100.7", "", 0, "198.51.100.7"),
    ],
)
def test_client_adresse(remote: str, weitergeleitet: str, vertraut: int, client: str, settings: Any) -> None:
    settings.IMON_VERTRAUTE_PROXYS = vertraut
    request = HttpRequest()
    request.META["REMOTE_ADDR"] = remote
    if weitergeleitet:
        request.META["HTTP_X_FORWARDED_FOR"] = weitergeleitet
    assert drossel.client_adresse(request) == client


def test_gespeichert_wird_weder_konto_noch_adresse(client: Client, redaktion: Any) -> None:
    anmelden(client, "redaktion", "falsch", adresse="198.51.100.77")
    schluessel = set(Drosselereignis.objects.values_list("schluessel", flat=True))
    assert len(schluessel) == 2
    assert not any("redaktion" in s or "198.51.100.77" in s for s in schluessel)
