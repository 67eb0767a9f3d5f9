"""The weekly digest a coordinator may choose in place of single mails: what is late or
at risk in their regions and the reports published in the week, once a week."""

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ipsfidelity.accounts.mail import mail_address
from ipsfidelity.accounts.models import User
from reviews.planning.models import DigestSent
from reviews.planning.next_steps import coordinator_steps
from reviews.reports.models import Report
from sites.models import Region
from sites.permissions import scope_of


def send_weekly_digests(today: date | None = None) -> int:
    """Mail each coordinator who chose the digest, once in the week of `today`; a week
    with nothing to say sends nothing. Returns how many were sent."""
    today = today or timezone.localdate()
    week = today - timedelta(days=today.weekday())
    sent = 0
    for user in User.objects.filter(is_active=True, weekly_digest=True):
        scope = scope_of(user)
        if not (scope.national_admin or scope.coordinated_regions):
            continue
        regions = (
            Region.objects.all()
            if scope.national_admin
            else Region.objects.filter(pk__in=scope.coordinated_regions)
        )
        steps = coordinator_steps(regions, today)
        published = list(
            Report.objects.filter(
                status=Report.Status.SIGNED,
                signed_at__date__gte=week - timedelta(days=7),
                signed_at__date__lt=week,
                review__site__region__in=regions,
            )
            .select_related("review__site")
            .order_by("signed_at")
        )
        if not (steps or published):
            continue
        try:
            with transaction.atomic():
                DigestSent.objects.create(user=user, week=week)
                mail_address(
                    to=user.email,
                    language=user.language,
                    template="reviews/email/weekly_digest",
                    context={
                        "recipient": user,
                        "steps": steps,
                        "published": published,
                        "home": settings.SITE_URL + reverse("home"),
                    },
                )
        except IntegrityError:
            continue  # this week's digest has gone out already
        sent += 1
    return sent
