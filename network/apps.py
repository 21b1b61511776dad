from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network")

    def ready(self):
        # Registers what the app holds about a member (members.services.personal_data).
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from network.core.page_cache import content_changed
        from network.groups.services import personal_data  # noqa: F401

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(content_changed, dispatch_uid=f"anonymous-pages-{signal}")
