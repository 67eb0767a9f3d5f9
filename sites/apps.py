from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitesConfig(AppConfig):
    name = "sites"
    verbose_name = _("Sites and people")

    def ready(self) -> None:
        # Registers the object permissions with `rules` (one module decides them).
        from sites import permissions  # noqa: F401
