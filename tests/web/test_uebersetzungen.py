"""English second: every message the code marks for translation has an English translation.

The messages are extracted from a copy of the package with Django's `makemessages` (GNU xgettext), the way
a translator would, and each is looked up in the compiled catalogues the running site uses — so a missing,
empty or fuzzy entry, or a .po edited but not compiled to .mo, fails here with the message named.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import trans_real

import integrationsmonitor
from integrationsmonitor.registry.beratung.models import Beratungsstelle
from integrationsmonitor.registry.models import Rolle, Traeger, Zugang

PAKET = Path(integrationsmonitor.__file__).parent
DJANGO_ADMIN = Path(sys.executable).with_name("django-admin")
_EINTRAG = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$')


def _im_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _unescape(text: str) -> str:
    """A .po string's escapes (\\n, \\t, \\", \\\\) turned back into characters."""
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def _meldungen(po: Path) -> list[tuple[str, str, bool]]:
    """(context, msgid, plural) of every entry of an extracted .po file, header excepted."""
    eintraege: list[dict[str, str]] = [{}]
    schluessel = ""
    for zeile in po.read_text(encoding="utf-8").splitlines():
        if not zeile.strip():
            eintraege.append({})
        elif m := _EINTRAG.match(zeile):
            schluessel = m.group(1)
            eintraege[-1][schluessel] = m.group(2)
        elif zeile.startswith('"') and schluessel in eintraege[-1]:
            eintraege[-1][schluessel] += zeile[1:-1]
    return [
        (_unescape(e.get("msgctxt", "")), _unescape(e["msgid"]), "msgid_plural" in e)
        for e in eintraege
        if e.get("msgid")
    ]


@pytest.fixture(scope="module")
def extrahiert(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str, str, bool]]:
    """(file, context, msgid, plural) for every message marked in the package's code and templates."""
    if shutil.which("xgettext") is None:
        grund = "xgettext fehlt (Debian: apt-get install gettext) / message extraction needs GNU gettext"
        if _im_ci():
            pytest.fail(grund, pytrace=False)
        pytest.skip(grund)
    kopie = tmp_path_factory.mktemp("extraktion") / "integrationsmonitor"
    shutil.copytree(PAKET, kopie, ignore=shutil.ignore_patterns("*.po", "*.mo", "__pycache__"))
    (kopie / "locale").mkdir(exist_ok=True)  # for messages outside the apps with their own catalogue
    umgebung = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    lauf = subprocess.run(
        [DJANGO_ADMIN, "makemessages", "-l", "en", "--no-obsolete"],
        cwd=kopie, env=umgebung, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert lauf.returncode == 0, lauf.stderr
    ergebnis = []
    for po in sorted(kopie.rglob("en/LC_MESSAGES/django.po")):
        wo = str(po.relative_to(kopie).parent.parent.parent.parent)
        ergebnis += [(wo, ctx, msgid, plural) for ctx, msgid, plural in _meldungen(po)]
    return ergebnis


def test_extraction_finds_the_messages_of_every_app(extrahiert):
    orte = {wo for wo, *_ in extrahiert}
    assert {"web", "registry", "registry/kurse", "publish", "publish/mailing"} <= orte
    assert ("registry", "", "Speichern als", False) in extrahiert
    assert len(extrahiert) > 400


def test_every_message_has_an_english_translation(extrahiert):
    with translation.override("en"):
        katalog = trans_real.translation("en")._catalog  # merged catalogues of all apps, as served
        fehlend = []
        for wo, ctx, msgid, plural in extrahiert:
            schluessel = f"{ctx}\x04{msgid}" if ctx else msgid
            if plural:
                uebersetzt = all(katalog.get((schluessel, i)) for i in (0, 1))
            else:
                uebersetzt = bool(katalog.get(schluessel))
            if not uebersetzt:
                fehlend.append(f"{wo}: {msgid!r}")
    assert not fehlend, "ohne englische Übersetzung:\n" + "\n".join(fehlend)


@pytest.mark.django_db
def test_the_counselling_form_is_english_when_english_is_chosen(client):
    traeger = Traeger.objects.create(name="Träger A", kurzname="a")
    Beratungsstelle.objects.create(
        name="LDS integriert", code="lds_integriert", traeger=traeger, gemeinde="12061316"
    )
    nutzer = get_user_model().objects.create_user("ta", password="x-geheim-1")
    Zugang.objects.create(benutzer=nutzer, rolle=Rolle.TRAEGER, traeger=traeger)
    client.force_login(nutzer)
    client.cookies["django_language"] = "en"
    text = client.get("/beratung/lds_integriert/erfassen/").content.decode()
    for englisch in (
        "Record a contact – LDS integriert",
        "Save as",
        "0 contacts counted.",
        "Referred to",
        "First contact",
    ):
        assert englisch in text
    for deutsch in ("Speichern als", "Vermittelt in", "Erstkontakt", "gezählt"):
        assert deutsch not in text
