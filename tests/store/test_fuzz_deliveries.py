"""1.000 generated malformed delivery files through the real ingest path: each ends in a German rejection
or a correct import, never a traceback, and a rejected file leaves nothing behind."""

from __future__ import annotations

import io
import random
import zipfile

import pytest

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.store.ingest import liefere
from integrationsmonitor.store.models import Beobachtung, Lieferung

KOPF = ["gebiet", "zeitraum", "geschlecht", "altersgruppe", "wert", "kennzeichen"]
GEMEINDEN = ["12061260", "12061540", "12061433"]
ALTER = ["00_05", "18_24", "65_"]


def _basis(rnd: random.Random) -> list[list[str]]:
    zeilen, summe = [], 0
    for g in GEMEINDEN:
        for sex in ("m", "w"):
            for alter in ALTER:
                wert = rnd.randint(0, 500)
                summe += wert
                zeilen.append([g, "2024", sex, alter, str(wert), ""])
    zeilen.append(["12061", "2024", "_T", "_T", str(summe), ""])
    return zeilen


def _zip_bombe() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"0" * 5_000_000)
    return buf.getvalue()


def _setze(spalte: int, werte: list[str]):
    def mutation(r: random.Random, z: list[list[str]]) -> None:
        lang = [zeile for zeile in z if len(zeile) > spalte]
        if lang:
            r.choice(lang)[spalte] = r.choice(werte)

    return mutation


def _kuerze(r: random.Random, z: list[list[str]]) -> None:
    i = r.randrange(len(z))
    z[i] = z[i][: r.randint(1, 4)]


def _verdopple(r: random.Random, z: list[list[str]]) -> None:
    z.append(r.choice(z)[:])


def _summe_falsch(r: random.Random, z: list[list[str]]) -> None:
    if len(z[-1]) > 4 and z[-1][4].isdigit():
        z[-1][4] = str(int(z[-1][4]) + r.randint(1, 3))


MUTATIONEN = [
    _verdopple,
    _setze(4, ["-1", "-7", "-250"]),  # negative count
    _setze(4, ["9" * 13, "9" * 40]),  # huge number
    _setze(2, ["x", "M", "male", "", "?"]),  # unknown code
    _setze(0, ["99999", "1206", "", "12061999"]),  # unknown region
    _setze(4, ["=1+1", "+5", "-", "@SUM(A1)", '=HYPERLINK("x")']),  # formula-like cells
    _setze(1, ["2023", "24", "2024-13", ""]),  # wrong period
    _kuerze,  # truncated row
    _summe_falsch,  # margin does not add up
    _setze(4, ["1,5", "12.5", "1e3", "zwölf"]),  # not an integer
]


def _datei(rnd: random.Random) -> tuple[str, bytes]:
    art = rnd.randrange(14)
    if art == 10:
        return "leer", b"" if rnd.random() < 0.5 else b"\xef\xbb\xbf \r\n"
    if art == 11:
        return "binär", bytes(rnd.getrandbits(8) for _ in range(rnd.randint(1, 300)))
    if art == 12:
        return "zip-bombe", _zip_bombe()
    zeilen = _basis(rnd)
    if art < 10:
        for _ in range(rnd.randint(1, 3)):
            MUTATIONEN[rnd.randrange(len(MUTATIONEN))](rnd, zeilen)
    trenner = rnd.choice([";", ";", ",", "\t"] if art == 13 else [";", ",", "\t", "|"])
    text = "\r\n".join(trenner.join(z) for z in [KOPF, *zeilen])
    kodierung = rnd.choice(["utf-8", "utf-8-sig", "cp1252", "utf-16"])
    daten = text.encode(kodierung)
    if art != 13 and rnd.random() < 0.2:  # broken encoding: cut in a multi-byte sequence, add stray bytes
        daten = daten[: rnd.randint(0, len(daten))] + b"\xff\xfe\x80"
    return ("gültig" if art == 13 else "mutiert"), daten


@pytest.mark.django_db
def test_thousand_malformed_files():
    rnd = random.Random(20241231)
    k = katalog()
    angenommen = abgelehnt = 0
    for i in range(1000):
        art, daten = _datei(rnd)
        vorher = (Lieferung.objects.count(), Beobachtung.objects.count())
        ergebnis = liefere(katalog=k, daten=daten, datei_name=f"f{i}.csv", datensatz="bevoelkerung_melderegister",
                           zeitraum="2024", benutzer="fuzz")  # fmt: skip
        if ergebnis.angenommen:
            angenommen += 1
            lf = ergebnis.lieferung
            assert lf is not None and lf.beobachtungen.count() == lf.zellen
        else:
            abgelehnt += 1
            assert ergebnis.probleme and all(p.startswith(f"f{i}.csv") for p in ergebnis.probleme), (
                art,
                ergebnis.probleme,
            )
            assert not any("Traceback" in p for p in ergebnis.probleme)
            assert (Lieferung.objects.count(), Beobachtung.objects.count()) == vorher, art
        if art == "gültig":
            assert ergebnis.angenommen, ergebnis.probleme
    assert angenommen >= 50 and abgelehnt >= 600  # both paths are really exercised
