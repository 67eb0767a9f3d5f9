"""The steps of a self-assessment: start it, score it together, publish it.

A site scores itself on the same scale as its external reviews. The site
leader who starts it chooses who scores (leaders of the site); they fill one
shared set of scores with notes, no blind pairing and no signature, and one of
them publishes it. The scores are `ConsensusScore`s marked `self_assessed`, so
the site's trend, the research export and the API read them like any other
published scores; the cadence and the national figures count external reviews
only.

    start -> rating (shared scores, autosave) -> published
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ipsfidelity.text import without_bidi_controls
from reviews.rating import summaries
from reviews.rating.models import ConsensusScore, Review
from reviews.rating.services import (
    ConsensusConflict,
    NotAllowed,
    WorkflowError,
    check_item_score,
    lock_for_step,
    update_consensus_score,
)
from reviews.scale.models import ScaleItem
from reviews.scale.selectors import scale_for_site
from reviews.self_assessment.models import SelfAssessor
from sites import permissions
from sites.models import Membership, Role, Site


def site_leaders(site: Site):
    """The people who may score the site's self-assessments: its leaders."""
    leading = Membership.objects.filter(role=Role.SITE_LEADER, site=site).values("user_id")
    return get_user_model().objects.filter(pk__in=leading, is_active=True).order_by("full_name")


@transaction.atomic
def self_assessment_start(*, actor, site: Site, scorers: Iterable = ()) -> Review:
    """Start a self-assessment of the site on the scale its external reviews use.

    The starting leader always scores; `scorers` adds other leaders of the site.
    """
    if not permissions.can_start_self_assessment(actor, site):
        raise NotAllowed(_("Only the site's leaders can start a self-assessment of it."))
    allowed = set(site_leaders(site).values_list("pk", flat=True))
    chosen = {actor.pk, *(user.pk for user in scorers)}
    if chosen - allowed:
        raise WorkflowError(_("Only leaders of the site can score its self-assessment."))
    scale = scale_for_site(site)
    if scale is None:
        raise WorkflowError(
            _(
                "No fidelity scale is chosen for this site: none is loaded for the target "
                "group “%(group)s”, or several are and the coordinator has not chosen one."
            )
            % {"group": site.get_target_group_display()}
        )
    today = timezone.localdate()
    try:
        with transaction.atomic():
            review = Review.objects.create(
                site=site,
                scale=scale,
                kind=Review.Kind.SELF_ASSESSMENT,
                status=Review.Status.RATING,
                due_from=today,
                due_by=today,
                visit_start=today,
                visit_end=today,
            )
    except IntegrityError:
        raise WorkflowError(
            _("This site already has a self-assessment in progress: finish that one first.")
        ) from None
    SelfAssessor.objects.bulk_create(
        SelfAssessor(review=review, user_id=user_id, chosen_by=actor) for user_id in sorted(chosen)
    )
    return review


@transaction.atomic
def self_assessment_score(
    *,
    actor,
    review: Review,
    item: ScaleItem,
    score: int,
    note: str,
    expected_version: int | None,
) -> ConsensusScore:
    """Save the shared score of one item, with the site's note.

    expected_version is the version the form was loaded with (None: no score
    yet); a save over someone else's newer one is refused (ConsensusConflict).
    The person's own newer save is no conflict: the page saves each change as it
    is made, and a second change may leave before the first one's answer is back.
    """
    review = lock_for_step(
        permissions.can_score_self_assessment,
        actor,
        review,
        gettext_lazy("You cannot change the scores of this self-assessment."),
    )
    check_item_score(review, item, score)
    note = without_bidi_controls(note.strip())
    current = (
        ConsensusScore.objects.select_related("updated_by").filter(review=review, item=item).first()
    )
    if current is None:
        if expected_version is not None:
            raise WorkflowError(_("This score no longer exists. Reload the page."))
        return ConsensusScore.objects.create(
            review=review,
            item=item,
            score=score,
            rationale=note,
            self_assessed=True,
            updated_by=actor,
        )
    if expected_version != current.version and current.updated_by_id != actor.pk:
        raise ConsensusConflict(current)
    return update_consensus_score(current, actor=actor, score=score, rationale=note)


@transaction.atomic
def self_assessment_publish(*, actor, review: Review) -> Review:
    """Publish the self-assessment once every item has a score; it is final after that."""
    review = lock_for_step(
        permissions.can_score_self_assessment,
        actor,
        review,
        gettext_lazy("This self-assessment cannot be published now."),
    )
    scored = set(review.consensus_scores.values_list("item_id", flat=True))
    missing = [item for item in review.scale.items.order_by("number") if item.pk not in scored]
    if missing:
        raise WorkflowError(
            _("Score every item before you publish. Missing: %(items)s.")
            % {"items": ", ".join(str(item.number) for item in missing)}
        )
    review.status = Review.Status.PUBLISHED
    review.visit_end = max(timezone.localdate(), review.visit_start or timezone.localdate())
    review.save(update_fields=["status", "visit_end", "updated_at"])
    # Every published review has its summary; the national figures still count
    # external reviews only.
    summaries.refresh_summaries([review.pk])
    return review
