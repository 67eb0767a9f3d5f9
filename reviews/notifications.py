"""E-mails about reviews, each rendered in its recipient's language.

Rendering happens here, in the web process, inside translation.override:
the task that sends the mail only carries finished strings. Mail is queued
after the surrounding transaction commits, so a rolled-back step sends
nothing.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ipsfidelity.accounts.tasks import send_email
from reviews.models import Review
from sites.models import Role


def _send(*, recipient, template: str, context: dict) -> None:
    with translation.override(recipient.language):
        context = {**context, "recipient": recipient, "site_url": settings.SITE_URL}
        subject = " ".join(
            render_to_string(f"reviews/email/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"reviews/email/{template}.txt", context)
    transaction.on_commit(
        lambda: send_email.delay(to=[recipient.email], subject=subject, body=body)
    )


def review_url(review: Review) -> str:
    return settings.SITE_URL + reverse("reviews:review_detail", args=[review.pk])


def review_assigned(*, review: Review, reviewer) -> None:
    _send(
        recipient=reviewer,
        template="review_assigned",
        context={
            "review": review,
            "co_reviewer": review.co_reviewer(reviewer),
            "url": review_url(review),
        },
    )


def consensus_ready(*, review: Review) -> None:
    for reviewer in review.reviewers:
        _send(
            recipient=reviewer,
            template="consensus_ready",
            context={
                "review": review,
                "co_reviewer": review.co_reviewer(reviewer),
                "url": settings.SITE_URL + reverse("reviews:consensus", args=[review.pk]),
            },
        )


def report_published(*, report) -> None:
    """Tell the site's leaders and the region's coordinators that a report is out."""
    review = report.review
    recipients = (
        get_user_model()
        .objects.filter(
            Q(memberships__role=Role.SITE_LEADER, memberships__site=review.site)
            | Q(memberships__role=Role.COORDINATOR, memberships__region=review.site.region),
            is_active=True,
        )
        .distinct()
    )
    for recipient in recipients:
        _send(
            recipient=recipient,
            template="report_published",
            context={
                "review": review,
                "report": report,
                "url": settings.SITE_URL
                + reverse("sites:site_detail", args=[review.site_id])
                + "#reports",
            },
        )


def reminder(*, reminder) -> None:
    review = reminder.review
    _send(
        recipient=reminder.recipient,
        template=f"reminder_{reminder.kind}",
        context={"review": review, "days": reminder.days, "url": review_url(review)},
    )
