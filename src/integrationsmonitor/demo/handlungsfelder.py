"""Demo deliveries of issue 14 for the Handlungsfelder Gesundheit, Sport und Kultur, Wohnen and
Fachkräftezuwanderung (pure standard library). No seed figure exists for them: every value is invented
(demo) but plausible for the LDS, and every file is an office's own export in the layout its table profile
reads, so that the demo goes through the same path as a real office (`imon deliver --profile`):

- `esu_sprache_<jahr>-<yy>.csv` (profile gesundheitsamt_esu): the Gesundheitsamt's school-entry examination,
  examined children and language-support need by Wohngemeinde, family language and sex (CSV, Windows-1252).
- `sport_kultur_teilnehmende_<jahr>.csv` (traeger_sport_kultur): participants of integrative sports and
  culture offers by Gemeinde and kind of offer, with and without migration history.
- `kreissportbund_mitglieder_<jahr>.xlsx` (kreissportbund_mitglieder): club members by Gemeinde,
  German/foreign and sex.
- `sozialamt_belegung_<jahr>.xlsx` (sozialamt_gu_plaetze and sozialamt_gu_belegung, one file, two datasets):
  places and occupied places of the shared accommodation by Gemeinde and kind of facility.
- `abh_fachkraefteverfahren_<jahr>.csv` (abh_fachkraefteverfahren): § 81a AufenthG procedures of the year.
- `ba_beschaeftigte_<jahr>.xlsx` (ba_beschaeftigte): employees subject to social insurance at the place of
  residence by nationality group, in the layout of the Statistik der Bundesagentur für Arbeit.

Each export says in its title that it is synthetic. Small counts are left in on purpose (a Gemeinde with two
children of non-German family language, a Wohnungsverbund with two residents): the platform protects them.
The files of 2024 are also the example files next to the profiles (tests/collect/beispieldateien.py).
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

from integrationsmonitor.formats.xlsx_schreiben import Blatt, xlsx

from .generator import GEMEINDEN_CSV, DemoLieferung, asyl_in_unterkuenften
from .rechnen import largest_remainder

JAHRE = (2020, 2021, 2022, 2023, 2024)
KENNUNG = "synthetische Demodatei"


def _gemeinden() -> list[tuple[str, str, int]]:
    """(AGS, German name as offices write it, population 2022) of the LDS Gemeinden, by AGS."""
    with GEMEINDEN_CSV.open(encoding="utf-8", newline="") as fh:
        zeilen = [(r["ags"], r["gemeinde"], int(r["bev_insgesamt_31122022"])) for r in csv.DictReader(fh)]
    return sorted((ags, name.removesuffix(", Stadt").split("/")[0].strip(), bev) for ags, name, bev in zeilen)


def _name(ags: str) -> str:
    return next(name for a, name, _b in _gemeinden() if a == ags)


def _csv(zeilen: list[list[str]], encoding: str) -> bytes:
    puffer = io.StringIO()
    csv.writer(puffer, delimiter=";", lineterminator="\r\n").writerows(zeilen)
    return puffer.getvalue().encode(encoding)


# ----------------------------------------------------------------------------------------------------------
# Gesundheit: school-entry examination (ESU)
# ----------------------------------------------------------------------------------------------------------
# fmt: off
ESU_KINDER = {2020: 1585, 2021: 1612, 2022: 1650, 2023: 1668, 2024: 1640}  # examined children (Kreis)
ESU_ANTEIL_ND = {2020: 0.062, 2021: 0.068, 2022: 0.083, 2023: 0.094, 2024: 0.101}  # non-German family language
ESU_SFB = {"deutsch": {2020: 0.17, 2021: 0.19, 2022: 0.20, 2023: 0.19, 2024: 0.18},
           "nicht_deutsch": {2020: 0.58, 2021: 0.61, 2022: 0.63, 2023: 0.60, 2024: 0.57}}
# where families of non-German language mostly live (weight factor on the population); the rest: 0.3
ND_SCHWERPUNKT = {"12061260": 3.0, "12061433": 3.2, "12061540": 2.6, "12061316": 2.2, "12061320": 1.8,
                  "12061112": 1.5, "12061572": 1.4, "12061332": 1.2}
# fmt: on


def esu_zellen(jahr: int) -> dict[tuple[str, str, str], tuple[int, int]]:
    """(AGS, familiensprache, geschlecht) -> (children with language-support need, without) of one year of
    entry; boys are found to need support more often than girls."""
    rng = random.Random(f"esu-{jahr}")
    gemeinden = _gemeinden()
    nd = round(ESU_KINDER[jahr] * ESU_ANTEIL_ND[jahr])
    gewichte = {
        "deutsch": [b * rng.uniform(0.85, 1.15) for _a, _n, b in gemeinden],
        "nicht_deutsch": [b * ND_SCHWERPUNKT.get(a, 0.3) * rng.uniform(0.7, 1.3) for a, _n, b in gemeinden],
    }
    zellen: dict[tuple[str, str, str], tuple[int, int]] = {}
    for sprache, summe in (("deutsch", ESU_KINDER[jahr] - nd), ("nicht_deutsch", nd)):
        for (ags, _n, _b), kinder in zip(gemeinden, largest_remainder(summe, gewichte[sprache]), strict=True):
            jungen = round(kinder * rng.uniform(0.45, 0.57))
            for sex, n, faktor in (("m", jungen, 1.15), ("w", kinder - jungen, 0.85)):
                if n:
                    ja = min(n, round(n * ESU_SFB[sprache][jahr] * faktor * rng.uniform(0.8, 1.2)))
                    zellen[(ags, sprache, sex)] = (ja, n - ja)
    return zellen


def esu_dateiname(jahr: int) -> str:
    return f"esu_sprache_{jahr}-{(jahr + 1) % 100:02d}.csv"


def esu_export(jahr: int) -> bytes:
    """The ESU software's export of one school year (synthetic): CSV, Windows-1252, title lines, Summe."""
    schuljahr = f"{jahr}/{(jahr + 1) % 100:02d}"
    zeilen = [
        ["Gesundheitsamt Landkreis Dahme-Spreewald – Kinder- und Jugendgesundheitsdienst"],
        [f"Schuleingangsuntersuchung Schuljahr {schuljahr}: Sprachförderbedarf nach Wohngemeinde, "
         f"Familiensprache und Geschlecht ({KENNUNG})"],
        [],
        ["Schuljahr", "Gemeindeschlüssel", "Wohngemeinde", "Familiensprache", "Geschlecht", "untersuchte Kinder",
         "mit Sprachförderbedarf", "ohne Sprachförderbedarf"],
    ]  # fmt: skip
    text = {"deutsch": "deutsch", "nicht_deutsch": "nicht deutsch / vorwiegend nicht deutsch"}
    summe = [0, 0]
    geschlecht = {"m": "männlich", "w": "weiblich"}
    for (ags, sprache, sex), (ja, nein) in sorted(esu_zellen(jahr).items()):
        summe = [summe[0] + ja, summe[1] + nein]
        zeilen.append(
            [schuljahr, ags, _name(ags), text[sprache], geschlecht[sex], str(ja + nein), str(ja), str(nein)]
        )
    zeilen.append(["Summe", "", "", "", "", str(sum(summe)), str(summe[0]), str(summe[1])])
    return _csv(zeilen, "cp1252")


# ----------------------------------------------------------------------------------------------------------
# Sport und Kultur: participants of integrative offers, club members of the Kreissportbund
# ----------------------------------------------------------------------------------------------------------
# fmt: off
# (AGS, kind) -> first year of the offer, participants with / without migration history in 2024
ANGEBOTE: dict[tuple[str, str], tuple[int, int, int]] = {
    ("12061260", "sport"): (2020, 148, 96), ("12061260", "kultur"): (2020, 84, 61),
    ("12061433", "sport"): (2020, 121, 58), ("12061316", "sport"): (2021, 66, 41),
    ("12061316", "kultur"): (2022, 38, 45), ("12061320", "sport"): (2021, 47, 30),
    ("12061540", "sport"): (2022, 52, 27), ("12061572", "kultur"): (2023, 24, 33),
    ("12061332", "sport"): (2023, 19, 14), ("12061219", "kultur"): (2024, 2, 9),  # a small new offer
}
KSB_MITGLIEDER = {2020: 26_900, 2021: 25_800, 2022: 26_700, 2023: 27_600, 2024: 28_300}  # on 1 January
KSB_ANTEIL_AUSL = {2020: 0.019, 2021: 0.020, 2022: 0.024, 2023: 0.028, 2024: 0.031}
# fmt: on


def sk_zellen(jahr: int) -> dict[tuple[str, str], tuple[int, int]]:
    """(AGS, angebotsart) -> (participants with, without migration history) of one year."""
    rng = random.Random(f"sk-{jahr}")
    zellen = {}
    for (ags, art), (ab, mit, ohne) in ANGEBOTE.items():
        if jahr >= ab:
            faktor = 1.0 if jahr == 2024 else (0.55 + 0.1 * (jahr - 2020)) * rng.uniform(0.9, 1.1)
            zellen[(ags, art)] = (max(2, round(mit * faktor)), round(ohne * faktor))
    return zellen


def sk_export(jahr: int) -> bytes:
    """The Integrationskoordination's list of the providers' reports of one year (synthetic), UTF-8 CSV."""
    zeilen = [
        [f"Integrative Sport- und Kulturangebote – Teilnehmende {jahr} nach Meldung der Träger ({KENNUNG})"],
        ["Jahr", "Gemeinde", "Art des Angebots", "Teilnehmende mit Migrationsgeschichte",
         "Teilnehmende ohne Migrationsgeschichte", "Teilnehmende insgesamt"],
    ]  # fmt: skip
    for (ags, art), (mit, ohne) in sorted(sk_zellen(jahr).items()):
        zeilen.append([str(jahr), _name(ags), art.capitalize(), str(mit), str(ohne), str(mit + ohne)])
    return _csv(zeilen, "utf-8")


def ksb_zellen(jahr: int) -> dict[str, tuple[int, int, int, int]]:
    """AGS -> (German men, German women, foreign men, foreign women) among club members on 1 January."""
    rng = random.Random(f"ksb-{jahr}")
    gemeinden = _gemeinden()
    je = largest_remainder(KSB_MITGLIEDER[jahr], [b * rng.uniform(0.7, 1.3) for _a, _n, b in gemeinden])
    ausl = largest_remainder(
        round(KSB_MITGLIEDER[jahr] * KSB_ANTEIL_AUSL[jahr]),
        [n * ND_SCHWERPUNKT.get(a, 0.4) for (a, _n, _b), n in zip(gemeinden, je, strict=True)],
    )
    zellen = {}
    for (ags, _n, _b), n, a in zip(gemeinden, je, ausl, strict=True):
        a = min(a, n)
        dm = round((n - a) * 0.58)
        am = round(a * 0.66)
        zellen[ags] = (dm, n - a - dm, am, a - am)
    return zellen


def ksb_export(jahr: int) -> bytes:
    """The Kreissportbund's Excel table of its Bestandserhebung (synthetic, one header row)."""
    kopf = ["Gemeinde (Vereinssitz)", "Deutsche männlich", "Deutsche weiblich", "Ausländer männlich",
            "Ausländer weiblich", "Mitglieder insgesamt"]  # fmt: skip
    zeilen: list[list[str | int | None]] = [
        [f"Kreissportbund Dahme-Spreewald – Bestandserhebung zum 01.01.{jahr} ({KENNUNG})"],
        ["Mitglieder der Sportvereine nach Vereinssitz, Staatsangehörigkeit und Geschlecht"],
        [],
        list(kopf),
    ]
    summe = [0, 0, 0, 0]
    for ags, werte in sorted(ksb_zellen(jahr).items()):
        summe = [s + w for s, w in zip(summe, werte, strict=True)]
        zeilen.append([_name(ags), *werte, sum(werte)])
    zeilen += [["Summe", *summe, sum(summe)], [], ["Quelle: Bestandserhebung der Vereine im Kreissportbund"]]
    return xlsx(
        [Blatt("Hinweise", [["Bestandserhebung", KENNUNG]]), Blatt("Mitglieder nach Gemeinde", zeilen)]
    )


# ----------------------------------------------------------------------------------------------------------
# Wohnen: places and occupancy of the shared accommodation (Sozialamt)
# ----------------------------------------------------------------------------------------------------------
# fmt: off
# (AGS, kind) -> (first year, last year, places); kind GU = Gemeinschaftsunterkunft, WV = Wohnungsverbund.
# The asylum seekers that asyl_unterbringung counts "in Gemeinschaftsunterkunft" live in these facilities:
# every Gemeinde with such asylum seekers has a facility in that year, with at least as many places.
UNTERKUENFTE: dict[tuple[str, str], tuple[int, int, int]] = {
    ("12061260", "gemeinschaftsunterkunft"): (2020, 2024, 300), ("12061433", "gemeinschaftsunterkunft"): (2020, 2024, 200),
    ("12061316", "gemeinschaftsunterkunft"): (2020, 2024, 150), ("12061320", "gemeinschaftsunterkunft"): (2020, 2024, 120),
    ("12061540", "wohnungsverbund"): (2020, 2024, 48), ("12061332", "wohnungsverbund"): (2020, 2024, 36),
    ("12061217", "wohnungsverbund"): (2020, 2024, 24), ("12061020", "wohnungsverbund"): (2020, 2024, 24),
    ("12061492", "wohnungsverbund"): (2020, 2022, 12),
}
BELEGUNG = {2020: 0.71, 2021: 0.64, 2022: 0.93, 2023: 0.96, 2024: 0.88}  # occupancy rate (Kreis, invented)
# fmt: on


def gu_zellen(jahr: int) -> dict[tuple[str, str], tuple[int, int]]:
    """(AGS, unterkunftsart) -> (places, occupied places) on 31.12. of the year.  The residents are the
    asylum seekers housed in the Gemeinde's facility (asyl_unterbringung) plus others (e.g. recognised
    refugees still looking for a flat): never fewer than those asylum seekers, never more than the places."""
    rng = random.Random(f"gu-{jahr}")
    asyl = asyl_in_unterkuenften(jahr)
    zellen = {}
    for (ags, art), (ab, bis, plaetze) in UNTERKUENFTE.items():
        if ab <= jahr <= bis:
            belegt = min(plaetze, round(plaetze * BELEGUNG[jahr] * rng.uniform(0.9, 1.1)))
            belegt = 2 if bis == jahr and plaetze < 20 else belegt  # closing: 2 left
            zellen[(ags, art)] = (plaetze, max(belegt, asyl.get(ags, 0)))
    gemeinden: dict[str, tuple[int, int]] = {}
    for (ags, _art), (plaetze, belegt) in zellen.items():
        p, b = gemeinden.get(ags, (0, 0))
        gemeinden[ags] = (p + plaetze, b + belegt)
    for ags, personen in asyl.items():  # the demo's facilities must hold the asylum seekers housed in them
        if personen > gemeinden.get(ags, (0, 0))[0]:
            raise AssertionError(
                f"{jahr} {ags}: {personen} asylum seekers in GU, places {gemeinden.get(ags)}"
            )
    return zellen


def gu_export(jahr: int) -> bytes:
    """The Sozialamt's Belegungsübersicht on 31.12. (synthetic): Excel, sheet Belegung behind a notes sheet."""
    zeilen: list[list[str | int | None]] = [
        [
            f"Sozialamt Landkreis Dahme-Spreewald – Belegungsübersicht Unterkünfte, Stand 31.12.{jahr} ({KENNUNG})"
        ],
        ["GU = Gemeinschaftsunterkunft, WV = Wohnungsverbund"],
        [],
        ["Gemeinde", "Art der Unterkunft", "Plätze", "belegt", "frei"],
    ]
    summe = [0, 0]
    for (ags, art), (plaetze, belegt) in sorted(gu_zellen(jahr).items()):
        summe = [summe[0] + plaetze, summe[1] + belegt]
        kurz = "GU" if art == "gemeinschaftsunterkunft" else "WV"
        zeilen.append([_name(ags), kurz, plaetze, belegt, plaetze - belegt])
    zeilen += [
        ["Summe", "", summe[0], summe[1], summe[0] - summe[1]],
        [],
        ["Quelle: Sozialamt, Heimverwaltung"],
    ]
    hinweis = [["Belegungsübersicht", KENNUNG], ["Plätze laut Betriebsgenehmigung bzw. Mietvertrag"]]
    return xlsx([Blatt("Hinweise", hinweis), Blatt("Belegung", zeilen)])


# ----------------------------------------------------------------------------------------------------------
# Fachkräftezuwanderung: § 81a procedures (Ausländerbehörde), employees by nationality (BA)
# ----------------------------------------------------------------------------------------------------------
# fmt: off
# year -> (started, agreement given, refused, otherwise completed); § 81a AufenthG applies since 1 March 2020
VERFAHREN = {2020: (9, 4, 1, 0), 2021: (21, 14, 2, 1), 2022: (38, 27, 3, 2), 2023: (57, 41, 4, 3),
             2024: (83, 62, 5, 4)}
# svB at the place of residence on 30.06.: total, and (men, women) per foreign group (invented, plausible)
BESCHAEFTIGTE = {2020: 69_800, 2021: 70_600, 2022: 72_100, 2023: 73_000, 2024: 73_600}
AUSLAENDISCH = {  # year -> group -> (Männer, Frauen)
    2020: {"eu": (1130, 610), "asylherkunft": (410, 95), "sonstige_drittstaaten": (690, 520)},
    2021: {"eu": (1210, 650), "asylherkunft": (480, 118), "sonstige_drittstaaten": (760, 575)},
    2022: {"eu": (1290, 700), "asylherkunft": (560, 142), "sonstige_drittstaaten": (1010, 880)},
    2023: {"eu": (1350, 735), "asylherkunft": (640, 170), "sonstige_drittstaaten": (1240, 1050)},
    2024: {"eu": (1400, 760), "asylherkunft": (720, 205), "sonstige_drittstaaten": (1420, 1190)},
}
ANTEIL_MAENNER_DEUTSCHE = 0.515
# fmt: on


def fk_export(jahr: int) -> bytes:
    """The Ausländerbehörde's yearly § 81a statistics (synthetic): CSV, Windows-1252, one row for the year."""
    e, z, a, s = VERFAHREN[jahr]
    zeilen = [
        [f"Ausländerbehörde Landkreis Dahme-Spreewald – beschleunigte Fachkräfteverfahren § 81a AufenthG ({KENNUNG})"],
        ["Jahr", "eingeleitete Verfahren", "Vorabzustimmung erteilt", "Vorabzustimmung abgelehnt", "sonst erledigt"],
        [str(jahr), str(e), str(z), str(a), str(s)],
    ]  # fmt: skip
    return _csv(zeilen, "cp1252")


def ba_zellen(jahr: int) -> dict[str, tuple[int, int]]:
    """staatsangehoerigkeitsgruppe -> (Männer, Frauen) of the svB at the place of residence on 30.06."""
    ausl = AUSLAENDISCH[jahr]
    deutsche = BESCHAEFTIGTE[jahr] - sum(m + w for m, w in ausl.values())
    m = round(deutsche * ANTEIL_MAENNER_DEUTSCHE)
    return {"deutsch": (m, deutsche - m), **ausl}


def _ba_zeile(name: str, werte: tuple[int, int]) -> list[str | int | None]:
    return [name, sum(werte), *werte]


def ba_export(jahr: int) -> bytes:
    """The BA table "Beschäftigte nach Staatsangehörigkeiten" for the Kreis (synthetic; the BA layout with
    title lines, column numbers, Insgesamt and Ausländer rows, © line and footnote; one header row)."""
    z = ba_zellen(jahr)
    namen = {"deutsch": "Deutsche", "eu": "EU-Staaten (ohne Deutschland)",
             "asylherkunft": "Asylherkunftsländer 1)", "sonstige_drittstaaten": "sonstige Drittstaaten"}  # fmt: skip
    ausl = [sum(z[g][i] for g in namen if g != "deutsch") for i in (0, 1)]
    alle = [sum(v[i] for v in z.values()) for i in (0, 1)]
    zeilen: list[list[str | int | None]] = [
        ["Sozialversicherungspflichtig Beschäftigte am Wohnort nach Staatsangehörigkeiten"],
        [f"Dahme-Spreewald (12061), Stichtag 30.06.{jahr} ({KENNUNG})"],
        [],
        ["Staatsangehörigkeit", "Insgesamt", "Männer", "Frauen"],
        [1, 2, 3, 4],
        ["Insgesamt", sum(alle), *alle],
        ["Deutsche", sum(z["deutsch"]), *z["deutsch"]],
        ["Ausländer", sum(ausl), *ausl],
        *[_ba_zeile(namen[g], z[g]) for g in namen if g != "deutsch"],
        [],
        ["© Statistik der Bundesagentur für Arbeit"],
        ["1) Afghanistan, Eritrea, Irak, Iran, Nigeria, Pakistan, Somalia, Syrien"],
    ]
    inhalt = [["Beschäftigungsstatistik", KENNUNG], ["Tabelle: Beschäftigte nach Staatsangehörigkeiten"]]
    return xlsx([Blatt("Inhalt", inhalt), Blatt("Beschäftigte nach Staatsang.", zeilen)])


def schreibe_dateien(jahr: int) -> list[tuple[str, str, bytes, str, str]]:
    """(table profile, file name, export, dataset, supplier) of every demo export of one year."""
    return [
        ("gesundheitsamt_esu", esu_dateiname(jahr), esu_export(jahr), "esu_sprachfoerderung", "gesundheitsamt"),
        ("traeger_sport_kultur", f"sport_kultur_teilnehmende_{jahr}.csv", sk_export(jahr),
         "sport_kultur_teilnehmende", "traeger_sport_kultur"),
        ("kreissportbund_mitglieder", f"kreissportbund_mitglieder_{jahr}.xlsx", ksb_export(jahr),
         "sportvereine_mitglieder", "kreissportbund"),
        ("sozialamt_gu_plaetze", f"sozialamt_belegung_{jahr}.xlsx", gu_export(jahr), "gu_plaetze", "sozialamt"),
        ("sozialamt_gu_belegung", f"sozialamt_belegung_{jahr}.xlsx", gu_export(jahr), "gu_belegung", "sozialamt"),
        ("abh_fachkraefteverfahren", f"abh_fachkraefteverfahren_{jahr}.csv", fk_export(jahr),
         "fachkraefteverfahren", "auslaenderbehoerde"),
        ("ba_beschaeftigte", f"ba_beschaeftigte_{jahr}.xlsx", ba_export(jahr),
         "beschaeftigte_staatsangehoerigkeit", "bundesagentur"),
    ]  # fmt: skip


def schreibe(out_dir: Path) -> list[DemoLieferung]:
    """Write the demo exports of issue 14 into `out_dir`, each naming the table profile that reads it."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    lieferungen = []
    for jahr in JAHRE:
        for profil, name, daten, datensatz, lieferant in schreibe_dateien(jahr):
            path = out_dir / name
            path.write_bytes(daten)
            lieferungen.append(DemoLieferung(path, datensatz, str(jahr), lieferant, profil))
    return lieferungen
