"""`make bench`, pages: the site under the production set-up against a bare Django view.

Needs DATABASE_URL (PostgreSQL; the role must be allowed to create databases) and REDIS_URL.
  1. Creates its own database `<name>_bench_pages` on that server (dropped at the end), migrates
     it and runs `seed_demo`; adds one public topic with 50 posts and one signed-in member.
  2. Serves the site (`network.wsgi`) and a bare "hello" view (tests/perf/bench_hello.py) with
     gunicorn, WORKERS sync workers each, DEBUG off, on free ports of 127.0.0.1.
  3. Load: CLIENTS concurrent connections for SECONDS each, on one page at a time, anonymous and
     signed in (logged in through the site's own log-in form): requests/s, p50, p99, and the
     ratio to the bare view. Misago cannot run here: it is compared with DESIGN.md's figure.
  4. Scale: runs `seed_demo --scale BENCH_SCALE` on the same database and measures topic list,
     directory search and forum search again: the ratio of their p50 times to scale 1.
Prints tables and merges its results into var/bench.json under "pages". Not part of `make test`.
Knobs (environment): BENCH_SCALE (100), BENCH_SECONDS (8), BENCH_WARMUP (1.5), BENCH_WORKERS (2),
BENCH_PAGE_CLIENTS (8), BENCH_SEED_TIMEOUT (1200 s), BENCH_KEEP_DB=1 (keep the database).
"""

import asyncio
import io
import json
import math
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE_DIR))
CLIENTS = int(os.environ.get("BENCH_PAGE_CLIENTS", "8"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
WARMUP = float(os.environ.get("BENCH_WARMUP", "1.5"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
SCALE = int(os.environ.get("BENCH_SCALE", "100"))
SEED_TIMEOUT = int(os.environ.get("BENCH_SEED_TIMEOUT", "1200"))
KEEP_DATABASE = os.environ.get("BENCH_KEEP_DB", "") == "1"
# DESIGN.md, "Performance targets": Misago, 50-post thread, 8 concurrent clients, this machine.
MISAGO_RPS = 23
TOPIC_POSTS = 50
# Words that occur in the demo content at every scale (forum posts; members' libraries).
FORUM_QUERY = "biblioteka"
DIRECTORY_QUERY = "biblioteka"
LANG = "pl"
REDIS_PREFIX = "bench-pages"


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


# --- the bench database and the environment of every process ----------------------------------


def bench_database_urls() -> tuple[str, str]:
    """(URL of the server's maintenance database, URL of the bench database)."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    name = parts.path.lstrip("/") or "postgres"
    bench = re.sub(r"[^a-z0-9_]", "_", f"{name}_bench_pages".lower())
    return (
        urlunsplit(parts._replace(path="/postgres")),
        urlunsplit(parts._replace(path=f"/{bench}")),
    )


def recreate_database(admin_url: str, bench_url: str, *, create: bool) -> None:
    import psycopg
    from psycopg import sql

    name = urlsplit(bench_url).path.lstrip("/")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        # FORCE: a run that was killed may have left server processes connected.
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        if create:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def clear_redis() -> None:
    """Our prefix only: the cache (rate limits) and channel layer of other sites stay."""
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    try:
        for key in client.scan_iter(match=f"{REDIS_PREFIX}*", count=1000):
            client.delete(key)
    finally:
        client.close()


def bench_environment(bench_url: str, var_dir: str) -> None:
    """Production settings for this process and both servers, whatever the shell exported."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "network.settings",
            "DATABASE_URL": bench_url,
            "REDIS_PREFIX": REDIS_PREFIX,
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            # Mail and uploads of the seeding (notifications of the 50 posts) go to a temporary
            # folder, never to the shell's SMTP server.
            "VAR_DIR": var_dir,
            "LOG_LEVEL": "ERROR",
            # The bench writes 50 posts in a second through the forum's services.
            "FORUM_POSTS_PER_MINUTE": "0",
            "FORUM_NEW_ACCOUNT_HELD_POSTS": "0",
        }
    )
    for name in ("DEBUG", "HTTPS", "EMAIL_HOST", "TASK_BACKEND", "CSRF_TRUSTED_ORIGINS"):
        os.environ.pop(name, None)


def setup_django() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # DEBUG off serves static files through the manifest, which must exist.
    call_command("collectstatic", interactive=False, verbosity=0)


def seed(scale: int) -> float:
    """`manage.py seed_demo --scale N` as an operator runs it, within SEED_TIMEOUT seconds."""
    from django.db import connection

    started = time.monotonic()
    try:
        subprocess.run(
            [sys.executable, "manage.py", "seed_demo", "--scale", str(scale)],
            cwd=BASE_DIR,
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=SEED_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        sys.exit(f"seed_demo --scale {scale} took more than {SEED_TIMEOUT} s (BENCH_SEED_TIMEOUT)")
    except subprocess.CalledProcessError:
        sys.exit(f"seed_demo --scale {scale} failed")
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum would have them on a server that grew slowly.
        cursor.execute("ANALYZE")
    return time.monotonic() - started


POST_BODIES = [
    "U nas sprawdziło się **jedno spotkanie w miesiącu** i stała grupa wolontariuszy.",
    (
        "Dziękuję za wątek! Dopiszę nasze doświadczenia:\n\n- zapisy przez formularz,\n"
        "- przypomnienie SMS dzień wcześniej,\n- kawa i herbata na miejscu."
    ),
    (
        "> Czy ktoś ma sprawdzony scenariusz warsztatów?\n\nMamy, podeślę po weekendzie. "
        "Opis jest też na [stronie programu](https://example.org/program)."
    ),
    (
        "Biblioteka w naszej gminie zaczęła od małego: jedna sala, dwa laptopy, dużo "
        "cierpliwości. Po roku przychodzi kilkanaście osób co tydzień, a część z nich sama "
        "prowadzi zajęcia."
    ),
    (
        "Polecam porozmawiać z koordynatorką Strefy Innowacji w waszym województwie — "
        "pomogła nam z wnioskiem i z promocją wydarzenia."
    ),
]


def prepare() -> dict:
    """One public topic with TOPIC_POSTS posts (through the forum's services) and a member."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command

    from forum import permissions
    from forum.models import Category, Topic
    from forum.services import activity, posting

    User = get_user_model()
    authors = list(User.objects.filter(is_active=True, is_staff=False).order_by("pk")[:10])
    # The first public category in the forum's order (site-wide): its list gets the new topic.
    category = (
        permissions.filter_categories(AnonymousUser(), Category.objects.all())
        .order_by("position", "pk")
        .first()
    )
    title = f"Jak prowadzić klub dyskusyjny w bibliotece? ({TOPIC_POSTS} wpisów)"
    topic = Topic.objects.filter(category=category, title=title).first()
    if topic is None:
        topic = posting.create_topic(
            author=authors[0], category=category, title=title, body=POST_BODIES[3]
        )
        for number in range(1, TOPIC_POSTS):
            reply = posting.create_reply(
                author=authors[number % len(authors)],
                topic=topic,
                body=POST_BODIES[number % len(POST_BODIES)],
            )
            if number % 3 == 0:
                reader = authors[(number + 1) % len(authors)]
                activity.toggle_reaction(user=reader, post=reply, kind="like")
    if topic.posts.count() != TOPIC_POSTS:
        sys.exit(f"the bench topic has {topic.posts.count()} posts, not {TOPIC_POSTS}")
    email, password = "bench.member@example.org", secrets.token_urlsafe(16)
    User.objects.filter(email=email).delete()
    call_command(
        "create_member",
        email,
        password=password,
        name="Bench Member",
        network="labib",
        role="member",
        stdout=io.StringIO(),
    )
    return {
        "topic": f"/{LANG}/forum/t/{topic.pk}/",
        "category": f"/{LANG}/forum/c/{category.slug}/",
        "forum_search": f"/{LANG}/search/?q={quote(FORUM_QUERY)}",
        "directory": f"/{LANG}/members/",
        "directory_search": f"/{LANG}/members/?q={quote(DIRECTORY_QUERY)}",
        "email": email,
        "password": password,
    }


# --- servers ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """gunicorn with WORKERS sync workers on a free port; `app` is a gunicorn app spec."""

    def __init__(self, app: str, **env):
        self.port = free_port()
        log = BASE_DIR / "var" / "bench-gunicorn.log"
        log.parent.mkdir(exist_ok=True)
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                app,
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(WORKERS),
                "--log-level",
                "warning",
            ],
            cwd=BASE_DIR,
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=log.open("ab"),
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn {app} stopped at start: see {log.relative_to(BASE_DIR)}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        sys.exit(f"gunicorn {app} did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# --- a small HTTP/1.1 client: keep-alive when the server offers it, else one connection each ----


class Response:
    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name: str) -> str:
        return next((value for key, value in self.headers if key == name), "")

    def cookies(self) -> dict[str, str]:
        found = {}
        for key, value in self.headers:
            if key == "set-cookie":
                name, _, rest = value.partition("=")
                found[name.strip()] = rest.split(";", 1)[0]
        return found


class Connection:
    def __init__(self, port: int):
        self.port = port
        self.reader = self.writer = None

    async def request(
        self, method: str, path: str, cookie: str = "", body: bytes = b""
    ) -> Response:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}"]
        lines.append("Accept-Language: pl")
        if cookie:
            lines.append(f"Cookie: {cookie}")
        if body:
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
            ]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("the server closed the connection")
        status = int(status_line.split()[1])
        headers = []
        while (line := await self.reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers.append((name.strip().lower(), value.strip()))
        response = Response(status, headers, b"")
        if length := response.header("content-length"):
            response.body = await self.reader.readexactly(int(length))
        elif response.header("transfer-encoding") == "chunked":
            chunks = []
            while size := int((await self.reader.readline()).split(b";")[0], 16):
                chunks.append(await self.reader.readexactly(size))
                await self.reader.readline()
            await self.reader.readline()
            response.body = b"".join(chunks)
        else:
            response.body = await self.reader.read()
        if response.header("connection") == "close" or not response.header("content-length"):
            self.close()
        return response

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None


async def get(port: int, path: str, cookie: str = "") -> Response:
    connection = Connection(port)
    try:
        return await connection.request("GET", path, cookie)
    finally:
        connection.close()


async def log_in(port: int, email: str, password: str) -> str:
    """Signs in through allauth's form, as a browser does; returns the Cookie header."""
    path = f"/{LANG}/accounts/login/"
    form = await get(port, path)
    cookies = form.cookies()
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
    if form.status != 200 or not token:
        sys.exit(f"the log-in form answered {form.status}")
    body = (
        f"csrfmiddlewaretoken={token.group(1).decode()}"
        f"&login={quote(email)}&password={quote(password)}"
    ).encode()
    connection = Connection(port)
    try:
        cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
        answer = await connection.request("POST", path, cookie, body)
    finally:
        connection.close()
    if answer.status != 302:
        sys.exit(f"the log-in was refused ({answer.status})")
    cookies.update(answer.cookies())
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def percentile(ordered: list[float], share: float) -> float:
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


async def load(port: int, path: str, cookie: str = "") -> dict:
    """CLIENTS connections ask for `path` back to back: one unmeasured round and WARMUP seconds
    (each worker's first request loads templates, dictionaries, connections), then SECONDS."""
    latencies: list[float] = []
    loop = asyncio.get_running_loop()

    async def client(stop_at: float, measure_from: float):
        connection = Connection(port)
        try:
            while (began := loop.time()) < stop_at:
                response = await connection.request("GET", path, cookie)
                if response.status != 200:
                    sys.exit(f"{path} answered {response.status}")
                if began >= measure_from:
                    latencies.append(loop.time() - began)
        finally:
            connection.close()

    await asyncio.gather(*(get(port, path, cookie) for _ in range(CLIENTS)))
    start = loop.time()
    stop_at = start + WARMUP + SECONDS
    await asyncio.gather(*(client(stop_at, start + WARMUP) for _ in range(CLIENTS)))
    if not latencies:
        sys.exit(f"{path}: no request both started and finished within {SECONDS:g} s")
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": round(len(latencies) / SECONDS, 1),
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
    }


# --- the run ----------------------------------------------------------------------------------

PAGES = [
    ("topic", "forum topic, 50 posts"),
    ("category", "forum category (topic list)"),
    ("forum_search", f"search ?q={FORUM_QUERY}"),
    ("directory", "member directory"),
    ("directory_search", f"directory ?q={DIRECTORY_QUERY}"),
]
SCALED = ["category", "directory_search", "forum_search"]
ROLES = ("anonymous", "member")


async def measure_pages(hello: Gunicorn, site: Gunicorn, paths: dict, cookie: str, names) -> dict:
    """Each page as both roles, right after the bare view: other work on the machine moves all
    figures, and a ratio of two measurements taken seconds apart moves least."""
    results = {}
    for name in names:
        found = {"bare": await load(hello.port, "/")}
        # Signed in for real (the log-out form is on the page), not redirected to the log-in.
        page = await get(site.port, paths[name], cookie)
        if b"/accounts/logout/" not in page.body:
            sys.exit(f"{paths[name]} was not served signed in ({page.status})")
        for role in ROLES:
            found[role] = await load(site.port, paths[name], cookie if role == "member" else "")
        say(
            f"  {name:<18} bare {found['bare']['rps']:>7}, anonymous {found['anonymous']['rps']:>6}"
            f", member {found['member']['rps']:>6} req/s"
        )
        results[name] = found
    return results


async def run(paths: dict, timings: dict) -> dict:
    from asgiref.sync import sync_to_async

    hello = Gunicorn(
        "django.core.wsgi:get_wsgi_application()", DJANGO_SETTINGS_MODULE="tests.perf.bench_hello"
    )
    site = Gunicorn("network.wsgi:application")
    try:
        say(f"pages, each after the bare view; {CLIENTS} clients, {SECONDS:g} s each")
        cookie = await log_in(site.port, paths["email"], paths["password"])
        pages = await measure_pages(hello, site, paths, cookie, [name for name, _ in PAGES])
        say(f"seeding at --scale {SCALE} …")
        timings[f"seed_scale_{SCALE}_s"] = round(await sync_to_async(seed)(SCALE), 1)
        say(f"  {timings[f'seed_scale_{SCALE}_s']} s")
        scaled = await measure_pages(hello, site, paths, cookie, SCALED)
    finally:
        site.stop()
        hello.stop()
    return {"pages": pages, "scaled": scaled}


def counts() -> dict:
    from django.contrib.auth import get_user_model

    from forum.models import Post, Topic
    from network.models import Message

    return {
        "members": get_user_model().objects.count(),
        "topics": Topic.objects.count(),
        "posts": Post.objects.count(),
        "chat_messages": Message.objects.count(),
    }


def report(measured: dict, timings: dict, before: dict, after: dict) -> dict:
    pages, scaled = measured["pages"], measured["scaled"]
    result = {
        "setup": (
            f"gunicorn, {WORKERS} sync workers per app, DEBUG off, PostgreSQL + Redis; "
            f"{CLIENTS} concurrent clients, {SECONDS:g} s per measurement"
        ),
        "clients": CLIENTS,
        "workers": WORKERS,
        "seconds": SECONDS,
        "misago_rps_design": MISAGO_RPS,
        "pages": {},
        "scale": {"factor": SCALE, "rows_scale_1": before, f"rows_scale_{SCALE}": after},
        "timings": timings,
    }
    say()
    say(f"Pages through gunicorn ({WORKERS} sync workers), {CLIENTS} clients, PostgreSQL + Redis.")
    say(
        "÷ bare: to the bare Django view measured just before (target ≥ 0.2); ÷ Misago: to "
        f"DESIGN.md's {MISAGO_RPS} req/s (Misago not run here; target ≥ 10)"
    )
    say(
        f"{'':<30}{'role':<11}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'bare req/s':>12}{'÷ bare':>8}{'÷ Misago':>10}"
    )
    for name, label in PAGES:
        bare = pages[name]["bare"]
        result["pages"][name] = {"bare": bare}
        for role in ROLES:
            row = dict(pages[name][role])
            row["ratio_to_bare"] = round(row["rps"] / bare["rps"], 3)
            row["ratio_to_misago"] = round(row["rps"] / MISAGO_RPS, 1)
            result["pages"][name][role] = row
            say(
                f"{label:<30}{role:<11}{row['rps']:>8}{row['p50_ms']:>9}{row['p99_ms']:>9}"
                f"{bare['rps']:>12}{row['ratio_to_bare']:>8}{row['ratio_to_misago']:>10}"
            )
    say()
    say(
        f"Scale: seed_demo --scale {SCALE}: {after['posts']} posts, {after['topics']} topics, "
        f"{after['members']} members, {after['chat_messages']} chat messages (scale 1: "
        f"{before['posts']} posts, {before['topics']} topics, {before['members']} members)."
    )
    say("p50 time at scale N ÷ at scale 1 (target ≤ 1.3); bare view's req/s beside each, for drift")
    say(f"{'':<30}{'role':<11}{'p50 ×1':>9}{f'p50 ×{SCALE}':>11}{'ratio':>8}{'bare req/s':>18}")
    for name in SCALED:
        label = dict(PAGES)[name]
        bare_1, bare_n = pages[name]["bare"], scaled[name]["bare"]
        result["scale"][name] = {"bare_scale_1": bare_1, f"bare_scale_{SCALE}": bare_n}
        for role in ROLES:
            first, last = pages[name][role], scaled[name][role]
            ratio = round(last["p50_ms"] / first["p50_ms"], 2)
            result["scale"][name][role] = {
                "scale_1": first,
                f"scale_{SCALE}": last,
                "p50_ratio": ratio,
            }
            drift = f"{bare_1['rps']} → {bare_n['rps']}"
            say(
                f"{label:<30}{role:<11}{first['p50_ms']:>9}{last['p50_ms']:>11}{ratio:>8}"
                f"{drift:>18}"
            )
    return result


def write(result: dict) -> None:
    out = BASE_DIR / "var" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    try:
        merged = json.loads(out.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        merged = {}
    merged["pages"] = result
    out.write_text(json.dumps(merged, indent=2))
    say(f"written to {out.relative_to(BASE_DIR)} (key 'pages')")


def main() -> None:
    if not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")):
        sys.exit("make bench needs DATABASE_URL (PostgreSQL) and REDIS_URL, as in production.")
    if SCALE < 2:
        sys.exit("BENCH_SCALE must be at least 2.")
    admin_url, bench_url = bench_database_urls()
    var_dir = tempfile.mkdtemp(prefix="bench-pages-")
    recreate_database(admin_url, bench_url, create=True)
    try:
        bench_environment(bench_url, var_dir)
        clear_redis()
        timings = {}
        started = time.monotonic()
        setup_django()
        timings["migrate_s"] = round(time.monotonic() - started, 1)
        say(f"database {urlsplit(bench_url).path.lstrip('/')}: seeding at --scale 1 …")
        timings["seed_scale_1_s"] = round(seed(1), 1)
        paths = prepare()
        before = counts()
        measured = asyncio.run(run(paths, timings))
        after = counts()
        timings["total_s"] = round(time.monotonic() - started, 1)
        write(report(measured, timings, before, after))
    finally:
        from django.apps import apps

        if apps.ready:
            from django.db import connections

            connections.close_all()
        if not KEEP_DATABASE:
            recreate_database(admin_url, bench_url, create=False)
        clear_redis()
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
