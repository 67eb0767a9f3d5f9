"""E-mails of the rating steps, each in its recipient's language."""

from django.conf import settings
from django.urls import reverse

from ipsfidelity.accounts.mail import mail_user
from reviews.rating.models import Review


def review_url(review: Review) -> str:
    return settings.SITE_URL + reverse("reviews:review_detail", args=[review.pk])


def consensus_ready(*, review: Review) -> None:
    for reviewer in review.reviewers:
        mail_user(
            recipient=reviewer,
            template="reviews/email/consensus_ready",
            context={
                "review": review,
                "co_reviewer": review.co_reviewer(reviewer),
                "url": settings.SITE_URL + reverse("reviews:consensus", args=[review.pk]),
            },
        )
