"""Metrics for Prometheus at /metrics, in its text exposition format.

Counters and the latency histogram are kept per process (each gunicorn worker and each Daphne
process has its own; docs/operations.md says how to scrape them). Queued tasks and chat messages
per minute are read from the database at scrape time, so every process reports the same.
"""

import ipaddress
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotFound
from django.utils import timezone

# Seconds; Prometheus' usual buckets, trimmed to what a page or a fragment takes.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Registry:
    """This process's counters: requests, their latencies and open sockets."""

    def __init__(self):
        self._lock = threading.Lock()
        self.requests: dict[tuple[str, str], int] = {}
        self.buckets = [0] * len(LATENCY_BUCKETS)
        self.latency_sum = 0.0
        self.latency_count = 0
        self.open_sockets = 0

    def observe_request(self, method: str, status: int, seconds: float) -> None:
        key = (method if method in KNOWN_METHODS else "other", f"{status // 100}xx")
        with self._lock:
            self.requests[key] = self.requests.get(key, 0) + 1
            self.latency_sum += seconds
            self.latency_count += 1
            for index, bound in enumerate(LATENCY_BUCKETS):
                if seconds <= bound:
                    self.buckets[index] += 1

    def socket_opened(self) -> None:
        with self._lock:
            self.open_sockets += 1

    def socket_closed(self) -> None:
        with self._lock:
            self.open_sockets -= 1

    def snapshot(self) -> tuple[dict, list[int], float, int, int]:
        with self._lock:
            return (
                dict(self.requests),
                list(self.buckets),
                self.latency_sum,
                self.latency_count,
                self.open_sockets,
            )


KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
registry = Registry()


class RequestMetricsMiddleware:
    """First in the stack: every request counts, those the page cache answers too.

    It also answers /metrics itself, before the Host check and the redirect to https: a scraper
    on the server or the monitoring network asks for 127.0.0.1:8001/metrics over plain http.
    Other addresses get a bare 404 (past this point the language middleware would turn a 404
    into a redirect to /pl/metrics/)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        if request.path_info != "/metrics":
            response = self.get_response(request)
        elif address_allowed(client_address(request)):
            response = metrics(request)
        else:
            response = HttpResponseNotFound()
        registry.observe_request(
            request.method, response.status_code, time.perf_counter() - started
        )
        return response


def client_address(request) -> str:
    """The client's address as the rate limits see it: REMOTE_ADDR, or behind
    ALLAUTH_TRUSTED_PROXY_COUNT proxies the entry they added to X-Forwarded-For."""
    proxies = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    forwarded = request.headers.get("X-Forwarded-For")
    if not forwarded:
        return request.META.get("REMOTE_ADDR", "")
    if not proxies:
        # Forwarded by a proxy the settings do not know: whoever is behind it is not known.
        return ""
    hops = [hop.strip() for hop in forwarded.split(",")]
    return hops[-proxies] if len(hops) >= proxies else ""


def address_allowed(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(allowed) for allowed in settings.METRICS_ALLOWED_IPS)


def metrics(request):
    """Answered by RequestMetricsMiddleware, for allowed addresses; the URL names it."""
    return HttpResponse(exposition(), content_type="text/plain; version=0.0.4; charset=utf-8")


def exposition() -> str:
    from django_tasks_db.models import DBTaskResult

    from network.models import Message

    lines = [
        "# HELP network_http_requests_total HTTP requests answered by this process.",
        "# TYPE network_http_requests_total counter",
    ]
    requests, buckets, latency_sum, latency_count, open_sockets = registry.snapshot()
    minute_ago = timezone.now() - timedelta(minutes=1)
    messages_last_minute = Message.objects.filter(created__gte=minute_ago).count()
    for (method, status), count in sorted(requests.items()):
        lines.append(f'network_http_requests_total{{method="{method}",status="{status}"}} {count}')
    lines += [
        "# HELP network_http_request_duration_seconds Time to answer a request.",
        "# TYPE network_http_request_duration_seconds histogram",
    ]
    for bound, count in zip(LATENCY_BUCKETS, buckets, strict=True):
        lines.append(f'network_http_request_duration_seconds_bucket{{le="{bound}"}} {count}')
    lines += [
        f'network_http_request_duration_seconds_bucket{{le="+Inf"}} {latency_count}',
        f"network_http_request_duration_seconds_sum {latency_sum:.6f}",
        f"network_http_request_duration_seconds_count {latency_count}",
        "# HELP network_websockets_open WebSockets open in this process.",
        "# TYPE network_websockets_open gauge",
        f"network_websockets_open {open_sockets}",
        "# HELP network_tasks_queued Background tasks waiting for a worker.",
        "# TYPE network_tasks_queued gauge",
        f"network_tasks_queued {DBTaskResult.objects.ready().count()}",
        "# HELP network_chat_messages_last_minute Chat messages sent in the last minute.",
        "# TYPE network_chat_messages_last_minute gauge",
        f"network_chat_messages_last_minute {messages_last_minute}",
    ]
    return "\n".join(lines) + "\n"
