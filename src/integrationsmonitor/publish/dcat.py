"""The open-data catalogue in DCAT-AP.de as JSON-LD: `opendaten/dcat.jsonld`.

dcat:Catalog (publisher: the county of the catalogue) → one dcat:Dataset per indicator and per dataset →
one dcat:Distribution per file format, each with the licence dl-de/by-2-0 and its attribution text
(dcatde:licenseAttributionByText); the read API is a dcat:DataService with its OpenAPI description.
Vocabularies as DCAT-AP.de asks for them: EU data themes (dcat:theme), EU file types (dct:format),
EU frequencies, political geocoding of the Kreis (dcatde:politicalGeocodingURI, districtKey).
"""

from __future__ import annotations

import json
import re
from typing import Any

from integrationsmonitor.catalog import zeitraum as zr
from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.store.selectors import DbQuelle

from .opendata import (
    CSVW,
    FORMATE,
    LIZENZ_URI,
    ORDNER,
    Datei,
    Stand,
    datensaetze_von,
    iso_zeit,
    pfad,
    stand,
)

KONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "dcatap": "http://data.europa.eu/r5r/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
EU = "http://publications.europa.eu/resource/authority/"
GEO = "http://dcat-ap.de/def/politicalGeocoding/"
# Handlungsfeld → EU data themes besides SOCI ("Bevölkerung und Gesellschaft"), which every dataset has.
THEMEN = {"sprache": "EDUC", "bildung": "EDUC", "arbeit": "ECON", "fachkraefte": "ECON", "gesundheit": "HEAL"}
HAEUFIGKEIT = {"jahr": "ANNUAL", "quartal": "QUARTERLY", "monat": "MONTHLY"}
MEDIENTYP = {
    "CSV": "https://www.iana.org/assignments/media-types/text/csv",
    "XLSX": "https://www.iana.org/assignments/media-types/application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "JSON": "https://www.iana.org/assignments/media-types/application/json",
}
SCHLAGWORTE = ["Integration", "Migration", "Integrationsmonitoring"]


def _de(text: str) -> dict[str, str]:
    return {"@value": text, "@language": "de"}


def _id(iri: str) -> dict[str, str]:
    return {"@id": iri}


def _zeit(st: Stand) -> dict[str, str] | None:
    if st.zeit is None:
        return None
    return {"@value": iso_zeit(st.zeit), "@type": "xsd:dateTime"}


def _beginn(code: str) -> str:
    """First day of a period code (year, quarter or month)."""
    ende = zr.stichtag(code)
    if re.fullmatch(r"\d{4}", code):
        return f"{ende.year}-01-01"
    monat = ende.month - 2 if "-Q" in code else ende.month
    return f"{ende.year}-{monat:02d}-01"


def _zeitraum(perioden: list[str]) -> dict[str, Any] | None:
    if not perioden:
        return None
    return {
        "@type": "dct:PeriodOfTime",
        "dcat:startDate": {"@value": _beginn(perioden[0]), "@type": "xsd:date"},
        "dcat:endDate": {"@value": zr.stichtag(perioden[-1]).isoformat(), "@type": "xsd:date"},
    }


def _herausgeber(katalog: Katalog) -> dict[str, Any]:
    return {
        "@type": "foaf:Organization",
        "foaf:name": katalog.kreis.name,
        "dct:type": _id("http://purl.org/adms/publishertype/LocalAuthority"),
    }


def _distributionen(
    katalog: Katalog, basis_url: str, art: str, kennung: str, titel: str, st: Stand
) -> list[Any]:
    namensnennung = f"{katalog.kreis.name}, Integrationsmonitor"
    verteilungen = []
    for f in FORMATE.values():
        url = basis_url + pfad(art, kennung, f.endung)
        d: dict[str, Any] = {
            "@type": "dcat:Distribution",
            "dct:title": _de(f"{titel} – {f.name}"),
            "dcat:accessURL": _id(url),
            "dcat:downloadURL": _id(url),
            "dct:format": _id(f"{EU}file-type/{f.dateityp}"),
            "dcat:mediaType": _id(MEDIENTYP[f.dateityp]),
            "dct:license": _id(LIZENZ_URI),
            "dcatde:licenseAttributionByText": namensnennung,
            "dcatap:availability": _id(f"{EU}planned-availability/STABLE"),
        }
        if f.endung == "csv":
            d["dct:conformsTo"] = _id("http://www.w3.org/ns/csvw")
            d["foaf:page"] = _id(basis_url + pfad(art, kennung, CSVW))
        if (zeit := _zeit(st)) is not None:
            d["dct:modified"] = zeit
        verteilungen.append(d)
    return verteilungen


def _datensatz(
    katalog: Katalog,
    basis_url: str,
    *,
    iri: str,
    art: str,
    kennung: str,
    titel: str,
    beschreibung: str,
    seite: str,
    st: Stand,
    perioden: list[str],
    zeitraum_typ: str,
    schlagworte: list[str],
    themen: list[str],
    urheber: list[str],
) -> dict[str, Any]:
    kreis = f"{GEO}districtKey/{katalog.kreis.code}"
    d: dict[str, Any] = {
        "@id": iri,
        "@type": "dcat:Dataset",
        "dct:identifier": f"{art}/{kennung}",
        "dct:title": _de(f"{titel} – {katalog.kreis.name}"),
        "dct:description": _de(beschreibung or titel),
        "dct:publisher": _herausgeber(katalog),
        "dct:creator": [{"@type": "foaf:Organization", "foaf:name": name} for name in urheber],
        "dcat:keyword": [_de(w) for w in [*SCHLAGWORTE, *schlagworte]],
        "dcat:theme": [_id(f"{EU}data-theme/{t}") for t in themen],
        "dct:spatial": _id(kreis),
        "dcatde:politicalGeocodingURI": _id(kreis),
        "dcatde:politicalGeocodingLevelURI": _id(f"{GEO}Level/administrativeDistrict"),
        "dct:language": _id(f"{EU}language/DEU"),
        "dct:accrualPeriodicity": _id(f"{EU}frequency/{HAEUFIGKEIT.get(zeitraum_typ, 'IRREG')}"),
        "dcat:landingPage": _id(seite),
        "dcat:distribution": _distributionen(katalog, basis_url, art, kennung, titel, st),
    }
    if (zeit := _zeit(st)) is not None:
        d["dct:modified"] = zeit
    if (zeitraum := _zeitraum(perioden)) is not None:
        d["dct:temporal"] = zeitraum
    return d


def dcat_katalog(katalog: Katalog, quelle: DbQuelle, basis_url: str) -> dict[str, Any]:
    """The catalogue as a JSON-LD document (compact form with the prefixes in @context)."""
    datensaetze = []
    for ind in katalog.indikatoren.values():
        hf = katalog.handlungsfelder[ind.handlungsfeld]
        quellen = datensaetze_von(ind)
        datensaetze.append(
            _datensatz(
                katalog,
                basis_url,
                iri=f"{basis_url}indikatoren/{ind.id}/#daten",
                art="indikatoren",
                kennung=ind.id,
                titel=ind.name,
                beschreibung=ind.definition,
                seite=f"{basis_url}indikatoren/{ind.id}/",
                st=stand(quelle, quellen),
                perioden=quelle.zeitraeume(ind.zaehler.datensatz),
                zeitraum_typ=katalog.datensaetze[ind.zaehler.datensatz].zeitraum,
                schlagworte=[hf.name, "Indikator"],
                themen=["SOCI", *([THEMEN[hf.id]] if hf.id in THEMEN else [])],
                urheber=sorted({_lieferant_name(katalog, ds) for ds in quellen}),
            )
        )
    for ds in katalog.datensaetze.values():
        datensaetze.append(
            _datensatz(
                katalog,
                basis_url,
                iri=f"{basis_url}{ORDNER}/#datensatz-{ds.id}",
                art="datensaetze",
                kennung=ds.id,
                titel=ds.name,
                beschreibung=ds.beschreibung,
                seite=f"{basis_url}{ORDNER}/#datensatz-{ds.id}",
                st=stand(quelle, [ds.id]),
                perioden=quelle.zeitraeume(ds.id),
                zeitraum_typ=ds.zeitraum,
                schlagworte=["Datensatz", "Lieferung"],
                themen=["SOCI"],
                urheber=[_lieferant_name(katalog, ds.id)],
            )
        )
    gesamt = stand(quelle, list(katalog.datensaetze))
    kat: dict[str, Any] = {
        "@context": KONTEXT,
        "@id": f"{basis_url}{ORDNER}/dcat.jsonld#katalog",
        "@type": "dcat:Catalog",
        "dct:title": _de(f"Offene Daten des Integrationsmonitors {katalog.kreis.name}"),
        "dct:description": _de(
            "Indikatoren des Integrationsmonitorings und die aggregierten Lieferungen der Ämter und Träger "
            "dahinter, je als CSV, XLSX und JSON. Geheim gehaltene Zahlen erscheinen ohne Wert."
        ),
        "dct:publisher": _herausgeber(katalog),
        "dct:language": _id(f"{EU}language/DEU"),
        "dct:license": _id(LIZENZ_URI),
        "dct:spatial": _id(f"{GEO}districtKey/{katalog.kreis.code}"),
        "foaf:homepage": _id(basis_url),
        "dcat:dataset": datensaetze,
        "dcat:service": {
            "@id": f"{basis_url}api/v1/",
            "@type": "dcat:DataService",
            "dct:title": _de(f"Lese-Schnittstelle des Integrationsmonitors {katalog.kreis.name}"),
            "dcat:endpointURL": _id(f"{basis_url}api/v1/"),
            "dcat:endpointDescription": _id(f"{basis_url}api/v1/openapi.json"),
            "dct:license": _id(LIZENZ_URI),
            "dcat:servesDataset": [
                _id(d["@id"]) for d in datensaetze if d["dct:identifier"].startswith("indikatoren/")
            ],
        },
    }
    if (zeit := _zeit(gesamt)) is not None:
        kat["dct:modified"] = zeit
    return kat


def _lieferant_name(katalog: Katalog, datensatz: str) -> str:
    ds = katalog.datensaetze[datensatz]
    lf = katalog.lieferanten.get(ds.lieferant)
    return lf.name if lf else ds.lieferant


def dcat_datei(katalog: Katalog, quelle: DbQuelle, basis_url: str) -> Datei:
    inhalt = json.dumps(dcat_katalog(katalog, quelle, basis_url), ensure_ascii=False, indent=1) + "\n"
    return Datei(f"{ORDNER}/dcat.jsonld", inhalt.encode("utf-8"), "application/ld+json")
