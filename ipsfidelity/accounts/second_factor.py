"""Who must use a second factor, and whether they have one.

National admins and coordinators see and change a whole region or the whole
country, so when MFA_REQUIRED_FOR_STAFF_ROLES is on (by default behind HTTPS)
they must set up an authenticator app before they can do anything else.
Someone who signed in through the organisation's provider is not asked: the
organisation's sign-in carries its own second factor.

Roles live in sites.Membership, above this package: they are read through the
ORM relation `user.memberships` and the stored role values, never by
importing sites (docs/architecture.md).
"""

import time

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest

# sites.Role.NATIONAL_ADMIN and sites.Role.COORDINATOR, by their stored values.
STAFF_ROLES = ("national_admin", "coordinator")
# How long a second factor counts as just given, for a step that asks for one.
RECENT_SECONDS = 300


def holds_staff_role(user) -> bool:
    if user.is_superuser:  # sees what a national admin sees (sites/permissions.py)
        return True
    return user.memberships.filter(role__in=STAFF_ROLES).exists()


def second_factor_required(user) -> bool:
    """Must this person have an authenticator app (whatever they signed in with)?"""
    if not settings.MFA_REQUIRED_FOR_STAFF_ROLES:
        return False
    if not user.is_authenticated:
        return False
    return holds_staff_role(user)


def has_authenticator_app(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def signed_in_through_organisation(request: HttpRequest) -> bool:
    """Did this session's log-in go through the organisation's OpenID provider?"""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "socialaccount" for record in records)


def must_set_up_second_factor(request: HttpRequest) -> bool:
    user = request.user
    return (
        second_factor_required(user)
        and not signed_in_through_organisation(request)
        and not has_authenticator_app(user)
    )


def second_factor_given_recently(request: HttpRequest) -> bool:
    """Did this session pass a second factor in the last few minutes: a code from the
    authenticator app, or the organisation's sign-in (which asks for its own)?"""
    now = time.time()
    return any(
        record.get("method") in ("mfa", "socialaccount")
        and now - record.get("at", 0) < RECENT_SECONDS
        for record in get_authentication_records(request, request.user)
    )


def given_for_a_token(request: HttpRequest) -> bool:
    """May this session make an API token now, as far as the second factor goes?"""
    return not second_factor_required(request.user) or second_factor_given_recently(request)
