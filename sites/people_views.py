"""A region's people: who holds which role, open invitations, and accepting one.

The acceptance page is public: the secret in its link is the key. Every
other page loads the region through the user's scope (404 outside it).
"""

from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ipsfidelity.accounts.models import User
from sites import people_services, selectors
from sites.forms import AcceptForm, InviteForm
from sites.models import Invitation, Membership, Role
from sites.permissions import can_plan_region, is_national_admin
from sites.services import Invalid, NotAllowed

ACCOUNT_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


@login_required
def region_people(request: HttpRequest, pk: int) -> HttpResponse:
    region = selectors.region_detail(user=request.user, pk=pk, require=can_plan_region)
    national = is_national_admin(request.user)
    # A link from a site's page opens the form with the role and the site chosen.
    initial = (
        {name: request.GET[name] for name in ("role", "site") if name in request.GET}
        if request.method == "GET"
        else None
    )
    form = InviteForm(request.POST or None, user=request.user, region=region, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invited = people_services.invitation_create(
                actor=cast(User, request.user),
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                region=region,
                site=data["site"],
                language=data["language"],
            )
        except (NotAllowed, Invalid) as error:
            form.add_error(None, str(error))
        else:
            if invited.membership is not None:
                messages.success(
                    request,
                    _("%(name)s already had an account: the role is added and they are told.")
                    % {"name": invited.membership.user},
                )
            else:
                messages.success(
                    request,
                    _("The invitation is sent to %(email)s. The link works for %(days)s days.")
                    % {"email": data["email"], "days": settings.INVITATION_DAYS},
                )
            return redirect("sites:region_people", pk=region.pk)
    context = {
        "region": region,
        "form": form,
        "people": selectors.people_of_region(region=region, national_admins=national),
        "invitations": selectors.invitations_of_region(
            user=request.user, region=region, national_admins=national
        ),
        "now": timezone.now(),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "sites/region_people.html", context, status=status)


def _membership_step(
    request: HttpRequest,
    pk: int,
    step: Callable[..., Membership],
    done: str | Callable[[Membership], str],
    **args: object,
) -> HttpResponse:
    """Take a step on a membership; `done` is the message, or makes it from the membership."""
    membership = selectors.managed_membership(user=request.user, pk=pk)
    if callable(done):
        done = done(membership)
    back = membership.region_id or (membership.site.region_id if membership.site else None)
    try:
        step(actor=request.user, membership=membership, **args)
    except (NotAllowed, Invalid) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done % {"name": membership.user})
    if back is None:
        return redirect("home")
    return redirect("sites:region_people", pk=back)


@login_required
@require_POST
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    return _membership_step(
        request,
        pk,
        people_services.membership_end,
        lambda membership: (
            _(
                "%(name)s no longer has this role. Their open reviews show on the planning page "
                "as needing new reviewers."
            )
            if membership.role == Role.REVIEWER
            else _("%(name)s no longer has this role.")
        ),
    )


@login_required
@require_POST
def membership_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _membership_step(
        request, pk, people_services.membership_reactivate, _("%(name)s has the role again.")
    )


@login_required
@require_POST
def membership_change_role(request: HttpRequest, pk: int) -> HttpResponse:
    role = request.POST.get("role", "")
    return _membership_step(
        request,
        pk,
        people_services.membership_change_role,
        _("%(name)s has the new role; the old one has ended."),
        role=role,
    )


def _invitation_step(
    request: HttpRequest, pk: int, step: Callable[..., Invitation], done: str
) -> HttpResponse:
    invitation = selectors.managed_invitation(user=request.user, pk=pk)
    back = invitation.region_id or (invitation.site.region_id if invitation.site else None)
    try:
        step(actor=request.user, invitation=invitation)
    except (NotAllowed, Invalid) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done % {"email": invitation.email})
    if back is None:
        return redirect("home")
    return redirect("sites:region_people", pk=back)


@login_required
@require_POST
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    return _invitation_step(
        request,
        pk,
        people_services.invitation_resend,
        _("A new link is sent to %(email)s; the old one no longer works."),
    )


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    return _invitation_step(
        request,
        pk,
        people_services.invitation_revoke,
        _("The invitation to %(email)s is withdrawn."),
    )


INVITATION_IN_SESSION = "invitation_token"


def account_for_identity(request: HttpRequest, email: str, user: User | None) -> User | None:
    """Sign-in's hook (ACCOUNT_FOR_IDENTITY): an organisation identity signing in for the
    first time, with its verified address and the active user who has it (or None).

    The invitation this browser came from (its link) is accepted when the
    addresses match, and refused with a message when they do not; without a
    link, an open invitation to the verified address is accepted, as if its
    link had been opened. Someone with an account logs in either way; a new
    identity with no invitation gets None, and sign-in shows whom to ask.
    """
    token = request.session.pop(INVITATION_IN_SESSION, None)
    language = get_language() or settings.LANGUAGE_CODE
    try:
        if token and user is None:
            user = people_services.invitation_accept_with_identity(
                token=token, email=email, language=language
            )
        elif token and user is not None:
            people_services.invitation_accept_as(token=token, user=user)
            messages.success(request, _("The invitation is accepted: you have a new role."))
            return user
        elif user is None:
            user = people_services.invitation_accept_for_address(email=email, language=language)
            if user is None:
                return None
        else:
            return user
    except Invalid as error:
        messages.error(request, str(error))
        return user
    messages.success(request, _("Welcome! Your account is ready."))
    return user


@never_cache
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the invited person sets their password, or accepts while logged in."""
    try:
        invitation = people_services.invitation_for_token(token)
    except Invalid as error:
        return render(request, "sites/invitation_invalid.html", {"reason": error}, status=410)
    user = request.user
    if user.is_authenticated:
        return _accept_logged_in(request, token, invitation)
    # Signing in through the organisation comes back without the link: keep it
    # for the sign-in hook above.
    request.session[INVITATION_IN_SESSION] = token
    initial = {"full_name": invitation.full_name, "language": get_language() or "nb"}
    form = AcceptForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            new_user = people_services.invitation_accept_new_account(
                token=token,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
                language=form.cleaned_data["language"],
            )
        except Invalid as error:
            form.add_error(None, str(error))
        else:
            request.session.pop(INVITATION_IN_SESSION, None)
            login(request, new_user, backend=ACCOUNT_BACKEND)
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("home")
    context = {"invitation": invitation, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "sites/invitation_accept.html", context, status=status)


def _accept_logged_in(request: HttpRequest, token: str, invitation: Invitation) -> HttpResponse:
    if request.method == "POST":
        try:
            people_services.invitation_accept_as(token=token, user=cast(User, request.user))
        except Invalid as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The invitation is accepted: you have a new role."))
            return redirect("home")
    context = {"invitation": invitation, "form": None}
    return render(request, "sites/invitation_accept.html", context)
