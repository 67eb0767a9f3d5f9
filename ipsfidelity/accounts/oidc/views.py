import hmac

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp, SocialToken
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404, HttpRequest, HttpResponse


class OrganisationOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    # Set by the callback view from the state this browser's session stashed.
    expected_nonce: str | None = None

    def complete_login(self, request: HttpRequest, app, token: SocialToken, **kwargs):
        id_token = kwargs["response"].get("id_token")
        if not id_token:
            raise OAuth2Error("the provider sent no id_token")
        issuer = self.openid_config["issuer"]
        if issuer.rstrip("/") != app.settings["server_url"].rstrip("/"):
            # Discovery: the document must name the issuer it was fetched for.
            raise OAuth2Error(f"the discovery document names another issuer: {issuer}")
        claims = jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=issuer,
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != app.client_id:
            raise OAuth2Error("the id_token was issued to another party as well")
        nonce = claims.get("nonce")
        if not (
            self.expected_nonce
            and isinstance(nonce, str)
            and hmac.compare_digest(nonce, self.expected_nonce)
        ):
            raise OAuth2Error("the id_token's nonce is not the one this sign-in sent")
        return self.get_provider().sociallogin_from_response(request, {"id_token": claims})


class OrganisationCallbackView(OAuth2CallbackView):
    def _get_state(self, request: HttpRequest, provider):
        # allauth unstashes (and so uses up) the state here; keep its nonce.
        state, response = super()._get_state(request, provider)
        if state is not None:
            self.adapter.expected_nonce = state.get("nonce")
        return state, response


@login_not_required
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        view = OAuth2LoginView.adapter_view(OrganisationOAuth2Adapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        view = OrganisationCallbackView.adapter_view(
            OrganisationOAuth2Adapter(request, provider_id)
        )
        return view(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
