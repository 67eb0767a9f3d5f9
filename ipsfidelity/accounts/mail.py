"""E-mail to one person, rendered in their language and queued after commit."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_ratelimit.core import is_ratelimited

from ipsfidelity.accounts.tasks import queue_email


def mail_allowed(address: str) -> bool:
    """Count one more mail to this address; False once it has had its share this hour.

    Invitations and password resets can be asked for by others than the
    owner of the address, so they are throttled per address, in the shared
    cache (Redis in production), whichever process sends them.
    """
    normalised = address.strip().lower()
    return not is_ratelimited(
        None,
        group="mail-per-address",
        key=lambda _group, _request: normalised,
        rate=f"{settings.MAILS_PER_ADDRESS_PER_HOUR}/h",
        increment=True,
    )


# The single mails a weekly digest stands in for, for those who chose it.
DIGEST_KINDS = {"report_published", "reminder_due_passed", "reminder_report_overdue"}


def mail_kind(template: str) -> str:
    """A work mail's kind, as people turn it off: its template's name."""
    return template.rsplit("/", 1)[-1]


def wants_mail(recipient, kind: str) -> bool:
    """Whether this person gets this kind of work mail now (not turned off, not held
    for their weekly digest)."""
    if recipient.weekly_digest and kind in DIGEST_KINDS:
        return False
    return not recipient.mail_opt_outs.filter(kind=kind).exists()


def mail_user(*, recipient, template: str, context: dict, language: str | None = None) -> None:
    """Mail a person with an account about their work, unless they turned this kind of
    mail off; in their own language unless `language` is given (a site's leader is
    written to in the language the site's municipality chose)."""
    if not wants_mail(recipient, mail_kind(template)):
        return
    mail_address(
        to=recipient.email,
        language=language or recipient.language,
        template=template,
        context={**context, "recipient": recipient},
    )


def mail_address(*, to: str, language: str, template: str, context: dict) -> None:
    """Render `<template>_subject.txt` and `<template>.txt` in `language`, then queue it.

    Rendering happens here, in the web process, inside translation.override:
    the task that sends the mail only carries finished strings. The mail is
    queued after the surrounding transaction commits, so a rolled-back step
    sends nothing.
    """
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    transaction.on_commit(lambda: queue_email(to=[to], subject=subject, body=body))
