"""Course figures into the monitoring: the registry writes a delivery of `sprachkurse_register` per year
(courses running in the year, their seats and booked seats, by Gemeinde and course type) and stores it
through `store.ingest.liefere`, the only writer. Identical figures give "unverändert", nothing new."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.store.ingest import Lieferergebnis, liefere
from integrationsmonitor.store.models import Lieferung

from .models import Sprachkurs

DATENSATZ = "sprachkurse_register"
BENUTZER = "kursregister"


def kurse_im_jahr(jahr: int) -> list[Sprachkurs]:
    return list(
        Sprachkurs.objects.filter(beginn__lte=dt.date(jahr, 12, 31), ende__gte=dt.date(jahr, 1, 1)).order_by(
            "pk"
        )
    )


def lieferdatei(jahr: int) -> str | None:
    """The delivery CSV of one year (finest cells only: Gemeinde × course type × figure); None without courses."""
    summen: Counter[tuple[str, str, str]] = Counter()
    for k in kurse_im_jahr(jahr):
        summen[(k.gemeinde, k.kursart, "kurse")] += 1
        summen[(k.gemeinde, k.kursart, "plaetze")] += k.plaetze
        summen[(k.gemeinde, k.kursart, "belegt")] += k.belegt
    if not summen:
        return None
    zeilen = ["gebiet;zeitraum;kursart;kursgroesse;wert;kennzeichen"]
    zeilen += [f"{g};{jahr};{art};{groesse};{wert};" for (g, art, groesse), wert in sorted(summen.items())]
    return "\n".join(zeilen) + "\n"


def liefere_jahr(katalog: Katalog, jahr: int, *, ist_demo: bool = False) -> Lieferergebnis | None:
    """Deliver one year's course figures; None if the year has no course and had none delivered. A year
    whose last course was deleted gets zeros at the Kreis, so the old figures do not stay active."""
    text = lieferdatei(jahr)
    if text is None:
        if not Lieferung.objects.filter(
            datensatz=DATENSATZ, zeitraum=str(jahr), status=Lieferung.Status.AKTIV
        ).exists():
            return None
        text = "gebiet;zeitraum;kursart;kursgroesse;wert;kennzeichen\n" + "".join(
            f"{katalog.kreis.code};{jahr};_T;{groesse};0;\n" for groesse in ("kurse", "plaetze", "belegt")
        )
    return liefere(
        katalog=katalog,
        daten=text.encode("utf-8"),
        datei_name=f"sprachkurse_{jahr}.csv",
        datensatz=DATENSATZ,
        zeitraum=str(jahr),
        benutzer=BENUTZER,
        ist_demo=ist_demo,
    )


def jahre_von(kurs: Sprachkurs) -> range:
    return range(kurs.beginn.year, kurs.ende.year + 1)


def liefere_alle(katalog: Katalog, *, ist_demo: bool = False) -> list[Lieferergebnis]:
    """Every year some course runs in."""
    jahre: set[int] = set()
    for k in Sprachkurs.objects.all():
        jahre.update(jahre_von(k))
    return [e for j in sorted(jahre) if (e := liefere_jahr(katalog, j, ist_demo=ist_demo)) is not None]
