from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ipsfidelity.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Registers the object permissions with `rules` (one module decides them).
        from ipsfidelity import permissions  # noqa: F401
