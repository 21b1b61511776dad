from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZonesConfig(AppConfig):
    name = "zones"
    verbose_name = _("Innovation Zones")

    def ready(self) -> None:
        # Registers what the app holds about a member (members.services.personal_data).
        from zones.services import personal_data  # noqa: F401
