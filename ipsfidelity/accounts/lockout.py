def lockout_username(request, credentials) -> str | None:
    """The name django-axes counts failures under: the e-mail in lower case.

    Log-in ignores case, so the count must too, or changing the case of one
    letter would give a guesser a fresh set of attempts.
    """
    username = (credentials or {}).get("username") or request.POST.get("username")
    return username.strip().lower() if username else None
