"""The reverse-proxy example of docs/betrieb.md, really run: Debian's nginx in front of `imon serve` with
IMON_HTTPS=1 (finding 11 of #10). The nginx block is read from the document itself, with ports, name and a
self-signed certificate put in; so the documented configuration is the tested one.

Needs `nginx` (Debian nginx-light, installed by .ci/run) and `openssl`; locally skipped without them, in CI
a missing nginx fails the test."""

from __future__ import annotations

import os
import re
import shutil
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .prozesse import IMON, freier_port, umgebung

WURZEL = Path(__file__).parents[2]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
NAME = "integration.example.de"


def _warte(port: int) -> None:
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"Port {port} antwortet nicht")


def _beispiel() -> str:
    text = (WURZEL / "docs" / "betrieb.md").read_text("utf-8")
    bloecke = re.findall(r"```nginx\n(.*?)```", text, re.S)
    assert len(bloecke) == 1, "docs/betrieb.md: genau ein nginx-Beispiel"
    return bloecke[0]


class _KeineWeiterleitung(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


@pytest.fixture
def proxy(tmp_path: Path):
    if NGINX is None or shutil.which("openssl") is None:
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail("nginx oder openssl fehlt (.ci/run installiert nginx-light)")
        pytest.skip("nginx oder openssl fehlt")
    zert, schluessel = tmp_path / "zert.pem", tmp_path / "schluessel.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={NAME}",
                    "-keyout", str(schluessel), "-out", str(zert)], check=True, capture_output=True)  # fmt: skip
    p_imon, p_http, p_https = freier_port(), freier_port(), freier_port()
    block = (
        _beispiel()
        .replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{p_imon};")
        .replace("listen 80;", f"listen 127.0.0.1:{p_http};")
        .replace("listen 443 ssl;", f"listen 127.0.0.1:{p_https} ssl;")
        .replace("/etc/ssl/integrationsmonitor/fullchain.pem", str(zert))
        .replace("/etc/ssl/integrationsmonitor/privkey.pem", str(schluessel))
    )
    for d in ("client", "proxy", "fastcgi", "uwsgi", "scgi", "logs"):
        (tmp_path / d).mkdir()
    konf = tmp_path / "nginx.conf"
    benutzer = "user root;\n" if os.geteuid() == 0 else ""
    konf.write_text(
        f"{benutzer}worker_processes 1;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/logs/error.log;\n"
        "events { worker_connections 256; }\n"
        f"http {{\n access_log off;\n client_body_temp_path {tmp_path}/client;\n"
        f" proxy_temp_path {tmp_path}/proxy;\n fastcgi_temp_path {tmp_path}/fastcgi;\n"
        f" uwsgi_temp_path {tmp_path}/uwsgi;\n scgi_temp_path {tmp_path}/scgi;\n{block}\n}}\n",
        encoding="utf-8",
    )
    pruefung = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(konf)], capture_output=True, text=True
    )
    assert pruefung.returncode == 0, pruefung.stderr
    env = umgebung(IMON_DATABASE_URL=f"sqlite:///{tmp_path / 'imon.sqlite3'}", IMON_HTTPS="1",
                   IMON_ALLOWED_HOSTS=NAME, IMON_VERTRAUTE_PROXYS="1")  # fmt: skip
    imon = subprocess.Popen([IMON, "serve", "--port", str(p_imon)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    nginx = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(konf), "-g", "daemon off;"],
                             stderr=subprocess.PIPE)  # fmt: skip
    try:
        _warte(p_imon)
        _warte(p_https)
        yield p_imon, p_http, p_https
    finally:
        nginx.terminate()
        imon.terminate()
        nginx.wait(30)
        imon.wait(30)


def _hole(url: str, **kopf: str):
    kontext = ssl.create_default_context()
    kontext.check_hostname = False
    kontext.verify_mode = ssl.CERT_NONE
    oeffner = urllib.request.build_opener(urllib.request.HTTPSHandler(context=kontext), _KeineWeiterleitung())
    anfrage = urllib.request.Request(url, headers={"Host": NAME, **kopf})
    try:
        return oeffner.open(anfrage, timeout=60)
    except urllib.error.HTTPError as antwort:
        return antwort


def test_documented_nginx_config_serves_the_site_over_https(proxy):
    _, _, p_https = proxy
    antwort = _hole(f"https://127.0.0.1:{p_https}/anmelden/")
    assert antwort.status == 200
    assert antwort.headers["Strict-Transport-Security"] == "max-age=31536000"
    cookies = antwort.headers.get_all("Set-Cookie") or []
    assert any(c.startswith("csrftoken=") and "Secure" in c for c in cookies), cookies
    assert "script-src 'none'" in antwort.headers["Content-Security-Policy"]
    assert "<h1>Anmelden</h1>" in antwort.read().decode()


def test_plain_http_is_redirected_to_https_by_nginx_and_by_django(proxy):
    p_imon, p_http, _ = proxy
    ueber_nginx = _hole(f"http://127.0.0.1:{p_http}/indikatoren/")
    assert ueber_nginx.status == 301
    assert ueber_nginx.headers["Location"] == f"https://{NAME}/indikatoren/"
    # straight to imon serve, bypassing the proxy: Django itself refuses to answer over plain HTTP
    direkt = _hole(f"http://127.0.0.1:{p_imon}/indikatoren/")
    assert direkt.status == 301 and direkt.headers["Location"] == f"https://{NAME}/indikatoren/"


def test_the_proxy_decides_the_scheme_not_the_client(proxy):
    """nginx overwrites X-Forwarded-Proto: a client's own value counts for nothing (here: would redirect)."""
    _, _, p_https = proxy
    antwort = _hole(f"https://127.0.0.1:{p_https}/anmelden/", **{"X-Forwarded-Proto": "http"})
    assert antwort.status == 200
