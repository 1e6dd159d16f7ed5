"""The real server: `entregent serve` on a loopback port, with the command line writing too.

This is what `make run` does: migrate, create the owner, print a one-time login link, then
gunicorn. While a browser-like client adds people over HTTP, `entregent add` writes to the
same SQLite file from another process; every write of both must succeed.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ENTREGENT = Path(sys.executable).with_name("entregent")
pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="about the default SQLite set-up"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "ENTREGENT_DATA_DIR": str(tmp_path),
        "ENTREGENT_PORT": str(port),
        "ENTREGENT_SECRET_KEY": "live-server-test",
        "ENTREGENT_WORKERS": "2",
    }
    env.pop("DATABASE_URL", None)
    process = subprocess.Popen(
        [str(ENTREGENT), "serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True).start()
    link = None
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and link is None:
        time.sleep(0.2)
        found = re.search(rf"http://127\.0\.0\.1:{port}/login/\S+/", "".join(lines))
        link = found.group(0) if found else None
        if process.poll() is not None:
            break
    assert link, "no login link printed:\n" + "".join(lines)
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    yield {"link": link, "port": port, "env": env, "output": lines}
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def browser_session(link: str) -> tuple[urllib.request.OpenerDirector, http.cookiejar.CookieJar]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(link, timeout=30) as response:
        assert response.status == 200
    return opener, jar


def add_over_http(opener, jar, base: str, first_name: str) -> int:
    with opener.open(f"{base}/people/new/", timeout=30) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "first_name": first_name, "last_name": "Web"}
    ).encode()
    with opener.open(f"{base}/people/new/", data=data, timeout=30) as response:
        return response.status


def test_login_link_then_web_and_command_line_write_together(server):
    base = f"http://127.0.0.1:{server['port']}"
    # Login is required even on localhost.
    with urllib.request.urlopen(f"{base}/people/", timeout=30) as response:
        assert "/login/" in response.url
    opener, jar = browser_session(server["link"])
    # The link works once.
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(server["link"], timeout=30)

    statuses: list[int] = []
    web = threading.Thread(
        target=lambda: statuses.extend(
            add_over_http(opener, jar, base, f"Hélène{i}") for i in range(12)
        )
    )
    web.start()
    cli_codes = [
        subprocess.run(
            [str(ENTREGENT), "add", f"Loïc{i} Cli", "-q"],
            env=server["env"],
            capture_output=True,
            timeout=60,
        ).returncode
        for i in range(6)
    ]
    web.join(timeout=120)
    assert statuses == [200] * 12
    assert cli_codes == [0] * 6

    listed = subprocess.run(
        [str(ENTREGENT), "people", "--json", "--limit", "100"],
        env=server["env"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count('"Web"') == 12
    assert listed.stdout.count('"Cli"') == 6


def test_static_files_are_served_by_the_app_server(server):
    opener, _jar = browser_session(server["link"])
    with opener.open(f"http://127.0.0.1:{server['port']}/", timeout=30) as response:
        page = response.read().decode()
    css = re.search(r'href="(/static/[^"]+\.css)"', page).group(1)
    with urllib.request.urlopen(f"http://127.0.0.1:{server['port']}{css}", timeout=30) as asset:
        assert asset.status == 200
        assert "text/css" in asset.headers["Content-Type"]
