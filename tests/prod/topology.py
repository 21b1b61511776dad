"""The production topology of `make prod-test`, started from the deploy kit's own files.

deploy/env.example, deploy/nginx/siec.conf and deploy/systemd/*.service are rendered with
deploy/render.py (paths and loopback ports filled in); each process runs the command line of its
unit's ExecStartPre and ExecStart, read from the unit file with systemd's %i and ${VAR} expanded.
Only the nginx main file is this test's own (Debian's /etc/nginx/nginx.conf holds it in
production): it gives the unprivileged nginx its prefix, pid and temporary folders under var/.
"""

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
WORK = ROOT / "var" / "prod"
STARTUP_SECONDS = 60
# How long nginx keeps an instance out of its upstream after a failed connection (the kit's
# max_fails=1 fail_timeout=…): the next instance may restart only after that.
UPSTREAM_FAIL_SECONDS = int(
    re.search(r"fail_timeout=(\d+)s", (DEPLOY / "nginx" / "siec.conf").read_text()).group(1)
)


class TopologyError(Exception):
    pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, name: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if process.poll() is not None:
                raise TopologyError(f"{name} exited: {log.read_text()[-1500:]}") from None
            time.sleep(0.1)
    raise TopologyError(f"{name} did not listen on port {port}")


def render(template: Path, **values: str) -> str:
    result = subprocess.run(
        [sys.executable, str(DEPLOY / "render.py"), str(template)]
        + [f"{name}={value}" for name, value in values.items()],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise TopologyError(result.stderr.strip())
    return result.stdout


def read_env_file(text: str) -> dict[str, str]:
    """NAME=value lines as systemd's EnvironmentFile= reads them (comments, double quotes)."""
    values = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, value = line.partition("=")
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        values[name.strip()] = value
    return values


def env_file_with(text: str, **overrides: str) -> str:
    """env.example with these variables set (uncommented if the example comments them out)."""
    lines, seen = [], set()
    for line in text.splitlines():
        match = re.match(r"#?([A-Z][A-Z0-9_]*)=", line)
        if match and match.group(1) in overrides:
            name = match.group(1)
            lines.append(f'{name}="{overrides[name]}"')
            seen.add(name)
        else:
            lines.append(line)
    if unknown := set(overrides) - seen:
        raise TopologyError(f"env.example does not name {', '.join(sorted(unknown))}")
    return "\n".join(lines) + "\n"


def unit_commands(unit_text: str, instance: str, env: dict[str, str]) -> dict[str, list]:
    """The [Service] command lines of a unit, split and expanded as systemd does."""
    commands: dict[str, list] = {"ExecStartPre": [], "ExecStart": []}
    section = None
    for line in unit_text.splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line
        elif section == "[Service]" and "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            if key in commands:
                commands[key].append(_expand(value, instance, env))
            elif key == "WorkingDirectory":
                commands["cwd"] = value
    return commands


def _expand(command: str, instance: str, env: dict[str, str]) -> list[str]:
    words = []
    for word in shlex.split(command.replace("%i", instance)):
        if re.fullmatch(r"\$[A-Za-z_]\w*", word):
            words += env.get(word[1:], "").split()
        else:
            words.append(re.sub(r"\$\{(\w+)\}", lambda match: env.get(match.group(1), ""), word))
    return words


class Database:
    """A fresh PostgreSQL database beside the one DATABASE_URL names (or postgres@127.0.0.1)."""

    def __init__(self):
        base = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
        self.name = f"prod_test_{uuid.uuid4().hex[:10]}"
        self.admin_url = base.rsplit("/", 1)[0] + "/postgres"
        self.url = base.rsplit("/", 1)[0] + "/" + self.name

    def create(self) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class Topology:
    """nginx, two gunicorn and two Daphne instances, a task worker and Redis, on loopback."""

    def __init__(self):
        shutil.rmtree(WORK, ignore_errors=True)
        self.logs = WORK / "logs"
        self.logs.mkdir(parents=True)
        self.ports = {
            name: free_port()
            for name in ("http", "https", "pages1", "pages2", "sockets1", "sockets2", "redis")
        }
        self.processes: dict[str, subprocess.Popen] = {}
        self.database = Database()
        self.app_var = WORK / "var"
        self.server_name = "localhost"
        self.origin = f"https://{self.server_name}:{self.ports['https']}"
        self.env: dict[str, str] = {}
        self.timings: dict[str, float] = {}
        self.root = ROOT

    # --- set-up -------------------------------------------------------------------------
    def prepare(self) -> None:
        self.database.create()
        self.start_redis()
        self.write_env_file()
        self.write_certificate()
        for step in (("migrate", "--noinput", "-v0"), ("collectstatic", "--noinput", "-v0")):
            started = time.monotonic()
            self.manage(*step)
            self.timings[step[0]] = time.monotonic() - started

    def write_env_file(self, **extra: str) -> None:
        # Only what differs from the example: this machine's paths, ports and names.
        text = env_file_with(
            (DEPLOY / "env.example").read_text(),
            SECRET_KEY=uuid.uuid4().hex * 2,
            DATABASE_URL=self.database.url,
            REDIS_URL=f"redis://127.0.0.1:{self.ports['redis']}/0",
            REDIS_PREFIX=self.database.name,
            ALLOWED_HOSTS=self.server_name,
            SITE_URL=self.origin,
            VAR_DIR=str(self.app_var),
            MEDIA_ROOT=str(self.app_var / "media"),
            PRIVATE_MEDIA_ROOT=str(self.app_var / "private"),
            GUNICORN_WORKERS="2",
            # Quick recovery after the Redis restart, and new accounts that may post at once.
            CHAT_HEARTBEAT_SECONDS="2",
            CHAT_GROUP_EXPIRY_SECONDS="6",
            FORUM_NEW_ACCOUNT_HELD_POSTS="0",
            **extra,
        )
        self.env_path = WORK / "env"
        self.env_path.write_text(text)
        self.env = read_env_file(text)

    def write_certificate(self) -> None:
        self.certificate, self.key = WORK / "fullchain.pem", WORK / "privkey.pem"
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", f"/CN={self.server_name}",
                "-addext", f"subjectAltName=DNS:{self.server_name}",
                "-keyout", str(self.key), "-out", str(self.certificate),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip

    def process_env(self, env: dict[str, str] | None = None) -> dict[str, str]:
        base = {key: value for key, value in os.environ.items() if key not in _APP_VARIABLES}
        return {**base, **(self.env if env is None else env)}

    def manage(self, *arguments: str) -> str:
        """deploy/manage, the operator's manage.py: it reads the environment file itself."""
        result = subprocess.run(
            [str(DEPLOY / "manage"), *arguments],
            cwd=ROOT,
            env={**self.process_env({}), "SIEC_ENV": str(self.env_path)},
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise TopologyError(f"manage.py {arguments[0]}: {result.stderr.strip()[-1500:]}")
        return result.stdout

    # --- units --------------------------------------------------------------------------
    def unit(self, name: str, instance: str = "", env: dict[str, str] | None = None) -> dict:
        template = DEPLOY / "systemd" / name
        values = {"USER": "siec", "APP_DIR": str(ROOT), "ENV_FILE": str(self.env_path)}
        if "@APP_HOST@" in template.read_text():  # the units that listen
            values["APP_HOST"] = "127.0.0.1"
        text = render(template, **values)
        return unit_commands(text, instance, self.env if env is None else env)

    def run_unit_checks(self, name: str, env: dict[str, str]) -> subprocess.CompletedProcess:
        """A unit's ExecStartPre lines under this environment; the first failure's result."""
        result = None
        for command in self.unit(name, "0", env)["ExecStartPre"]:
            result = subprocess.run(
                command, env=env, capture_output=True, text=True, check=False, cwd=ROOT
            )
            if result.returncode:
                break
        return result

    def start_unit(
        self, label: str, name: str, instance: str = "", port: int | None = None, wait=True
    ):
        commands = self.unit(name, instance)
        for command in commands["ExecStartPre"]:
            check = subprocess.run(
                command, env=self.process_env(), capture_output=True, text=True, check=False
            )
            if check.returncode:
                raise TopologyError(f"{label}: ExecStartPre failed: {check.stderr.strip()}")
        (command,) = commands["ExecStart"]
        log = self.logs / f"{label}.log"
        process = subprocess.Popen(
            command,
            cwd=commands.get("cwd", ROOT),
            env=self.process_env(),
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes[label] = process
        if port is not None and wait:
            wait_for_port(port, process, label, log)
        return process

    def start_pages(self, number: int, wait=True):
        port = self.ports[f"pages{number}"]
        label = f"gunicorn{number}"
        return self.start_unit(label, "siec-gunicorn@.service", str(port), port, wait)

    def wait_until_healthy(self, label: str) -> None:
        """Asks the instance itself (not nginx) for /healthz, as the upgrade procedure does."""
        port = self.ports[label.replace("gunicorn", "pages").replace("daphne", "sockets")]
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            try:
                answer = requests.get(
                    f"http://127.0.0.1:{port}/healthz",
                    headers={"Host": self.server_name},
                    timeout=2,
                )
                if answer.status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise TopologyError(f"{label} did not answer /healthz")

    def start_sockets(self, number: int, wait=True):
        port = self.ports[f"sockets{number}"]
        label = f"daphne{number}"
        return self.start_unit(label, "siec-daphne@.service", str(port), port, wait)

    def start_application(self) -> None:
        # All at once, then wait for each: they load the application side by side.
        for number in (1, 2):
            self.start_pages(number, wait=False)
            self.start_sockets(number, wait=False)
        self.start_unit("worker", "siec-worker.service")
        for label in ("gunicorn1", "gunicorn2", "daphne1", "daphne2"):
            port = self.ports[label.replace("gunicorn", "pages").replace("daphne", "sockets")]
            wait_for_port(port, self.processes[label], label, self.logs / f"{label}.log")

    def stop(self, label: str, sig: int = signal.SIGTERM, timeout: float = 40) -> float:
        """Stops a process as systemd would (the signal, then KILL); returns the seconds taken."""
        process = self.processes.pop(label, None)
        if process is None or process.poll() is not None:
            return 0.0
        started = time.monotonic()
        process.send_signal(sig)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        return time.monotonic() - started

    # --- Redis --------------------------------------------------------------------------
    def start_redis(self) -> None:
        port = self.ports["redis"]
        log = self.logs / "redis.log"
        self.processes["redis"] = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for_port(port, self.processes["redis"], "redis-server", log)

    # --- nginx --------------------------------------------------------------------------
    def start_nginx(self) -> None:
        prefix = WORK / "nginx"
        (prefix / "tmp").mkdir(parents=True, exist_ok=True)
        site = render(
            DEPLOY / "nginx" / "siec.conf",
            PAGES_1=f"127.0.0.1:{self.ports['pages1']}",
            PAGES_2=f"127.0.0.1:{self.ports['pages2']}",
            SOCKETS_1=f"127.0.0.1:{self.ports['sockets1']}",
            SOCKETS_2=f"127.0.0.1:{self.ports['sockets2']}",
            HTTP_LISTEN=f"127.0.0.1:{self.ports['http']}",
            HTTPS_LISTEN=f"127.0.0.1:{self.ports['https']}",
            SERVER_NAME=self.server_name,
            TLS_CERTIFICATE=str(self.certificate),
            TLS_CERTIFICATE_KEY=str(self.key),
            APP_DIR=str(ROOT),
            MEDIA_ROOT=self.env["MEDIA_ROOT"],
            PRIVATE_MEDIA_ROOT=self.env["PRIVATE_MEDIA_ROOT"],
        )
        (prefix / "siec.conf").write_text(site)
        temp = prefix / "tmp"
        # Under root (CI) the master drops its workers to nobody, as Debian's does to www-data.
        user = "user nobody nogroup;" if os.geteuid() == 0 else ""
        (prefix / "nginx.conf").write_text(
            f"""daemon off;
{user}
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {prefix}/access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {prefix}/siec.conf;
}}
"""
        )
        command = ["nginx", "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", "stderr"]
        test = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True, check=False)
        if test.returncode:
            raise TopologyError(f"nginx -t: {test.stderr.strip()}")
        log = self.logs / "nginx.log"
        self.processes["nginx"] = subprocess.Popen(
            command, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True
        )
        wait_for_port(self.ports["https"], self.processes["nginx"], "nginx", log)

    # --- tear-down ----------------------------------------------------------------------
    def close(self) -> None:
        for label in reversed(list(self.processes)):
            try:
                self.stop(label, signal.SIGTERM, timeout=15)
            except Exception as error:
                sys.stderr.write(f"stopping {label}: {error}\n")
        try:
            self.database.drop()
        except psycopg.Error as error:
            sys.stderr.write(f"dropping {self.database.name}: {error}\n")


# Variables of the caller's shell that must not leak into the topology's processes.
_APP_VARIABLES = {
    "DATABASE_URL",
    "REDIS_URL",
    "REDIS_PREFIX",
    "SECRET_KEY",
    "DJANGO_SETTINGS_MODULE",
    "VAR_DIR",
    "MEDIA_ROOT",
    "PRIVATE_MEDIA_ROOT",
    "TASK_BACKEND",
    "FILE_SERVING",
}
