"""Demo: the 7 associations and initiatives of the report („mehr als 150 Ehrenamtliche in 7 Vereinen und
Initiativen“: Sprechcafés, Patenschaften, Fahrdienst, Begegnungsangebote). The report names none of them:
every name, place, contact and text here is invented and marked „(Demo)“. Phone numbers are from the range
the Bundesnetzagentur keeps free for films and fiction (030 23125 …); mail addresses end in .example
(RFC 2606), so nobody is called or written to by mistake.

`INITIATIVEN` (Kurzname → Gemeinde-AGS) is the stable key other parts use, e.g. the yearly figures of the
initiatives (dataset of the Handlungsfeld „Engagement und Begegnung“): keep the slugs as they are.
"""

from __future__ import annotations

from typing import Any

KW, LUEBBEN, LUCKAU, SCHOENEFELD, WILDAU, ZEUTHEN, MITTENWALDE = (
    "12061260",
    "12061316",
    "12061320",
    "12061433",
    "12061540",
    "12061572",
    "12061332",
)

# Kurzname (Initiative.kurzname) → Gemeinde (AGS). Stable: the demo figures of the initiatives key on them.
INITIATIVEN: dict[str, str] = {
    "sprechcafe-kw-demo": KW,
    "patenschaften-luebben-demo": LUEBBEN,
    "fahrdienst-luckau-demo": LUCKAU,
    "begegnung-schoenefeld-demo": SCHOENEFELD,
    "willkommen-wildau-demo": WILDAU,
    "sport-zeuthen-demo": ZEUTHEN,
    "kleiderkammer-mittenwalde-demo": MITTENWALDE,
}

# The demo login of role `initiative` (keeps the first initiative's entry at /initiative/).
DEMO_LOGIN = ("sprechcafe", "demo-initiative-2024")

# Kurzname: name, kinds of offer (Angebotsart codes), contact person, phone, e-mail, description (German),
# translations {language: description}.
ANGABEN: dict[str, dict[str, Any]] = {
    "sprechcafe-kw-demo": {
        "name": "Sprechcafé Königs Wusterhausen (Demo)",
        "arten": ["sprechcafe", "begegnung"],
        "kontaktperson": "Anna Beispiel",
        "telefon": "030 23125 201",
        "email": "sprechcafe@kw-demo.example",
        "beschreibung": "Jeden Dienstag Deutsch sprechen bei Kaffee und Kuchen, ohne Anmeldung. "
        "Ehrenamtliche suchen wir für das Gespräch an den Tischen.",
        "uebersetzungen": {
            "en": "Speak German over coffee and cake every Tuesday, no registration needed.",
            "uk": "Щовівторка розмовляємо німецькою за кавою та тістечками, без реєстрації.",
            "ar": "كل يوم ثلاثاء نتحدث الألمانية مع القهوة والكعك، بدون تسجيل.",
        },
    },
    "patenschaften-luebben-demo": {
        "name": "Patenschaftsnetz Lübben (Demo)",
        "arten": ["patenschaft", "nachhilfe"],
        "kontaktperson": "Bernd Muster",
        "telefon": "030 23125 202",
        "email": "paten@luebben-demo.example",
        "beschreibung": "Patinnen und Paten begleiten neu Zugewanderte bei Behördengängen, Schule und Alltag.",
        "uebersetzungen": {
            "en": "Mentors accompany newcomers to offices, school and in everyday life.",
            "uk": "Наставники супроводжують новоприбулих в установи, школу та в повсякденному житті.",
        },
    },
    "fahrdienst-luckau-demo": {
        "name": "Ehrenamtlicher Fahrdienst Luckau (Demo)",
        "arten": ["fahrdienst"],
        "kontaktperson": "",
        "telefon": "030 23125 203",
        "email": "fahrdienst@luckau-demo.example",
        "beschreibung": "Fahrten zu Ärztinnen, Ämtern und Sprachkursen in den Dörfern um Luckau.",
        "uebersetzungen": {
            "en": "Rides to doctors, offices and language courses in the villages around Luckau."
        },
    },
    "begegnung-schoenefeld-demo": {
        "name": "Begegnungscafé Schönefeld (Demo)",
        "arten": ["begegnung", "sprechcafe"],
        "kontaktperson": "Chris Probe",
        "telefon": "030 23125 204",
        "email": "begegnung@schoenefeld-demo.example",
        "beschreibung": "Offener Treff für Alteingesessene und Neuangekommene: Kochen, Spielen, Feste.",
        "uebersetzungen": {
            "en": "An open meeting place for long-time residents and newcomers: cooking, games, festivities.",
            "ar": "ملتقى مفتوح للسكان القدامى والقادمين الجدد: طبخ وألعاب واحتفالات.",
        },
    },
    "willkommen-wildau-demo": {
        "name": "Willkommensinitiative Wildau (Demo)",
        "arten": ["patenschaft", "nachhilfe", "begegnung"],
        "kontaktperson": "Dana Beispiel",
        "telefon": "030 23125 205",
        "email": "willkommen@wildau-demo.example",
        "beschreibung": "Lernhilfe für Schulkinder am Nachmittag und Patenschaften für Familien.",
        "uebersetzungen": {},
    },
    "sport-zeuthen-demo": {
        "name": "Sport verbindet Zeuthen (Demo)",
        "arten": ["sport", "begegnung"],
        "kontaktperson": "",
        "telefon": "030 23125 206",
        "email": "sport@zeuthen-demo.example",
        "beschreibung": "Fußball und Schwimmen für alle, Trainerinnen und Trainer helfen beim Einstieg in den Verein.",
        "uebersetzungen": {"uk": "Футбол і плавання для всіх, тренери допомагають вступити до клубу."},
    },
    "kleiderkammer-mittenwalde-demo": {
        "name": "Kleiderkammer Mittenwalde (Demo)",
        "arten": ["kleiderkammer", "begegnung"],
        "kontaktperson": "Eva Muster",
        "telefon": "030 23125 207",
        "email": "kleiderkammer@mittenwalde-demo.example",
        "beschreibung": "Kleidung und Haushaltsdinge für alle, die sie brauchen; mittwochs mit Kaffee-Treff.",
        "uebersetzungen": {},
    },
}


def baue_engagement_demo() -> dict[str, Any]:
    """Create or update the 7 demo initiatives (idempotent: keyed by Kurzname); returns counts."""
    from django.db import transaction

    from .models import Initiative

    neu = 0
    with transaction.atomic():
        for kurzname, gemeinde in INITIATIVEN.items():
            a = ANGABEN[kurzname]
            werte = {
                "name": a["name"],
                "gemeinde": gemeinde,
                "arten": a["arten"],
                "kontaktperson": a["kontaktperson"],
                "telefon": a["telefon"],
                "email": a["email"],
                "beschreibung": a["beschreibung"],
                "uebersetzungen": {s: {"beschreibung": t} for s, t in a["uebersetzungen"].items()},
                "aktiv": True,
                "demo": True,
            }
            initiative = Initiative.objects.filter(kurzname=kurzname).first()
            if initiative is None:
                initiative = Initiative(kurzname=kurzname, **werte)
                initiative.full_clean()
                initiative.save()
                neu += 1
            elif any(getattr(initiative, k) != v for k, v in werte.items()):
                for k, v in werte.items():
                    setattr(initiative, k, v)
                initiative.full_clean()
                initiative.save()
        _demo_zugang(Initiative.objects.get(kurzname=next(iter(INITIATIVEN))))
    return {"initiativen": len(INITIATIVEN), "neu": neu, "benutzer": DEMO_LOGIN[0], "passwort": DEMO_LOGIN[1]}


def _demo_zugang(initiative: Any) -> None:
    from django.contrib.auth import get_user_model

    from .models import InitiativZugang

    model = get_user_model()
    name, passwort = DEMO_LOGIN
    benutzer = model.objects.filter(username=name).first()
    if benutzer is None:
        benutzer = model.objects.create_user(name, f"{name}@example.org", passwort)
    InitiativZugang.objects.get_or_create(benutzer=benutzer, defaults={"initiative": initiative})
