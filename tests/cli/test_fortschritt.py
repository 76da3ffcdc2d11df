"""Progress bars of the long commands: drawn with a rate on a terminal (a pseudo-terminal here), and nothing
but the normal output in a pipe."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from integrationsmonitor.cli.fortschritt import Fortschritt, laeuft
from integrationsmonitor.collect.beispiel import schreibe_beispiel
from integrationsmonitor.publish.statisch import _Stand

IMON = str(Path(sys.executable).parent / "imon")
RATE = re.compile(r"\d+(,\d+)? ?[kMG]?B/s")  # e.g. 52,8MB/s, in German style


def _lies_alles(fd: int) -> bytes:
    gelesen = b""
    while True:
        try:
            stueck = os.read(fd, 65536)
        except OSError:  # the terminal's other end was closed
            return gelesen
        if not stueck:
            return gelesen
        gelesen += stueck


def _collect(tmp_path: Path, stderr_terminal: bool) -> tuple[int, str, str]:
    """`imon collect` on an example export, stderr on a pseudo-terminal or a pipe."""
    roh = schreibe_beispiel(tmp_path / "export.csv", personen=3000)
    aufruf = [
        IMON,
        "collect",
        "--profile",
        "abh_beispiel",
        str(roh),
        "--period",
        "2024",
        "-o",
        str(tmp_path / "o"),
    ]
    env = {**os.environ, "TERM": "xterm"}
    if not stderr_terminal:
        r = subprocess.run(aufruf, capture_output=True, env=env, timeout=120)
        return r.returncode, r.stdout.decode(), r.stderr.decode()
    haupt, neben = os.openpty()
    try:
        p = subprocess.Popen(aufruf, stdout=subprocess.PIPE, stderr=neben, env=env)
        os.close(neben)
        terminal = _lies_alles(haupt)
        ausgabe = p.stdout.read() if p.stdout else b""
        p.wait(timeout=120)
    finally:
        os.close(haupt)
    return p.returncode, ausgabe.decode(), terminal.decode()


def test_collect_draws_a_bar_with_rate_and_time_on_a_terminal(tmp_path):
    code, ausgabe, terminal = _collect(tmp_path, stderr_terminal=True)
    assert code == 0, terminal
    assert "\r" in terminal  # redrawn in place
    assert "export.csv lesen 100 % |" in terminal
    assert RATE.search(terminal), terminal
    assert re.search(r"\[\d\d:\d\d<\d\d:\d\d", terminal)  # time passed < time left
    assert "Datensätze zu" in ausgabe and "\r" not in ausgabe  # the normal output stays on stdout, clean


def test_collect_in_a_pipe_prints_only_its_normal_output(tmp_path):
    code, ausgabe, fehler = _collect(tmp_path, stderr_terminal=False)
    assert code == 0
    assert fehler == ""
    assert ausgabe.startswith("3.000 Datensätze zu ") and "%" not in ausgabe and "\r" not in ausgabe


def _auf_pty(schreiben) -> str:  # type: ignore[no-untyped-def]
    haupt, neben = os.openpty()
    with os.fdopen(neben, "w", encoding="utf-8", closefd=True) as terminal:
        schreiben(terminal)
    text = _lies_alles(haupt).decode()
    os.close(haupt)
    return text


def test_a_growing_total_and_german_numbers():
    def zeichnen(terminal):  # type: ignore[no-untyped-def]
        with Fortschritt(terminal, "Export", gesamt=None, einheit="Dateien") as f:
            f.stand(10, 40)
            f.stand(40, 40)

    text = _auf_pty(zeichnen)
    assert "Export 100 % |" in text and "40/40" in text and "Dateien/s" in text


def test_rows_are_counted_in_thousands_with_a_comma():
    def zeichnen(terminal):  # type: ignore[no-untyped-def]
        with Fortschritt(terminal, "Sichern", gesamt=None, einheit="Zeilen", skalieren=True) as f:
            f.stand(89_162, 89_162)

    assert "89,2k/89,2k" in _auf_pty(zeichnen)


def test_nothing_is_drawn_where_stderr_is_not_a_terminal(tmp_path):
    datei = (tmp_path / "log.txt").open("w", encoding="utf-8")
    with Fortschritt(datei, "Export", gesamt=None, einheit="Dateien") as f:
        f.stand(3, 10)
        f(0.5)
    with laeuft(datei, "prüfen"):
        pass
    datei.close()
    assert (tmp_path / "log.txt").read_text() == ""


def test_a_step_of_unknown_length_shows_its_name_and_time():
    def zeichnen(terminal):  # type: ignore[no-untyped-def]
        with laeuft(terminal, "tabelle.xlsx umwandeln, prüfen und schützen"):
            pass

    assert re.search(r"tabelle\.xlsx umwandeln, prüfen und schützen … \[00:0\d\]", _auf_pty(zeichnen))


@pytest.mark.parametrize("sprachen", [1, 2])
def test_the_export_estimate_ends_exactly_at_the_count(sprachen):
    gemeldet: list[tuple[int, int]] = []
    stand = _Stand(lambda e, g: gemeldet.append((e, g)), offene_daten=3, weitere_sprachen=sprachen - 1)
    for _ in range(sprachen):
        for offen in (2, 1, 0):  # a start page linking two pages
            stand.eine(offen, offen, seite=True)
        stand.sprache_fertig()
    for _ in range(3):
        stand.offene_datei()
    gesamt = 3 * sprachen + 3
    assert gemeldet[-1] == (gesamt, gesamt)
    assert [e for e, _ in gemeldet] == list(range(1, gesamt + 1))
    assert all(g >= e for e, g in gemeldet)
    assert gemeldet[0][1] == gesamt  # the later languages are taken to be as large as the first
