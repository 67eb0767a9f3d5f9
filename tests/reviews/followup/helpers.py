"""A published review made quickly: the workflow up to sign-off, then the signed report's
record as the report task leaves it (the PDF itself is the reports part's tests' business)."""

import hashlib
from datetime import date, datetime, timedelta

from django.utils import timezone

from reviews.rating.models import Review
from tests import factories

# Items 1-3 weakest, then 4s, the last ones 5.
SCORES = [2, 3, 2] + [4] * 8 + [3] + [4] * 7 + [5] * 6


def published_review(
    site, reviewer_a, reviewer_b, *, visit: date, signed_at: datetime, scores=SCORES
) -> Review:
    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    Review.objects.filter(pk=review.pk).update(
        visit_start=visit, visit_end=visit + timedelta(days=1), due_from=visit, due_by=visit
    )
    review.refresh_from_db()
    factories.ready_report(review, reviewer_a, reviewer_b, consensus=list(scores))
    review.reports.create(
        version=1,
        status="signed",
        language="nb",
        verification_code=f"T{review.pk:05d}-FOLLW",
        sha256=hashlib.sha256(str(review.pk).encode()).hexdigest(),
        signed_at=signed_at,
        total=sum(scores),
    )
    Review.objects.filter(pk=review.pk).update(status=Review.Status.PUBLISHED)
    review.refresh_from_db()
    return review


def at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12, 0))
