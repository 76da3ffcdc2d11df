"""Demo: a few language courses of the six course providers of the report (chapter IV.2: at the end of
2024, 6 providers ran 42 language and integration courses, among them job-related and university-preparing
courses; the Volkshochschule ran the low-threshold courses). The report names only the Volkshochschule;
the five other providers and every course detail (how to register, contact, translations) are demo
assumptions, marked „(Demo)“ in the names."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from integrationsmonitor.catalog.model import Katalog
from integrationsmonitor.registry.models import Traeger

from .lieferung import liefere_alle
from .models import Sprachkurs

KW, LUEBBEN, LUCKAU, SCHOENEFELD, WILDAU = "12061260", "12061316", "12061320", "12061433", "12061540"

TRAEGER = {  # kurzname: name
    "kvhs-lds": "Kreisvolkshochschule Dahme-Spreewald",
    "sprachkurse-kw-demo": "Bildungsträger Königs Wusterhausen (Demo)",
    "sprachkurse-luebben-demo": "Bildungsträger Lübben (Demo)",
    "sprachkurse-luckau-demo": "Bildungsträger Luckau (Demo)",
    "sprachkurse-schoenefeld-demo": "Bildungsträger Schönefeld (Demo)",
    "sprachkurse-wildau-demo": "Bildungsträger Wildau (Demo)",
}

# provider, title, type, level, Gemeinde, address, start in months from now, months, schedule, seats, booked,
# childcare, waiting list
KURSE: list[tuple[Any, ...]] = [
    ("kvhs-lds", "Deutsch im Alltag – Sprechcafé (Demo)", "niedrigschwellig", "A1", LUEBBEN,
     "Beethovenweg 14", 0, 6, "Di 16–18 Uhr", 15, 9, True, False),
    ("kvhs-lds", "Deutsch für den Anfang (Demo)", "niedrigschwellig", "A1", KW, "Gemeinschaftsunterkunft", 1, 4,
     "Mo, Mi 10–12 Uhr", 12, 12, False, True),
    ("sprachkurse-kw-demo", "Integrationskurs allgemein (Demo)", "ik_allgemein", "B1", KW, "Bahnhofstraße 5", 1, 9,
     "Mo–Fr 8:30–12:45 Uhr", 20, 14, False, False),
    ("sprachkurse-kw-demo", "Berufssprachkurs B2 (Demo)", "bsk_b2", "B2", KW, "Bahnhofstraße 5", 2, 6,
     "Mo–Do 17–20 Uhr", 18, 16, False, False),
    ("sprachkurse-luebben-demo", "Elternintegrationskurs (Demo)", "ik_eltern", "A2", LUEBBEN, "Hauptstraße 3", 1, 10,
     "Mo–Fr 9–12 Uhr", 16, 10, True, False),
    ("sprachkurse-luckau-demo", "Integrationskurs mit Alphabetisierung (Demo)", "ik_alpha", "A2", LUCKAU,
     "Am Markt 10", 0, 12, "Mo–Fr 8–12 Uhr", 16, 13, True, False),
    ("sprachkurse-schoenefeld-demo", "Jugendintegrationskurs (Demo)", "ik_jugend", "B1", SCHOENEFELD,
     "Mittelstraße 2", 2, 9, "Mo–Fr 13–17 Uhr", 20, 8, False, False),
    ("sprachkurse-wildau-demo", "Studienvorbereitender Sprachkurs C1 (Demo)", "studienvorbereitend", "C1", WILDAU,
     "Hochschulring 1", 3, 6, "Mo–Fr 9–14 Uhr", 18, 11, False, True),
]  # fmt: skip

# How to register, contact and translations per course title (all invented, like the courses). Phone numbers
# are from the range the Bundesnetzagentur keeps free for films and fiction (030 23125 …); mail addresses end
# in .example (RFC 2606), so nobody is called or written to by mistake.
TRAEGER_KONTAKT = {  # kurzname: (telefon, e-mail) of the provider, the courses' fallback
    "kvhs-lds": ("030 23125 100", "kurse@kvhs-lds.example"),
    "sprachkurse-kw-demo": ("030 23125 110", "info@bildung-kw.example"),
    "sprachkurse-luebben-demo": ("030 23125 120", "info@bildung-luebben.example"),
    "sprachkurse-luckau-demo": ("030 23125 130", "info@bildung-luckau.example"),
    "sprachkurse-schoenefeld-demo": ("030 23125 140", "info@bildung-schoenefeld.example"),
    "sprachkurse-wildau-demo": ("030 23125 150", "info@bildung-wildau.example"),
}

# title: anmeldung, ort_hinweis, telefon (course's own, "" = provider's), e-mail (same), translations.
# Some courses are translated only in part: the finder then shows the German text, marked lang="de".
KURSTEXTE: dict[str, dict[str, Any]] = {
    "Deutsch im Alltag – Sprechcafé (Demo)": {
        "anmeldung": "Ohne Anmeldung – einfach vorbeikommen. Fragen gern per Telefon oder E-Mail.",
        "ort_hinweis": "Erdgeschoss, Raum 2",
        "telefon": "030 23125 101",
        "uebersetzungen": {
            "en": {"titel": "German for everyday life – conversation café (Demo)", "zeiten": "Tue 4–6 pm",
                   "anmeldung": "No registration – just drop in. Questions by phone or e-mail are welcome.",
                   "ort_hinweis": "Ground floor, room 2"},
            "uk": {"titel": "Німецька в повсякденному житті – розмовне кафе (демо)", "zeiten": "Вт 16:00–18:00",
                   "anmeldung": "Без реєстрації – просто приходьте. Питання можна поставити телефоном або "
                                "електронною поштою.",
                   "ort_hinweis": "Перший поверх, кімната 2"},
            "ar": {"titel": "الألمانية في الحياة اليومية – مقهى المحادثة (تجريبي)", "zeiten": "الثلاثاء 16:00–18:00",
                   "anmeldung": "بدون تسجيل – تعال ببساطة. للأسئلة اتصل بنا أو اكتب لنا بريدًا إلكترونيًا.",
                   "ort_hinweis": "الطابق الأرضي، الغرفة 2"},
        },
    },
    "Deutsch für den Anfang (Demo)": {
        "anmeldung": "Bei der Sozialarbeit der Unterkunft (Büro in Haus A) auf die Warteliste setzen lassen.",
        "ort_hinweis": "Gemeinschaftsraum, Haus A",
        "uebersetzungen": {
            "en": {"titel": "German for beginners (Demo)", "zeiten": "Mon, Wed 10 am–12 noon",
                   "anmeldung": "Ask the social workers of the shelter (office in building A) to put you on the "
                                "waiting list.",
                   "ort_hinweis": "Common room, building A"},
            "uk": {"titel": "Німецька для початківців (демо)", "zeiten": "Пн, Ср 10:00–12:00",
                   "anmeldung": "Зверніться до соціальних працівників гуртожитку (офіс у будинку A), щоб вас "
                                "записали до списку очікування.",
                   "ort_hinweis": "Спільна кімната, будинок A"},
            "ar": {"titel": "الألمانية للمبتدئين (تجريبي)", "zeiten": "الاثنين والأربعاء 10:00–12:00",
                   "anmeldung": "اطلب من الأخصائيين الاجتماعيين في السكن (المكتب في المبنى A) إضافتك إلى قائمة "
                                "الانتظار.",
                   "ort_hinweis": "الغرفة المشتركة، المبنى A"},
        },
    },
    "Integrationskurs allgemein (Demo)": {
        "anmeldung": "Mit der Berechtigung oder Verpflichtung (BAMF, Jobcenter oder Ausländerbehörde) ins Büro "
                     "kommen (Mo–Do 9–15 Uhr) oder anrufen. Vor Kursbeginn gibt es einen Einstufungstest.",
        "ort_hinweis": "Eingang über den Hof",
        "email": "integrationskurs@bildung-kw.example",
        "uebersetzungen": {
            "en": {"titel": "Integration course, general (Demo)", "zeiten": "Mon–Fri 8:30 am–12:45 pm",
                   "anmeldung": "Come to the office (Mon–Thu 9 am–3 pm) or call, with your entitlement or "
                                "obligation (BAMF, Jobcenter or immigration office). A placement test comes "
                                "before the course.",
                   "ort_hinweis": "Entrance through the courtyard"},
            "uk": {"titel": "Інтеграційний курс, загальний (демо)", "zeiten": "Пн–Пт 8:30–12:45",
                   "anmeldung": "Приходьте до офісу (Пн–Чт 9:00–15:00) або зателефонуйте, маючи дозвіл чи "
                                "зобов'язання (BAMF, Jobcenter або відомство у справах іноземців). Перед "
                                "початком курсу – тест на визначення рівня.",
                   "ort_hinweis": "Вхід через двір"},
            "ar": {"titel": "دورة الاندماج العامة (تجريبي)", "zeiten": "الاثنين–الجمعة 8:30–12:45",
                   "anmeldung": "تعال إلى المكتب (الاثنين–الخميس 9:00–15:00) أو اتصل بنا، ومعك الإذن أو الإلزام "
                                "(BAMF أو مركز العمل Jobcenter أو دائرة الأجانب). قبل بدء الدورة يوجد اختبار "
                                "لتحديد المستوى.",
                   "ort_hinweis": "المدخل من الفناء"},
        },
    },
    "Berufssprachkurs B2 (Demo)": {
        "anmeldung": "Über die Arbeitsvermittlung im Jobcenter oder in der Agentur für Arbeit; danach einen "
                     "Termin beim Träger vereinbaren.",
        "uebersetzungen": {
            "en": {"titel": "Job-related German course B2 (Demo)", "zeiten": "Mon–Thu 5–8 pm",
                   "anmeldung": "Through your job counsellor at the Jobcenter or the employment agency; then "
                                "make an appointment with the provider."},
        },
    },
    "Elternintegrationskurs (Demo)": {
        "anmeldung": "Anmeldung im Büro Hauptstraße 3 (Di und Do 9–12 Uhr) oder per E-Mail. Bitte bei der "
                     "Anmeldung sagen, ob Sie Kinderbetreuung brauchen.",
        "uebersetzungen": {
            "en": {"titel": "Integration course for parents (Demo)", "zeiten": "Mon–Fri 9 am–12 noon",
                   "anmeldung": "Register at the office, Hauptstraße 3 (Tue and Thu 9 am–12 noon) or by "
                                "e-mail. Please say when you register whether you need childcare."},
            "uk": {"titel": "Інтеграційний курс для батьків (демо)", "zeiten": "Пн–Пт 9:00–12:00",
                   "anmeldung": "Реєстрація в офісі, Hauptstraße 3 (Вт і Чт 9:00–12:00) або електронною "
                                "поштою. Під час реєстрації скажіть, чи потрібен вам догляд за дітьми."},
            "ar": {"titel": "دورة الاندماج للآباء والأمهات (تجريبي)", "zeiten": "الاثنين–الجمعة 9:00–12:00",
                   "anmeldung": "التسجيل في المكتب، Hauptstraße 3 (الثلاثاء والخميس 9:00–12:00) أو بالبريد "
                                "الإلكتروني. من فضلك أخبرنا عند التسجيل إذا كنت تحتاج إلى رعاية الأطفال."},
        },
    },
    "Integrationskurs mit Alphabetisierung (Demo)": {
        "anmeldung": "Anrufen oder ins Büro kommen; wir helfen beim Antrag auf Zulassung beim BAMF.",
        "uebersetzungen": {
            "en": {"titel": "Integration course with literacy training (Demo)", "zeiten": "Mon–Fri 8 am–12 noon",
                   "anmeldung": "Call or come to the office; we help you apply to BAMF for admission."},
            "uk": {"titel": "Інтеграційний курс з навчанням грамоти (демо)", "zeiten": "Пн–Пт 8:00–12:00",
                   "anmeldung": "Зателефонуйте або приходьте до офісу; ми допоможемо подати заяву на допуск "
                                "до BAMF."},
            "ar": {"titel": "دورة الاندماج مع تعليم القراءة والكتابة (تجريبي)", "zeiten": "الاثنين–الجمعة 8:00–12:00",
                   "anmeldung": "اتصل بنا أو تعال إلى المكتب؛ نساعدك في تقديم طلب القبول لدى BAMF."},
        },
    },
    "Jugendintegrationskurs (Demo)": {
        "anmeldung": "Per E-Mail mit Name, Telefonnummer und Alter anmelden; wir rufen zurück.",
        "email": "jugendkurs@bildung-schoenefeld.example",
        "uebersetzungen": {
            "en": {"titel": "Integration course for young people (Demo)", "zeiten": "Mon–Fri 1–5 pm",
                   "anmeldung": "Register by e-mail with your name, phone number and age; we will call you "
                                "back."},
            "uk": {"titel": "Інтеграційний курс для молоді (демо)", "zeiten": "Пн–Пт 13:00–17:00",
                   "anmeldung": "Зареєструйтеся електронною поштою: ім'я, номер телефону та вік; ми вам "
                                "передзвонимо."},
        },
    },
    "Studienvorbereitender Sprachkurs C1 (Demo)": {
        "anmeldung": "Bewerbung über das International Office der Hochschule; ein Nachweis über B2 ist nötig.",
        "ort_hinweis": "Haus 15, Raum 2",
        "uebersetzungen": {
            "en": {"titel": "German course preparing for university, C1 (Demo)", "zeiten": "Mon–Fri 9 am–2 pm",
                   "anmeldung": "Apply through the university's International Office; proof of level B2 is "
                                "required.",
                   "ort_hinweis": "Building 15, room 2"},
        },
    },
}  # fmt: skip


def _monat(heute: dt.date, plus: int) -> dt.date:
    jahr, monat = divmod(heute.month - 1 + plus, 12)
    return dt.date(heute.year + jahr, monat + 1, 1)


def baue_kurse_demo(katalog: Katalog, heute: dt.date | None = None) -> dict[str, int]:
    """Create the missing providers and courses (idempotent: by provider name and course title; dates are
    relative to the first build) and deliver the course figures once (identical figures: unchanged)."""
    heute = heute or dt.date.today()
    neu = 0
    with transaction.atomic():
        traeger = {
            kurz: Traeger.objects.get_or_create(
                name=name,
                defaults={
                    "kurzname": kurz,
                    "handlungsfelder": ["sprache"],
                    "telefon": TRAEGER_KONTAKT[kurz][0],
                    "email": TRAEGER_KONTAKT[kurz][1],
                },
            )[0]
            for kurz, name in TRAEGER.items()
        }
        fehlend = []
        for (
            kurz,
            titel,
            art,
            niveau,
            ort,
            adresse,
            ab,
            dauer,
            zeiten,
            plaetze,
            belegt,
            kinder,
            warte,
        ) in KURSE:
            if Sprachkurs.objects.filter(traeger=traeger[kurz], titel=titel).exists():
                continue
            beginn = _monat(heute, ab)
            texte = KURSTEXTE.get(titel, {})
            fehlend.append(
                Sprachkurs(traeger=traeger[kurz], titel=titel, kursart=art, niveau=niveau, gemeinde=ort,
                           adresse=adresse, beginn=beginn, ende=_monat(beginn, dauer) - dt.timedelta(days=1),
                           zeiten=zeiten, plaetze=plaetze, belegt=belegt, freie_plaetze_stand=heute,
                           kinderbetreuung=kinder, warteliste=warte, anmeldung=texte.get("anmeldung", ""),
                           ort_hinweis=texte.get("ort_hinweis", ""), telefon=texte.get("telefon", ""),
                           email=texte.get("email", ""), uebersetzungen=texte.get("uebersetzungen", {}))
            )  # fmt: skip
        Sprachkurs.objects.bulk_create(fehlend)  # no per-course delivery: one delivery per year below
        neu = len(fehlend)
    ergebnisse = liefere_alle(katalog, ist_demo=True)
    return {
        "traeger": len(traeger),
        "kurse": Sprachkurs.objects.filter(traeger__in=traeger.values()).count(),
        "neu": neu,
        "lieferungen": sum(1 for e in ergebnisse if e.angenommen and not e.unveraendert),
    }
