"""`make bench`: chat broadcast against a bare Channels broadcast, and idle sockets' memory.

Needs DATABASE_URL (PostgreSQL) and REDIS_URL. Starts one Daphne process serving the real /ws/
and a bare broadcast at /bare/ (tests/perf/bench_asgi.py) through the same Redis layer, then:
  1. latency: one message at a time (every 100 ms) to CLIENTS sockets in one room; p50/p99;
  2. throughput: BURST messages back to back; deliveries per second;
  3. memory: 2,000 idle sockets on a fresh process; RSS growth per connection.
Prints a table and writes var/bench.json (keeping the other benches' keys). Not part of `make test`.
"""

import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE_DIR))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "200"))
LATENCY_MESSAGES = int(os.environ.get("BENCH_LATENCY_MESSAGES", "30"))
BURST = int(os.environ.get("BENCH_BURST", "50"))
IDLE = int(os.environ.get("BENCH_IDLE", "2000"))


def setup_django():
    if not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")):
        sys.exit("make bench needs DATABASE_URL (PostgreSQL) and REDIS_URL, as in production.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("REDIS_PREFIX", "bench")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def prepare_room():
    """A sender and a reader (who holds every receiving socket) in a fresh conversation."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from network.chat import services as chat

    User = get_user_model()
    users = []
    for name in ("bench-sender", "bench-reader"):
        user = User.objects.filter(username=name).first()
        users.append(user or User.objects.create(username=name, email=f"{name}@example.invalid"))
    room = chat.start_conversation(
        starter=users[0], title=f"bench {time.time():.0f}", members=[users[1]]
    )
    cookies = []
    for user in users:
        client = Client()
        client.force_login(user)
        cookies.append(
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
    return room, cookies[0], cookies[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self):
        self.port = free_port()
        env = {**os.environ, "CHAT_SEND_LIMIT": "1000000000", "LOG_LEVEL": "ERROR"}
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("daphne")),
                "-b",
                "127.0.0.1",
                "-p",
                str(self.port),
                "tests.perf.bench_asgi:application",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(BASE_DIR / "var" / "bench-daphne.log").open("ab"),
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.2)
        sys.exit("daphne did not start")

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


async def open_socket(port, path, cookie=None):
    import websockets

    headers = [("Cookie", cookie)] if cookie else []
    return await websockets.connect(
        f"ws://127.0.0.1:{port}/{path}",
        origin=f"http://127.0.0.1:{port}",
        additional_headers=headers,
        max_queue=None,
        ping_interval=None,
    )


async def open_many(count, port, path, cookie=None):
    sockets = []
    for start in range(0, count, 100):
        batch = [open_socket(port, path, cookie) for _ in range(min(100, count - start))]
        sockets += await asyncio.gather(*batch)
    return sockets


async def quiet(sockets, seconds=1.0):
    """Reads and drops frames until none arrives for `seconds` (presence after subscribes)."""

    async def drain(ws):
        try:
            while True:
                await asyncio.wait_for(ws.recv(), timeout=seconds)
        except TimeoutError:
            pass

    await asyncio.gather(*(drain(ws) for ws in sockets))


def message_key(kind: str, text: str):
    frame = json.loads(text)
    if kind == "bare":
        return frame.get("n")
    if frame.get("type") == "message":
        return int(frame["message"]["client_id"].split("-")[1])
    return None


async def broadcast(kind: str, port: int, room, sender_cookie, reader_cookie):
    """Runs the latency then the burst phase for `kind` ("chat" or "bare")."""
    path = "ws/" if kind == "chat" else "bare/"
    receivers = await open_many(CLIENTS, port, path, reader_cookie)
    sender = await open_socket(port, path, sender_cookie)
    if kind == "chat":
        for ws in [*receivers, sender]:
            await ws.send(json.dumps({"type": "subscribe", "room": room.pk, "after": None}))
        await quiet([*receivers, sender], 2.0)
    received: dict[int, list[float]] = {}
    total = LATENCY_MESSAGES + BURST

    async def read(ws):
        count = 0
        while count < total:
            text = await ws.recv()
            now = time.perf_counter()
            key = message_key(kind, text)
            if key is not None:
                received.setdefault(key, []).append(now)
                count += 1

    async def drain_sender():
        while True:
            await sender.recv()

    readers = [asyncio.create_task(read(ws)) for ws in receivers]
    sender_drain = asyncio.create_task(drain_sender())
    sent: dict[int, float] = {}
    # A frame of the same size as a chat message frame, for the bare broadcast.
    filler = "Zebranie koordynatorów Stref Innowacji w czwartek o 18:00. " * 2

    async def send(n):
        sent[n] = time.perf_counter()
        if kind == "chat":
            frame = {"type": "send", "room": room.pk, "client_id": f"b-{n}", "body": filler}
        else:
            frame = {"type": "message", "n": n, "body_html": f"<p>{filler}</p>", "pad": "x" * 200}
        await sender.send(json.dumps(frame))

    for n in range(LATENCY_MESSAGES):
        await send(n)
        await asyncio.sleep(0.1)
    burst_start = time.perf_counter()
    for n in range(LATENCY_MESSAGES, total):
        await send(n)
    await asyncio.wait_for(asyncio.gather(*readers), timeout=120)
    burst_end = max(max(received[n]) for n in range(LATENCY_MESSAGES, total))
    sender_drain.cancel()
    for ws in [*receivers, sender]:
        await ws.close()
    latencies = sorted((t - sent[n]) * 1000 for n in range(LATENCY_MESSAGES) for t in received[n])
    return {
        "p50_ms": round(statistics.median(latencies), 1),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 1),
        "deliveries_per_s": round(BURST * CLIENTS / (burst_end - burst_start)),
    }


async def idle_memory(path: str, cookie) -> dict:
    server = Server()
    try:
        await asyncio.sleep(1)
        before = server.rss_kib()
        sockets = await open_many(IDLE, server.port, path, cookie)
        await asyncio.sleep(3)
        after = server.rss_kib()
        for ws in sockets:
            await ws.close()
        return {"sockets": len(sockets), "kib_per_socket": round((after - before) / IDLE, 1)}
    finally:
        server.stop()


def machine() -> dict:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {"cpu": model, "cores": os.cpu_count(), "python": platform.python_version()}


async def run() -> dict:
    from asgiref.sync import sync_to_async

    room, sender_cookie, reader_cookie = await sync_to_async(prepare_room)()
    server = Server()
    try:
        bare = await broadcast("bare", server.port, room, sender_cookie, reader_cookie)
        chat = await broadcast("chat", server.port, room, sender_cookie, reader_cookie)
    finally:
        server.stop()
    return {
        "machine": machine(),
        "clients": CLIENTS,
        "bare": bare,
        "chat": chat,
        "p99_ratio": round(chat["p99_ms"] / bare["p99_ms"], 2),
        "throughput_ratio": round(chat["deliveries_per_s"] / bare["deliveries_per_s"], 2),
        "idle_chat": await idle_memory("ws/", reader_cookie),
        "idle_bare": await idle_memory("bare/", None),
    }


def main():
    setup_django()
    result = asyncio.run(run())
    bare, chat = result["bare"], result["chat"]
    rows = [
        ("", "bare broadcast", "chat (stored first)", "chat / bare", "target"),
        ("p50 latency, ms", bare["p50_ms"], chat["p50_ms"], "", ""),
        ("p99 latency, ms", bare["p99_ms"], chat["p99_ms"], result["p99_ratio"], "≤ 1.5"),
        (
            "deliveries/s",
            bare["deliveries_per_s"],
            chat["deliveries_per_s"],
            result["throughput_ratio"],
            "≥ 0.5",
        ),
        (
            f"idle sockets ({IDLE}), KiB each",
            result["idle_bare"]["kib_per_socket"],
            result["idle_chat"]["kib_per_socket"],
            "",
            "",
        ),
    ]
    say = sys.stdout.write
    say(f"{CLIENTS} clients in one room, one Daphne process, PostgreSQL + Redis\n")
    say(f"machine: {result['machine']['cpu']}, {result['machine']['cores']} cores\n")
    for row in rows:
        say(f"{row[0]:<30}{row[1]!s:>16}{row[2]!s:>22}{row[3]!s:>14}{row[4]!s:>9}\n")
    out = BASE_DIR / "var" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    # Other benches (bench_pages.py, key "pages") write into the same file: keep their keys.
    try:
        merged = json.loads(out.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        merged = {}
    merged.update(result)
    out.write_text(json.dumps(merged, indent=2))
    say(f"written to {out.relative_to(BASE_DIR)}\n")


if __name__ == "__main__":
    main()
