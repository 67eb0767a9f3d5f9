"""The API's tests: reviews and reports at the states the API shows (the `api` client
that calls with a fresh token is in tests/conftest.py, shared with the token tests)."""

import secrets
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from reviews.rating.models import ConsensusScore, Review
from reviews.reports.models import Report
from tests import factories


def earlier_review(site, *, visit: date, scores: list[int] | int = 4, team=None) -> Review:
    """A published review from earlier records, with its consensus scores."""
    scale = factories.ips25()
    items = list(scale.items.order_by("number"))
    if isinstance(scores, int):
        scores = [scores] * len(items)
    review = factories.ReviewFactory(
        site=site,
        team=team,
        scale=scale,
        status=Review.Status.PUBLISHED,
        imported_at=timezone.now(),
        visit_start=visit,
        visit_end=visit,
        due_from=visit - timedelta(days=30),
        due_by=visit + timedelta(days=30),
    )
    ConsensusScore.objects.bulk_create(
        ConsensusScore(review=review, item=item, score=score, imported=True)
        for item, score in zip(items, scores, strict=True)
    )
    return review


def report_of(review: Review, *, version=1, status=Report.Status.SIGNED, **fields) -> Report:
    """A report row as the report task leaves it; a signed one has a stand-in file (the API
    reads the record, and hands the file over as it is)."""
    signed = status == Report.Status.SIGNED
    if signed and "pdf" not in fields:
        fields["pdf"] = ContentFile(b"%PDF-1.7 stand-in", name=f"report-{review.pk}-{version}.pdf")
    return Report.objects.create(
        review=review,
        version=version,
        status=status,
        language="nb",
        verification_code=secrets.token_hex(6).upper(),
        sha256=secrets.token_hex(32) if signed else "",
        signed_at=timezone.now() if signed else None,
        correction_reason="" if version == 1 else "Feil i punkt 3",
        **fields,
    )
