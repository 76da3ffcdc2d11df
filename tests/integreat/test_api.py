"""The Integreat API client (integreat.api): addresses, size limit, shape checks, German messages."""

from __future__ import annotations

import pytest

from integrationsmonitor.integreat.api import IntegreatClient, IntegreatFehler, SpracheNichtGefunden

from .standin import Standin


def test_region_und_sprachen(integreat: Standin) -> None:
    region = IntegreatClient(integreat.basis_url + "/", "lkdahmespreewald").region()
    assert region.slug == "lkdahmespreewald" and region.name == "Landkreis Dahme-Spreewald"
    assert region.codes == ("de", "en", "uk", "ar") and region.sprachen[3].richtung == "rtl"
    assert region.orte_an and region.veranstaltungen_an


@pytest.mark.parametrize(
    ("url", "region", "meldung"),
    [
        ("file:///etc/passwd", "lkdahmespreewald", r"ist keine http\(s\)-Adresse"),
        ("cms.integreat-app.de", "lkdahmespreewald", r"ist keine http\(s\)-Adresse"),
        ("https://cms.integreat-app.de", "../admin", "ist kein gültiger Regionsname"),
    ],
)
def test_ungueltige_einstellung(url: str, region: str, meldung: str) -> None:
    with pytest.raises(IntegreatFehler, match=meldung):
        IntegreatClient(url, region)


def test_unbekannte_region_und_sprache(integreat: Standin) -> None:
    with pytest.raises(IntegreatFehler, match=r"regions/gibtsnicht/ mit HTTP 404"):
        IntegreatClient(integreat.basis_url, "gibtsnicht").region()
    with pytest.raises(SpracheNichtGefunden, match="die Region hat diese Sprache nicht"):
        IntegreatClient(integreat.basis_url, integreat.region).orte("fr")


def test_groessenbegrenzung(integreat: Standin) -> None:
    client = IntegreatClient(integreat.basis_url, integreat.region, max_bytes=1024)
    with pytest.raises(IntegreatFehler, match=r"locations/ ist größer als"):
        client.orte("de")


def test_formpruefung_nennt_eintrag_und_feld(integreat: Standin) -> None:
    client = IntegreatClient(integreat.basis_url, integreat.region)
    integreat.aendere_ort("sprachcafe-zeesen", "de", opening_hours=[{"closed": True}] * 6)
    with pytest.raises(
        IntegreatFehler,
        match=r"„opening_hours“ von /lkdahmespreewald/de/locations/sprachcafe-zeesen/ sind nicht 7 Tage",
    ):
        client.orte("de")
    integreat.orte["de"] = [{"title": "ohne Pfad"}]
    with pytest.raises(IntegreatFehler, match=r"locations/: Eintrag Nr. 1 hat kein Feld „path“"):
        client.orte("de")
    integreat.orte["de"] = {"kein": "Array"}  # type: ignore[assignment]
    with pytest.raises(IntegreatFehler, match=r"erwartet wurde eine Liste, gekommen ist ein Objekt"):
        client.orte("de")
    integreat.ereignisse["de"] = [{"path": "/x/", "title": "ohne Termin"}]
    with pytest.raises(IntegreatFehler, match=r"Veranstaltung /x/ hat kein „event.start“"):
        client.ereignisse("de")


def test_nicht_erreichbar() -> None:
    client = IntegreatClient("http://127.0.0.1:9", "lkdahmespreewald", timeout=2)
    with pytest.raises(
        IntegreatFehler,
        match=r"Integreat-Server unter http://127.0.0.1:9/api/v3/regions/lkdahmespreewald/ nicht erreichbar",
    ):
        client.region()


def test_push_seite(integreat: Standin) -> None:
    integreat.push_tokens = {"de": "geheim"}
    client = IntegreatClient(integreat.basis_url, integreat.region)
    assert client.push_seite("de", "geheim", "<p>Kurse</p>") == "success"
    assert client.push_seite("de", "falsch", "<p>Kurse</p>") == "denied"
    assert integreat.anfragen_an("pushpage")[0].kopfzeilen.get("X-Integreat-Development") == "true"


def test_tief_verschachteltes_json_ist_ein_deutscher_fehler(integreat: Standin) -> None:
    """#13 review: 100 000 nested lists made json.loads raise RecursionError past the German error."""
    integreat.roh = {"locations": b"[" * 100_000 + b"]" * 100_000}
    client = IntegreatClient(integreat.basis_url, integreat.region)
    with pytest.raises(IntegreatFehler, match=r"/de/locations/ ist zu tief verschachtelt"):
        client.orte("de")


def test_tropfender_server_hat_eine_gesamtfrist(integreat: Standin) -> None:
    """#13 review: the read timeout is per socket read; a server that sends one byte every 0.2 s never hits a
    1 s read timeout, but must not hold the import for the whole body (here some 200 s): the total
    deadline cuts it off."""
    integreat.tropfen = 0.2
    client = IntegreatClient(integreat.basis_url, integreat.region, timeout=1.0, gesamt=1.5)
    with pytest.raises(IntegreatFehler, match=r"nicht innerhalb von 1.5 Sekunden vollständig \(zu langsam\)"):
        client.region()


def test_gesamtfrist_trifft_eine_zuegige_antwort_nicht(integreat: Standin) -> None:
    client = IntegreatClient(integreat.basis_url, integreat.region, timeout=5.0, gesamt=30.0)
    assert client.region().slug == integreat.region
