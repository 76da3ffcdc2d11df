"""`imon mail-queue` as operators run it: a real process, a SQLite file, SMTP settings from IMON_* variables."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import SmtpServer

IMON = [str(Path(sys.executable).parent / "imon")]

VORBEREITEN = """
import sys
from integrationsmonitor.cli.setup import django_starten
django_starten(sys.argv[1])
from integrationsmonitor.publish.mailing.models import Abonnent
from integrationsmonitor.publish.mailing.services import rundschreiben_einreihen
Abonnent.objects.get_or_create(email="leserin@example.org", defaults={"status": "bestaetigt", "abmelde_token": "tok-1"})
rundschreiben_einreihen(sys.argv[2], "FactSheet " + sys.argv[2], "Zahlen", anhaenge=[("f.pdf", b"%PDF-1.7", "application/pdf")])
"""


def ausfuehren(args: list[str], port: int, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMON_")}
    env |= {
        "IMON_SMTP_HOST": "127.0.0.1",
        "IMON_SMTP_PORT": str(port),
        "IMON_SMTP_TIMEOUT": "5",
        "IMON_MAIL_FROM": "FactSheet LDS <factsheet@lds.example.org>",
        "IMON_SITE_URL": "https://monitor.lds.example.org/",
        **extra,
    }
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)


def test_mail_queue_sendet_stellt_zurueck_und_meldet_endgueltige_fehler(
    smtp: SmtpServer, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'imon.sqlite3'}"
    vorbereiten = [sys.executable, "-c", VORBEREITEN, db]

    assert ausfuehren([*vorbereiten, "factsheet-2024-Q3"], smtp.port).returncode == 0
    lauf = ausfuehren([*IMON, "mail-queue", "--once", "--db", db], smtp.port)
    assert lauf.returncode == 0, lauf.stderr
    assert "1 gesendet, 0 zurückgestellt, 0 endgültig fehlgeschlagen" in lauf.stdout
    [mail] = smtp.empfangen
    assert mail.von == "factsheet@lds.example.org" and mail.an == ["leserin@example.org"]
    assert "https://monitor.lds.example.org/newsletter/abmelden/tok-1/" in mail.text()

    smtp.stoppen()
    assert ausfuehren([*vorbereiten, "factsheet-2024-Q4"], smtp.port).returncode == 0
    ausfall = ausfuehren([*IMON, "mail-queue", "--once", "--db", db], smtp.port)
    assert ausfall.returncode == 0, ausfall.stderr  # a retry later is no failure
    assert "0 gesendet, 1 zurückgestellt" in ausfall.stdout
    assert "Mailserver nicht erreichbar" in ausfall.stderr

    assert ausfuehren([*vorbereiten, "factsheet-2025-Q1"], smtp.port).returncode == 0
    aufgegeben = ausfuehren(
        [*IMON, "mail-queue", "--once", "--db", db], smtp.port, IMON_MAIL_MAX_VERSUCHE="1"
    )
    assert aufgegeben.returncode == 1
    assert (
        "Endgültig fehlgeschlagen" in aufgegeben.stderr
        and "aufgegeben nach 1 Versuch)" in aufgegeben.stderr
        and "leserin@example.org" in aufgegeben.stderr
    )


VIELE = """
import sys
from integrationsmonitor.cli.setup import django_starten
django_starten(sys.argv[1])
from integrationsmonitor.publish.mailing.models import Abonnent
from integrationsmonitor.publish.mailing.services import rundschreiben_einreihen
for i in range(20):
    Abonnent.objects.create(email=f"leser{i:02d}@example.org", status="bestaetigt", abmelde_token=f"tok-{i}")
rundschreiben_einreihen("factsheet-2024-Q4", "FactSheet 4. Quartal 2024", "Zahlen")
"""


def test_zwei_worker_prozesse_auf_sqlite_senden_jede_mail_genau_einmal(
    smtp: SmtpServer, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'imon.sqlite3'}"
    assert ausfuehren([sys.executable, "-c", VIELE, db], smtp.port).returncode == 0
    smtp.verzoegerung = 0.05  # about 1 s of sending: the two processes overlap
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMON_")}
    env |= {
        "IMON_SMTP_HOST": "127.0.0.1",
        "IMON_SMTP_PORT": str(smtp.port),
        "IMON_SITE_URL": "https://x.example",
    }
    worker = [
        subprocess.Popen(
            [*IMON, "mail-queue", "--once", "--db", db],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    ausgaben = [w.communicate(timeout=120) for w in worker]
    assert [w.returncode for w in worker] == [0, 0], ausgaben
    gesendet = [int(out.split("Mail-Warteschlange: ")[1].split(" gesendet")[0]) for out, _ in ausgaben]
    assert sum(gesendet) == 20
    print(f"Verteilung auf die Worker: {gesendet}")
    assert sorted(a for m in smtp.empfangen for a in m.an) == [f"leser{i:02d}@example.org" for i in range(20)]
