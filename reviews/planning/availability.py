"""Who is free for a visit: each reviewer's leave over the visit days and their load,
for the scheduling page (before saving) and the scheduling step (which refuses a clash).

One place says it, so the page and the step never disagree: a clash is any period of
leave that shares a day with the visit (scheduling.overlaps, the rule the planner's
proposal uses too), for each of the two reviewers.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ipsfidelity.accounts.models import User
from reviews.planning.planner import leave_ahead, open_review_loads
from reviews.planning.scheduling import Period, overlaps
from sites.models import DEFAULT_REVIEWS_PER_YEAR, ReviewerProfile


@dataclass
class Availability:
    """One reviewer for the chosen visit days: leave over them, and their load."""

    reviewer: User
    clashes: list[tuple[date, date]] = field(default_factory=list)
    open_reviews: int = 0
    capacity: int = 0

    def clash_messages(self) -> list[str]:
        return [
            _("%(name)s is on leave from %(first)s to %(last)s, over a day of the visit.")
            % {
                "name": self.reviewer,
                "first": date_format(first, "SHORT_DATE_FORMAT"),
                "last": date_format(last, "SHORT_DATE_FORMAT"),
            }
            for first, last in self.clashes
        ]

    def note(self) -> str:
        """What a reviewer list says after the name."""
        parts = [
            _("%(open)s open of %(capacity)s a year")
            % {"open": self.open_reviews, "capacity": self.capacity}
        ]
        if self.clashes:
            parts.append(_("on leave over the visit"))
        return " · ".join(parts)


def availability(
    reviewers: Iterable[User], visit_start: date | None, visit_end: date | None
) -> dict[int, Availability]:
    """Each reviewer's leave over the visit (none when the days are not chosen yet) and
    load, in three queries whatever the number of reviewers."""
    reviewers = list(reviewers)
    ids = [reviewer.pk for reviewer in reviewers]
    loads = open_review_loads(timezone.localdate())
    capacity = dict(
        ReviewerProfile.objects.filter(user_id__in=ids).values_list("user_id", "reviews_per_year")
    )
    leave = leave_ahead(visit_start, ids) if visit_start and visit_end else {}
    result = {}
    for reviewer in reviewers:
        result[reviewer.pk] = Availability(
            reviewer=reviewer,
            clashes=(
                _clashes(leave.get(reviewer.pk, []), visit_start, visit_end)
                if visit_start and visit_end
                else []
            ),
            open_reviews=loads.get(reviewer.pk, 0),
            capacity=capacity.get(reviewer.pk, DEFAULT_REVIEWS_PER_YEAR),
        )
    return result


def leave_clashes(reviewers: Iterable[User], visit_start: date, visit_end: date) -> list[str]:
    """Every clash of these reviewers' leave with the visit, each in words."""
    reviewers = list(reviewers)
    leave = leave_ahead(visit_start, [reviewer.pk for reviewer in reviewers])
    return [
        message
        for reviewer in reviewers
        for message in Availability(
            reviewer=reviewer, clashes=_clashes(leave.get(reviewer.pk, []), visit_start, visit_end)
        ).clash_messages()
    ]


def _clashes(leave: Iterable[Period], visit_start: date, visit_end: date) -> list[Period]:
    """The periods of leave that share a day with the visit."""
    return [period for period in leave if overlaps([period], visit_start, visit_end)]
