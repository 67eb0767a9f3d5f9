"""Reads for each person's home page and the paged list of open reviews, within the user's
scope, and the reviewer whose calendar feed a token names."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from reviews import states
from reviews.planning.models import PlannerProposal
from reviews.rating.models import Review
from reviews.rating.selectors import review_list
from sites.models import ReviewerProfile

# A home page shows the first few of each list, with the count and a link to the whole list.
HOME_ROWS = 10
UPCOMING_DAYS = 30
# Past signing, a review waits only for the report task: nothing is late any more.

LISTS = ("open", "mine", "overdue", "upcoming")


@dataclass
class Preview:
    """The first rows of a list and how many there are in all."""

    show: str
    rows: list[Review]
    count: int


def open_reviews(*, user, show: str, today: date, search: str = "") -> QuerySet[Review]:
    """The user's open reviews: all, their own (as reviewer), past their due window, or with a
    visit in the coming UPCOMING_DAYS; with `search`, only those of sites matching it."""
    reviews = review_list(user=user, open_only=True)
    if show == "mine":
        reviews = reviews.filter(Q(reviewer_a=user) | Q(reviewer_b=user))
    elif show == "overdue":
        reviews = reviews.filter(status__in=states.BEFORE_SIGNING, due_by__lt=today)
    elif show == "upcoming":
        reviews = reviews.filter(
            visit_start__gte=today, visit_start__lte=today + timedelta(days=UPCOMING_DAYS)
        ).order_by("visit_start", "site__name", "pk")
    search = search.strip()
    if search:
        reviews = reviews.filter(
            Q(site__name__icontains=search)
            | Q(site__code__icontains=search)
            | Q(site__municipality__icontains=search)
        )
    return reviews


def preview(*, user, show: str, today: date) -> Preview:
    reviews = open_reviews(user=user, show=show, today=today)
    return Preview(show=show, rows=list(reviews[:HOME_ROWS]), count=reviews.count())


def calendar_feed_profile(token: str) -> ReviewerProfile | None:
    """The active person whose calendar feed this secret token names, if any
    (whether they may still have it is sites.permissions.can_use_calendar_feed)."""
    if not token:
        return None
    return (
        ReviewerProfile.objects.select_related("user")
        .filter(calendar_token=token, user__is_active=True)
        .first()
    )


def proposal_of(review: Review) -> PlannerProposal | None:
    """The planner's proposal for this review, if it made one."""
    try:
        return review.planner_proposal
    except PlannerProposal.DoesNotExist:
        return None


def proposed_reviewers(review: Review) -> list[int]:
    """The pair the planner suggests for this review (empty: none, or withdrawn)."""
    proposal = proposal_of(review)
    return proposal.reviewer_ids if proposal else []
