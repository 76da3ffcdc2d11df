"""The stand-in itself answers the documented shapes and obeys its switches (so the import and push tests
test the product, not a broken stand-in)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from .standin import Standin


def _get(cms: Standin, pfad: str, **kopf: str) -> Any:
    anfrage = urllib.request.Request(cms.basis_url + pfad, headers=kopf)
    with urllib.request.urlopen(anfrage, timeout=5) as antwort:
        return json.loads(antwort.read().decode("utf-8"))


def _post(cms: Standin, pfad: str, daten: object) -> tuple[int, Any]:
    anfrage = urllib.request.Request(
        cms.basis_url + pfad,
        data=json.dumps(daten).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(anfrage, timeout=5) as antwort:
            return antwort.status, json.loads(antwort.read().decode("utf-8"))
    except urllib.error.HTTPError as fehler:
        return fehler.code, None


def test_region_orte_und_verweise(integreat: Standin) -> None:
    region = _get(integreat, "/api/v3/regions/lkdahmespreewald/", **{"X-Integreat-Development": "true"})
    assert [s["code"] for s in region["languages"]] == ["de", "en", "uk", "ar"]
    orte = _get(integreat, "/api/v3/lkdahmespreewald/de/locations/")
    assert len(orte) == 4
    englisch = {o["path"] for o in _get(integreat, "/api/v3/lkdahmespreewald/en/locations/")}
    for ort in orte:
        if "en" in ort["available_languages"]:
            assert ort["available_languages"]["en"]["path"] in englisch
        assert ort["opening_hours"] is None or len(ort["opening_hours"]) == 7
    assert integreat.anfragen[0].kopfzeilen.get("X-Integreat-Development") == "true"
    assert len(_get(integreat, "/api/v3/lkdahmespreewald/uk/events/?combine_recurring=True")) == 2
    assert integreat.anfragen_an("events")[0].pfad.endswith("?combine_recurring=True")


def test_schalter(integreat: Standin) -> None:
    integreat.fehlende_sprachen = {"ar"}
    assert "ar" not in {s["code"] for s in _get(integreat, "/api/v3/regions/lkdahmespreewald/")["languages"]}
    with pytest.raises(urllib.error.HTTPError) as fehler:
        _get(integreat, "/api/v3/lkdahmespreewald/ar/locations/")
    assert fehler.value.code == 404
    integreat.status = {"locations": 500}
    with pytest.raises(urllib.error.HTTPError) as fehler:
        _get(integreat, "/api/v3/lkdahmespreewald/de/locations/")
    assert fehler.value.code == 500
    integreat.status = {}
    integreat.kaputt = {"locations"}
    with pytest.raises(json.JSONDecodeError):
        _get(integreat, "/api/v3/lkdahmespreewald/de/locations/")
    integreat.kaputt = set()
    integreat.entferne_ort("kleiderkammer-luckau")
    integreat.aendere_ort("sprachcafe-zeesen", "en", title="Language Café")
    assert len(_get(integreat, "/api/v3/lkdahmespreewald/uk/locations/")) == 3
    assert "Language Café" in {o["title"] for o in _get(integreat, "/api/v3/lkdahmespreewald/en/locations/")}


def test_push(integreat: Standin) -> None:
    integreat.push_tokens = {"de": "geheim-de"}
    pfad = "/api/v3/lkdahmespreewald/de/pushpage/"
    assert _post(integreat, pfad, {"token": "geheim-de", "content": "<p>5 Plätze</p>"}) == (
        200,
        {"status": "success"},
    )
    assert _post(integreat, pfad, {"token": "falsch", "content": "<p>x</p>"}) == (200, {"status": "denied"})
    assert integreat.seiteninhalt == {"de": "<p>5 Plätze</p>"}
    integreat.push_antwort = "error"
    assert _post(integreat, pfad, {"token": "geheim-de", "content": "<p>y</p>"})[1] == {"status": "error"}
    integreat.push_antwort = 503
    assert _post(integreat, pfad, {"token": "geheim-de", "content": "<p>z</p>"})[0] == 503
    assert [p.content for p in integreat.pushes] == ["<p>5 Plätze</p>", "<p>x</p>", "<p>y</p>", "<p>z</p>"]
    assert integreat.seiteninhalt == {"de": "<p>5 Plätze</p>"}
