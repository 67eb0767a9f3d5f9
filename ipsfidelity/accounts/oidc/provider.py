import secrets

from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.http import HttpRequest

from ipsfidelity.accounts.oidc.views import OrganisationOAuth2Adapter


class OrganisationProvider(OpenIDConnectProvider):
    """Registered in place of allauth's openid_connect provider (SOCIALACCOUNT_PROVIDERS)."""

    package = "ipsfidelity.accounts.oidc"
    oauth2_adapter_class = OrganisationOAuth2Adapter

    def redirect(self, request: HttpRequest, process, next_url=None, data=None, **kwargs):
        # The nonce goes to the provider and into the stashed state, which only
        # this browser's session holds; the callback compares the two.
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        auth_params = {**auth_params, "nonce": nonce}
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )
