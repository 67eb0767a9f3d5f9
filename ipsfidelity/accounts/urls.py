"""Log-in, log-out, password and second-factor pages (django-allauth), and the language switch.

allauth's own names (account_login, account_change_password, mfa_index ...) are
the ones to use; the project's earlier names are kept for links written
against them.
"""

from allauth.account import views as allauth_views
from django.http import Http404, HttpRequest
from django.urls import include, path

from ipsfidelity.accounts import views


def not_offered(request: HttpRequest, *args, **kwargs):
    """allauth pages this project does not offer.

    The e-mail address is the log-in and an administrator keeps it, so there is
    no page to add or change addresses; an organisation identity is linked to
    an account at sign-in by its verified address, never by hand.
    """
    raise Http404


urlpatterns = [
    path("email/", not_offered),
    path("3rdparty/", not_offered),
    path("language/", views.switch_language, name="switch_language"),
    path("session/", views.session_state, name="session_state"),
    path("logged-in/", views.logged_in_again, name="logged_in_again"),
    # The names the project used before allauth.
    path("login/", allauth_views.login, name="login"),
    path("logout/", allauth_views.logout, name="logout"),
    path("password/change/", allauth_views.password_change, name="password_change"),
    path("password/reset/", allauth_views.password_reset, name="password_reset"),
    path("", include("allauth.account.urls")),
    path("2fa/", include("allauth.mfa.urls")),
    path("3rdparty/", include("allauth.socialaccount.urls")),
    path("", include("ipsfidelity.accounts.oidc.urls")),
]
