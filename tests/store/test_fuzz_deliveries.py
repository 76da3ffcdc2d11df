"""1.250 generated malformed files through the real ingest path: each ends in a German rejection or a
correct import, never a traceback, and a rejected file leaves nothing behind.

1.000 delivery files in the long format (store.ingest.liefere), and 250 Excel files of an office through
the table profile path (store.profillieferung with the shipped profile sozialamt_unterbringung): broken
values, formula cells and cells starting with =, +, -, @, truncated ZIPs, zip bombs posing as XLSX, a cell
in XFD1048576, a wrong sheet, binary garbage named .xlsx."""

from __future__ import annotations

import io
import random
import re
import zipfile

import pytest
from openpyxl import Workbook

from integrationsmonitor.catalog.loader import katalog
from integrationsmonitor.collect.tabellenprofil import lade_tabellenprofil
from integrationsmonitor.store.ingest import liefere
from integrationsmonitor.store.models import Beobachtung, Lieferung
from integrationsmonitor.store.profillieferung import liefere_mit_profil

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


# ------------------------------------------------------------------------------------------------------------
# Excel files of the Sozialamt through the table profile sozialamt_unterbringung
# ------------------------------------------------------------------------------------------------------------
NAMEN = ["Königs Wusterhausen", "Schönefeld", "Lübben (Spreewald)", "Luckau", "Wildau", "Zeuthen", "12061020"]
KOPF_SPALTEN = "BCDEF"  # GU männlich, GU weiblich, Wohnung männlich, Wohnung weiblich, Insgesamt
SELTSAM = [
    "-3",
    "+5",
    "12,5",
    "=1+1",
    '=HYPERLINK("http://x")',
    "@SUM(A1)",
    "-",
    "*",
    "x",
    "",
    "9" * 14,
    "zwölf",
]


def _unterbringung(rnd: random.Random, blatt: str = "Unterbringung") -> tuple[Workbook, list[list[object]]]:
    """A Sozialamt workbook (layout of the shipped example) with random counts; the data rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = blatt
    ws["A1"] = "Sozialamt Landkreis Dahme-Spreewald"
    ws["A4"], ws["B4"], ws["D4"], ws["F4"] = (
        "Gemeinde",
        "Gemeinschaftsunterkunft",
        "Wohnung (dezentral)",
        "Insgesamt",
    )
    for bereich in ("A4:A5", "B4:C4", "D4:E4", "F4:F5"):
        ws.merge_cells(bereich)
    ws["B5"], ws["C5"], ws["D5"], ws["E5"] = "männlich", "weiblich", "männlich", "weiblich"
    zeilen: list[list[object]] = []
    for name in rnd.sample(NAMEN, rnd.randint(1, len(NAMEN))):
        werte = [rnd.randint(0, 120) for _ in range(4)]
        zeilen.append([name, *werte, sum(werte)])
        ws.append(zeilen[-1])
    ws.append(["Summe", *(sum(z[i] for z in zeilen) for i in range(1, 6))])  # type: ignore[misc]
    return wb, zeilen


def _bytes(wb: Workbook) -> bytes:
    puffer = io.BytesIO()
    wb.save(puffer)
    return puffer.getvalue()


def _mit_formeln(daten: bytes) -> bytes:
    """Every number of the data area as a formula with its cached value, as Excel saves =SUMME(…)."""
    alt = zipfile.ZipFile(io.BytesIO(daten))
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w", zipfile.ZIP_DEFLATED) as neu:
        for info in alt.infolist():
            inhalt = alt.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                inhalt = re.sub(rb'(<c r="[B-F]\d+"[^>]*t="n"[^>]*>)(<v>)', rb"\1<f>1*1</f>\2", inhalt)
            neu.writestr(info, inhalt)
    return puffer.getvalue()


_BOMBE: dict[str, bytes] = {}


def _xlsx_bombe() -> bytes:
    """A workbook whose sheet inflates from a few KB to 12 MB of zeros (more than 100-fold)."""
    if not _BOMBE:
        puffer = io.BytesIO()
        with zipfile.ZipFile(puffer, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", b"<Types/>")
            z.writestr("xl/workbook.xml", b"<workbook/>")
            z.writestr("xl/worksheets/sheet1.xml", b"0" * 12_000_000)
        _BOMBE["x"] = puffer.getvalue()
    return _BOMBE["x"]


def _xlsx(rnd: random.Random) -> tuple[str, bytes, int]:
    """(kind, file, the Kreis total of the valid rows as written in the file)."""
    art = rnd.choice(["gültig", "gültig", "werte", "werte", "werte", "summe", "formeln", "abgeschnitten",
                      "bombe", "xfd", "blatt", "müll", "csv"])  # fmt: skip
    if art == "bombe":
        return art, _xlsx_bombe() if rnd.random() < 0.5 else _zip_bombe(), 0
    if art == "müll":
        return (
            art,
            rnd.choice([b"PK\x03\x04", b"", b"\xd0\xcf\x11\xe0"]) + rnd.randbytes(rnd.randint(0, 400)),
            0,
        )
    if art == "csv":
        return art, b"Gemeinde;Anzahl\nWildau;3\n", 0
    wb, zeilen = _unterbringung(rnd, "Tabelle1" if art == "blatt" else "Unterbringung")
    ws = wb.active
    if art == "werte":
        for _ in range(rnd.randint(1, 3)):
            zelle = ws[f"{rnd.choice('A' + KOPF_SPALTEN)}{rnd.randint(6, 5 + len(zeilen))}"]
            zelle.value = rnd.choice([*SELTSAM, "Atlantis"])
            if isinstance(zelle.value, str) and rnd.random() < 0.5:
                zelle.data_type = "s"  # text "=1+1", not a formula
    elif art == "summe":
        ws[f"F{rnd.randint(6, 5 + len(zeilen))}"] = 10_000
    elif art == "xfd":
        ws["XFD1048576"] = "Ende"
    daten = _bytes(wb)
    if art == "formeln":
        daten = _mit_formeln(daten)
    elif art == "abgeschnitten":
        daten = daten[: rnd.randint(0, len(daten) - 30)]
    return art, daten, sum(int(z[5]) for z in zeilen)  # type: ignore[call-overload]


@pytest.mark.django_db
def test_250_excel_files_through_the_profile_path():
    rnd = random.Random(20241231)
    k = katalog()
    profil = lade_tabellenprofil("sozialamt_unterbringung", k)
    gesehen: dict[str, list[bool]] = {}
    for i in range(250):
        art, daten, gesamt = _xlsx(rnd)
        name = f"unterbringung_2024_{i}.xlsx"
        vorher = (Lieferung.objects.count(), Beobachtung.objects.count())
        e = liefere_mit_profil(katalog=k, profil=profil, daten=daten, datei_name=name, benutzer="fuzz")
        gesehen.setdefault(art, []).append(e.angenommen)
        probleme = e.ergebnis.probleme
        if e.angenommen:
            lf = e.ergebnis.lieferung
            assert lf is not None and lf.beobachtungen.count() == lf.zellen and lf.datei_name == name
            if art in ("gültig", "formeln"):
                summen = lf.beobachtungen.filter(merkmale="_T|_T").values_list("wert", flat=True)
                assert sum(w or 0 for w in summen) == gesamt, art
            continue
        assert probleme and all(p.startswith(name) for p in probleme), (art, probleme)
        assert not any("Traceback" in p or "Error" in p for p in probleme), (art, probleme)
        assert (Lieferung.objects.count(), Beobachtung.objects.count()) == vorher, art
        if art == "summe":
            assert any("Blatt „Unterbringung“, Zeile" in p and "Spalte F ‚Insgesamt‘: Summe 10.000" in p
                       for p in probleme), probleme  # fmt: skip
        if art == "xfd":
            assert "erlaubt sind höchstens" in probleme[0], probleme
        if art == "blatt":
            assert "kein Blatt „Unterbringung“; die Mappe hat: Tabelle1" in probleme[0], probleme
    assert all(gesehen["gültig"]) and all(gesehen["formeln"]), "valid files and cached formulas import"
    for art in ("summe", "abgeschnitten", "bombe", "xfd", "blatt", "müll", "csv"):
        assert not any(gesehen[art]), art
    assert 0 < sum(gesehen["werte"]) < len(gesehen["werte"])  # mutated values: both outcomes occur
