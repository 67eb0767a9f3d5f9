from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ipsfidelity.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed
        from django.db.models.signals import pre_save

        import ipsfidelity.checks  # noqa: F401  (registers the SITE_URL checks)
        from ipsfidelity.accounts.lockout import count_failure
        from ipsfidelity.text import refuse_identity_numbers, strip_bidi_controls

        user_login_failed.connect(count_failure, dispatch_uid="count-failures-per-address")
        pre_save.connect(strip_bidi_controls, dispatch_uid="strip-bidi-controls")
        pre_save.connect(refuse_identity_numbers, dispatch_uid="refuse-identity-numbers")
