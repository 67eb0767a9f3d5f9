"""Reads for pages about regions, sites and teams, always within the user's scope."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from ipsfidelity.permissions import (
    get_visible_or_404,
    regions_visible_to,
    reports_downloadable_by,
    reviews_visible_to,
    sites_visible_to,
)
from reviews.models import Report, Review
from sites.models import Membership, Region, Role, Site, Team

OPEN_STATUSES = [
    Review.Status.PLANNED,
    Review.Status.SCHEDULED,
    Review.Status.RATING,
    Review.Status.CONSENSUS,
    Review.Status.REPORT,
    Review.Status.SIGNED,
]


def region_list(*, user) -> QuerySet[Region]:
    return regions_visible_to(user).annotate(
        site_count=Count("sites", filter=Q(sites__active=True), distinct=True)
    )


def site_list(*, user, region: Region | None = None) -> QuerySet[Site]:
    sites = sites_visible_to(user).select_related("region")
    if region is not None:
        sites = sites.filter(region=region)
    return sites.annotate(team_count=Count("teams", distinct=True)).order_by("region__name", "name")


def region_detail(*, user, pk, require=None) -> Region:
    """A region in the user's scope; with `require`, also one the predicate allows (else 404)."""
    region = get_visible_or_404(regions_visible_to(user), pk=pk)
    if require is not None and not require(user, region):
        raise Http404
    return region


def region_staff(*, region: Region) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(region=region, role__in=[Role.COORDINATOR, Role.REVIEWER])
        .select_related("user")
        .order_by("role", "user__full_name")
    )


def site_detail(*, user, pk) -> Site:
    return get_visible_or_404(
        sites_visible_to(user)
        .select_related("region")
        .prefetch_related(
            Prefetch("teams", queryset=Team.objects.order_by("name")),
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(role=Role.SITE_LEADER).select_related("user"),
                to_attr="leader_memberships",
            ),
        ),
        pk=pk,
    )


def review_list(*, user, site: Site | None = None, open_only: bool = False) -> QuerySet[Review]:
    reviews = reviews_visible_to(user).select_related(
        "site", "site__region", "team", "scale", "reviewer_a", "reviewer_b"
    )
    if site is not None:
        reviews = reviews.filter(site=site)
    if open_only:
        reviews = reviews.filter(status__in=OPEN_STATUSES)
    return reviews.order_by("due_by", "site__name")


def report_list(*, user, site: Site) -> QuerySet[Report]:
    """The site's signed reports this user may download, newest first."""
    return (
        reports_downloadable_by(user)
        .filter(review__site=site)
        .select_related("review__scale", "superseded_by")
        .order_by("-review__visit_start", "-version")
    )
