"""Issue 13, item 1 and the import half of item 3: `imon integreat-import` against a local stand-in of the
county's Integreat region — first run, second run, removal, a missing language, malformed JSON, a slow and a
failing server, the development header, and the command end to end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from integrationsmonitor.integreat.api import IntegreatClient, IntegreatFehler
from integrationsmonitor.integreat.importieren import importiere
from integrationsmonitor.registry.models import Angebot
from integrationsmonitor.web.antwortcache import SPEICHER

from .standin import Standin

pytestmark = pytest.mark.django_db

CAFE = "/lkdahmespreewald/de/locations/sprachcafe-zeesen/"
KAMMER = "/lkdahmespreewald/de/locations/kleiderkammer-luckau/"


@pytest.fixture(autouse=True)
def leerer_cache() -> None:
    SPEICHER.leere()


def _client(cms: Standin, timeout: float = 5.0) -> IntegreatClient:
    return IntegreatClient(cms.basis_url, cms.region, timeout=timeout)


def _stand() -> list[tuple[object, ...]]:
    """Everything an import may change, to compare before and after a failed run."""
    return list(
        Angebot.objects.order_by("integreat_pfad").values_list(
            "integreat_pfad", "name", "oeffnungszeiten", "uebersetzungen", "archiviert"
        )
    )


def test_erster_lauf_legt_orte_und_veranstaltungen_an(integreat: Standin) -> None:
    z = importiere(_client(integreat))
    assert len(z.neu) == 6 and not z.geaendert and not z.archiviert
    text = z.text()
    assert text.startswith("Integreat-Import lkdahmespreewald (Landkreis Dahme-Spreewald): 6 neu, 0 geändert")
    assert "Sprache ar: 2 ohne Übersetzung (Kleiderkammer Luckau, Willkommensfest Lübben)." in text
    cafe = Angebot.objects.get(integreat_pfad=CAFE)
    assert (
        cafe.aus_integreat
        and cafe.quelle == "integreat"
        and cafe.traeger.kurzname == "integreat-lkdahmespreewald"
    )
    assert cafe.uebersetzungen["en"]["name"] == "Language Café Zeesen"
    assert cafe.integreat_url == "https://integreat.app/lkdahmespreewald/de/locations/sprachcafe-zeesen/"
    assert [(o.gemeinde, o.adresse) for o in cafe.orte.all()] == [
        ("12061260", "Gemeindezentrum Zeesen, Karl-Liebknecht-Straße 12, 15711 Zeesen")
    ]
    assert Angebot.objects.get(integreat_pfad=KAMMER).voruebergehend_geschlossen


def test_entwicklerkopf_bei_jeder_anfrage(integreat: Standin) -> None:
    importiere(_client(integreat))
    arten = {a.art for a in integreat.anfragen}
    assert arten == {"region", "locations", "events"}
    assert all(a.kopfzeilen.get("X-Integreat-Development") == "true" for a in integreat.anfragen)
    assert all(a.pfad.endswith("?combine_recurring=True") for a in integreat.anfragen_an("events"))


def test_zweiter_lauf_aendert_nur_was_sich_geaendert_hat(integreat: Standin) -> None:
    importiere(_client(integreat))
    ids = set(Angebot.objects.values_list("pk", flat=True))
    z = importiere(_client(integreat))
    assert (len(z.neu), len(z.geaendert), len(z.unveraendert), len(z.archiviert)) == (0, 0, 6, 0)
    integreat.aendere_ort("sprachcafe-zeesen", "de", title="Sprachcafé Zeesen am Dienstag")
    integreat.aendere_ort("sprachcafe-zeesen", "uk", excerpt="Новий опис.")
    z = importiere(_client(integreat))
    assert z.geaendert == ["Sprachcafé Zeesen am Dienstag"] and len(z.unveraendert) == 5
    assert set(Angebot.objects.values_list("pk", flat=True)) == ids  # updated in place, never duplicated
    cafe = Angebot.objects.get(integreat_pfad=CAFE)
    assert (
        cafe.name == "Sprachcafé Zeesen am Dienstag"
        and cafe.uebersetzungen["uk"]["beschreibung"] == "Новий опис."
    )


def test_entfernter_ort_wird_archiviert_und_nicht_gezeigt(integreat: Standin) -> None:
    importiere(_client(integreat))
    integreat.entferne_ort("kleiderkammer-luckau")
    z = importiere(_client(integreat))
    assert z.archiviert == ["Kleiderkammer Luckau"] and "1 archiviert" in z.text()
    kammer = Angebot.objects.get(integreat_pfad=KAMMER)  # kept, not deleted
    assert kammer.archiviert
    seite = Client().get("/angebote/").content.decode()
    assert "Kleiderkammer Luckau" not in seite and "Sprachcafé Zeesen" in seite
    assert importiere(_client(integreat)).archiviert == []  # archived once, not again
    integreat.orte = Standin().orte  # back in Integreat: shown again
    z = importiere(_client(integreat))
    assert z.geaendert == ["Kleiderkammer Luckau"]
    assert not Angebot.objects.get(integreat_pfad=KAMMER).archiviert


def test_fehlende_sprache_uebrige_werden_uebernommen(integreat: Standin) -> None:
    integreat.fehlende_sprachen = {"ar"}
    z = importiere(_client(integreat))
    assert len(z.neu) == 6
    assert "Sprache ar: bietet die Region nicht an; die übrigen Sprachen sind übernommen." in z.text()
    assert integreat.anfragen_an("locations") and all("/ar/" not in a.pfad for a in integreat.anfragen)
    cafe = Angebot.objects.get(integreat_pfad=CAFE)
    assert set(cafe.uebersetzungen) == {"en", "uk"}


@pytest.mark.parametrize("art", ["region", "locations", "events"])
def test_kaputtes_json_aendert_nichts(integreat: Standin, art: str) -> None:
    importiere(_client(integreat))
    integreat.entferne_ort("kleiderkammer-luckau")
    integreat.aendere_ort("sprachcafe-zeesen", "de", title="Neu")
    vorher = _stand()
    integreat.kaputt = {art}
    with pytest.raises(IntegreatFehler) as fehler:
        importiere(_client(integreat))
    assert "ist kein gültiges JSON" in str(fehler.value)
    assert integreat.basis_url + "/api/v3/" in str(fehler.value)  # names the address
    assert _stand() == vorher


def test_fehler_mitten_im_lesen_aendert_nichts(integreat: Standin) -> None:
    """The Ukrainian list fails after the German and English ones were read: nothing is written."""
    importiere(_client(integreat))
    integreat.entferne_ort("kleiderkammer-luckau")
    vorher = _stand()
    integreat.status = {"locations": 500}
    with pytest.raises(IntegreatFehler, match=r"antwortet auf .*/locations/ mit HTTP 500"):
        importiere(_client(integreat))
    assert _stand() == vorher


def test_langsamer_server_zeitueberschreitung(integreat: Standin) -> None:
    integreat.verzoegerung = 2.0
    with pytest.raises(IntegreatFehler, match=r"nicht innerhalb von 0.3 Sekunden"):
        importiere(_client(integreat, timeout=0.3))
    assert not Angebot.objects.exists()


def test_leere_antwort_archiviert_nicht_alles(integreat: Standin) -> None:
    importiere(_client(integreat))
    integreat.orte = {s: [] for s in integreat.orte}
    integreat.ereignisse = {s: [] for s in integreat.ereignisse}
    with pytest.raises(IntegreatFehler, match="keinen einzigen Ort"):
        importiere(_client(integreat))
    assert not Angebot.objects.filter(archiviert=True).exists()


def test_oeffentliche_liste_markiert_importierte(integreat: Standin) -> None:
    assert "aus Integreat" not in Client().get("/angebote/").content.decode()  # now in the response cache
    importiere(_client(integreat))  # a new data version: the cached page is not served again
    seite = Client().get("/angebote/").content.decode()
    assert seite.count("aus Integreat") == 6
    assert 'href="https://integreat.app/lkdahmespreewald/de/locations/sprachcafe-zeesen/"' in seite
    assert "Vorübergehend geschlossen" in seite
    assert "mlat=52.272100&amp;mlon=13.638800" in seite
    englisch = Client().get("/angebote/?sprache=en").content.decode()
    assert "Language Café Zeesen" in englisch and "from Integreat" in englisch
    assert "<dd>Language and meeting people</dd>" in englisch
    assert 'href="https://integreat.app/lkdahmespreewald/en/locations/language-cafe-zeesen/"' in englisch


def test_importierte_sind_hier_nicht_bearbeitbar(integreat: Standin, admin_client: Client) -> None:
    importiere(_client(integreat))
    cafe = Angebot.objects.get(integreat_pfad=CAFE)
    antwort = admin_client.post(f"/traeger/angebote/{cafe.pk}/", {"name": "Anders"}, follow=True)
    assert "stammt aus der Integreat-App und wird dort gepflegt" in antwort.content.decode()
    cafe.refresh_from_db()
    assert cafe.name == "Sprachcafé Zeesen"
    admin = admin_client.get(f"/admin/registry/angebot/{cafe.pk}/change/").content.decode()
    assert 'name="name"' not in admin  # read-only view, no input


def test_befehl_zweimal_orte_einmal(integreat: Standin, tmp_path: Path) -> None:
    """`imon integreat-import` twice in a real process: every place once on /angebote/."""
    db = f"sqlite:///{tmp_path / 'imon.sqlite3'}"
    imon = [str(Path(sys.executable).parent / "imon")]
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMON_")}
    env |= {"IMON_INTEGREAT_URL": integreat.basis_url, "IMON_INTEGREAT_REGION": "lkdahmespreewald"}
    erster = subprocess.run(
        [*imon, "integreat-import", "--db", db], capture_output=True, text=True, env=env, timeout=120
    )
    assert erster.returncode == 0, erster.stderr
    assert "6 neu, 0 geändert, 0 unverändert, 0 archiviert" in erster.stdout
    zweiter = subprocess.run(
        [*imon, "integreat-import", "--db", db, "--url", integreat.basis_url, "--region", "lkdahmespreewald"],
        capture_output=True, text=True, env={k: v for k, v in env.items() if "INTEGREAT" not in k}, timeout=120,
    )  # fmt: skip
    assert zweiter.returncode == 0, zweiter.stderr
    assert "0 neu, 0 geändert, 6 unverändert, 0 archiviert" in zweiter.stdout
    seite = subprocess.run(
        [sys.executable, "-c", SEITE_ZEIGEN], capture_output=True, text=True, env=env | {"IMON_DATABASE_URL": db}, timeout=120
    )  # fmt: skip
    assert seite.returncode == 0, seite.stderr
    for name in (
        "Sprachcafé Zeesen",
        "Migrationsberatung Lübben",
        "Welcome Center Schönefeld",
        "Kleiderkammer Luckau",
    ):
        assert seite.stdout.count(f">{name}</h2>") == 1
    ohne = subprocess.run([*imon, "integreat-import", "--db", db], capture_output=True, text=True, timeout=120,
                          env={k: v for k, v in env.items() if "INTEGREAT" not in k})  # fmt: skip
    assert ohne.returncode == 2 and "IMON_INTEGREAT_URL (oder --url) und IMON_INTEGREAT_REGION" in ohne.stderr


SEITE_ZEIGEN = """
import django
django.setup()
from django.test import Client
print(Client().get("/angebote/", HTTP_HOST="127.0.0.1").content.decode())
"""


def test_doppelter_pfad_wird_einmal_uebernommen(integreat: Standin) -> None:
    integreat.orte["de"].append(dict(integreat.orte["de"][0], title="Doppelt"))
    z = importiere(_client(integreat))
    assert len(z.neu) == 6 and "Doppelt" not in z.neu
    assert Angebot.objects.filter(integreat_pfad=CAFE).count() == 1


def test_ort_ohne_gemeinde_wird_genannt(integreat: Standin) -> None:
    ort = dict(integreat.orte["de"][2]["location"], town="Berlin", postcode="10115")
    integreat.aendere_ort("welcome-center-schoenefeld", "de", location=ort)
    z = importiere(_client(integreat))
    assert "Ohne Gemeinde (Ort nicht im Katalog): Welcome Center Schönefeld (10115 Berlin)." in z.text()
    welcome = Angebot.objects.get(integreat_pfad="/lkdahmespreewald/de/locations/welcome-center-schoenefeld/")
    assert [(o.gemeinde, o.adresse) for o in welcome.orte.all()] == [
        ("", "Rathaus Schönefeld, Hans-Grade-Allee 11, 10115 Berlin")
    ]


def test_javascript_link_wird_nicht_gezeigt(integreat: Standin, client: Client) -> None:
    """#13 review (stored XSS): Integreat's `url` went unchecked into <a href> of /angebote/."""
    integreat.aendere_ort("sprachcafe-zeesen", "de", url="javascript:alert(document.cookie)")
    z = importiere(_client(integreat))
    assert "Hinweis zu Sprachcafé Zeesen: Link „url“ ist keine http(s)-Adresse, weggelassen." in z.text()
    assert Angebot.objects.get(integreat_pfad=CAFE).integreat_url == ""
    # a row stored before the import checked links is not shown either
    Angebot.objects.filter(integreat_pfad=KAMMER).update(integreat_url="javascript:alert(2)")
    seite = client.get("/angebote/").content.decode()
    assert "javascript:" not in seite and ">Sprachcafé Zeesen</h2>" in seite


def test_pfad_ausserhalb_der_region_und_zu_lang_werden_uebersprungen(integreat: Standin) -> None:
    """#13 review: a path not under /{region}/ was created, never found again, and every later run failed
    with an IntegrityError; one over 500 characters fails on PostgreSQL (DataError)."""
    fremd = dict(integreat.orte["de"][0], path="/andere-region/de/locations/x/", title="Fremd")
    lang = dict(integreat.orte["de"][0], path=f"/{integreat.region}/de/locations/{'x' * 600}/", title="Lang")
    integreat.orte["de"] += [fremd, lang]
    for _lauf in range(2):
        z = importiere(_client(integreat))
        assert (
            "Übersprungen: /andere-region/de/locations/x/ – Pfad liegt nicht unter /lkdahmespreewald/"
            in z.text()
        )
        assert "Pfad ist länger als 500 Zeichen" in z.text()
    assert Angebot.objects.count() == 6 and not Angebot.objects.filter(name__in=["Fremd", "Lang"]).exists()
    assert len(z.unveraendert) == 6


def test_befehl_tief_verschachteltes_json_endet_mit_1(integreat: Standin) -> None:
    from io import StringIO

    from integrationsmonitor.integreat.import_befehl import ausfuehren

    integreat.roh = {"events": b"[" * 50_000 + b"]" * 50_000}
    aus, fehler = StringIO(), StringIO()
    assert ausfuehren(integreat.basis_url, integreat.region, aus, fehler) == 1
    assert "an den Angeboten ist nichts geändert" in fehler.getvalue()
    assert "zu tief verschachtelt" in fehler.getvalue() and not Angebot.objects.exists()
