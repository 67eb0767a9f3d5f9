import pytest

from tests.oidc_provider import start_provider

CALLBACK = "http://testserver/accounts/oidc/org/login/callback/"


@pytest.fixture(scope="session")
def oidc_provider():
    """The local OpenID provider, once for the session, sending people back to the test client."""
    with start_provider([CALLBACK]) as provider:
        yield provider


@pytest.fixture
def organisation_signin(settings, oidc_provider):
    """The app configured for the local provider, as OIDC_* in the environment would."""
    from ipsfidelity.settings import organisation_signin as provider_settings

    settings.SOCIALACCOUNT_PROVIDERS = provider_settings(
        issuer_url=oidc_provider.issuer,
        client_id=oidc_provider.client_id,
        client_secret=oidc_provider.client_secret,
        button_label="Test organisation",
    )
    return oidc_provider
