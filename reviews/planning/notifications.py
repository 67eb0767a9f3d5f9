"""E-mails of planning: assignments and reminders, each in its recipient's language."""

from django.conf import settings
from django.urls import reverse

from ipsfidelity.accounts.mail import mail_user
from reviews.rating.models import Review
from reviews.rating.notifications import language_for, review_url


def review_assigned(*, review: Review, reviewer) -> None:
    mail_user(
        recipient=reviewer,
        template="reviews/email/review_assigned",
        context={
            "review": review,
            "co_reviewer": review.co_reviewer(reviewer),
            "url": review_url(review),
        },
    )


def visit_moved(*, review: Review, reviewer) -> None:
    mail_user(
        recipient=reviewer,
        template="reviews/email/visit_moved",
        context={
            "review": review,
            "co_reviewer": review.co_reviewer(reviewer),
            "url": review_url(review),
        },
    )


def review_unassigned(*, review: Review, reviewer) -> None:
    mail_user(
        recipient=reviewer,
        template="reviews/email/review_unassigned",
        context={"review": review},
    )


def reminder(*, reminder) -> None:
    review = reminder.review
    url = review_url(review)
    if reminder.kind in ("plan_due", "action_overdue"):
        url = settings.SITE_URL + reverse("reviews:action_plan", args=[review.pk])
    mail_user(
        recipient=reminder.recipient,
        language=language_for(reminder.recipient, review.site),
        template=f"reviews/email/reminder_{reminder.kind}",
        context={
            "review": review,
            "days": reminder.days,
            "item_number": reminder.item_number,
            "url": url,
        },
    )
