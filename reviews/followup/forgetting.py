"""Forgetting on time: a review's personal data is deleted some weeks after publication.

What goes: every reviewer's evidence notes and the site's pre-visit notes,
also from the audit history. What stays: scores, data sources, the pre-visit
numbers, the report text and the signed PDF. A `PersonalDataDeletion` row
records that it happened and when; it is written in the same transaction,
under the review's row lock, so a second run (or two at once) does nothing.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from ipsfidelity.audit import erase_from_history
from reviews.followup import timing
from reviews.followup.models import PersonalDataDeletion
from reviews.rating.models import PreVisitData, Rating, Review
from reviews.reports.models import Report
from sites.models import RegionPolicy

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Forgotten:
    review_id: int
    evidence_notes: int
    previsit_notes: bool
    history_events: int


def forget_personal_data(*, now: datetime | None = None) -> list[Forgotten]:
    """Delete the personal data of every published review whose time has come."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    policies = {p.region_id: p for p in RegionPolicy.objects.all()}
    published = (
        Report.objects.filter(
            signed_at__isnull=False,
            review__status=Review.Status.PUBLISHED,
            review__personal_data_deletion__isnull=True,
        )
        .values("review_id", "review__site__region_id")
        .annotate(at=Min("signed_at"))
    )
    done = []
    for row in published:
        policy = policies.get(row["review__site__region_id"])
        weeks = policy.personal_data_weeks if policy else timing.DEFAULT_PERSONAL_DATA_WEEKS
        if timing.forget_on(timezone.localdate(row["at"]), weeks) <= today:
            forgotten = _forget(row["review_id"], now)
            if forgotten is not None:
                done.append(forgotten)
    return done


@transaction.atomic
def _forget(review_id: int, now: datetime) -> Forgotten | None:
    review = Review.objects.select_for_update().get(pk=review_id)
    if PersonalDataDeletion.objects.filter(review=review).exists():
        return None  # another run was first
    ratings = Rating.objects.filter(review=review)
    evidence = ratings.exclude(evidence="").update(evidence="")
    previsit = PreVisitData.objects.filter(review=review).exclude(notes="").update(notes="") > 0
    # The blanking above is itself recorded as events with empty evidence;
    # the earlier events still hold the notes.
    history = erase_from_history(Rating, fields={"evidence": ""}, review_id=review.pk)
    PersonalDataDeletion.objects.create(
        review=review,
        deleted_at=now,
        evidence_notes=evidence,
        previsit_notes=previsit,
        history_events=history,
    )
    logger.info(
        "Personal data of review %s deleted: %s evidence notes, pre-visit notes %s, "
        "%s audit history entries cleared.",
        review.pk,
        evidence,
        "deleted" if previsit else "none",
        history,
    )
    return Forgotten(review.pk, evidence, previsit, history)
