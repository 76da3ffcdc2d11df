"""Finding 2 of #10: about 100 idle connections made `imon serve` unreachable (waitress' default limit).

A real `imon serve` gets 250 idle and 100 slow-header connections — more than the old limit of 100 together —
and must still answer an ordinary request. Functional, not timed: the request only has to come back (within
a generous limit that the old server never met, because it stopped accepting). The figures under load are
measured by bench/serve.py."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request

from .prozesse import IMON, freier_port, umgebung


def test_serve_answers_while_350_connections_hang(tmp_path):
    port = freier_port()
    env = umgebung(IMON_DATABASE_URL=f"sqlite:///{tmp_path / 'imon.sqlite3'}")
    server = subprocess.Popen([IMON, "serve", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    offen: list[socket.socket] = []
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/static/web/site.css", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        for i in range(350):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            if i % 7 == 0:
                s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Langsam: a")  # header never finished
            offen.append(s)
        time.sleep(0.5)  # let the server accept them all
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/web/site.css", timeout=30) as antwort:
            assert antwort.status == 200 and b"{" in antwort.read()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/indikatoren/", timeout=60) as antwort:
            assert antwort.status == 200
        assert server.poll() is None
    finally:
        for s in offen:
            s.close()
        server.terminate()
        server.wait(30)
