"""E-mails about reports, each in its recipient's language: ready for sign-off, and
published."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from ipsfidelity.accounts.mail import mail_user
from ipsfidelity.accounts.models import User
from reviews.rating.models import Review
from reviews.rating.notifications import language_for, mail_co_reviewer
from reviews.reports.models import Report
from sites.models import Role


def report_ready(*, review: Review, marked_by: User) -> None:
    """Ask the co-reviewer to read the report text and sign it off."""
    mail_co_reviewer(
        review=review,
        marked_by=marked_by,
        template="reviews/email/report_ready",
        page="reviews:report_signoff",
    )


def report_published(*, report: Report) -> None:
    """Tell the review's reviewers, the site's leaders and the region's coordinators that
    a report is out."""
    review = report.review
    recipients = (
        get_user_model()
        .objects.filter(
            Q(
                memberships__role=Role.SITE_LEADER,
                memberships__site=review.site,
                memberships__ended_at=None,
            )
            | Q(
                memberships__role=Role.COORDINATOR,
                memberships__region=review.site.region,
                memberships__ended_at=None,
            )
            | Q(pk__in=[review.reviewer_a_id, review.reviewer_b_id]),
            is_active=True,
        )
        .distinct()
    )
    for recipient in recipients:
        mail_user(
            recipient=recipient,
            language=language_for(recipient, review.site),
            template="reviews/email/report_published",
            context={
                "review": review,
                "report": report,
                "url": settings.SITE_URL
                + reverse("sites:site_detail", args=[review.site_id])
                + "#reports",
            },
        )
