"""The rating steps of a review: pre-visit data, ratings, consensus.

Each function takes the acting user explicitly, checks that they may take
the step (the rules live in sites.permissions), locks the review row so two
steps never interleave, and raises WorkflowError with a message for the
user when the step is not possible. Mail goes out after commit. The steps
before (planning, scheduling) and after (the report) live in their parts and
use the same lock and errors from here.

    planned -> scheduled -> rating -> consensus -> report -> signed -> published
                                  ^                                    |
                                  +------ correction (new version) ----+
"""

from collections.abc import Callable, Iterable, Mapping

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ipsfidelity.accounts.models import User
from ipsfidelity.privacy import contains_national_identity_number
from ipsfidelity.text import without_bidi_controls
from reviews.rating import notifications
from reviews.rating.models import ConsensusScore, PreVisitData, Rating, Review
from reviews.scale.models import DataSource, ScaleItem
from reviews.scoring import MAX_SCORE, InvalidScore, validate_score
from sites import permissions


class WorkflowError(Exception):
    """A step that cannot be taken; the message is meant for the user."""

    status_code = 400


class NotAllowed(WorkflowError):
    status_code = 403


class IncompleteRatings(WorkflowError):
    def __init__(self, missing: list[ScaleItem]) -> None:
        self.missing = missing
        listed = ", ".join(f"{item.number}. {item.name}" for item in missing)
        super().__init__(
            _("Score every item before you submit. Missing: %(items)s.") % {"items": listed}
        )


class ConsensusConflict(WorkflowError):
    """Someone saved the item since the form was loaded; nothing was changed."""

    status_code = 409

    def __init__(self, current: ConsensusScore) -> None:
        self.current = current
        super().__init__(
            _(
                "%(name)s changed this item while you were editing. Their version is shown; "
                "your text is kept below so you can save again."
            )
            % {"name": current.updated_by or _("The co-reviewer")}
        )


class RatingConflict(WorkflowError):
    """The reviewer saved this item since the change was made (another tab or device);
    nothing was changed, and both versions go back to be chosen between."""

    status_code = 409

    def __init__(self, current: Rating) -> None:
        self.current = current
        super().__init__(
            _(
                "You changed this item in another tab or on another device after this "
                "change was made. Choose which to keep."
            )
        )


def _locked(review: Review) -> Review:
    """Reload the review under a row lock, so concurrent steps happen one after another."""
    return Review.objects.select_for_update().select_related("scale", "site").get(pk=review.pk)


def lock_for_step(
    predicate: Callable[[User, Review], bool], actor: User, review: Review, message: str | Promise
) -> Review:
    """Lock the review row and check the actor may take this step on it.

    Every step of every part starts here, so two steps never interleave.
    """
    review = _locked(review)
    if not predicate(actor, review):
        raise NotAllowed(str(message))
    return review


def check_item_score(review: Review, item: ScaleItem, score: int | None) -> None:
    """Refuse an item from another scale, or a score that is not a whole number from 1 to 5
    (None is an item not scored yet)."""
    if item.scale_id != review.scale_id:
        raise WorkflowError(_("This item is not part of the review's scale."))
    if score is not None:
        try:
            validate_score(score)
        except InvalidScore:
            raise WorkflowError(_("A score is a whole number from 1 to 5.")) from None


def update_consensus_score(
    current: ConsensusScore, *, actor: User, **fields: object
) -> ConsensusScore:
    """Change a consensus score and count its version up, for the next save's conflict check.

    A queryset update skips pre_save, so free text is cleaned here.
    """
    fields = {
        name: without_bidi_controls(value) if isinstance(value, str) else value
        for name, value in fields.items()
    }
    ConsensusScore.objects.filter(pk=current.pk).update(
        **fields, updated_by=actor, updated_at=timezone.now(), version=F("version") + 1
    )
    current.refresh_from_db()
    return current


@transaction.atomic
def previsit_save(
    *,
    actor: User,
    review: Review,
    measurements: Mapping[str, float | None],
    components: Mapping[str, Iterable[int]],
    notes: str,
) -> PreVisitData:
    """Store the site's numbers; the suggested scores follow from them on every read."""
    review = lock_for_step(
        permissions.can_edit_previsit,
        actor,
        review,
        gettext_lazy("The pre-visit data can no longer be changed for this review."),
    )
    if contains_national_identity_number(notes):
        raise WorkflowError(
            _("The notes must not hold a national identity number; use initials or case numbers.")
        )
    data, _created = PreVisitData.objects.get_or_create(review=review)
    data.measurements = {k: v for k, v in measurements.items() if v is not None}
    data.components = {k: sorted(set(v)) for k, v in components.items()}
    data.notes = notes
    data.updated_by = actor
    data.save()
    return data


def rating_closed_message(review: Review) -> str:
    """Why a reviewer cannot rate this review now: not yet open, or no longer."""
    if review.visit_start is not None and review.visit_start > timezone.localdate():
        return _("Rating opens on the first visit day, %(day)s.") % {
            "day": date_format(review.visit_start, "DATE_FORMAT")
        }
    return _("You cannot change ratings of this review.")


@transaction.atomic
def rating_save(
    *,
    actor: User,
    review: Review,
    item: ScaleItem,
    score: int | None,
    evidence: str = "",
    data_sources: Iterable[str] = (),
    needs_follow_up: bool = False,
    expected_version: int | None = None,
) -> Rating:
    """Save one reviewer's own rating of one item (autosave: a score may still be empty).

    expected_version is the version of the rating the change was made on (0: there
    was none yet; None: not checked). If the reviewer has saved the item since, from
    another tab or device, RatingConflict carries the saved rating and nothing changes,
    unless the change is the very one already saved (an answer lost on the way back,
    and the change sent again).
    """
    review = lock_for_step(permissions.can_rate, actor, review, rating_closed_message(review))
    check_item_score(review, item, score)
    sources = list(dict.fromkeys(data_sources))
    if any(source not in DataSource.values for source in sources):
        raise WorkflowError(_("Unknown data source."))
    if contains_national_identity_number(evidence):
        raise WorkflowError(
            _("Evidence must not hold a national identity number; use initials or case numbers.")
        )
    fields = {
        "score": score,
        "evidence": without_bidi_controls(evidence.strip()),
        "data_sources": sources,
        "needs_follow_up": needs_follow_up,
    }
    # The review row lock above makes this read-then-write safe.
    rating = Rating.objects.filter(review=review, reviewer=actor, item=item).first()
    if rating is None:
        if expected_version:
            raise WorkflowError(_("This rating no longer exists. Reload the page."))
        rating = Rating.objects.create(review=review, reviewer=actor, item=item, **fields)
    elif all(getattr(rating, name) == value for name, value in fields.items()):
        return rating  # nothing new: the same change sent twice, or no change at all
    elif expected_version is not None and expected_version != rating.version:
        raise RatingConflict(rating)
    else:
        for name, value in fields.items():
            setattr(rating, name, value)
        rating.version += 1
        rating.save()
    if review.status == Review.Status.SCHEDULED:
        review.status = Review.Status.RATING
        review.save(update_fields=["status", "updated_at"])
    return rating


@transaction.atomic
def rating_submit(*, actor: User, review: Review) -> Review:
    """Submit all of one's ratings; when both reviewers have, consensus starts."""
    review = lock_for_step(
        permissions.can_rate,
        actor,
        review,
        gettext_lazy("You cannot submit ratings for this review."),
    )
    scored = set(
        Rating.objects.filter(review=review, reviewer=actor, score__isnull=False).values_list(
            "item_id", flat=True
        )
    )
    missing = [item for item in review.scale.items.order_by("number") if item.pk not in scored]
    if missing:
        raise IncompleteRatings(missing)
    now = timezone.now()
    if actor.pk == review.reviewer_a_id:
        review.submitted_a_at = now
    else:
        review.submitted_b_at = now
    if review.both_submitted:
        review.status = Review.Status.CONSENSUS
    elif review.status == Review.Status.SCHEDULED:
        review.status = Review.Status.RATING
    review.save()
    if review.both_submitted:
        notifications.consensus_ready(review=review)
    return review


@transaction.atomic
def consensus_save(
    *,
    actor: User,
    review: Review,
    item: ScaleItem,
    score: int,
    rationale: str,
    recommendation: str,
    expected_version: int | None,
) -> ConsensusScore:
    """Save the agreed score of one item.

    expected_version is the version the form was loaded with (None: there was
    no consensus score yet). If someone saved in between, ConsensusConflict
    carries their version and nothing changes.
    """
    review = lock_for_step(
        permissions.can_edit_consensus,
        actor,
        review,
        gettext_lazy("The consensus of this review cannot be changed now."),
    )
    check_item_score(review, item, score)
    recommendation = recommendation.strip()
    if score < MAX_SCORE and not recommendation:
        raise WorkflowError(_("Every item scored below 5 needs a recommendation."))
    # The review row lock above makes this read-then-write safe: a second
    # save of the same item waits here until the first has committed.
    current = (
        ConsensusScore.objects.select_related("updated_by").filter(review=review, item=item).first()
    )
    if current is None:
        if expected_version is not None:
            raise WorkflowError(_("This consensus score no longer exists. Reload the page."))
        _clear_consensus_mark(review)
        return ConsensusScore.objects.create(
            review=review,
            item=item,
            score=score,
            rationale=rationale.strip(),
            recommendation=recommendation,
            updated_by=actor,
        )
    if expected_version != current.version:
        raise ConsensusConflict(current)
    if (score, rationale.strip(), recommendation) != (
        current.score,
        current.rationale,
        current.recommendation,
    ):
        _clear_consensus_mark(review)
    return update_consensus_score(
        current,
        actor=actor,
        score=score,
        rationale=rationale.strip(),
        recommendation=recommendation,
        # A priority is a recommendation chosen: without one it is no priority.
        priority=current.priority if recommendation else None,
    )


@transaction.atomic
def consensus_accept_agreed(*, actor: User, review: Review) -> int:
    """Give every item both reviewers scored 5 that score as its consensus. Items agreed
    below 5 wait for the reviewers' own recommendation (the page has their score filled
    in); items that already have a consensus score are left as they are. Returns how
    many were accepted."""
    review = lock_for_step(
        permissions.can_edit_consensus,
        actor,
        review,
        gettext_lazy("The consensus of this review cannot be changed now."),
    )
    already = set(review.consensus_scores.values_list("item_id", flat=True))
    accepted = [
        ConsensusScore(review=review, item_id=item_id, score=score, updated_by=actor)
        for item_id, score in agreed_scores(review).items()
        if score == MAX_SCORE and item_id not in already
    ]
    ConsensusScore.objects.bulk_create(accepted)
    if accepted:
        _clear_consensus_mark(review)
    return len(accepted)


def agreed_scores(review: Review) -> dict[int, int]:
    """Item id -> score, for the items both reviewers gave the same score."""
    by_item: dict[int, dict[int, int]] = {}
    for rating in Rating.objects.filter(review=review, score__isnull=False).only(
        "item_id", "reviewer_id", "score"
    ):
        by_item.setdefault(rating.item_id, {})[rating.reviewer_id] = rating.score or 0
    first, second = review.reviewer_a_id, review.reviewer_b_id
    if first is None or second is None:
        return {}
    return {
        item_id: scores[first]
        for item_id, scores in by_item.items()
        if first in scores and scores.get(second) == scores[first]
    }


def _clear_consensus_mark(review: Review) -> None:
    """A change to the consensus asks both reviewers to say again that it is complete."""
    if review.consensus_marked_by_id is not None:
        review.consensus_marked_by = None
        review.consensus_marked_at = None
        review.save(update_fields=["consensus_marked_by", "consensus_marked_at", "updated_at"])


@transaction.atomic
def consensus_complete(*, actor: User, review: Review) -> Review:
    """One reviewer marks the consensus complete; when the other confirms, the scores
    are final and the report text starts from them."""
    review = lock_for_step(
        permissions.can_edit_consensus,
        actor,
        review,
        gettext_lazy("The consensus of this review cannot be completed now."),
    )
    agreed = {c.item_id: c for c in review.consensus_scores.select_related("item")}
    missing = [item for item in review.scale.items.order_by("number") if item.pk not in agreed]
    if missing:
        listed = ", ".join(str(item.number) for item in missing)
        raise WorkflowError(
            _("Agree a score for every item first. Missing: %(items)s.") % {"items": listed}
        )
    if review.consensus_marked_by_id is None:
        review.consensus_marked_by = actor
        review.consensus_marked_at = timezone.now()
        review.save(update_fields=["consensus_marked_by", "consensus_marked_at", "updated_at"])
        notifications.consensus_marked_complete(review=review, marked_by=actor)
        return review
    if review.consensus_marked_by_id == actor.pk:
        raise WorkflowError(
            _("You have marked the consensus complete; your co-reviewer confirms it.")
        )
    review.consensus_marked_by = None
    review.consensus_marked_at = None
    review.status = Review.Status.REPORT
    review.save()
    return review
