"""Push of the course list into the Integreat pages (integreat.push, integreat.warteschlange), against the
local stand-in (tests/integreat/standin.py): success, denied, retry, debounce, no double push, two senders."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from integrationsmonitor.integreat import push, warteschlange
from integrationsmonitor.integreat.models import Pushauftrag
from integrationsmonitor.registry.kurse.demo import baue_kurse_demo
from integrationsmonitor.registry.kurse.models import Sprachkurs
from integrationsmonitor.registry.models import Angebot, Traeger
from integrationsmonitor.store.katalog import aktueller_katalog
from registry.kurse_daten import kurs

from .standin import Standin

pytestmark = pytest.mark.django_db

TOKENS = {"de": "tok-de-geheim", "uk": "tok-uk-geheim"}
SITE = "https://monitor.lds.example.org"
Status = Pushauftrag.Status


@pytest.fixture
def konfig(integreat: Standin, settings: Any) -> push.Konfiguration:
    """The stand-in knows the tokens of de and uk; the product is configured with them."""
    integreat.push_tokens = dict(TOKENS)
    settings.IMON_INTEGREAT_URL = integreat.basis_url + "/"
    settings.IMON_INTEGREAT_REGION = integreat.region
    settings.IMON_INTEGREAT_TOKENS = ",".join(f"{s}:{t}" for s, t in TOKENS.items())
    settings.IMON_SITE_URL = SITE
    return push.konfiguration()


@pytest.fixture
def sprachkurs() -> Sprachkurs:
    t = Traeger.objects.create(name="Sprachschule Nord (Test)", kurzname="sprachschule-nord")
    return kurs(t, "Integrationskurs <Luckau> & mehr", plaetze=20, belegt=12)


def _einmal(konfig: push.Konfiguration, jetzt: dt.datetime | None = None) -> list[warteschlange.Ergebnis]:
    jetzt = jetzt or timezone.now()
    warteschlange.sofort_einreihen(konfig.sprachen, jetzt=jetzt)
    return warteschlange.abarbeiten(konfig, jetzt=jetzt)


def test_erfolg_sendet_token_und_demokurs_mit_freien_plaetzen(
    integreat: Standin, konfig: push.Konfiguration
) -> None:
    baue_kurse_demo(aktueller_katalog())
    ergebnisse = _einmal(konfig)

    assert sorted((e.sprache, e.art) for e in ergebnisse) == [("de", "gesendet"), ("uk", "gesendet")]
    [de] = [p for p in integreat.pushes if p.sprache == "de"]
    assert de.token == TOKENS["de"]
    assert "Integrationskurs allgemein (Demo)" in de.content  # 6 open seats in the demo
    assert "Deutsch für den Anfang (Demo)" not in de.content  # booked out: not on the list
    assert "6 freie Plätze" in de.content and "Kurse mit freien Plätzen" in de.content
    assert f"Stand {timezone.localdate():%d.%m.%Y}" in de.content
    assert f'href="{SITE}/kurse/?sprache=de"' in de.content
    assert "<script" not in de.content and "style" not in de.content
    uk = integreat.seiteninhalt["uk"]
    assert "вільних місць" in uk and f'href="{SITE}/kurse/?sprache=uk"' in uk
    assert all(a.status == Status.AKTUELL and a.inhalt_hash for a in Pushauftrag.objects.all())


def test_inhalt_ist_escaped_und_beratung_nur_wenn_gewuenscht(sprachkurs: Sprachkurs, settings: Any) -> None:
    settings.IMON_SITE_URL = SITE
    heute = timezone.localdate()
    html = push.inhalt("de", heute)
    assert "Integrationskurs &lt;Luckau&gt; &amp; mehr" in html and "<Luckau>" not in html
    assert "8 freie Plätze" in html and "Beratung" not in html
    mit = push.inhalt("ar", heute, beratung=True)
    assert "<h2>الاستشارة</h2>" in mit and f"{SITE}/angebote/" in mit


def test_abgelehnt_meldet_deutsch_und_versucht_nicht_wieder(
    integreat: Standin, konfig: push.Konfiguration, sprachkurs: Sprachkurs
) -> None:
    integreat.push_tokens["uk"] = "ein-anderes-token"
    jetzt = timezone.now()
    ergebnisse = {e.sprache: e for e in _einmal(konfig, jetzt)}

    assert ergebnisse["de"].art == "gesendet"
    uk = ergebnisse["uk"]
    assert uk.art == "abgelehnt"
    assert "abgelehnt (Token falsch)" in uk.meldung and "„uk“" in uk.meldung
    assert "IMON_INTEGREAT_TOKENS" in uk.meldung and TOKENS["uk"] not in uk.meldung
    assert Pushauftrag.objects.get(sprache="uk").status == Status.ABGELEHNT

    sprachkurs.setze_freie_plaetze(3)
    sprachkurs.save()  # a change queues de, not the denied uk
    for stunden in (1, 5, 24):
        warteschlange.abarbeiten(konfig, jetzt=jetzt + dt.timedelta(hours=stunden))
    assert [p.sprache for p in integreat.pushes].count("uk") == 1
    assert [p.sprache for p in integreat.pushes].count("de") == 2
    assert Pushauftrag.objects.get(sprache="uk").status == Status.ABGELEHNT

    # the county enters the right token: that language is tried again by itself
    integreat.push_tokens["uk"] = "tok-uk-neu"
    neu = push.Konfiguration(konfig.url, konfig.region, {**TOKENS, "uk": "tok-uk-neu"})
    [wieder] = warteschlange.abarbeiten(neu, jetzt=jetzt + dt.timedelta(hours=25))
    assert (wieder.sprache, wieder.art) == ("uk", "gesendet")


@pytest.mark.parametrize("stoerung", [500, "error"])
def test_fehler_wird_wiederholt_bis_genau_ein_erfolg(
    integreat: Standin, konfig: push.Konfiguration, sprachkurs: Sprachkurs, stoerung: int | str
) -> None:
    integreat.push_antwort = stoerung
    konfig = push.Konfiguration(konfig.url, konfig.region, {"de": TOKENS["de"]})  # only the German page
    jetzt = timezone.now()
    warteschlange.sofort_einreihen(["de"], jetzt=jetzt)
    [erster] = warteschlange.abarbeiten(konfig, jetzt=jetzt)
    assert erster.art == "fehler" and erster.naechster_versuch == jetzt + dt.timedelta(minutes=1)
    assert ("HTTP 500" if stoerung == 500 else "„error“") in erster.meldung
    assert warteschlange.abarbeiten(konfig, jetzt=jetzt + dt.timedelta(seconds=30)) == []  # not yet due
    [zweiter] = warteschlange.abarbeiten(konfig, jetzt=jetzt + dt.timedelta(minutes=1))
    assert zweiter.naechster_versuch == jetzt + dt.timedelta(minutes=3)  # the wait doubles

    integreat.push_antwort = None
    [dritter] = warteschlange.abarbeiten(konfig, jetzt=jetzt + dt.timedelta(minutes=3))
    assert dritter.art == "gesendet"
    assert warteschlange.abarbeiten(konfig, jetzt=jetzt + dt.timedelta(hours=2)) == []
    assert len(integreat.pushes) == 3 and list(integreat.seiteninhalt) == ["de"]
    a = Pushauftrag.objects.get(sprache="de")
    assert (a.status, a.versuche, a.letzter_fehler) == (Status.AKTUELL, 0, "")


def test_nicht_erreichbar_wird_wiederholt(konfig: push.Konfiguration, sprachkurs: Sprachkurs) -> None:
    tot = push.Konfiguration("http://127.0.0.1:9", konfig.region, dict(konfig.tokens), timeout=2)
    [e] = [e for e in _einmal(tot) if e.sprache == "de"]
    assert e.art == "fehler" and "Integreat nicht erreichbar (http://127.0.0.1:9/api/v3/" in e.meldung
    assert Pushauftrag.objects.get(sprache="de").status == Status.WARTEND


def test_kaputte_oder_abgebrochene_antwort_wird_wiederholt(
    integreat: Standin, konfig: push.Konfiguration, sprachkurs: Sprachkurs
) -> None:
    integreat.kaputt = {"pushpage"}
    ergebnisse = _einmal(konfig)
    assert {e.art for e in ergebnisse} == {"fehler"}
    assert all("unerwartete Antwort" in e.meldung for e in ergebnisse)
    integreat.kaputt = set()
    integreat.verzoegerung = 3.0  # longer than the timeout: no answer at all
    langsam = push.Konfiguration(konfig.url, konfig.region, {"de": TOKENS["de"]}, timeout=0.5)
    [e] = _einmal(langsam)
    assert e.art == "fehler" and "Integreat nicht erreichbar" in e.meldung
    assert Pushauftrag.objects.get(sprache="de").status == Status.WARTEND


def test_mehrere_aenderungen_ergeben_einen_push(
    integreat: Standin, konfig: push.Konfiguration, sprachkurs: Sprachkurs
) -> None:
    jetzt = timezone.now()
    _einmal(konfig, jetzt)
    integreat.pushes.clear()

    for frei in (7, 6, 5):
        sprachkurs.setze_freie_plaetze(frei)
        sprachkurs.save()  # the signal moves the due time; it adds no second entry
    assert Pushauftrag.objects.count() == 2
    a = Pushauftrag.objects.get(sprache="de")
    assert a.status == Status.WARTEND and a.faellig_am > timezone.now() + dt.timedelta(seconds=100)
    assert warteschlange.abarbeiten(konfig, jetzt=timezone.now()) == []  # debounced: not yet

    ergebnisse = warteschlange.abarbeiten(konfig, jetzt=timezone.now() + dt.timedelta(minutes=3))
    assert sorted(e.sprache for e in ergebnisse) == ["de", "uk"]
    assert sorted(p.sprache for p in integreat.pushes) == ["de", "uk"]
    assert "5 freie Plätze" in integreat.seiteninhalt["de"]


def test_traeger_und_beratung_reihen_ein_nur_was_die_seite_zeigt(
    konfig: push.Konfiguration, sprachkurs: Sprachkurs, settings: Any
) -> None:
    _einmal(konfig)
    assert set(Pushauftrag.objects.values_list("status", flat=True)) == {Status.AKTUELL}
    angebot = Angebot.objects.create(
        traeger=sprachkurs.traeger, name="Beratung Luckau", handlungsfelder=["beratung"]
    )
    assert set(Pushauftrag.objects.values_list("status", flat=True)) == {Status.AKTUELL}  # not on the page
    sprachkurs.traeger.telefon = "030 23125 199"
    sprachkurs.traeger.save()  # the provider's phone shows on the course list
    assert set(Pushauftrag.objects.values_list("status", flat=True)) == {Status.WARTEND}

    _einmal(konfig)
    settings.IMON_INTEGREAT_PUSH_BERATUNG = True
    angebot.save()
    assert set(Pushauftrag.objects.values_list("status", flat=True)) == {Status.WARTEND}


def test_verschieben_hoechstens_bis_zur_obergrenze(konfig: push.Konfiguration) -> None:
    start = timezone.now()
    warteschlange.aenderung_vormerken(["de"], jetzt=start)
    for minute in range(1, 15):  # a change every minute
        warteschlange.aenderung_vormerken(["de"], jetzt=start + dt.timedelta(minutes=minute))
    assert Pushauftrag.objects.get(sprache="de").faellig_am == start + warteschlange.HOECHSTENS
    assert Pushauftrag.objects.count() == 1


def test_gleicher_inhalt_wird_nicht_zweimal_gesendet(
    integreat: Standin, konfig: push.Konfiguration, sprachkurs: Sprachkurs
) -> None:
    assert {e.art for e in _einmal(konfig)} == {"gesendet"}
    zweiter = _einmal(konfig)
    assert {e.art for e in zweiter} == {"unveraendert"}
    assert len(integreat.pushes) == 2  # de and uk once each

    sprachkurs.setze_freie_plaetze(1)
    sprachkurs.save()
    dritter = _einmal(konfig)
    assert {e.art for e in dritter} == {"gesendet"} and len(integreat.pushes) == 4
    assert "1 freier Platz" in integreat.seiteninhalt["de"]


def test_beanspruchter_eintrag_sendet_nur_sein_worker(
    integreat: Standin, konfig: push.Konfiguration, sprachkurs: Sprachkurs
) -> None:
    jetzt = timezone.now()
    warteschlange.sofort_einreihen(["de"], jetzt=jetzt)
    erster = warteschlange.beanspruchen(["de"], jetzt)
    assert erster is not None
    assert warteschlange.beanspruchen(["de"], jetzt) is None
    assert warteschlange.abarbeiten(konfig, jetzt=jetzt) == []  # the second worker finds nothing to send
    assert integreat.pushes == []

    # a change while the first worker sends: after its push the page is queued again, not marked current
    sprachkurs.setze_freie_plaetze(2)
    sprachkurs.save()
    ergebnis = warteschlange._bearbeiten(erster, konfig, jetzt, push.posten)
    assert ergebnis.art == "gesendet" and len(integreat.pushes) == 1
    assert Pushauftrag.objects.get(sprache="de").status == Status.WARTEND


def test_haengender_eintrag_eines_toten_prozesses_wird_wieder_frei(
    integreat: Standin, konfig: push.Konfiguration, sprachkurs: Sprachkurs
) -> None:
    konfig = push.Konfiguration(konfig.url, konfig.region, {"de": TOKENS["de"]})  # only the German page
    jetzt = timezone.now()
    warteschlange.sofort_einreihen(["de"], jetzt=jetzt)
    assert warteschlange.beanspruchen(["de"], jetzt) is not None  # its process dies here
    assert warteschlange.abarbeiten(konfig, jetzt=jetzt + dt.timedelta(minutes=5)) == []
    [e] = warteschlange.abarbeiten(konfig, jetzt=jetzt + dt.timedelta(minutes=11))
    assert (e.sprache, e.art) == ("de", "gesendet")


def test_spaetes_ergebnis_eines_neu_beanspruchten_eintrags_ueberschreibt_nichts(
    integreat: Standin, konfig: push.Konfiguration, sprachkurs: Sprachkurs
) -> None:
    """#13 review: worker A hangs past the claim deadline, B claims the row again and is sending; A's late
    result must not write over B's claim (it compared only status=sendend)."""
    jetzt = timezone.now()
    warteschlange.sofort_einreihen(["de"], jetzt=jetzt)
    a = warteschlange.beanspruchen(["de"], jetzt)
    assert a is not None
    spaeter = jetzt + dt.timedelta(minutes=11)
    warteschlange._haengende_freigeben(spaeter)
    b = warteschlange.beanspruchen(["de"], spaeter)
    assert b is not None and b.beansprucht_am == spaeter
    warteschlange._abschliessen(a, jetzt, status=Status.WARTEND, versuche=7, letzter_fehler="A: zu spät")
    zeile = Pushauftrag.objects.get(sprache="de")
    assert (zeile.status, zeile.versuche) == (Status.SENDEND, 0) and "A: zu spät" not in zeile.letzter_fehler
    assert zeile.beansprucht_am == spaeter
    warteschlange._abschliessen(b, spaeter, status=Status.AKTUELL, versuche=0, letzter_fehler="")
    assert Pushauftrag.objects.get(sprache="de").status == Status.AKTUELL


@pytest.mark.parametrize(
    ("text", "erwartet"),
    [
        ("de:abc,uk", "Teil 2: erwartet Sprache:Token"),
        ("de:abc,fa:xyz", "Teil 2: die Kurssuche gibt es nicht auf „fa“"),
        ("de:", "Teil 1 (Sprache „de“): das Token fehlt"),
        ("de:a,de:b", "Teil 2: die Sprache „de“ steht zweimal darin"),
        ("deutsch123:x", "steht kein Sprachcode"),
        ("abcdefghijklmnopqrstuvwxyz:de", "nicht Token:Sprache"),  # #13 review: printed "abcdefghijkl"
        ("de:ab c", "enthält Leerzeichen"),
    ],
)
def test_falsche_tokens_nennen_den_teil_aber_nie_das_token(text: str, erwartet: str) -> None:
    with pytest.raises(push.KonfigurationsFehler, match="IMON_INTEGREAT_TOKENS") as fehler:
        push.tokens_lesen(text)
    assert erwartet in str(fehler.value)
    assert "abc" not in str(fehler.value) and "xyz" not in str(fehler.value)
    assert "deutsch" not in str(fehler.value)


def test_tokens_stehen_in_keiner_darstellung(konfig: push.Konfiguration) -> None:
    assert push.tokens_lesen(" de : abc , uk:d:e ,") == {"de": "abc", "uk": "d:e"}
    assert TOKENS["de"] not in repr(konfig) and TOKENS["de"] not in konfig.ziel("de")


def test_fehlende_konfiguration_nennt_die_einstellung(settings: Any) -> None:
    settings.IMON_INTEGREAT_URL = ""
    with pytest.raises(push.KonfigurationsFehler, match="IMON_INTEGREAT_URL fehlt"):
        push.konfiguration()
    settings.IMON_INTEGREAT_URL = "https://cms.example"
    settings.IMON_INTEGREAT_REGION = "lkdahmespreewald"
    settings.IMON_INTEGREAT_TOKENS = ""
    with pytest.raises(push.KonfigurationsFehler, match="IMON_INTEGREAT_TOKENS fehlt"):
        push.konfiguration()


# ------------------------------------------------------------------------------------------ CLI

IMON = [str(Path(sys.executable).parent / "imon")]

VORBEREITEN = """
import sys
import time
from integrationsmonitor.cli.setup import django_starten
django_starten(sys.argv[1])
from integrationsmonitor.registry.kurse.demo import baue_kurse_demo
from integrationsmonitor.store.katalog import aktueller_katalog
baue_kurse_demo(aktueller_katalog())
"""


def _umgebung(cms: Standin, tokens: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMON_")}
    return env | {
        "IMON_INTEGREAT_URL": cms.basis_url,
        "IMON_INTEGREAT_REGION": cms.region,
        "IMON_INTEGREAT_TOKENS": tokens,
        "IMON_SITE_URL": SITE,
    }


def test_cli_once_postet_kursliste_mit_token_auf_die_deutsche_seite(
    integreat: Standin, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'imon.sqlite3'}"
    env = _umgebung(integreat, "de:tok-de-geheim,uk:uk-token-xyz")
    integreat.push_tokens = dict(TOKENS)
    vorbereiten = subprocess.run(  # as the website does it: without the push's tokens
        [sys.executable, "-c", VORBEREITEN, db],
        capture_output=True,
        text=True,
        env=_umgebung(integreat, ""),
        timeout=300,
    )
    assert vorbereiten.returncode == 0, vorbereiten.stderr

    lauf = subprocess.run(
        [*IMON, "integreat-push", "--once", "--db", db], capture_output=True, text=True, env=env, timeout=300
    )
    assert lauf.returncode == 1, lauf.stderr  # uk was denied
    assert "Integreat de: gesendet" in lauf.stdout
    assert "Integreat uk: abgelehnt (Token falsch)" in lauf.stdout
    assert (
        "tok-de-geheim" not in lauf.stdout + lauf.stderr and "uk-token-xyz" not in lauf.stdout + lauf.stderr
    )
    [de] = [p for p in integreat.pushes if p.sprache == "de"]
    assert de.token == "tok-de-geheim" and "Integrationskurs allgemein (Demo)" in de.content
    [anfrage] = [a for a in integreat.anfragen_an("pushpage") if "/de/" in a.pfad]
    assert anfrage.pfad == f"/api/v3/{integreat.region}/de/pushpage/"

    nochmal = subprocess.run(
        [*IMON, "integreat-push", "--once", "--db", db],
        capture_output=True,
        text=True,
        env=_umgebung(integreat, "de:tok-de-geheim"),
        timeout=300,
    )
    assert nochmal.returncode == 0, nochmal.stderr
    assert "Integreat de: unverändert, nicht erneut gesendet" in nochmal.stdout
    assert len([p for p in integreat.pushes if p.sprache == "de"]) == 1

    kaputt = subprocess.run(
        [*IMON, "integreat-push", "--once", "--db", db],
        capture_output=True,
        text=True,
        env=_umgebung(integreat, "de:tok-de-geheim,uk"),
        timeout=300,
    )
    assert kaputt.returncode == 3
    assert "IMON_INTEGREAT_TOKENS, Teil 2" in kaputt.stderr and "tok-de-geheim" not in kaputt.stderr

    # two senders at the same time (processes on one SQLite file, a slow Integreat): one post
    integreat.verzoegerung = 1.0
    weiterer_kurs = (
        "from integrationsmonitor.registry.kurse.models import Sprachkurs\n"
        "k = Sprachkurs.objects.get(titel='Integrationskurs allgemein (Demo)')\n"
        "k.setze_freie_plaetze(1); k.save()\n"
    )
    aendern = subprocess.run(
        [sys.executable, "-c", VORBEREITEN + weiterer_kurs, db], capture_output=True, text=True, env=env
    )
    assert aendern.returncode == 0, aendern.stderr
    vorher = len(integreat.pushes)
    sender = [
        subprocess.Popen(
            [*IMON, "integreat-push", "--once", "--db", db],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_umgebung(integreat, "de:tok-de-geheim"),
        )
        for _ in range(2)
    ]
    ausgaben = [s.communicate(timeout=300) for s in sender]
    assert [s.returncode for s in sender] == [0, 0], ausgaben
    neu = integreat.pushes[vorher:]
    assert len(neu) == 1 and "1 freier Platz" in neu[0].content, ausgaben


def test_cli_schleife_sendet_und_endet_mit_sigterm(integreat: Standin, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'imon.sqlite3'}"
    env = _umgebung(integreat, "de:tok-de-geheim")
    integreat.push_tokens = dict(TOKENS)
    vorbereiten = subprocess.run(  # as the website does it: without the push's tokens
        [sys.executable, "-c", VORBEREITEN, db],
        capture_output=True,
        text=True,
        env=_umgebung(integreat, ""),
        timeout=300,
    )
    assert vorbereiten.returncode == 0, vorbereiten.stderr
    dienst = subprocess.Popen(
        [*IMON, "integreat-push", "--interval", "1", "--db", db],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        for _ in range(600):  # a newly configured language is sent at the loop's start
            if integreat.seiteninhalt.get("de") or dienst.poll() is not None:
                break
            time.sleep(0.1)
        gesendet = integreat.seiteninhalt.get("de", "")
    finally:
        dienst.send_signal(signal.SIGTERM)
        aus, fehler = dienst.communicate(timeout=60)
    assert "Integrationskurs allgemein (Demo)" in gesendet, aus + fehler
    assert dienst.returncode == 0, fehler
    assert "Integreat-Push läuft für de" in aus and "Integreat de: gesendet" in aus
    assert aus.rstrip().endswith("Integreat-Push beendet") and "tok-de-geheim" not in aus + fehler


@pytest.mark.django_db(transaction=True)
def test_zwei_sender_gleichzeitig_in_threads_senden_einmal(
    integreat: Standin, konfig: push.Konfiguration, sprachkurs: Sprachkurs
) -> None:
    """Two senders (threads, each with its own database connection) at the same moment, a slow Integreat.

    PostgreSQL only: the SQLite test database lives in shared-cache memory, whose table locks do not wait;
    on SQLite the CLI test above runs two processes on a file instead."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL: parallel senders in threads; SQLite: see the CLI test (processes)")
    integreat.verzoegerung = 0.5
    jetzt = timezone.now()
    warteschlange.sofort_einreihen(konfig.sprachen, jetzt=jetzt)
    ergebnisse: list[warteschlange.Ergebnis] = []
    fehler: list[BaseException] = []

    def sender() -> None:
        try:
            ergebnisse.extend(warteschlange.abarbeiten(konfig, jetzt=jetzt))
        except BaseException as exc:  # reported below; a thread must not swallow it
            fehler.append(exc)
        finally:
            connection.close()

    faeden = [threading.Thread(target=sender) for _ in range(2)]
    for f in faeden:
        f.start()
    for f in faeden:
        f.join(timeout=60)
    assert not fehler, fehler
    assert sorted(e.sprache for e in ergebnisse) == ["de", "uk"]
    assert sorted(p.sprache for p in integreat.pushes) == ["de", "uk"]


def test_admin_zeigt_den_zustand_je_sprache_und_reiht_neu_ein(
    admin_client: Any, integreat: Standin, konfig: push.Konfiguration, sprachkurs: Sprachkurs
) -> None:
    integreat.push_tokens["uk"] = "ein-anderes-token"
    _einmal(konfig)
    seite = admin_client.get("/admin/integreat/pushauftrag/")
    assert seite.status_code == 200
    text = seite.content.decode()
    assert "aktuell (gesendet)" in text and "abgelehnt (Token falsch)" in text
    assert TOKENS["uk"] not in text and TOKENS["de"] not in text

    uk = Pushauftrag.objects.get(sprache="uk")
    antwort = admin_client.post(
        "/admin/integreat/pushauftrag/",
        {"action": "jetzt_senden", "_selected_action": [uk.pk]},
        follow=True,
    )
    assert antwort.status_code == 200 and "1 Sprache(n) eingereiht" in antwort.content.decode()
    uk.refresh_from_db()
    assert uk.status == Status.WARTEND and uk.versuche == 0


def test_imon_check_nennt_falsche_integreat_einstellungen(settings: Any) -> None:
    from integrationsmonitor.web.betriebspruefung import pruefe_betrieb

    def texte() -> list[str]:
        return [f.text for f in pruefe_betrieb() if "INTEGREAT" in f.text]

    settings.IMON_INTEGREAT_TOKENS = ""
    assert texte() == []  # no push configured: nothing to say
    settings.IMON_INTEGREAT_URL = "https://cms.integreat-app.de"
    settings.IMON_INTEGREAT_REGION = "lkdahmespreewald"
    settings.IMON_INTEGREAT_TOKENS = "de:geheim-1,uk"
    [falsch] = texte()
    assert "IMON_INTEGREAT_TOKENS, Teil 2" in falsch and "geheim-1" not in falsch
    settings.IMON_INTEGREAT_TOKENS = "de:geheim-1"
    assert texte() == []
    settings.IMON_INTEGREAT_URL = "http://cms.integreat-app.de"
    [offen] = [f for f in pruefe_betrieb() if "INTEGREAT" in f.text]
    assert offen.unsicher and "unverschlüsselt" in offen.text


def test_jede_seite_einmal_am_tag_neu(
    integreat: Standin, konfig: push.Konfiguration, sprachkurs: Sprachkurs
) -> None:
    jetzt = timezone.now()
    _einmal(konfig, jetzt)
    heute = timezone.localdate(jetzt)
    assert warteschlange.taeglich_einreihen(konfig.sprachen, heute) == 0  # sent today already
    morgen = jetzt + dt.timedelta(days=1)
    assert warteschlange.taeglich_einreihen(konfig.sprachen, heute + dt.timedelta(days=1), jetzt=morgen) == 2
    ergebnisse = warteschlange.abarbeiten(konfig, jetzt=morgen)
    assert {e.art for e in ergebnisse} == {"gesendet"}  # the new "Stand" is new content
    assert f"Stand {timezone.localdate(morgen):%d.%m.%Y}" in integreat.seiteninhalt["de"]
