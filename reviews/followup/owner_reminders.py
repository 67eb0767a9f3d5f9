"""Reminders to the owners of actions who have no login, by the address the site's
leader gave: a week before the action is due and once it has passed, each once.

Recorded first, mailed after commit: the unique constraint on (action, kind, due
date) means a second run, or two at once, sends nothing more, while a new due date
is reminded of afresh. Every mail carries the owner's own link to stop them.
"""

from datetime import date

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse

from ipsfidelity.accounts.mail import mail_address
from reviews import states
from reviews.followup import timing
from reviews.followup.models import OwnerReminder, PlanAction

STOP_SALT = "reviews.followup.owner-reminders-stop"


def stop_token(action: PlanAction) -> str:
    """The owner's key to stop the reminders: this action, this address, nothing else."""
    return signing.dumps([action.pk, action.owner_email.lower()], salt=STOP_SALT)


def read_stop_token(token: str) -> tuple[int, str] | None:
    """(action id, address) from a stop link, or None for a link that was not ours."""
    try:
        action_id, address = signing.loads(token, salt=STOP_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(action_id, int) or not isinstance(address, str):
        return None
    return action_id, address


def send_owner_reminders(today: date) -> int:
    """Mail every owner reminder due today and not sent before; return how many went."""
    window_end = date.fromordinal(today.toordinal() + timing.OWNER_REMINDER_DAYS)
    actions = list(
        PlanAction.objects.filter(
            plan__review__status=states.ReviewStatus.PUBLISHED,
            owner_email__gt="",
            owner_reminders_off=False,
            due_on__lte=window_end,
        )
        .exclude(status=PlanAction.Status.DONE)
        .select_related("plan__review__site", "item")
    )
    already = set(
        OwnerReminder.objects.filter(action__in=actions).values_list("action_id", "kind", "due_on")
    )
    sent = 0
    for action in actions:
        kind = timing.owner_reminder(timing.ActionDue(action.due_on, done=False), today)
        if kind is not None and (action.pk, kind, action.due_on) not in already:
            sent += _send_once(action, kind)
    return sent


def _send_once(action: PlanAction, kind: str) -> int:
    try:
        with transaction.atomic():
            OwnerReminder.objects.create(action=action, kind=kind, due_on=action.due_on)
            site = action.plan.review.site
            mail_address(
                to=action.owner_email,
                language=site.report_language,
                template=f"reviews/email/owner_{kind}",
                context={
                    "action": action,
                    "site": site,
                    "stop_url": settings.SITE_URL
                    + reverse("reviews:owner_reminders_stop", args=[stop_token(action)]),
                },
            )
    except IntegrityError:  # sent before, or by a parallel run a moment ago
        return 0
    return 1
