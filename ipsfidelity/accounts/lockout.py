from axes.helpers import get_client_ip_address


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
