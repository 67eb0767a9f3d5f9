"""E-mails about signed reports, each in its recipient's language."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from ipsfidelity.accounts.mail import mail_user
from reviews.rating.notifications import language_for
from reviews.reports.models import Report
from sites.models import Role


def report_published(*, report: Report) -> None:
    """Tell the site's leaders and the region's coordinators that a report is out."""
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
            ),
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
