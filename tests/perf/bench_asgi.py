"""The application `make bench` serves: the real site (with /ws/) plus a bare Channels broadcast
at /bare/ through the same channel layer, so both are measured in one Daphne process."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings")

from channels.auth import AuthMiddlewareStack
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator
from django.urls import path

from network.asgi import django_asgi_app
from network.routing import websocket_urlpatterns

BARE_GROUP = "bench.bare"


class BareBroadcastConsumer(AsyncWebsocketConsumer):
    """What a tutorial broadcast does: no session, no database, every frame to the group."""

    async def connect(self):
        await self.channel_layer.group_add(BARE_GROUP, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(BARE_GROUP, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        await self.channel_layer.group_send(BARE_GROUP, {"type": "bare.frame", "text": text_data})

    async def bare_frame(self, event):
        await self.send(text_data=event["text"])


application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(
                URLRouter([path("bare/", BareBroadcastConsumer.as_asgi()), *websocket_urlpatterns])
            )
        ),
    }
)
