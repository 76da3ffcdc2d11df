"""The push queue (models.Pushauftrag): when a language's Integreat page gets new content, and that it gets it
exactly once.

- A change of courses (`aenderung_vormerken`, from the signals) makes a push due `VERZOEGERUNG` after the last
  change (debounce: a provider entering ten courses causes one push), but at most `HOECHSTENS` after the first
  unsent change. One row per language: a further change moves the due time, it never adds a push.
- A worker claims a due row with a conditional UPDATE (wartend → sendend): of two `imon integreat-push`
  processes exactly one wins, on SQLite and PostgreSQL alike. A change while sending sets `nachholen`: the row
  goes back into the queue instead of being marked current with older content.
- The same content (SHA-256 of the HTML) is not sent twice. HTTP or network errors and the answer "error" are
  retried with a growing wait (1, 2, 4 … at most 60 minutes), never given up: the next push replaces the page
  anyway. "denied" (wrong token) stops that language until its token changes or it is queued by hand.
- A row left in `sendend` by a dead process goes back into the queue after `SPERRFRIST`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import push
from .models import Pushauftrag

log = logging.getLogger("integrationsmonitor.integreat")

VERZOEGERUNG = dt.timedelta(minutes=2)  # debounce: due this long after the last change
HOECHSTENS = dt.timedelta(minutes=15)  # … but never later than this after the first unsent change
WARTEZEIT_BASIS = dt.timedelta(minutes=1)
WARTEZEIT_HOECHSTENS = dt.timedelta(minutes=60)
SPERRFRIST = dt.timedelta(minutes=10)  # a claim older than this belongs to a dead process

Status = Pushauftrag.Status
Sender = Callable[[push.Konfiguration, str, str], push.Antwort]


@dataclass(frozen=True)
class Ergebnis:
    """What happened to one language in one run."""

    sprache: str
    art: str  # "gesendet", "unveraendert", "abgelehnt", "fehler"
    meldung: str  # German, for the summary and the log
    naechster_versuch: dt.datetime | None = None


def wartezeit(versuche: int) -> dt.timedelta:
    """The wait after the n-th failed attempt in a row: 1, 2, 4, … minutes, at most 60."""
    return min(WARTEZEIT_BASIS * (1 << min(max(versuche - 1, 0), 16)), WARTEZEIT_HOECHSTENS)


def _zeilen_anlegen(sprachen: Iterable[str], jetzt: dt.datetime, faellig: dt.datetime) -> None:
    Pushauftrag.objects.bulk_create(
        [
            Pushauftrag(sprache=s, status=Status.WARTEND, faellig_am=faellig, wartet_seit=jetzt)
            for s in sprachen
        ],
        ignore_conflicts=True,  # a row someone else created meanwhile stands
    )


def neue_sprachen_einreihen(sprachen: Iterable[str], *, jetzt: dt.datetime | None = None) -> None:
    """Languages without a row yet (newly configured) get one, due now."""
    jetzt = jetzt or timezone.now()
    _zeilen_anlegen(sprachen, jetzt, jetzt)


def aenderung_vormerken(sprachen: Iterable[str] = (), *, jetzt: dt.datetime | None = None) -> None:
    """Courses changed: every language's page (the rows there are, and `sprachen`) is due after the debounce.

    Rows waiting for a retry keep their time (the retry renders the newest content anyway); a row being sent
    is marked to be queued again; a denied row stays denied (its token is wrong)."""
    jetzt = jetzt or timezone.now()
    faellig = jetzt + VERZOEGERUNG
    _zeilen_anlegen(sprachen, jetzt, faellig)
    Pushauftrag.objects.filter(status=Status.SENDEND).update(nachholen=True)
    for auftrag in Pushauftrag.objects.filter(status=Status.WARTEND, versuche=0):
        spaetestens = (auftrag.wartet_seit or jetzt) + HOECHSTENS
        Pushauftrag.objects.filter(pk=auftrag.pk, status=Status.WARTEND, versuche=0).update(
            faellig_am=min(faellig, max(spaetestens, jetzt))
        )
    Pushauftrag.objects.filter(status=Status.AKTUELL).update(
        status=Status.WARTEND, faellig_am=faellig, wartet_seit=jetzt
    )


def sofort_einreihen(sprachen: Iterable[str], *, jetzt: dt.datetime | None = None) -> None:
    """Make these languages due now, also those denied or waiting for a retry (`--once`, the admin)."""
    jetzt = jetzt or timezone.now()
    sprachen = list(sprachen)
    _zeilen_anlegen(sprachen, jetzt, jetzt)
    Pushauftrag.objects.filter(sprache__in=sprachen, status=Status.SENDEND).update(nachholen=True)
    Pushauftrag.objects.filter(
        sprache__in=sprachen, status__in=[Status.WARTEND, Status.AKTUELL, Status.ABGELEHNT]
    ).update(status=Status.WARTEND, faellig_am=jetzt, versuche=0, wartet_seit=jetzt)


def taeglich_einreihen(sprachen: Iterable[str], heute: dt.date, *, jetzt: dt.datetime | None = None) -> int:
    """Pages last sent before `heute` are due again: their "Stand" and the courses that ended have changed."""
    jetzt = jetzt or timezone.now()
    mitternacht = timezone.make_aware(dt.datetime.combine(heute, dt.time()))
    return Pushauftrag.objects.filter(
        sprache__in=list(sprachen), status=Status.AKTUELL, gesendet_am__lt=mitternacht
    ).update(status=Status.WARTEND, faellig_am=jetzt, wartet_seit=jetzt)


def _haengende_freigeben(jetzt: dt.datetime) -> int:
    return Pushauftrag.objects.filter(status=Status.SENDEND, beansprucht_am__lt=jetzt - SPERRFRIST).update(
        status=Status.WARTEND,
        faellig_am=jetzt,
        nachholen=False,
        letzter_fehler="Senden wurde unterbrochen (Prozess beendet); wird wiederholt",
    )


def _neue_tokens_freigeben(konfig: push.Konfiguration, jetzt: dt.datetime) -> None:
    """A denied language whose token was changed in the configuration is tried again."""
    for auftrag in Pushauftrag.objects.filter(status=Status.ABGELEHNT, sprache__in=konfig.sprachen):
        if auftrag.token_kennung != push.token_kennung(konfig.tokens[auftrag.sprache]):
            Pushauftrag.objects.filter(pk=auftrag.pk, status=Status.ABGELEHNT).update(
                status=Status.WARTEND, faellig_am=jetzt, versuche=0
            )


def beanspruchen(sprachen: Iterable[str], jetzt: dt.datetime) -> Pushauftrag | None:
    """Claim the next due row of these languages for this worker (wartend → sendend, committed before
    sending); None if none is due. Whoever's UPDATE changes the row owns it; a loser tries the next one."""
    faellig = Pushauftrag.objects.filter(
        sprache__in=list(sprachen), status=Status.WARTEND, faellig_am__lte=jetzt
    ).order_by("faellig_am", "pk")
    while True:
        pk = faellig.values_list("pk", flat=True).first()
        if pk is None:
            return None
        with transaction.atomic():
            if Pushauftrag.objects.filter(pk=pk, status=Status.WARTEND, faellig_am__lte=jetzt).update(
                status=Status.SENDEND, beansprucht_am=jetzt, nachholen=False
            ):
                return Pushauftrag.objects.get(pk=pk)


def _abschliessen(auftrag: Pushauftrag, jetzt: dt.datetime, **werte: object) -> None:
    """Write the outcome while this worker still owns the row — still sending under this worker's claim
    (`beansprucht_am`): a late result of a claim that was released as hanging and claimed again by another
    worker changes nothing. A change during sending (`nachholen`) puts a successful or unchanged row back into
    the queue instead of marking it current."""
    eigen = Pushauftrag.objects.filter(
        pk=auftrag.pk, status=Status.SENDEND, beansprucht_am=auftrag.beansprucht_am
    )
    if werte.get("status") == Status.AKTUELL:
        if eigen.filter(nachholen=False).update(**werte):
            return
        werte.update(status=Status.WARTEND, faellig_am=jetzt + VERZOEGERUNG, wartet_seit=jetzt)
    eigen.update(nachholen=False, **werte)


def _bearbeiten(
    auftrag: Pushauftrag, konfig: push.Konfiguration, jetzt: dt.datetime, senden: Sender
) -> Ergebnis:
    sprache = auftrag.sprache
    html = push.inhalt(sprache, timezone.localdate(jetzt), beratung=konfig.beratung)
    pruefsumme = push.inhalt_hash(html)
    if pruefsumme == auftrag.inhalt_hash:
        _abschliessen(auftrag, jetzt, status=Status.AKTUELL, versuche=0, letzter_fehler="")
        return Ergebnis(sprache, "unveraendert", "unverändert, nicht erneut gesendet")
    try:
        antwort = senden(konfig, sprache, html)
        fehler = "" if antwort != "error" else "Integreat antwortete „error“"
    except push.PushFehler as exc:
        antwort, fehler = "error", str(exc)
    if antwort == "success":
        _abschliessen(
            auftrag,
            jetzt,
            status=Status.AKTUELL,
            versuche=0,
            letzter_fehler="",
            letzter_versuch_am=jetzt,
            gesendet_am=timezone.now(),
            inhalt_hash=pruefsumme,
            wartet_seit=None,
            token_kennung="",
        )
        return Ergebnis(sprache, "gesendet", "gesendet")
    if antwort == "denied":
        meldung = (
            f"abgelehnt (Token falsch): Integreat kennt das Token für die Sprache „{sprache}“ nicht "
            f"(Region {konfig.region}). Bitte in IMON_INTEGREAT_TOKENS das API-Token der {sprache}-Seite "
            "aus dem Integreat-CMS eintragen; bis dahin wird diese Sprache nicht mehr versucht."
        )
        _abschliessen(
            auftrag,
            jetzt,
            status=Status.ABGELEHNT,
            versuche=F("versuche") + 1,
            letzter_fehler=meldung,
            letzter_versuch_am=jetzt,
            token_kennung=push.token_kennung(konfig.tokens[sprache]),
        )
        log.error("Integreat-Push %s: %s", sprache, meldung)
        return Ergebnis(sprache, "abgelehnt", meldung)
    versuche = auftrag.versuche + 1
    naechster = jetzt + wartezeit(versuche)
    _abschliessen(
        auftrag,
        jetzt,
        status=Status.WARTEND,
        versuche=versuche,
        faellig_am=naechster,
        letzter_fehler=fehler,
        letzter_versuch_am=jetzt,
    )
    log.warning("Integreat-Push %s: %s (Versuch %s)", sprache, fehler, versuche)
    return Ergebnis(sprache, "fehler", f"Fehler: {fehler}", naechster)


def abarbeiten(
    konfig: push.Konfiguration, *, jetzt: dt.datetime | None = None, senden: Sender | None = None
) -> list[Ergebnis]:
    """Send every push of the configured languages that is due at `jetzt` (default: now). Safe to run in
    several processes at once."""
    jetzt = jetzt or timezone.now()
    senden = senden or push.posten
    _haengende_freigeben(jetzt)
    _neue_tokens_freigeben(konfig, jetzt)
    ergebnisse = []
    while (auftrag := beanspruchen(konfig.sprachen, jetzt)) is not None:
        ergebnisse.append(_bearbeiten(auftrag, konfig, jetzt, senden))
    return ergebnisse


def erneut_einreihen(pks: Iterable[int], *, jetzt: dt.datetime | None = None) -> int:
    """Admin action: put these rows back into the queue, due now (also denied ones, e.g. after a new token)."""
    jetzt = jetzt or timezone.now()
    return Pushauftrag.objects.filter(
        pk__in=list(pks), status__in=[Status.WARTEND, Status.AKTUELL, Status.ABGELEHNT]
    ).update(status=Status.WARTEND, faellig_am=jetzt, versuche=0, inhalt_hash="")
