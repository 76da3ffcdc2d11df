"""Uploads are stored only after their preview: confirm one in tests that are about what happens after."""

from __future__ import annotations

import re

from django.http import HttpResponse
from django.test import Client


def bestaetige(client: Client, antwort: HttpResponse) -> HttpResponse:
    """If `antwort` leads to an upload's preview, confirm it there; the answer of the confirmation (or
    `antwort` itself, e.g. a rejected file's 400 or an unchanged file's redirect)."""
    ort = antwort.get("Location", "") if antwort.status_code == 302 else ""
    if not ort.startswith("/lieferungen/vorschau/"):
        return antwort
    seite = client.get(ort)
    treffer = re.search(r'name="pruefsumme" value="([0-9a-f]{64})"', seite.content.decode())
    assert seite.status_code == 200 and treffer, seite.content.decode()[:2000]
    return client.post(ort, {"pruefsumme": treffer.group(1), "bestaetigen": "1"})
