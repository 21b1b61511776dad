"""`make prod-test`: the deploy kit's topology on loopback ports, driven end to end through nginx.

nginx in front of two gunicorn and two Daphne instances, a task worker, a fresh PostgreSQL
database and a Redis server of its own (tests/prod/topology.py). Prints one line per check with
its figures, stops every process it started (also on failure) and exits 1 if any check failed.
Not collected by pytest: run `.venv/bin/python -m tests.prod.run`.
"""

import asyncio
import io
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
import uuid
from contextlib import suppress
from pathlib import Path

import requests
from PIL import Image

from tests.prod.clients import Browser, ChatClient
from tests.prod.topology import UPSTREAM_FAIL_SECONDS, Topology

PASSWORD = "prod-test-Pa55word"
ALICJA, BARTEK = "alicja@example.org", "bartek@example.org"


class Checks:
    def __init__(self):
        self.failed = 0
        # While working on one check: PROD_TEST_SKIP="restarted,slow" leaves those out.
        self.skip = [word for word in os.environ.get("PROD_TEST_SKIP", "").split(",") if word]

    def run(self, name: str, check, *args):
        started = time.monotonic()
        if any(word in name for word in self.skip):
            self.line("skip", name, "PROD_TEST_SKIP", started)
            return None
        try:
            figures = check(*args)
        except Exception as error:
            self.failed += 1
            self.line("FAIL", name, f"{type(error).__name__}: {error}", started)
            return None
        self.line("ok", name, figures, started)
        return figures

    @staticmethod
    def line(status: str, name: str, detail, started: float) -> None:
        sys.stdout.write(f"{status:4} {name}: {detail} ({time.monotonic() - started:.1f} s)\n")
        sys.stdout.flush()


def timed_get(browser: Browser, path: str, **kwargs):
    started = time.monotonic()
    response = browser.get(path, **kwargs)
    return response, (time.monotonic() - started) * 1000


# --- pages, static files, log-in ------------------------------------------------------------
def check_pages(top: Topology, visitor: Browser) -> str:
    home, home_ms = timed_get(visitor, "/en/")
    assert home.status_code == 200, f"/en/ answered {home.status_code}"
    assert "Strict-Transport-Security" in home.headers, "no HSTS header: HTTPS=1 not in effect"
    health, _ = timed_get(visitor, "/healthz")
    body = health.json()
    assert health.status_code == 200, body
    assert body["status"] == "ok", body
    plain = visitor.session.get(
        f"http://{top.server_name}:{top.ports['http']}/en/", allow_redirects=False, timeout=5
    )
    assert plain.status_code == 301, f"http:// answered {plain.status_code}"
    assert plain.headers["Location"].startswith("https://"), plain.headers["Location"]
    # Another name for this address gets no answer at all (444), not the site.
    try:
        other = visitor.session.get(
            f"http://127.0.0.1:{top.ports['http']}/", headers={"Host": "other.example"}, timeout=5
        )
    except requests.ConnectionError:
        other = None
    assert other is None, f"Host other.example answered {other.status_code}"
    return (
        f"/en/ 200 in {home_ms:.0f} ms, /healthz {body['database']}/{body['channel_layer']}/"
        f"{body['cache']}, http:// -> 301 https, another Host name: no answer"
    )


def check_static(visitor: Browser) -> str:
    page = visitor.get("/en/accounts/login/")
    found = re.search(r'href="(/static/[^"]+\.css)"', page.text)
    assert found, "no stylesheet on the log-in page"
    path = found.group(1)
    assert re.search(r"\.[0-9a-f]{12}\.css$", path), f"not a hashed name: {path}"
    response = visitor.get(path, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200, f"{path}: {response.status_code}"
    assert "immutable" in response.headers.get("Cache-Control", ""), response.headers
    # Django would add its security headers: nginx served the file itself.
    assert "Cross-Origin-Opener-Policy" not in response.headers, "static file went to Django"
    return (
        f"{path} 200, {response.headers.get('Content-Encoding', 'identity')}, "
        f"Cache-Control: {response.headers['Cache-Control']}"
    )


def check_log_in(alicja: Browser, bartek: Browser) -> str:
    alicja.log_in(ALICJA, PASSWORD)
    bartek.log_in(BARTEK, PASSWORD)
    page = alicja.get("/en/notifications/")
    assert page.status_code == 200, page.status_code
    assert "/accounts/login/" not in page.url, page.url
    names = sorted(cookie.name for cookie in alicja.session.cookies)
    assert "__Host-sessionid" in names, names
    return f"two members signed in; cookies {', '.join(names)}"


# --- forum reply and e-mail by the worker ---------------------------------------------------
def check_forum_mail(top: Topology, alicja: Browser, bartek: Browser) -> str:
    title = f"Prod test {uuid.uuid4().hex[:6]}"
    created = alicja.submit(
        "/en/forum/c/prod-test/new/", r"/new/$", {"title": title, "body": "Who has the key?"}
    )
    assert created.status_code == 200, f"new topic: {created.status_code}"
    topic = re.search(r"/forum/t/(\d+)/", created.url).group(1)
    replied = bartek.submit(
        f"/en/forum/t/{topic}/", r"/reply/$", {"body": "@alicja the porter has it."}
    )
    assert replied.status_code == 200, f"reply: {replied.status_code}"
    # A reply without a mention: a notification for the daily digest (the author follows it).
    again = bartek.submit(
        f"/en/forum/t/{topic}/", r"/reply/$", {"body": "A spare one is at the desk."}
    )
    assert again.status_code == 200, f"second reply: {again.status_code}"
    assert "the porter has it" in alicja.get(f"/en/forum/t/{topic}/").text
    started = time.monotonic()
    mail = Path(top.env["VAR_DIR"]) / "mail"
    while time.monotonic() - started < 30:
        found = [path for path in mail.glob("*.log") if ALICJA in path.read_text(errors="replace")]
        if any(title in path.read_text(errors="replace") for path in found):
            waited = time.monotonic() - started
            return f"topic {topic}, 2 replies; mention e-mail to alicja in {waited:.1f} s"
        time.sleep(0.3)
    raise AssertionError(f"no e-mail to {ALICJA} naming the topic within 30 s")


# --- media through X-Accel-Redirect ---------------------------------------------------------
def check_media(top: Topology, alicja: Browser, visitor: Browser) -> str:
    photo = io.BytesIO()
    Image.new("RGB", (320, 320), (200, 80, 20)).save(photo, "PNG")
    saved = alicja.submit(
        "/en/members/me/edit/",
        r"/members/me/edit/$",
        {},
        files={"avatar": ("me.png", photo.getvalue(), "image/png")},
    )
    assert saved.status_code == 200, f"profile form: {saved.status_code}"
    assert "errorlist" not in saved.text, re.findall(r"errorlist[^>]*>(.{0,200})", saved.text)
    profile = alicja.get("/en/members/alicja/")
    found = re.search(r'src="(/media/[^"]+)"', profile.text)
    assert found, f"no photo on {profile.url}"
    path = found.group(1)
    response = visitor.get(path)
    on_disk = Path(top.env["MEDIA_ROOT"]) / path.removeprefix("/media/")
    assert response.status_code == 200, f"{path}: {response.status_code}"
    # With FILE_SERVING=nginx the application sends no bytes: these came from nginx.
    assert response.content == on_disk.read_bytes(), "served bytes differ from the file"
    internal = visitor.get("/internal/media/" + path.removeprefix("/media/"))
    assert internal.status_code == 404, f"/internal/ answered {internal.status_code}"
    return (
        f"{path} {len(response.content)} bytes, {response.headers['Content-Type']}, "
        f"Cache-Control: {response.headers.get('Cache-Control')}; /internal/media/ 404"
    )


def check_private_download(top: Topology, alicja: Browser) -> str:
    asked = alicja.submit("/en/account/data/", r"/account/data/download/$", {})
    if "/reauthenticate/" in asked.url:
        # Asking for the data asks for the password again, then carries on with the request.
        asked = alicja.submit(asked.url, r"/reauthenticate/", {"password": PASSWORD})
    assert asked.status_code == 200, f"asking for the data: {asked.status_code} {asked.url}"
    started = time.monotonic()
    while not (link := re.search(r'href="(/en/account/data/download/\d+/)"', asked.text)):
        assert time.monotonic() - started < 30, "the worker built no archive within 30 s"
        time.sleep(0.5)
        asked = alicja.get("/en/account/data/")
    built = time.monotonic() - started
    response = alicja.get(link.group(1))
    assert response.status_code == 200, f"{link.group(1)}: {response.status_code}"
    assert response.content[:2] == b"PK", "not a zip archive"
    assert response.headers["Content-Disposition"].startswith("attachment"), response.headers
    stranger = Browser(top.origin, str(top.certificate)).get(link.group(1), allow_redirects=False)
    assert stranger.status_code == 302, f"a visitor got {stranger.status_code}"
    return (
        f"archive built by the worker in {built:.1f} s, {len(response.content)} bytes through "
        f"/internal/private/, a visitor is sent to log in"
    )


AGE_ARCHIVES = (
    "from datetime import timedelta; from django.utils import timezone; "
    "from members.models import DataExport; "
    "DataExport.objects.update(created=timezone.now() - timedelta(days=8))"
)


def check_cleanup(top: Topology) -> str:
    """Alicja's archive, eight days old, leaves the storage with siec-cleanup.service."""
    archives = list(Path(top.env["PRIVATE_MEDIA_ROOT"]).rglob("*.zip"))
    assert archives, "no archive to clean up"
    top.manage("shell", "-c", AGE_ARCHIVES)
    outputs = []
    for command in top.unit("siec-cleanup.service")["ExecStart"]:
        result = subprocess.run(
            command,
            cwd=top.root,
            env=top.process_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-500:]
        outputs.append(result.stdout.strip())
    left = [path for path in archives if path.exists()]
    assert not left, f"still in the storage: {left}"
    return f"siec-cleanup.service's commands: {'; '.join(outputs)}"


def check_digest(top: Topology) -> str:
    mail = Path(top.env["VAR_DIR"]) / "mail"
    before = set(mail.glob("*.log"))
    (command,) = top.unit("siec-digest.service")["ExecStart"]
    result = subprocess.run(
        command, cwd=top.root, env=top.process_env(), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-500:]
    new = [path.read_text(errors="replace") for path in set(mail.glob("*.log")) - before]
    digests = [text for text in new if f"To: {ALICJA}" in text]
    assert digests, f"no digest for {ALICJA}: {result.stdout.strip()}"
    return (
        f"siec-digest.service's command: {len(digests)} digest to alicja ({result.stdout.strip()})"
    )


# --- chat across both Daphne processes ------------------------------------------------------
def daphne_connections(port: int) -> int:
    """Established TCP connections whose local port is this Daphne's (nginx's upstream ones)."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":
                count += 1
    return count


async def chat_scenario(top: Topology, alicja: Browser, bartek: Browser) -> str:
    # Bartek opens the direct conversation from Alicja's profile.
    opened = bartek.session.post(
        bartek.url("/en/chat/with/alicja/"),
        data={"csrfmiddlewaretoken": bartek.session.cookies.get("__Host-csrftoken")},
        headers={"Referer": bartek.url("/en/members/alicja/")},
        timeout=15,
    )
    found = re.search(r"/chat/(\d+)/", opened.url)
    assert found, f"no conversation: {opened.status_code} {opened.url}"
    room = int(found.group(1))
    url = f"wss://{top.server_name}:{top.ports['https']}/ws/"
    clients = [
        ChatClient(name, url, top.origin, browser.cookie_header(), str(top.certificate), room)
        for name, browser in (
            ("alicja1", alicja),
            ("bartek1", bartek),
            ("alicja2", alicja),
            ("bartek2", bartek),
        )
    ]
    stop = asyncio.Event()
    readers = []
    try:
        return await _chat_scenario(top, clients, stop, readers)
    except BaseException:
        stop.set()
        await asyncio.gather(*readers, return_exceptions=True)
        raise


async def _chat_scenario(top: Topology, clients, stop, readers) -> str:
    for client in clients:
        readers.append(asyncio.create_task(client.run(stop)))
        await asyncio.wait_for(client.ready.wait(), 15)
    spread = [daphne_connections(top.ports[f"sockets{n}"]) for n in (1, 2)]
    assert min(spread) >= 1, f"sockets per Daphne process: {spread}"
    senders = (clients[0], clients[1])
    sent = []

    async def send_batch(start: int, count: int):
        for number in range(start, start + count):
            client_id = f"m{number}"
            sent.append(client_id)
            await senders[number % 2].send(client_id, f"message {number}")
            await asyncio.sleep(0.05)

    await send_batch(0, 20)
    # Daphne 1 dies mid-conversation: its sockets reconnect through nginx to Daphne 2.
    top.stop("daphne1", signal.SIGKILL)
    await send_batch(20, 20)
    await asyncio.sleep(1.5)
    total = len(sent)
    for client in clients:
        assert client.received == list(range(1, total + 1)), (
            f"{client.name} got {len(client.received)} frames, "
            f"{len(set(client.received))} distinct of {total}"
        )
    reconnected = sum(client.reconnects for client in clients)
    assert reconnected >= 1, "no socket was on the stopped Daphne"
    top.scenario_state = (clients, stop, readers, total)
    return (
        f"sockets per Daphne {spread[0]}/{spread[1]}; Daphne 1 killed after 20 of {total} "
        f"messages, {reconnected} reconnects; every socket got ids 1..{total} once"
    )


# --- restarts -------------------------------------------------------------------------------
def check_rolling_restart(top: Topology, alicja: Browser, visitor: Browser) -> str:
    results, stop = [], threading.Event()

    def loop():
        while not stop.is_set():
            for browser, path in ((visitor, "/en/"), (alicja, "/en/notifications/")):
                try:
                    status = browser.get(path, timeout=20).status_code
                except Exception as error:
                    status = type(error).__name__
                results.append(status)
            # About 20 requests/s: under nginx's 30/s per address, since this checks the
            # restarts, not the rate limit.
            time.sleep(0.1)

    thread = threading.Thread(target=loop)
    thread.start()
    durations = []
    try:
        time.sleep(1)
        for number in (1, 2):
            started = time.monotonic()
            top.stop(f"gunicorn{number}")  # TERM: graceful, as systemctl restart
            top.start_pages(number)
            # The documented procedure (docs/deployment.md, "Upgrades"): wait until the instance
            # answers, then until nginx takes it back, before restarting the next one.
            top.wait_until_healthy(f"gunicorn{number}")
            durations.append(time.monotonic() - started)
            time.sleep(UPSTREAM_FAIL_SECONDS + 1)
    finally:
        stop.set()
        thread.join()
    failed = [status for status in results if status != 200]
    assert not failed, f"{len(failed)} of {len(results)} requests failed: {failed[:5]}"
    return (
        f"{len(results)} requests while gunicorn 1 then 2 restarted "
        f"({durations[0]:.1f} s, {durations[1]:.1f} s), 0 failed"
    )


async def redis_restart(top: Topology, visitor: Browser) -> str:
    return await _redis_restart(top, visitor, *top.scenario_state)


async def close_chat(top: Topology) -> None:
    if state := getattr(top, "scenario_state", None):
        _clients, stop, readers, _total = state
        stop.set()
        await asyncio.gather(*readers, return_exceptions=True)


async def _redis_restart(top, visitor, clients, stop, readers, total) -> str:
    top.stop("redis", signal.SIGKILL)
    during = visitor.get("/en/").status_code
    health = visitor.get("/healthz").status_code
    top.start_redis()
    started = time.monotonic()
    while visitor.get("/healthz").status_code != 200:
        assert time.monotonic() - started < 30, "/healthz not 200 within 30 s of Redis' return"
        await asyncio.sleep(0.3)
    recovered = time.monotonic() - started
    await asyncio.sleep(3)  # a heartbeat: sockets re-join their groups
    await clients[0].send("after-redis", "after the restart")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(len(c.received) <= total for c in clients):
        await asyncio.sleep(0.2)
    for client in clients:
        assert client.received == list(range(1, total + 2)), (
            f"{client.name} after Redis restart: {client.received[-3:]}"
        )
    return (
        f"during the outage / {during}, /healthz {health}; healthy {recovered:.1f} s after "
        f"restart; a new message reached all {len(clients)} sockets, ids still 1..{total + 1}"
    )


# --- bad input ------------------------------------------------------------------------------
def raw_request(top: Topology, head: bytes, body: bytes = b"", source="127.0.0.1") -> bytes:
    context = ssl.create_default_context(cafile=str(top.certificate))
    with (
        socket.create_connection(
            ("127.0.0.1", top.ports["https"]), timeout=10, source_address=(source, 0)
        ) as raw,
        context.wrap_socket(raw, server_hostname=top.server_name) as tls,
    ):
        tls.sendall(head)
        if body:
            # nginx may answer and close before the body is sent.
            with suppress(OSError):
                tls.sendall(body)
        return tls.recv(4096)


def check_huge_request(top: Topology) -> str:
    size = 200 * 1024 * 1024
    started = time.monotonic()
    answer = raw_request(
        top,
        f"POST /en/accounts/login/ HTTP/1.1\r\nHost: {top.server_name}\r\n"
        f"Content-Type: application/octet-stream\r\nContent-Length: {size}\r\n\r\n".encode(),
        b"x" * 65536,
    )
    status = answer.split(b"\r\n", 1)[0].decode()
    assert " 413 " in status, status
    return f"200 MB POST: {status} after {(time.monotonic() - started) * 1000:.0f} ms"


def check_slow_clients(top: Topology) -> str:
    context = ssl.create_default_context(cafile=str(top.certificate))
    held, refused = [], 0
    head = (
        f"POST /en/accounts/login/ HTTP/1.1\r\nHost: {top.server_name}\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n"
    ).encode()
    try:
        for number in range(500):
            raw = socket.create_connection(("127.0.0.1", top.ports["https"]), timeout=10)
            tls = context.wrap_socket(raw, server_hostname=top.server_name)
            # Half send their headers slowly, half a body that never ends.
            tls.sendall(head[:20] if number % 2 else head + b"a=1")
            held.append(tls)
        time.sleep(0.5)
        for tls in held:
            tls.settimeout(0.01)
            try:
                if b" 429 " in tls.recv(256):
                    refused += 1
            except (TimeoutError, ssl.SSLWantReadError, OSError):
                pass
        other = Browser(top.origin, str(top.certificate), source="127.0.0.3")
        timings = sorted(timed_get(other, "/healthz")[1] for _ in range(20))
        statuses = {other.get("/en/").status_code}
    finally:
        for tls in held:
            tls.close()
    assert statuses == {200}, statuses
    assert timings[-1] < 2000, f"another client waited {timings[-1]:.0f} ms"
    assert refused > 0, "nginx did not limit one address's connections"
    return (
        f"500 slow connections from one address, {refused} refused with 429 by limit_conn; "
        f"another client: /healthz p50 {timings[10]:.0f} ms, max {timings[-1]:.0f} ms"
    )


def check_forged_headers(top: Topology) -> str:
    forger = Browser(top.origin, str(top.certificate), source="127.0.0.2")
    forged = {"X-Forwarded-For": "203.0.113.66", "X-Forwarded-Proto": "http"}
    forger.log_in(ALICJA, PASSWORD, headers=forged)
    sessions = forger.get("/en/accounts/sessions/", headers=forged)
    assert sessions.status_code == 200, f"sessions page over https with Proto http: {sessions}"
    assert "127.0.0.2" in sessions.text, "the session does not show the real client address"
    assert "203.0.113.66" not in sessions.text, "a forged X-Forwarded-For was believed"
    plain = forger.session.get(
        f"http://{top.server_name}:{top.ports['http']}/en/",
        headers={"X-Forwarded-Proto": "https"},
        allow_redirects=False,
        timeout=5,
    )
    assert plain.status_code == 301, f"plain http with a forged https: {plain.status_code}"
    return (
        "log-in from 127.0.0.2 with X-Forwarded-For 203.0.113.66: session shows 127.0.0.2; "
        "X-Forwarded-Proto http over https served 200, https over http redirected"
    )


def check_upgrade_elsewhere(top: Topology) -> str:
    answer = raw_request(
        top,
        f"GET /en/ HTTP/1.1\r\nHost: {top.server_name}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        f"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n".encode(),
    )
    status = answer.split(b"\r\n", 1)[0].decode()
    assert " 400 " in status, status
    return f"Upgrade: websocket on /en/: {status}"


def check_missing_variable(top: Topology) -> str:
    env = top.process_env({k: v for k, v in top.env.items() if k != "DATABASE_URL"})
    result = top.run_unit_checks("siec-gunicorn@.service", env)
    lines = result.stderr.strip().splitlines()
    assert result.returncode != 0, "the unit would start without DATABASE_URL"
    assert len(lines) == 1, lines
    assert "DATABASE_URL" in lines[0], lines
    return f"without DATABASE_URL: exit {result.returncode}, {lines[0]!r}"


# --- main -----------------------------------------------------------------------------------
def setup_data(top: Topology) -> int:
    for email, name in ((ALICJA, "Alicja Test"), (BARTEK, "Bartek Test")):
        top.manage("create_member", email, "--password", PASSWORD, "--name", name)
    top.manage(
        "shell",
        "-c",
        "from forum.models import Category; Category.objects.create(name='Prod', slug='prod-test')",
    )
    return 0


def main() -> int:
    checks = Checks()
    top = Topology()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        started = time.monotonic()
        top.prepare()
        setup_data(top)
        ready = time.monotonic()
        top.start_application()
        top.start_nginx()
        checks.line(
            "ok",
            "topology",
            f"nginx, 2 gunicorn, 2 Daphne, worker, PostgreSQL {top.database.name}, Redis "
            f":{top.ports['redis']}; migrate {top.timings['migrate']:.0f} s, collectstatic "
            f"{top.timings['collectstatic']:.0f} s, processes up in "
            f"{time.monotonic() - ready:.0f} s",
            started,
        )
        cert = str(top.certificate)
        visitor = Browser(top.origin, cert)
        alicja, bartek = Browser(top.origin, cert), Browser(top.origin, cert)
        checks.run("pages", check_pages, top, visitor)
        checks.run("static files", check_static, visitor)
        checks.run("log-in", check_log_in, alicja, bartek)
        checks.run("forum reply, e-mail by the worker", check_forum_mail, top, alicja, bartek)
        checks.run("daily digest (the timer's service)", check_digest, top)
        checks.run("media via X-Accel-Redirect", check_media, top, alicja, visitor)
        checks.run("private download via X-Accel-Redirect", check_private_download, top, alicja)
        checks.run("daily clean-up (the timer's service)", check_cleanup, top)
        loop = asyncio.new_event_loop()
        chat = checks.run(
            "chat on two Daphne, one killed",
            lambda: loop.run_until_complete(chat_scenario(top, alicja, bartek)),
        )
        checks.run("gunicorn restarted one at a time", check_rolling_restart, top, alicja, visitor)
        if chat:
            checks.run(
                "Redis restarted",
                lambda: loop.run_until_complete(redis_restart(top, visitor)),
            )
        loop.run_until_complete(close_chat(top))
        loop.close()
        checks.run("bad input: 200 MB request", check_huge_request, top)
        checks.run("bad input: slow clients", check_slow_clients, top)
        checks.run("bad input: forged X-Forwarded-*", check_forged_headers, top)
        checks.run("bad input: WebSocket upgrade off /ws/", check_upgrade_elsewhere, top)
        checks.run("bad input: missing variable", check_missing_variable, top)
    except Exception as error:
        checks.failed += 1
        checks.line("FAIL", "topology", f"{type(error).__name__}: {error}", started)
    finally:
        top.close()
    sys.stdout.write(
        f"{'FAILED' if checks.failed else 'passed'}: {checks.failed} failed checks; "
        f"logs in {top.logs}\n"
    )
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
