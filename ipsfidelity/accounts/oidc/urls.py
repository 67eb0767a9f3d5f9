"""The same addresses as allauth's openid_connect provider, served by the stricter views."""

from django.urls import path

from ipsfidelity.accounts.oidc import views

urlpatterns = [
    path("oidc/<str:provider_id>/login/", views.login, name="openid_connect_login"),
    path(
        "oidc/<str:provider_id>/login/callback/",
        views.callback,
        name="openid_connect_callback",
    ),
]
