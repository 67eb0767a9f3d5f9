"""E-mails of the rating steps, each in its recipient's language."""

from django.conf import settings
from django.urls import reverse

from ipsfidelity.accounts.mail import mail_user
from ipsfidelity.accounts.models import User
from reviews.rating.models import Review
from sites.models import Role, Site


def language_for(recipient: User, site: Site) -> str | None:
    """The site's report language for its leaders (Språklova § 15: a municipality's
    service is written to in the written standard it chose); None for the others, who
    read their own."""
    if site.memberships.filter(user=recipient, role=Role.SITE_LEADER).exists():
        return site.report_language
    return None


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


def mail_co_reviewer(*, review: Review, marked_by: User, template: str, page: str) -> None:
    """Tell the other reviewer that `marked_by` did their part and it is their turn,
    with a link to the page (a URL name taking the review) where they take it."""
    co_reviewer = review.co_reviewer(marked_by)
    if co_reviewer is None:
        return
    mail_user(
        recipient=co_reviewer,
        template=template,
        context={
            "review": review,
            "co_reviewer": marked_by,  # the recipient's co-reviewer
            "url": settings.SITE_URL + reverse(page, args=[review.pk]),
        },
    )


def consensus_marked_complete(*, review: Review, marked_by: User) -> None:
    """Ask the co-reviewer to confirm that the consensus is complete."""
    mail_co_reviewer(
        review=review,
        marked_by=marked_by,
        template="reviews/email/consensus_marked_complete",
        page="reviews:consensus",
    )
