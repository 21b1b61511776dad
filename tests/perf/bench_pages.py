"""`make bench`, pages: the site under the production set-up against a bare Django view.

Needs DATABASE_URL (PostgreSQL; the role must be allowed to create databases) and REDIS_URL.
  1. Creates databases on that server, `<name>_bench_pages` and `<name>_bench_pages_scaled`
     (dropped at the end): the first migrated and seeded with `seed_demo`, plus one public
     topic with 50 posts, topics enough to fill the first page of its category, and one member;
     the second a copy of it grown with
     `seed_demo --scale BENCH_SCALE`.
  2. Serves the site on each (`network.wsgi`), a bare "hello" view (tests/perf/bench_hello.py)
     and the site with two empty member views (tests/perf/bench_floor*.py) with gunicorn,
     WORKERS sync workers each, DEBUG off, on free ports of 127.0.0.1.
  3. Load: CLIENTS concurrent connections ask for one page back to back, anonymous and signed in
     (through the site's own log-in form): requests/s, p50, p99, the ratio to the bare view, and
     for topic list, directory search and forum search the ratio of p50 at scale N to scale 1;
     then the empty member views against the bare view: the ceiling of any member's page.
     The same for Misago 0.39.6 (var/misago-venv, installed from PyPI on the first run; its own
     database `<name>_bench_misago`, seeded by tests/perf/misago/seed.py; settings in
     tests/perf/misago/): its 50-post thread and its category, anonymous and signed in.
     The load comes from wrk (Debian package `wrk`), one thread and CLIENTS connections.
     Everything compared is measured in interleaved slices (bare, page, page at scale N, bare, …)
     so that other work on the machine weighs on both sides of each ratio alike.
Prints tables and merges its results into var/bench.json under "pages". Not part of `make test`.
Knobs (environment): BENCH_SCALE (100), BENCH_SECONDS (8 per figure), BENCH_ROUNDS (4 slices),
BENCH_WARMUP (2), BENCH_WORKERS (2), BENCH_PAGE_CLIENTS (8), BENCH_SEED_TIMEOUT (1200 s),
BENCH_KEEP_DB=1 (keep the databases).
"""

import asyncio
import io
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE_DIR))
CLIENTS = int(os.environ.get("BENCH_PAGE_CLIENTS", "8"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))
WARMUP = float(os.environ.get("BENCH_WARMUP", "2"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
SCALE = int(os.environ.get("BENCH_SCALE", "100"))
SEED_TIMEOUT = int(os.environ.get("BENCH_SEED_TIMEOUT", "1200"))
KEEP_DATABASE = os.environ.get("BENCH_KEEP_DB", "") == "1"
WRK = shutil.which("wrk")
WRK_SCRIPT = BASE_DIR / "tests" / "perf" / "wrk_report.lua"
# The peer measured in the same run: Misago, in its own virtual environment (it pins Django 4.2).
MISAGO_VERSION = "0.39.6"
MISAGO_VENV = BASE_DIR / "var" / "misago-venv"
MISAGO_PAGES = ("topic", "category")
TOPIC_POSTS = 50
# Words that occur in the demo content at every scale (forum posts; members' libraries).
FORUM_QUERY = "biblioteka"
DIRECTORY_QUERY = "biblioteka"
LANG = "pl"
REDIS_PREFIX = "bench-pages"
MISAGO_REDIS_PREFIX = "bench-misago"  # tests/perf/misago/settings.py


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


# --- the bench database and the environment of every process ----------------------------------


def bench_database_urls() -> tuple[str, str, str, str]:
    """URLs of the server's maintenance database, the two bench databases and Misago's."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    name = re.sub(r"[^a-z0-9_]", "_", (parts.path.lstrip("/") or "postgres").lower())
    return tuple(
        urlunsplit(parts._replace(path=f"/{database}"))
        for database in (
            "postgres",
            f"{name}_bench_pages",
            f"{name}_bench_pages_scaled",
            f"{name}_bench_misago",
        )
    )


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def drop_database(admin_url: str, url: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as connection:
        # FORCE: a run that was killed may have left server processes connected.
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(database_name(url))
            )
        )


def create_database(admin_url: str, url: str, template: str | None = None) -> None:
    """A fresh database, or a copy of `template` (which must have no open connection)."""
    import psycopg
    from psycopg import sql

    drop_database(admin_url, url)
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database_name(url)))
    if template:
        statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(database_name(template)))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(statement)


def clear_redis() -> None:
    """Our prefixes only (the site's, Misago's cache): other sites' keys stay."""
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    try:
        for prefix in (REDIS_PREFIX, MISAGO_REDIS_PREFIX):
            for key in client.scan_iter(match=f"{prefix}*", count=1000):
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


def seed(url: str, scale: int) -> float:
    """`manage.py seed_demo --scale N` as an operator runs it, within SEED_TIMEOUT seconds."""
    import psycopg

    started = time.monotonic()
    try:
        subprocess.run(
            [sys.executable, "manage.py", "seed_demo", "--scale", str(scale)],
            cwd=BASE_DIR,
            env={**os.environ, "DATABASE_URL": url},
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=SEED_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        sys.exit(f"seed_demo --scale {scale} took more than {SEED_TIMEOUT} s (BENCH_SEED_TIMEOUT)")
    except subprocess.CalledProcessError:
        sys.exit(f"seed_demo --scale {scale} failed")
    with psycopg.connect(url, autocommit=True) as connection:
        # Fresh statistics, as autovacuum would have them on a server that grew slowly.
        connection.execute("ANALYZE")
    return time.monotonic() - started


def counts(url: str) -> dict:
    import psycopg
    from django.contrib.auth import get_user_model
    from psycopg import sql

    from forum.models import Post, Topic
    from members.models import Profile
    from network.models import Message

    models = {
        "members": get_user_model(),
        "profiles": Profile,
        "topics": Topic,
        "posts": Post,
        "chat_messages": Message,
    }
    with psycopg.connect(url) as connection:
        return {
            name: connection.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(model._meta.db_table))
            ).fetchone()[0]
            for name, model in models.items()
        }


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
    from forum.selectors import PER_PAGE
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
    # A full first page of topics at scale 1 too: the scale ratio then measures what grows
    # with the forum, not a list of a few topics against a list of twenty.
    category.refresh_from_db()
    for number in range(category.topic_count, PER_PAGE):
        posting.create_topic(
            author=authors[number % len(authors)],
            category=category,
            title=f"Wymiana doświadczeń, część {number + 1}",
            body=POST_BODIES[number % len(POST_BODIES)],
        )
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


# --- Misago, the peer -------------------------------------------------------------------------


def misago_python() -> Path:
    """Misago and the site's gunicorn release in var/misago-venv, installed from PyPI once."""
    python = MISAGO_VENV / "bin" / "python"
    installed = MISAGO_VENV / f".installed-misago-{MISAGO_VERSION}"
    if not installed.exists():
        say(f"installing Misago {MISAGO_VERSION} into {MISAGO_VENV.relative_to(BASE_DIR)} …")
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(MISAGO_VENV)], check=True)
        packages = [f"misago=={MISAGO_VERSION}", f"gunicorn=={version('gunicorn')}"]
        subprocess.run([python, "-m", "pip", "install", "--quiet", *packages], check=True)
        installed.touch()
    return python


def misago_environment(url: str, var_dir: str) -> dict[str, str]:
    parts = urlsplit(url)
    return {
        "DJANGO_SETTINGS_MODULE": "tests.perf.misago.settings",
        "PYTHONPATH": str(BASE_DIR),
        "MISAGO_DB_NAME": database_name(url),
        "MISAGO_DB_USER": parts.username or "postgres",
        "MISAGO_DB_PASSWORD": parts.password or "",
        "MISAGO_DB_HOST": parts.hostname or "127.0.0.1",
        "MISAGO_DB_PORT": str(parts.port or 5432),
        "MISAGO_VAR_DIR": var_dir,
    }


def seed_misago(python: Path, env: dict[str, str], var_dir: str) -> dict:
    """Misago migrated and seeded like the site's bench topic (tests/perf/misago/seed.py)."""
    from forum.selectors import PER_PAGE

    env = {**os.environ, **env}
    subprocess.run([python, "-m", "django", "migrate", "-v0"], cwd=BASE_DIR, env=env, check=True)
    shape = Path(var_dir) / "misago-shape.json"
    shape.write_text(
        json.dumps({"bodies": POST_BODIES, "topic_posts": TOPIC_POSTS, "per_page": PER_PAGE})
    )
    seeded = subprocess.run(
        [python, "tests/perf/misago/seed.py", str(shape)],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(seeded.stdout.strip().splitlines()[-1])


# --- servers ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """gunicorn with WORKERS sync workers on a free port; `app` is a gunicorn app spec."""

    def __init__(self, app: str, python: Path | None = None, **env):
        self.port = free_port()
        log = BASE_DIR / "var" / "bench-gunicorn.log"
        log.parent.mkdir(exist_ok=True)
        self.process = subprocess.Popen(
            [
                str(Path(python or sys.executable).with_name("gunicorn")),
                app,
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(WORKERS),
                "--log-level",
                "warning",
                # As in production (README): the app, with search's dictionaries, is loaded once
                # before the workers fork.
                "--preload",
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

    def worker_rss_mib(self) -> list[int]:
        """Resident memory of each worker (after the run: templates, dictionaries, caches)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        sizes = []
        for pid in children.read_text().split():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) // 1024)
        return sizes

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
    # Then the page it leads to, as a browser goes on: it shows allauth's "signed in" message
    # once and deletes its cookie. Sent again with every request, the message would be on every
    # measured page, and a page with a message is never shared (network/core/member_pages.py).
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    landing = await get(port, answer.header("location"), cookie)
    if landing.status != 200:
        sys.exit(f"the page after the log-in answered {landing.status}")
    cookies.update(landing.cookies())
    kept = {name: value for name, value in cookies.items() if value not in ("", '""')}
    if "messages" in kept:
        sys.exit("the page after the log-in left its message waiting")
    return "; ".join(f"{name}={value}" for name, value in kept.items())


class Target:
    """One thing measured: a path on a server, as anonymous or with a session cookie. The load
    comes from `wrk` (one thread, CLIENTS connections): the bench's own asyncio client could not
    drive more than about 3,000 requests/s, below what the bare view answers."""

    def __init__(self, port: int, path: str, cookie: str = ""):
        self.port, self.path, self.cookie = port, path, cookie
        self.requests = 0
        self.seconds = 0.0
        self.p50s: list[float] = []
        self.p99s: list[float] = []

    async def warm_up(self) -> float:
        """Each worker's first requests load templates, dictionaries and connections; returns
        how long the first CLIENTS requests took (a fresh worker's first answer)."""
        started = time.monotonic()
        await asyncio.gather(*(get(self.port, self.path, self.cookie) for _ in range(CLIENTS)))
        first = time.monotonic() - started
        self.slice(WARMUP, measure=False)
        return first

    def slice(self, seconds: float, measure: bool = True) -> None:
        """CLIENTS connections ask back to back for `seconds` (wrk counts whole seconds)."""
        duration = max(1, round(seconds))
        command = [WRK, "-t1", f"-c{CLIENTS}", f"-d{duration}s", "--timeout", "10s"]
        command += ["-s", str(WRK_SCRIPT), "-H", "Accept-Language: pl"]
        if self.cookie:
            command += ["-H", f"Cookie: {self.cookie}"]
        command.append(f"http://127.0.0.1:{self.port}{self.path}")
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        summary = json.loads(output.strip().splitlines()[-1])
        if summary["status_errors"] or summary["socket_errors"]:
            sys.exit(f"{self.path} on port {self.port}: {summary}")
        if measure:
            self.requests += summary["requests"]
            self.seconds += summary["duration_us"] / 1e6
            self.p50s.append(summary["p50_us"] / 1000)
            self.p99s.append(summary["p99_us"] / 1000)

    def figures(self) -> dict:
        """Requests per second over all slices; p50 the median of the slices' medians, p99 the
        worst slice's (wrk reports percentiles per run, which cannot be merged exactly)."""
        if not self.requests:
            sys.exit(f"{self.path}: no request finished in {self.seconds:g} s")
        return {
            "requests": self.requests,
            "rps": round(self.requests / self.seconds, 1),
            "p50_ms": round(statistics.median(self.p50s), 1),
            "p99_ms": round(max(self.p99s), 1),
        }


async def compare(targets: dict[str, Target]) -> dict[str, dict]:
    """SECONDS of each target, in ROUNDS interleaved slices: a burst of other work on the
    machine then weighs on every side of a ratio, not on one."""
    first = {name: await target.warm_up() for name, target in targets.items()}
    for _round in range(ROUNDS):
        for target in targets.values():
            target.slice(SECONDS / ROUNDS)
    return {
        name: {**target.figures(), "first_requests_s": round(first[name], 1)}
        for name, target in targets.items()
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
# The least a member's page costs (tests/perf/bench_floor_urls.py): the site's middleware and a view
# that shows nothing, signed in; then with the viewer's memberships, which the policy reads.
FLOORS = [
    ("signed_in", "/floor/signed-in/", "site middleware, empty view"),
    ("memberships", "/floor/memberships/", "+ the viewer's memberships"),
]


async def signed_in(port: int, paths: dict) -> str:
    cookie = await log_in(port, paths["email"], paths["password"])
    # Signed in for real (the log-out form is on the page), not redirected to the log-in.
    page = await get(port, paths["directory"], cookie)
    if b"/accounts/logout/" not in page.body:
        sys.exit(f"the member's session does not sign in ({page.status})")
    return cookie


async def misago_signed_in(port: int, misago: dict) -> str:
    page = await get(port, misago["topic"], misago["cookie"])
    if page.status != 200 or b"BenchMember" not in page.body:
        sys.exit(f"Misago's member session does not sign in ({page.status})")
    return misago["cookie"]


async def run(paths: dict, scaled_url: str, misago: dict) -> dict:
    servers = []  # stopped at the end, also when one of them fails to start

    def serve(app: str, **env) -> Gunicorn:
        servers.append(Gunicorn(app, **env))
        return servers[-1]

    try:
        hello = serve(
            "django.core.wsgi:get_wsgi_application()",
            DJANGO_SETTINGS_MODULE="tests.perf.bench_hello",
        )
        site = serve("network.wsgi:application")
        scaled = serve("network.wsgi:application", DATABASE_URL=scaled_url)
        floor = serve(
            "django.core.wsgi:get_wsgi_application()",
            DJANGO_SETTINGS_MODULE="tests.perf.bench_floor",
        )
        peer = serve(
            "django.core.wsgi:get_wsgi_application()", python=misago["python"], **misago["env"]
        )
        cookies = {"anonymous": "", "member": await signed_in(site.port, paths)}
        misago_cookies = {"anonymous": "", "member": await misago_signed_in(peer.port, misago)}
        # Sessions live in each database: the member signs in to the scaled copy too.
        scaled_cookies = {"anonymous": "", "member": await signed_in(scaled.port, paths)}
        say(
            f"each page against the bare view (and its scale-{SCALE} copy): {CLIENTS} clients, "
            f"{SECONDS:g} s each in {ROUNDS} interleaved slices"
        )
        results = {}
        for name, _label in PAGES:
            targets = {"bare": Target(hello.port, "/")}
            for role in ROLES:
                targets[role] = Target(site.port, paths[name], cookies[role])
            # The members' ceiling, in the same slices as the member's page it bounds.
            targets["ceiling"] = Target(floor.port, FLOORS[1][1], cookies["member"])
            if name in MISAGO_PAGES:
                for role in ROLES:
                    targets[f"misago_{role}"] = Target(
                        peer.port, misago[name], misago_cookies[role]
                    )
            if name in SCALED:
                for role in ROLES:
                    targets[f"{role}_scaled"] = Target(
                        scaled.port, paths[name], scaled_cookies[role]
                    )
            results[name] = await compare(targets)
            say(
                f"  {name:<18}"
                + ", ".join(f"{key} {value['rps']}" for key, value in results[name].items())
                + " req/s"
            )
        # Same database and secret key: the member's session signs in on the floor's server too.
        targets = {"bare": Target(hello.port, "/")}
        for name, path, _label in FLOORS:
            targets[name] = Target(floor.port, path, cookies["member"])
        results["floor"] = await compare(targets)
        say(
            "  floor             "
            + ", ".join(f"{key} {value['rps']}" for key, value in results["floor"].items())
            + " req/s"
        )
        results["worker_rss_mib"] = {
            "bare": hello.worker_rss_mib(),
            "site": site.worker_rss_mib(),
            "site_scaled": scaled.worker_rss_mib(),
            "misago": peer.worker_rss_mib(),
        }
    finally:
        for server in servers:
            server.stop()
    return results


def report(measured: dict, timings: dict, before: dict, after: dict) -> dict:
    result = {
        "setup": (
            f"gunicorn, {WORKERS} sync workers per app, DEBUG off, PostgreSQL + Redis; wrk, "
            f"{CLIENTS} connections, {SECONDS:g} s per figure in {ROUNDS} interleaved slices"
        ),
        "clients": CLIENTS,
        "workers": WORKERS,
        "seconds": SECONDS,
        "misago_version": MISAGO_VERSION,
        "pages": {},
        "scale": {"factor": SCALE, "rows_scale_1": before, f"rows_scale_{SCALE}": after},
        "timings": timings,
    }
    say()
    say(f"Pages through gunicorn ({WORKERS} sync workers), wrk with {CLIENTS} connections.")
    say(
        "÷ bare: to the bare Django view (visitors' target ≥ 0.5); ÷ ceiling: a member's page to "
        "the site's middleware + the viewer's memberships + an empty view (target ≥ 0.33); "
        f"÷ Misago: to Misago {MISAGO_VERSION}'s same page for the same role (members' target "
        "≥ 10). All measured interleaved in this run."
    )
    say(
        f"{'':<30}{'role':<11}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'bare req/s':>12}{'÷ bare':>8}{'÷ ceiling':>11}{'÷ Misago':>10}"
    )
    for name, label in PAGES:
        page = measured[name]
        bare = page["bare"]
        result["pages"][name] = {"bare": bare, "ceiling": page["ceiling"]}
        for role in ROLES:
            row = dict(page[role])
            row["ratio_to_bare"] = round(row["rps"] / bare["rps"], 3)
            ceiling = misago_ratio = ""
            if role == "member":
                row["ratio_to_ceiling"] = ceiling = round(row["rps"] / page["ceiling"]["rps"], 3)
            if f"misago_{role}" in page:
                row["misago"] = page[f"misago_{role}"]
                misago_ratio = round(row["rps"] / row["misago"]["rps"], 1)
                row["ratio_to_misago"] = misago_ratio
            result["pages"][name][role] = row
            say(
                f"{label:<30}{role:<11}{row['rps']:>8}{row['p50_ms']:>9}{row['p99_ms']:>9}"
                f"{bare['rps']:>12}{row['ratio_to_bare']:>8}{ceiling:>11}{misago_ratio:>10}"
            )
    for name in MISAGO_PAGES:
        for role in ROLES:
            row = measured[name][f"misago_{role}"]
            say(
                f"{'Misago: ' + name:<30}{role:<11}{row['rps']:>8}"
                f"{row['p50_ms']:>9}{row['p99_ms']:>9}{measured[name]['bare']['rps']:>12}"
                f"{round(row['rps'] / measured[name]['bare']['rps'], 3):>8}"
            )
    floor = measured["floor"]
    result["floor"] = {"bare": floor["bare"]}
    for name, _path, label in FLOORS:
        row = dict(floor[name])
        row["ratio_to_bare"] = round(row["rps"] / floor["bare"]["rps"], 3)
        result["floor"][name] = row
        say(
            f"{label:<30}{'member':<11}{row['rps']:>8}{row['p50_ms']:>9}{row['p99_ms']:>9}"
            f"{floor['bare']['rps']:>12}{row['ratio_to_bare']:>8}"
        )
    say()
    say(
        f"Scale: seed_demo --scale {SCALE} has {after['posts']} posts, {after['topics']} topics, "
        f"{after['profiles']} profiles, {after['chat_messages']} chat messages (scale 1: "
        f"{before['posts']}, {before['topics']}, {before['profiles']}, "
        f"{before['chat_messages']}). p50 at scale {SCALE} ÷ p50 at scale 1, target ≤ 1.3"
    )
    say(f"{'':<30}{'role':<11}{'p50 ×1':>9}{f'p50 ×{SCALE}':>11}{'ratio':>8}")
    for name in SCALED:
        label = dict(PAGES)[name]
        result["scale"][name] = {}
        for role in ROLES:
            first, last = measured[name][role], measured[name][f"{role}_scaled"]
            ratio = round(last["p50_ms"] / first["p50_ms"], 2)
            result["scale"][name][role] = {
                "scale_1": first,
                f"scale_{SCALE}": last,
                "p50_ratio": ratio,
            }
            say(f"{label:<30}{role:<11}{first['p50_ms']:>9}{last['p50_ms']:>11}{ratio:>8}")
    rss = measured["worker_rss_mib"]
    result["worker_rss_mib"] = rss
    say(f"memory per gunicorn worker after the run: bare {rss['bare']} MiB, site {rss['site']} MiB")
    slow = {
        f"{name}/{role}": measured[name][role]["first_requests_s"]
        for name, _label in PAGES
        for role in ROLES
        if measured[name][role]["first_requests_s"] > 5
    }
    if slow:
        say(f"fresh workers' first {CLIENTS} requests took more than 5 s: {slow}")
    if after["posts"] == before["posts"]:
        say(f"note: --scale {SCALE} added no forum posts (seed_demo scales only chat so far)")
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
    if not WRK:
        sys.exit("make bench drives the servers with wrk: install it (apt-get install wrk).")
    admin_url, bench_url, scaled_url, misago_url = bench_database_urls()
    var_dir = tempfile.mkdtemp(prefix="bench-pages-")
    create_database(admin_url, bench_url)
    try:
        bench_environment(bench_url, var_dir)
        clear_redis()
        timings = {}
        started = time.monotonic()
        setup_django()
        timings["migrate_s"] = round(time.monotonic() - started, 1)
        say(f"database {database_name(bench_url)}: seed_demo …")
        timings["seed_scale_1_s"] = round(seed(bench_url, 1), 1)
        paths = prepare()
        from django.db import connections

        connections.close_all()
        create_database(admin_url, scaled_url, template=bench_url)
        say(f"database {database_name(scaled_url)}: a copy, then seed_demo --scale {SCALE} …")
        timings[f"seed_scale_{SCALE}_s"] = round(seed(scaled_url, SCALE), 1)
        say(f"  {timings[f'seed_scale_{SCALE}_s']} s")
        misago = {"python": misago_python(), "env": misago_environment(misago_url, var_dir)}
        create_database(admin_url, misago_url)
        say(f"database {database_name(misago_url)}: Misago {MISAGO_VERSION}, the same shape …")
        misago_started = time.monotonic()
        misago.update(seed_misago(misago["python"], misago["env"], var_dir))
        timings["seed_misago_s"] = round(time.monotonic() - misago_started, 1)
        measured = asyncio.run(run(paths, scaled_url, misago))
        timings["total_s"] = round(time.monotonic() - started, 1)
        write(report(measured, timings, counts(bench_url), counts(scaled_url)))
    finally:
        from django.apps import apps

        if apps.ready:
            from django.db import connections

            connections.close_all()
        if not KEEP_DATABASE:
            drop_database(admin_url, bench_url)
            drop_database(admin_url, scaled_url)
            drop_database(admin_url, misago_url)
        clear_redis()
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
