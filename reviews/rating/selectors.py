"""Reads for review pages, always within the user's scope and the blind-rating rule."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import translation

from ipsfidelity.accounts.models import User
from ipsfidelity.accounts.people import Person
from reviews import states
from reviews.rating.models import ConsensusScore, PreVisitData, Rating, Review
from reviews.scale.models import FidelityScale, ScaleItem, ScaleSection
from reviews.scale.selectors import scale_sections, scale_spec, score_sheet
from reviews.scoring import (
    MAX_SCORE,
    Agreement,
    BandSpec,
    ComponentResult,
    ScoreSheet,
    SectionSubtotal,
    Suggestion,
    completeness,
    component_results,
    inter_rater_agreement,
    section_subtotals,
    suggest_for_item,
    total_score,
)
from reviews.states import ReportStatus
from sites.permissions import can_view_all_ratings, get_visible_or_404, review_scope


def reviews_visible_to(user: Person) -> QuerySet[Review]:
    return Review.objects.filter(review_scope(user))


def review_list(*, user: Person, open_only: bool = False) -> QuerySet[Review]:
    reviews = reviews_visible_to(user).select_related(
        "site", "site__region", "team", "scale", "reviewer_a", "reviewer_b"
    )
    if open_only:
        reviews = reviews.filter(status__in=states.OPEN)
    return reviews.order_by("due_by", "site__name")


def published_total() -> Coalesce:
    """A published review's total, as an expression on the review row.

    The total its current signed report states; for a review from before this
    app (imported, no report), the sum of its consensus scores. Reports are
    reached through the relation: they sit above this part.
    """
    # No ordering: the review's default one would join its site for every row.
    signed = (
        Review.objects.filter(
            pk=OuterRef("pk"),
            reports__status=ReportStatus.SIGNED,
            reports__superseded_by__isnull=True,
        )
        .order_by()
        .values("reports__total")[:1]
    )
    consensus = (
        ConsensusScore.objects.filter(review=OuterRef("pk"))
        .values("review")
        .annotate(total=Sum("score"))
        .values("total")[:1]
    )
    return Coalesce(Subquery(signed), Subquery(consensus))


def published_with_totals() -> QuerySet[Any]:  # Reviews, each with its `total`
    """Published reviews, live and imported, each with its `total`."""
    return Review.objects.filter(status=Review.Status.PUBLISHED).annotate(total=published_total())


def review_detail(
    *, user: Person, pk: int, require: Callable[[Person, Review], bool] | None = None
) -> Review:
    """A review in the user's scope; with `require`, also one the predicate allows (else 404)."""
    review = get_visible_or_404(
        reviews_visible_to(user).select_related(
            "site", "site__region", "team", "scale", "reviewer_a", "reviewer_b"
        ),
        pk=pk,
    )
    if require is not None and not require(user, review):
        raise Http404
    return review


def previsit_of(review: Review) -> PreVisitData | None:
    return PreVisitData.objects.filter(review=review).select_related("updated_by").first()


def suggestions_for(items: list[ScaleItem], previsit: PreVisitData | None) -> dict[int, Suggestion]:
    """Suggested scores by item id, from the site's pre-visit numbers."""
    if previsit is None:
        return {}
    result = {}
    for item in items:
        if item.threshold:
            suggestion = suggest_for_item(
                item.threshold, previsit.measurements, previsit.components
            )
            if suggestion is not None:
                result[item.pk] = suggestion
    return result


@dataclass(frozen=True)
class PreviousItem:
    """One item at the site's previous review: its consensus score, the recommendation,
    and how far the site's action on it came (empty when the plan did not take it up)."""

    score: int
    recommendation: str
    action_status: str = ""
    action_status_label: str = ""


@dataclass(frozen=True)
class PreviousAction:
    """One action of the site's plan after the previous review, as the report's
    follow-up shows it."""

    item: ScaleItem
    goal: str
    status_label: str
    notes: str


@dataclass(frozen=True)
class PlanRemark:
    """A comment on the previous plan by one of its reviewers."""

    author: str
    text: str


@dataclass
class PreviousReview:
    review: Review
    items: dict[int, PreviousItem]  # by item number
    has_plan: bool
    actions: list[PreviousAction] = field(default_factory=list)
    remarks: list[PlanRemark] = field(default_factory=list)

    def not_in_plan(self) -> list[int]:
        """Item numbers scored below 5 then that the site's plan did not take up."""
        planned = {action.item.number for action in self.actions}
        return sorted(
            number
            for number, earlier in self.items.items()
            if earlier.score < MAX_SCORE and number not in planned
        )

    def rows(self, items: Iterable[ScaleItem]) -> list[tuple[ScaleItem, PreviousItem]]:
        """(item, previous) for the given items that the previous review scored below 5."""
        return [
            (item, self.items[item.number])
            for item in items
            if item.number in self.items and self.items[item.number].score < MAX_SCORE
        ]


def previous_review_of(review: Review) -> Review | None:
    """The same site's (or team's) last published external review before this one."""
    before = review.visit_start or review.due_by
    return (
        Review.objects.filter(
            site_id=review.site_id,
            team=review.team,
            scale__code=review.scale.code,
            kind=Review.Kind.EXTERNAL,
            status=Review.Status.PUBLISHED,
            visit_start__lt=before,
        )
        .exclude(pk=review.pk)
        .order_by("-visit_start", "-pk")
        .first()
    )


def previous_follow_up(review: Review) -> PreviousReview | None:
    """What the previous review found and recommended per item, and the status of the
    site's action on it. The action plan sits above this part: it is read through its
    relation names (review.action_plan, plan.actions)."""
    previous = previous_review_of(review)
    if previous is None:
        return None
    # A missing reverse one-to-one raises an AttributeError subclass.
    plan = getattr(previous, "action_plan", None)
    actions = {a.item.number: a for a in plan.actions.select_related("item")} if plan else {}
    items = {}
    for consensus in ConsensusScore.objects.filter(review=previous).select_related("item"):
        number = consensus.item.number
        action = actions.get(number)
        items[number] = PreviousItem(
            score=consensus.score,
            recommendation=consensus.recommendation,
            action_status=action.status if action else "",
            action_status_label=str(action.get_status_display()) if action else "",
        )
    # The reviewers' remarks (then and now), not the site's own notes on its plan.
    reviewers = {
        previous.reviewer_a_id,
        previous.reviewer_b_id,
        review.reviewer_a_id,
        review.reviewer_b_id,
    }
    return PreviousReview(
        review=previous,
        items=items,
        has_plan=plan is not None,
        actions=[
            PreviousAction(
                item=action.item,
                goal=action.goal,
                status_label=str(action.get_status_display()),
                notes=action.notes,
            )
            for action in sorted(actions.values(), key=lambda a: a.item.number)
        ],
        remarks=[
            PlanRemark(author=str(comment.author), text=comment.text)
            for comment in (
                plan.comments.select_related("author").order_by("created_at") if plan else []
            )
            if comment.author_id in reviewers
        ],
    )


@dataclass
class ItemRow:
    item: ScaleItem
    rating: Rating | None
    suggestion: Suggestion | None
    previous: PreviousItem | None = None


@dataclass
class SectionRows:
    section: ScaleSection
    rows: list[ItemRow]


@dataclass
class RatingWorkspace:
    review: Review
    sections: list[SectionRows]
    previsit: PreVisitData | None
    scored: int
    item_count: int
    submitted_at: object = None
    previous: PreviousReview | None = None


def rating_workspace(*, user: User, review: Review) -> RatingWorkspace:
    """Everything the rating page shows, in a fixed number of queries.

    Only the user's own ratings are read: the co-reviewer's are never loaded
    for this page, whatever the state of the review.
    """
    sections = scale_sections(review.scale)
    own = {r.item_id: r for r in Rating.objects.filter(review=review, reviewer=user)}
    previsit = previsit_of(review)
    items = [item for section in sections for item in section.items.all()]
    suggestions = suggestions_for(items, previsit)
    previous = previous_follow_up(review)
    earlier = previous.items if previous else {}
    return RatingWorkspace(
        review=review,
        previous=previous,
        sections=[
            SectionRows(
                section=section,
                rows=[
                    ItemRow(
                        item, own.get(item.pk), suggestions.get(item.pk), earlier.get(item.number)
                    )
                    for item in section.items.all()
                ],
            )
            for section in sections
        ],
        previsit=previsit,
        scored=sum(1 for r in own.values() if r.score is not None),
        item_count=len(items),
        submitted_at=review.submitted_at(user),
    )


def rating_progress(*, user: User, review: Review) -> tuple[int, int]:
    """(items the user has scored, items in the scale)."""
    scored = Rating.objects.filter(review=review, reviewer=user, score__isnull=False).count()
    return scored, review.scale.item_count


def reports_and_reminders(*, review: Review) -> tuple[QuerySet[Any], QuerySet[Any]]:
    """The review's report versions, newest first, and the reminders sent about it,
    through its relations (reports and planning sit above rating)."""
    return (
        review.reports.select_related("superseded_by").order_by("-version"),
        review.reminders.select_related("recipient").order_by("-sent_at"),
    )


def reviewers_progress(*, review: Review) -> list[tuple[User, int, datetime | None]]:
    """(reviewer, items scored, submitted at) for each assigned reviewer: how far each
    has come, never which scores, for the coordinator."""
    counts = dict(
        Rating.objects.filter(review=review, score__isnull=False)
        .values_list("reviewer_id")
        .annotate(n=Count("id"))
    )
    return [
        (reviewer, counts.get(reviewer.pk, 0), review.submitted_at(reviewer))
        for reviewer in review.reviewers
    ]


@dataclass
class ConsensusRow:
    item: ScaleItem
    rating_a: Rating | None
    rating_b: Rating | None
    consensus: ConsensusScore | None

    @property
    def gap(self) -> int | None:
        if self.rating_a is None or self.rating_b is None:
            return None
        if self.rating_a.score is None or self.rating_b.score is None:
            return None
        return abs(self.rating_a.score - self.rating_b.score)

    @property
    def agreed_score(self) -> int | None:
        """The score both reviewers gave, if they gave the same."""
        return self.rating_a.score if self.gap == 0 and self.rating_a else None


@dataclass
class ScoreSummary:
    """Live subtotals and, once every item is scored, the total and the band; and each
    component's total and band (one for a scale without components, whose band is
    the whole scale's; a scale in components has no band of the whole)."""

    subtotals: list[tuple[ScaleSection, SectionSubtotal]]
    scored: int
    item_count: int
    total: int | None = None
    band: BandSpec | None = None
    max_total: int = 0
    components: tuple[ComponentResult, ...] = ()

    @property
    def in_components(self) -> bool:
        return len(self.components) > 1


@dataclass
class ConsensusTable:
    review: Review
    rows: list[ConsensusRow]
    summary: ScoreSummary
    agreement: Agreement | None = None
    sections: list[ScaleSection] = field(default_factory=list)


def summarise(
    scale: FidelityScale, sections: list[ScaleSection], scores: dict[int, int]
) -> ScoreSummary:
    spec = scale_spec(scale, sections)
    sheet = score_sheet(scale, scores)
    state = completeness(spec, sheet)
    summary = ScoreSummary(
        subtotals=list(zip(sections, section_subtotals(spec, sheet), strict=True)),
        scored=state.scored,
        item_count=state.item_count,
        max_total=spec.max_total,
    )
    if state.complete:
        summary.total = total_score(spec, sheet)
        summary.components = component_results(spec, sheet)
        if len(summary.components) == 1:
            summary.band = summary.components[0].band
    return summary


def consensus_table(*, user: Person, review: Review) -> ConsensusTable:
    """Both reviewers' scores side by side, disagreements first (largest gap first).

    Refuses (404) unless the user may see both reviewers' ratings.
    """
    if not can_view_all_ratings(user, review):
        raise Http404
    return review_scores(review)


def review_scores(review: Review) -> ConsensusTable:
    """Both reviewers' ratings and the consensus, for a review whose ratings may be read.

    No scope check: the caller has made it (consensus_table) or acts for the
    system after sign-off (the report renderer).
    """
    sections = scale_sections(review.scale)
    items = [item for section in sections for item in section.items.all()]
    ratings = Rating.objects.filter(review=review)
    by_reviewer: dict[int | None, dict[int, Rating]] = {
        review.reviewer_a_id: {},
        review.reviewer_b_id: {},
    }
    for rating in ratings:
        by_reviewer.setdefault(rating.reviewer_id, {})[rating.item_id] = rating
    agreed = {
        c.item_id: c
        for c in ConsensusScore.objects.filter(review=review).select_related("updated_by")
    }
    rows = [
        ConsensusRow(
            item=item,
            rating_a=by_reviewer[review.reviewer_a_id].get(item.pk),
            rating_b=by_reviewer[review.reviewer_b_id].get(item.pk),
            consensus=agreed.get(item.pk),
        )
        for item in items
    ]
    rows.sort(key=lambda row: (-(row.gap or 0), row.item.number))
    summary = summarise(
        review.scale,
        sections,
        {row.item.number: row.consensus.score for row in rows if row.consensus},
    )
    return ConsensusTable(
        review=review,
        rows=rows,
        summary=summary,
        agreement=agreement_of(review, sections, by_reviewer),
        sections=sections,
    )


def agreement_of(
    review: Review, sections: list[ScaleSection], by_reviewer: dict[int | None, dict[int, Rating]]
) -> Agreement | None:
    items = {item.pk: item.number for section in sections for item in section.items.all()}

    def sheet_of(reviewer_id: int | None) -> ScoreSheet:
        return score_sheet(
            review.scale,
            {
                items[item_id]: rating.score
                for item_id, rating in by_reviewer.get(reviewer_id, {}).items()
                if rating.score is not None
            },
        )

    spec = scale_spec(review.scale, sections)
    sheet_a, sheet_b = sheet_of(review.reviewer_a_id), sheet_of(review.reviewer_b_id)
    if not (completeness(spec, sheet_a).complete and completeness(spec, sheet_b).complete):
        return None
    return inter_rater_agreement(spec, sheet_a, sheet_b)


def consensus_by_item(*, review: Review) -> list[tuple[ScaleItem, int | None]]:
    """Every item of the review's scale in order, with its consensus score (or None)."""
    scores = dict(ConsensusScore.objects.filter(review=review).values_list("item_id", "score"))
    return [(item, scores.get(item.pk)) for item in review.scale.items.order_by("number")]


def consensus_summary(*, review: Review) -> ScoreSummary:
    sections = scale_sections(review.scale)
    scores = dict(ConsensusScore.objects.filter(review=review).values_list("item__number", "score"))
    return summarise(review.scale, sections, scores)


def next_anchor_hints(
    review: Review, items: Iterable[ScaleItem] | None = None
) -> dict[int, dict[str, str]]:
    """Item id -> {score as text, as a template has it: what the next score up asks
    for}, for scores 1 to 4: the hint beside a recommendation the reviewers write."""
    items = items if items is not None else review.scale.items.prefetch_related("anchors")
    return {
        item.pk: {str(score): next_anchor(item, score, review) for score in range(1, 5)}
        for item in items
    }


def next_anchor(item: ScaleItem, score: int, review: Review) -> str:
    """The scale's words for the next score up, in the site's report language (the
    language the reviewers write the report in). Empty for a 5."""
    anchor = next((a for a in item.anchors.all() if a.score == score + 1), None)
    if score >= MAX_SCORE or anchor is None:
        return ""
    with translation.override(review.site.report_language):
        return anchor.translated("text")
