from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import authenticate
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django_ratelimit.core import get_usage


def lockout_username(request, credentials) -> str | None:
    """The name django-axes counts failures under: the e-mail in lower case.

    Log-in ignores case, so the count must too, or changing the case of one
    letter would give a guesser a fresh set of attempts. allauth authenticates
    with the address as "email" (its form field is "login"); Django's own
    forms, such as a password check elsewhere, send it as "username".
    """
    credentials = credentials or {}
    username = (
        credentials.get("email")
        or credentials.get("username")
        or request.POST.get("login")
        or request.POST.get("username")
    )
    return username.strip().lower() if username else None


def client_address(group, request) -> str:
    """The client's address as the log-in lockout sees it (behind the proxy too),
    so the report check's rate limit counts people, not the proxy."""
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR", "")


def password_confirmed(request, password: str) -> bool:
    """Is this the logged-in person's password? Checked the way log-in checks it,
    so wrong guesses here count toward the same lockout (django-axes): a signed
    report or a new password is worth as much as a log-in. When the lockout
    trips, EndSessionOnLockout ends the session."""
    user = authenticate(request, email=request.user.email, password=password)
    return user is not None and user.pk == request.user.pk


FAILURES_PER_ADDRESS = "login-failures-per-address"


def address_blocked(request, *, count: bool = False) -> bool:
    """Has this client address had too many wrong passwords, on any accounts?

    The lockout counts per e-mail and address, so one address could try a few
    passwords on every account; this limit counts per address alone, and is
    generous (LOGIN_FAILURES_PER_ADDRESS) so an office behind one address is
    not shut out by a few typing mistakes. Even when it is reached, a person
    logging in from a browser they have logged in from before gets through
    (`known_device`): one guesser in a shared office pauses strangers only.
    """
    usage = get_usage(
        request,
        group=FAILURES_PER_ADDRESS,
        key=client_address,
        rate=settings.LOGIN_FAILURES_PER_ADDRESS,
        increment=count,
    )
    # Without counting, the limit is reached once the failures so far fill it.
    return bool(usage) and usage["count"] >= usage["limit"]


def count_failure(sender, credentials, request=None, **kwargs) -> None:
    """user_login_failed: one more wrong password from this address."""
    if request is not None:
        address_blocked(request, count=True)


# Device cookies (OWASP's "slow down online guessing attacks with device
# cookies"): a browser that has logged in to an account carries a signed note of
# it, and is let past the per-address limit for that account. The per-account
# lockout (django-axes) still counts its wrong passwords.
DEVICE_COOKIE = "ipsfidelity_device"
DEVICE_SALT = "ipsfidelity.accounts.known-device"
DEVICE_COOKIE_DAYS = 365


def remember_device(request: HttpRequest, response: HttpResponse, user) -> None:
    """After a log-in: note in this browser that it has logged in to this account."""
    known = set(_devices_noted(request.COOKIES.get(DEVICE_COOKIE)))
    known.add(user.pk)
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(sorted(known)[-10:], salt=DEVICE_SALT),
        max_age=DEVICE_COOKIE_DAYS * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def known_device(request: HttpRequest, user_pk: int | None) -> bool:
    """Has this browser logged in to this account before?"""
    return user_pk is not None and user_pk in _devices_noted(request.COOKIES.get(DEVICE_COOKIE))


def _devices_noted(value: str | None) -> list[int]:
    if not value:
        return []
    try:
        noted = signing.loads(value, salt=DEVICE_SALT, max_age=DEVICE_COOKIE_DAYS * 24 * 3600)
    except signing.BadSignature:
        return []
    return [pk for pk in noted if isinstance(pk, int)] if isinstance(noted, list) else []
