"""Who holds which role where: invitations and memberships.

A coordinator invites people into their regions (reviewer, coordinator) and
their regions' sites (site leader); a national admin anywhere. Someone who
already has an account gets the role at once and a mail saying so; anyone
else gets a single-use link. Each function checks sites.permissions.can_grant,
runs in one transaction, and raises NotAllowed or Invalid with a message for
the user.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ipsfidelity.accounts.mail import mail_address, mail_allowed, mail_user
from ipsfidelity.accounts.models import User
from ipsfidelity.audit import audit_context
from sites import permissions
from sites.models import REGION_ROLES, Invitation, Membership, Region, Role, Site
from sites.services import Invalid, NotAllowed


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("invitation_accept", args=[token])


def _place(role: str, region: Region | None, site: Site | None) -> dict[str, Region | Site | None]:
    """The one place a role is held in; anything else is dropped."""
    if role == Role.NATIONAL_ADMIN:
        return {"region": None, "site": None}
    if role == Role.SITE_LEADER:
        if site is None:
            raise Invalid(_("Choose the site this person will lead."))
        return {"region": None, "site": site}
    if region is None:
        raise Invalid(_("Choose the region."))
    return {"region": region, "site": None}


def issue_link(invitation: Invitation) -> str:
    """A fresh secret for the invitation; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = _hash(token)
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation.sent_at + timedelta(days=settings.INVITATION_DAYS)
    return token


def _send_invitation(invitation: Invitation, token: str) -> None:
    if not mail_allowed(invitation.email):
        raise Invalid(
            _("This address has had several e-mails from us in the last hour. Try again later.")
        )
    mail_address(
        to=invitation.email,
        language=invitation.language,
        template="sites/email/invitation",
        context={
            "invitation": invitation,
            "url": invitation_url(token),
            "inviter": invitation.invited_by,
            "place": invitation.region or invitation.site,
            "organisation_signin": bool(
                settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS")
            ),
        },
    )


@dataclass(frozen=True)
class Invited:
    """What an invitation did: a link sent, or a role given to an existing account."""

    invitation: Invitation | None = None
    membership: Membership | None = None


@transaction.atomic
def invitation_create(
    *,
    actor: User,
    email: str,
    role: str,
    region: Region | None = None,
    site: Site | None = None,
    full_name: str = "",
    language: str = settings.LANGUAGE_CODE,
) -> Invited:
    email = email.strip().lower()
    grant = Invitation(
        email=email,
        full_name=full_name.strip(),
        role=role,
        language=language,
        invited_by=actor,
        **_place(role, region, site),
    )
    if not permissions.can_grant(actor, grant):
        raise NotAllowed(_("You cannot give this role in this place."))
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        return Invited(membership=_grant_to_account(actor, existing, grant))
    pending = Invitation.objects.filter(email__iexact=email, accepted_at=None, revoked_at=None)
    if pending.filter(permissions.grant_scope(actor)).exists():
        raise Invalid(_("This address already has an open invitation: resend or revoke it."))
    if pending.exists():
        # Someone else's invitation, which this coordinator can neither see nor
        # change: say only what to do.
        raise Invalid(
            _(
                "This address has an open invitation from elsewhere. Once it is accepted, "
                "invite again: the role is then added at once."
            )
        )
    token = issue_link(grant)
    try:
        with transaction.atomic():
            grant.save()
    except IntegrityError:
        # Someone invited the same address a moment ago.
        raise Invalid(
            _("This address already has an open invitation: resend or revoke it.")
        ) from None
    _send_invitation(grant, token)
    return Invited(invitation=grant)


def _grant_to_account(actor: User, user: User, grant: Invitation) -> Membership:
    if not user.is_active:
        raise Invalid(_("This person's account is closed; a national admin can reopen it."))
    membership, created = Membership.all_objects.get_or_create(
        user=user, role=grant.role, region=grant.region, site=grant.site
    )
    if not created and membership.ended_at is None:
        raise Invalid(_("%(name)s already has this role here.") % {"name": user})
    if membership.ended_at is not None:
        _reopen(membership)
    # Counted with the invitations to the address: ending and giving a role again
    # and again must not flood anyone. The role is given either way.
    if mail_allowed(user.email):
        mail_user(
            recipient=user,
            template="sites/email/role_added",
            context={"membership": membership, "actor": actor, "url": settings.SITE_URL + "/"},
        )
    return membership


def _open_invitation(actor: User, invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not permissions.can_grant(actor, invitation):
        raise NotAllowed(_("You cannot manage this invitation."))
    if not invitation.is_open:
        raise Invalid(_("This invitation is already accepted or revoked."))
    return invitation


@transaction.atomic
def invitation_resend(*, actor: User, invitation: Invitation) -> Invitation:
    """A new link with a new expiry; the old link stops working."""
    invitation = _open_invitation(actor, invitation)
    token = issue_link(invitation)
    invitation.send_count += 1
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at", "send_count"])
    _send_invitation(invitation, token)
    return invitation


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    invitation = _open_invitation(actor, invitation)
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = actor
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    return invitation


def invitation_for_token(token: str) -> Invitation:
    """The open, unexpired invitation behind a link, or Invalid saying what is wrong with it."""
    invitation = (
        Invitation.objects.select_related("region", "site", "invited_by")
        .filter(token_hash=_hash(token))
        .first()
    )
    if invitation is None:
        raise Invalid(
            _("This invitation link is not valid. It may have been replaced by a newer one.")
        )
    if invitation.accepted_at is not None:
        raise Invalid(_("This invitation has already been used. Log in instead."))
    if invitation.revoked_at is not None:
        raise Invalid(_("This invitation was withdrawn. Ask the person who invited you."))
    if invitation.expires_at <= timezone.now():
        raise Invalid(
            _("This invitation has expired. Ask the person who invited you to resend it.")
        )
    return invitation


def _accept(invitation: Invitation, user: User) -> Membership:
    # Nobody is logged in yet when a link is accepted: the audit history names
    # the person accepting as the one who made these changes.
    with audit_context(user=user.pk):
        membership, _created = Membership.all_objects.get_or_create(
            user=user, role=invitation.role, region=invitation.region, site=invitation.site
        )
        if membership.ended_at is not None:
            _reopen(membership)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def _locked_by_token(token: str) -> Invitation:
    invitation = invitation_for_token(token)
    # Two clicks on the same link at once: the second waits here, then
    # finds the invitation used.
    Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    return invitation_for_token(token)


def _locked(invitation: Invitation) -> Invitation:
    """The invitation, locked and read again; Invalid if it was used meanwhile."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_open:
        raise Invalid(_("This invitation has already been used. Log in instead."))
    return locked


@transaction.atomic
def invitation_accept_new_account(
    *, token: str, full_name: str, password: str, language: str
) -> User:
    """Create the invited person's account with their own password, and give the role."""
    invitation = _locked_by_token(token)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise Invalid(_("An account with this address exists already: log in, then open the link."))
    user = User(email=invitation.email, full_name=full_name.strip(), language=language)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise Invalid(" ".join(error.messages)) from None
    user.set_password(password)
    user.save()
    _accept(invitation, user)
    return user


@transaction.atomic
def invitation_accept_with_identity(*, token: str, email: str, language: str) -> User:
    """The invited person signed in through their organisation with this verified address.

    Their account has no password of ours: they sign in the same way again.
    """
    invitation = _locked_by_token(token)
    if email.lower() != invitation.email.lower():
        raise Invalid(
            _("This invitation is for %(invited)s, but you signed in as %(you)s.")
            % {"invited": invitation.email, "you": email}
        )
    return _new_account(invitation, email=email, language=language)


def _new_account(invitation: Invitation, *, email: str, language: str) -> User:
    """The account of someone invited who signs in through their organisation."""
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise Invalid(_("An account with this address exists already: log in, then open the link."))
    user = User(
        email=invitation.email,
        full_name=invitation.full_name or invitation.email.split("@")[0],
        language=language,
    )
    user.set_unusable_password()
    user.save()
    _accept(invitation, user)
    return user


@transaction.atomic
def invitation_accept_for_address(*, email: str, language: str) -> User | None:
    """Someone signed in through their organisation without the link: the open
    invitation to their verified address is accepted as if they had opened it.
    None when there is none."""
    invitation = (
        Invitation.objects.filter(
            email__iexact=email,
            accepted_at=None,
            revoked_at=None,
            expires_at__gt=timezone.now(),
        )
        .order_by("-created_at")
        .first()
    )
    if invitation is None:
        return None
    return _new_account(_locked(invitation), email=email, language=language)


@transaction.atomic
def invitation_accept_as(*, token: str, user: User) -> Membership:
    """Accept for the person who is logged in: only with the address invited."""
    invitation = _locked_by_token(token)
    if user.email.lower() != invitation.email.lower():
        raise Invalid(
            _("This invitation is for %(invited)s, but you are logged in as %(you)s.")
            % {"invited": invitation.email, "you": user.email}
        )
    return _accept(invitation, user)


def _reopen(membership: Membership) -> None:
    membership.ended_at = None
    membership.ended_by = None
    membership.save(update_fields=["ended_at", "ended_by"])


def _managed(actor: User, membership: Membership) -> Membership:
    membership = Membership.all_objects.select_for_update().get(pk=membership.pk)
    if not permissions.can_grant(actor, membership):
        raise NotAllowed(_("You cannot change this person's roles here."))
    return membership


@transaction.atomic
def membership_end(*, actor: User, membership: Membership) -> Membership:
    """The person no longer holds the role; history stays, and it can be reactivated.

    Their open reviews in the role stay as they are and show on the planning
    page as needing new reviewers.
    """
    membership = _managed(actor, membership)
    if membership.ended_at is not None:
        raise Invalid(_("This role has already ended."))
    if membership.user_id == actor.pk:
        raise Invalid(
            _("You cannot end your own role: ask another coordinator or a national admin.")
        )
    membership.ended_at = timezone.now()
    membership.ended_by = actor
    membership.save(update_fields=["ended_at", "ended_by"])
    return membership


@transaction.atomic
def membership_reactivate(*, actor: User, membership: Membership) -> Membership:
    membership = _managed(actor, membership)
    if membership.ended_at is None:
        raise Invalid(_("This role is current."))
    if not membership.user.is_active:
        raise Invalid(_("This person's account is closed; a national admin can reopen it."))
    _reopen(membership)
    return membership


@transaction.atomic
def membership_change_role(*, actor: User, membership: Membership, role: str) -> Membership:
    """Reviewer to coordinator or back, in the same region: the new role starts as the old ends."""
    membership = _managed(actor, membership)
    if membership.role not in REGION_ROLES or role not in REGION_ROLES or role == membership.role:
        raise Invalid(_("Only a reviewer or coordinator of a region changes role here."))
    if membership.ended_at is not None:
        raise Invalid(_("This role has already ended."))
    if membership.user_id == actor.pk:
        raise Invalid(
            _("You cannot change your own role: ask another coordinator or a national admin.")
        )
    changed, _created = Membership.all_objects.get_or_create(
        user=membership.user, role=role, region=membership.region
    )
    _reopen(changed)
    membership.ended_at = timezone.now()
    membership.ended_by = actor
    membership.save(update_fields=["ended_at", "ended_by"])
    return changed
