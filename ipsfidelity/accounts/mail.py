"""E-mail to one person, rendered in their own language and queued after commit."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from ipsfidelity.accounts.tasks import send_email


def mail_user(*, recipient, template: str, context: dict) -> None:
    """Render `<template>_subject.txt` and `<template>.txt` for the recipient, then queue it.

    Rendering happens here, in the web process, inside translation.override:
    the task that sends the mail only carries finished strings. The mail is
    queued after the surrounding transaction commits, so a rolled-back step
    sends nothing.
    """
    with translation.override(recipient.language):
        context = {**context, "recipient": recipient, "site_url": settings.SITE_URL}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    transaction.on_commit(
        lambda: send_email.delay(to=[recipient.email], subject=subject, body=body)
    )
