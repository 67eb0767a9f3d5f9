"""Reads of the report part: a report through the user's scope, and what the
report page lists of a review's versions and sign-offs."""

from django.db.models import QuerySet

from ipsfidelity.accounts.people import Person
from reviews.rating.models import ConsensusScore, Review
from reviews.reports.models import Report, ReportText, SignOff
from sites import permissions


def report_text_of(review: Review) -> ReportText:
    """The review's report text; a blank one (not saved) while nobody has written any."""
    try:
        return review.report_text
    except ReportText.DoesNotExist:
        return ReportText(review=review)


def report_followed(*, user: Person, pk: int) -> Report:
    """A report of a review in the user's scope (404 outside it), for the people
    who follow its production (the step itself checks who may retry)."""
    return permissions.get_visible_or_404(
        Report.objects.filter(permissions.review_scope(user, via="review")).select_related(
            "review__site"
        ),
        pk=pk,
    )


def report_downloadable(*, user: Person, pk: int | str | None) -> Report:
    """A signed report this user may download (404 otherwise)."""
    return permissions.get_visible_or_404(
        Report.objects.filter(permissions.report_download_scope(user)).select_related(
            "review__site"
        ),
        pk=pk,
    )


def report_versions(review: Review) -> QuerySet[Report]:
    """Every version of the review's report, newest first."""
    return review.reports.select_related("superseded_by").order_by("-version")


def next_report_version(review: Review) -> int:
    latest = review.reports.order_by("-version").values_list("version", flat=True).first()
    return (latest or 0) + 1


def signoffs_of_version(review: Review, version: int) -> QuerySet[SignOff]:
    return review.signoffs.filter(report_version=version).select_related("reviewer")


def has_signed_off(review: Review, version: int, user: Person) -> bool:
    return review.signoffs.filter(report_version=version, reviewer_id=user.pk).exists()


def recommendations_of(review: Review) -> list[ConsensusScore]:
    """The consensus scores that carry a recommendation, by item number, in the site's
    report language: what the reviewers choose their priorities from."""
    return list(
        review.consensus_scores.exclude(recommendation="")
        .select_related("item")
        .order_by("item__number")
    )


def priorities_of(review: Review) -> list[ConsensusScore]:
    """The reviewers' priorities, most important first."""
    return list(
        review.consensus_scores.filter(priority__isnull=False)
        .select_related("item")
        .order_by("priority")
    )
