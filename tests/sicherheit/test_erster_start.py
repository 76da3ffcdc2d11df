"""Finding 5 of #10, first start: commands started at once on a new SQLite file all found it unmigrated, and
all but one ended with a traceback ("table already exists", exit 1). Now every one of them finishes."""

from __future__ import annotations

import subprocess

from .prozesse import IMON, umgebung


def test_four_commands_at_once_on_a_new_database(tmp_path):
    db = f"sqlite:///{tmp_path / 'neu.sqlite3'}"
    laeufe = [subprocess.Popen([IMON, "deliveries", "--db", db],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=umgebung())
              for _ in range(4)]  # fmt: skip
    for lauf in laeufe:
        aus, fehler = lauf.communicate(timeout=300)
        assert lauf.returncode == 0, fehler
        assert aus.strip() == "Keine Lieferungen." and "Traceback" not in fehler
