"""Clients of `make prod-test`: a browser-like HTTP session and chat sockets, through nginx only."""

import asyncio
import json
import re
import ssl
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests
import websockets
from requests.adapters import HTTPAdapter


class SourceAddressAdapter(HTTPAdapter):
    """Connects from a given loopback address: nginx sees a client other than itself."""

    def __init__(self, source: str, **kwargs):
        self.source = source
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


class Forms(HTMLParser):
    """The forms of a page: action, method and the fields with their current values."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"action": attrs.get("action") or "", "method": attrs.get("method"), "fields": {}}
            )
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    fields[name] = attrs.get("value", "on")
            elif kind not in {"file", "submit", "button"}:
                fields[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            fields[name] = ""
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            fields[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def form(html: str, url: str, action_pattern: str) -> dict:
    """The first form whose action (this page's address if it has none) matches."""
    parser = Forms()
    parser.feed(html)
    for found in parser.forms:
        found["action"] = urljoin(url, found["action"] or url)
        if re.search(action_pattern, found["action"]):
            return found
    raise AssertionError(f"no form posting to {action_pattern!r} on the page")


class Browser:
    """A member's (or visitor's) HTTPS session through nginx, from its own loopback address."""

    def __init__(self, origin: str, certificate: str, source: str = "127.0.0.1"):
        self.origin = origin
        self.session = requests.Session()
        # Not the machine's CA bundle or proxies from the environment: nginx on loopback only.
        self.session.trust_env = False
        self.session.verify = certificate
        self.session.mount("https://", SourceAddressAdapter(source))
        self.session.mount("http://", SourceAddressAdapter(source))

    def url(self, path: str) -> str:
        return urljoin(self.origin, path)

    def get(self, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", 15)
        return self.session.get(self.url(path), **kwargs)

    def submit(self, page: str, action_pattern: str, values: dict, files=None, **kwargs):
        """Fills in and posts a form of `page` as a browser would (Referer, CSRF token)."""
        response = self.get(page)
        assert response.status_code == 200, f"GET {page}: {response.status_code}"
        found = form(response.text, response.url, action_pattern)
        return self.session.post(
            found["action"],
            data={**found["fields"], **values},
            files=files,
            headers={"Referer": response.url, **kwargs.pop("headers", {})},
            timeout=30,
            **kwargs,
        )

    def log_in(self, email: str, password: str, **kwargs) -> None:
        response = self.submit(
            "/en/accounts/login/", r"/accounts/login/", {"login": email, "password": password},
            **kwargs,
        )  # fmt: skip
        assert response.status_code == 200, f"log-in: {response.status_code}"
        assert "/accounts/login/" not in response.url, f"log-in refused for {email}"

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.session.cookies)


class ChatClient:
    """One tab's socket: keeps its room cursor, reconnects through nginx and resumes after it."""

    def __init__(self, name: str, url: str, origin: str, cookie: str, certificate: str, room):
        self.name, self.url, self.origin, self.cookie, self.room = name, url, origin, cookie, room
        self.ssl = ssl.create_default_context(cafile=certificate)
        self.received: list[int] = []
        self.acked: dict[str, int] = {}
        self.reconnects = 0
        self.ws = None
        self.ready = asyncio.Event()
        self.local_port = None

    @property
    def last(self):
        return self.received[-1] if self.received else 0

    async def connect(self) -> None:
        self.ws = await websockets.connect(
            self.url,
            origin=self.origin,
            additional_headers=[("Cookie", self.cookie)],
            ssl=self.ssl,
            proxy=None,
            open_timeout=10,
        )
        self.local_port = self.ws.transport.get_extra_info("sockname")[1]
        await self.ws.send(json.dumps({"type": "subscribe", "room": self.room, "after": self.last}))

    async def run(self, stop: asyncio.Event) -> None:
        """Reads frames until `stop`; on a closed socket reconnects (and re-subscribes)."""
        while not stop.is_set():
            try:
                if self.ws is None:
                    await self.connect()
                frame = json.loads(await asyncio.wait_for(self.ws.recv(), 0.5))
            except TimeoutError:
                continue
            except (websockets.ConnectionClosed, websockets.InvalidStatus, OSError):
                # Closed, or refused while Redis or the database is away: try again shortly.
                self.ready.clear()
                self.ws = None
                self.reconnects += 1
                await asyncio.sleep(0.3)
                continue
            if frame["type"] == "presence":
                self.ready.set()
            elif frame["type"] == "message":
                self.received.append(frame["message"]["id"])
            elif frame["type"] == "ack":
                self.acked[frame["client_id"]] = frame["message"]
        if self.ws is not None:
            await self.ws.close()

    async def send(self, client_id: str, body: str) -> None:
        """Sends until acknowledged: a resend with the same client_id stores nothing new."""
        while client_id not in self.acked:
            try:
                await asyncio.wait_for(self.ready.wait(), 10)
                await self.ws.send(
                    json.dumps(
                        {"type": "send", "room": self.room, "client_id": client_id, "body": body}
                    )
                )
            except (websockets.ConnectionClosed, AttributeError, TimeoutError):
                pass
            for _ in range(20):
                if client_id in self.acked:
                    return
                await asyncio.sleep(0.1)
