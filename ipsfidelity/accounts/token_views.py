"""The API tokens page: a person makes, names, lists and revokes their own tokens."""

from typing import cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ipsfidelity.accounts import second_factor, tokens
from ipsfidelity.accounts.forms import ApiTokenForm
from ipsfidelity.accounts.models import User


@never_cache
@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = ApiTokenForm(request.POST or None)
    made = None
    status = 200
    if request.method == "POST" and not second_factor.given_for_a_token(request):
        # A token outlives the session it is made in: for a role that needs a
        # second factor, one given in the last few minutes.
        if second_factor.has_authenticator_app(user):
            messages.info(request, _("Enter a code from your authenticator app to make a token."))
            return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.path})}")
        messages.error(
            request,
            _(
                "Your role needs a second factor to make a token: set up an authenticator "
                "app, or sign in through your organisation again."
            ),
        )
        return redirect("api_tokens")
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                token, secret = tokens.api_token_create(
                    user=user,
                    name=form.cleaned_data["name"],
                    lifetime_days=form.cleaned_data["lifetime_days"],
                    through_organisation=second_factor.signed_in_through_organisation(request),
                )
            except tokens.TokenError as error:
                form.add_error(None, str(error))
            else:
                # Shown in this answer only, never put in the session or a
                # message: after this page nobody can read it again.
                made = {"token": token, "secret": secret}
                form = ApiTokenForm()
                status = 201
    context = {
        "form": form,
        "made": made,
        "tokens": tokens.api_tokens_of(user),
        "max_tokens": tokens.TOKENS_PER_PERSON,
    }
    return render(request, "accounts/api_tokens.html", context, status=status)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = tokens.api_token_revoke(user=cast(User, request.user), pk=pk)
    messages.success(
        request, _("The token “%(name)s” is revoked and no longer works.") % {"name": token.name}
    )
    return redirect("api_tokens")
