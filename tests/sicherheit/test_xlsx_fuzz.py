"""Fuzzing the XLSX guard (#10, finding 1): 300 variants of the real Sozialamt workbook through the
table-profile delivery, with the sheet XML rewritten the many ways calamine still reads it (quotes,
whitespace, namespace prefixes, lower case, leading zeros, and with hostile additions
(a far cell written any of those ways, a shared-strings table announcing billions of texts, an entity
bomb). Harmless rewrites import with the original's numbers; hostile ones end in a German rejection that
names the file; nothing is half written; this process (the server) survives every one."""

from __future__ import annotations

import io
import random
import re
import zipfile
from pathlib import Path

import pytest

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.collect.tabellenprofil import lade_tabellenprofil
from integrationsmonitor.store.models import Beobachtung, Lieferung
from integrationsmonitor.store.profillieferung import liefere_mit_profil

ORIGINAL = (
    Path(__file__).parents[2] / "src/integrationsmonitor/collect/beispiele/sozialamt_unterbringung_2024.xlsx"
).read_bytes()
_NS = b'xmlns:q="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _hochkomma(r: random.Random, xml: bytes) -> bytes:
    return re.sub(rb' r="([^"]*)"', lambda m: b" r='" + m.group(1) + b"'" if r.random() < 0.5 else m[0], xml)


def _leerraum(r: random.Random, xml: bytes) -> bytes:
    return re.sub(rb' r="', lambda m: r.choice([b' r = "', b'  r="', b'\n r\t=\t"', m[0]]), xml)


def _klein(r: random.Random, xml: bytes) -> bytes:
    return re.sub(rb' r="([A-Z]+)(\d+)"', lambda m: b' r="' + m[1].lower() + m[2] + b'"', xml)


def _nullen(r: random.Random, xml: bytes) -> bytes:
    return re.sub(
        rb' r="([A-Z]+)([1-9]\d*)"', lambda m: b' r="' + m[1] + b"0" * r.randint(1, 5) + m[2] + b'"', xml
    )


def _praefix(r: random.Random, xml: bytes) -> bytes:
    xml = xml.replace(b"<sheetData>", b"<q:sheetData " + _NS + b">").replace(
        b"</sheetData>", b"</q:sheetData>"
    )
    return re.sub(rb"<(/?)(row|c|v)\b", rb"<\1q:\2", xml)


def _zeichenreferenz(r: random.Random, xml: bytes) -> bytes:
    return re.sub(rb' r="([A-Za-z])', lambda m: b' r="&#' + str(m[1][0]).encode() + b";", xml)


HARMLOS = [_hochkomma, _leerraum, _klein, _nullen, _praefix]
_FERN = [b'r="XFD1048576"', b"r='XFD1048576'", b'r = "xfd1048576"', b'x=">" r="XFD1048576"',
         b'r="XFD0001048576"', b'r="A1048576"', b'r="&#88;FD900000"']  # fmt: skip


def _ferne_zelle(r: random.Random, xml: bytes) -> bytes:
    zelle = b"<c " + r.choice(_FERN) + b' t="inlineStr"><is><t>Ende</t></is></c>'
    if r.random() < 0.5:
        zelle = zelle.replace(b"XFD", b"AAA")  # a far column in an existing row
    return xml.replace(b"</row></sheetData>", zelle + b"</row></sheetData>", 1)


def _dtd(r: random.Random, xml: bytes) -> bytes:
    bombe = (
        b'<!DOCTYPE worksheet [<!ENTITY a "'
        + b"x" * 50
        + b'">'
        + b"".join(
            b"<!ENTITY " + bytes([98 + i]) + b' "' + (b"&" + bytes([97 + i]) + b";") * 10 + b'">'
            for i in range(8)
        )
        + b"]>"
    )
    return xml.replace(b"?>", b"?>" + bombe, 1) if xml.startswith(b"<?xml") else bombe + xml


FEINDLICH = [_ferne_zelle, _dtd]


def _umschreiben(daten: bytes, teil: str, f, r: random.Random, texte: bytes | None = None) -> bytes:
    alt = zipfile.ZipFile(io.BytesIO(daten))
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w", zipfile.ZIP_DEFLATED) as neu:
        for info in alt.infolist():
            inhalt = alt.read(info.filename)
            neu.writestr(info.filename, f(r, inhalt) if info.filename == teil else inhalt)
        if texte is not None:
            neu.writestr("xl/sharedStrings.xml", texte)
    return puffer.getvalue()


def _texte_bombe(r: random.Random) -> bytes:
    zahl = r.choice([b"4294967295", b"99999999999", b"1000000000"])
    return (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'count="1" uniqueCount="' + zahl + b'"><si><t>Gemeinde</t></si></sst>')  # fmt: skip


@pytest.mark.django_db
def test_300_rewritten_workbooks_through_the_profile_path():
    rnd = random.Random(20261205)
    k = katalog()
    profil = lade_tabellenprofil("sozialamt_unterbringung", k)
    erwartet = liefere_mit_profil(
        katalog=k, profil=profil, daten=ORIGINAL, datei_name="unterbringung_2024.xlsx", benutzer="t"
    )
    assert erwartet.angenommen
    soll = sorted(erwartet.ergebnis.lieferung.beobachtungen.values_list("gebiet", "merkmale", "wert"))
    Lieferung.objects.all().delete()
    gesehen: dict[str, list[bool]] = {}
    for i in range(300):
        teil = "xl/worksheets/sheet2.xml"
        harmlos = [rnd.choice(HARMLOS) for _ in range(rnd.randint(1, 3))]
        art = rnd.choice(["harmlos", "harmlos", "fern", "dtd", "texte", "zeichen"])

        def mutiere(r: random.Random, xml: bytes, _h=harmlos, _art=art) -> bytes:
            if _art == "fern":
                xml = _ferne_zelle(r, xml)
            for f in _h:
                xml = f(r, xml)
            if _art == "zeichen":  # calamine does not decode them: a clear rejection, no crash
                xml = _zeichenreferenz(r, xml)
            return _dtd(r, xml) if _art == "dtd" else xml

        daten = _umschreiben(ORIGINAL, teil, mutiere, rnd, _texte_bombe(rnd) if art == "texte" else None)
        name = f"unterbringung_2024_{i}.xlsx"
        vorher = (Lieferung.objects.count(), Beobachtung.objects.count())
        e = liefere_mit_profil(katalog=k, profil=profil, daten=daten, datei_name=name, benutzer="fuzz")
        gesehen.setdefault(art, []).append(e.angenommen)
        if e.angenommen:
            lf = e.ergebnis.lieferung
            assert art == "harmlos" or (art == "fern" and b"A1048576" in daten), (art, harmlos)
            werte = sorted(lf.beobachtungen.values_list("gebiet", "merkmale", "wert"))
            assert werte == soll, [f.__name__ for f in harmlos]
            Lieferung.objects.all().delete()
            continue
        probleme = e.ergebnis.probleme
        assert probleme and all(p.startswith(name) for p in probleme), (art, probleme)
        assert not any("Traceback" in p or "Error" in p for p in probleme), (art, probleme)
        assert (Lieferung.objects.count(), Beobachtung.objects.count()) == vorher, art
        grund = {
            "harmlos": "",
            "fern": "erlaubt sind höchstens 5.000.000 Zellen",
            "dtd": "enthält eine DTD",
            "texte": "Texte an, enthält aber 1",
            "zeichen": "das Blatt kann nicht gelesen werden",
        }[art]
        assert grund and grund in probleme[0], (art, [f.__name__ for f in harmlos], probleme)
    assert all(gesehen["harmlos"]) and len(gesehen["harmlos"]) > 80
    assert not any(gesehen["dtd"] + gesehen["texte"] + gesehen["zeichen"])
