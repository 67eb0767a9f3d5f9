"""Reads for pages about regions, sites and teams, always within the user's scope.

A site's reviews and reports belong to the parts of `reviews`, which sit above
this app: they are reached through the site's relations (`site.reviews`), never
imported.
"""

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from ipsfidelity.accounts.models import User
from sites.models import (
    Invitation,
    Membership,
    Region,
    RegionPolicy,
    ReviewerConflict,
    ReviewerLeave,
    ReviewerProfile,
    Role,
    Site,
    Team,
    region_borrows,
    region_lends,
)
from sites.permissions import (
    Report,
    Review,
    can_download_report,
    downloadable_reports_review_scope,
    get_visible_or_404,
    grant_scope,
    leave_manageable_by,
    regions_coordinated_by,
    regions_visible_to,
    review_scope,
    sites_plannable_by,
    sites_visible_to,
)


def region_list(*, user: User | AnonymousUser) -> QuerySet[Region]:
    return regions_visible_to(user).annotate(
        site_count=Count("sites", filter=Q(sites__active=True), distinct=True)
    )


def site_list(
    *, user: User | AnonymousUser, region: Region | None = None, search: str = ""
) -> QuerySet[Site]:
    """The sites in the user's scope (of one region), those matching `search` by name, code,
    municipality or NAV office."""
    sites = sites_visible_to(user).select_related("region")
    if region is not None:
        sites = sites.filter(region=region)
    search = search.strip()
    if search:
        sites = sites.filter(
            Q(name__icontains=search)
            | Q(code__icontains=search)
            | Q(municipality__icontains=search)
            | Q(nav_office__icontains=search)
        )
    return sites.annotate(team_count=Count("teams", distinct=True)).order_by("region__name", "name")


def region_detail(
    *,
    user: User | AnonymousUser,
    pk: int,
    require: Callable[[User | AnonymousUser, Region], object] | None = None,
) -> Region:
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


# On the leave pages: leave that ended longer ago than this is kept, but not listed.
LEAVE_LISTED_DAYS = 365


def leave_list(
    *, user: User | AnonymousUser, reviewers: Iterable[User], today: date | None = None
) -> QuerySet[ReviewerLeave]:
    """These reviewers' leave that this user may manage, by reviewer and date; with `today`,
    only the leave that has not ended, or ended within LEAVE_LISTED_DAYS."""
    leave = leave_manageable_by(user).filter(reviewer__in=reviewers)
    if today is not None:
        leave = leave.filter(last_day__gte=today - timedelta(days=LEAVE_LISTED_DAYS))
    return leave.select_related("reviewer", "created_by").order_by(
        "reviewer__full_name", "reviewer_id", "first_day"
    )


def leave_detail(
    *, user: User | AnonymousUser, pk: int, reviewers: Iterable[User]
) -> ReviewerLeave:
    """One period of these reviewers' leave, if this user may manage it (else 404)."""
    return get_visible_or_404(leave_list(user=user, reviewers=reviewers), pk=pk)


def site_detail(*, user: User | AnonymousUser, pk: int) -> Site:
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


def site_reviews(*, user: User | AnonymousUser, site: Site) -> QuerySet[Review]:
    """The site's reviews this user may see, soonest due first."""
    return (
        site.reviews.filter(review_scope(user))
        .select_related(
            *("site", "site__region", "team", "scale", "reviewer_a", "reviewer_b"),
            "import_record",
        )
        .order_by("due_by", "site__name")
    )


def site_reports(*, user: User | AnonymousUser, site: Site) -> list[Report]:
    """The site's signed reports this user may download, newest first."""
    reviews = (
        site.reviews.filter(downloadable_reports_review_scope(user))
        .distinct()
        .select_related("scale")
        .prefetch_related("reports__superseded_by")
    )
    signed = [
        report
        for review in reviews
        for report in review.reports.all()
        if can_download_report(user, report)
    ]
    return sorted(
        signed,
        key=lambda report: (report.review.visit_start or date.min, report.version),
        reverse=True,
    )


def managed_site(*, user: User | AnonymousUser, pk: int) -> Site:
    """A site the user manages (its region's coordinator or a national admin), else 404."""
    return get_visible_or_404(sites_plannable_by(user).select_related("region"), pk=pk)


def managed_team(*, user: User | AnonymousUser, pk: int) -> Team:
    return get_visible_or_404(
        Team.objects.filter(site__in=sites_plannable_by(user)).select_related("site__region"),
        pk=pk,
    )


def managed_regions(*, user: User | AnonymousUser) -> QuerySet[Region]:
    return regions_coordinated_by(user)


def people_of_region(*, region: Region, national_admins: bool = False) -> QuerySet[Membership]:
    """Everyone holding a role in the region or at one of its sites (and national admins)."""
    in_region = Q(region=region) | Q(site__region=region)
    if national_admins:
        in_region |= Q(role=Role.NATIONAL_ADMIN)
    # Ended ones too, so they can be reactivated.
    return (
        Membership.all_objects.filter(in_region)
        .select_related("user", "site")
        .order_by("ended_at", "role", "site__name", "user__full_name")
    )


def invitations_of_region(
    *, user: User | AnonymousUser, region: Region, national_admins: bool = False
) -> QuerySet[Invitation]:
    """The region's invitations this user manages, open ones first."""
    in_region = Q(region=region) | Q(site__region=region)
    if national_admins:
        in_region |= Q(role=Role.NATIONAL_ADMIN)
    return (
        Invitation.objects.filter(grant_scope(user))
        .filter(in_region)
        .select_related("site", "invited_by", "accepted_by")
        .order_by("accepted_at", "revoked_at", "-sent_at")
    )


def managed_membership(*, user: User | AnonymousUser, pk: int) -> Membership:
    return get_visible_or_404(
        Membership.all_objects.filter(grant_scope(user)).select_related("user", "region", "site"),
        pk=pk,
    )


def managed_invitation(*, user: User | AnonymousUser, pk: int) -> Invitation:
    return get_visible_or_404(
        Invitation.objects.filter(grant_scope(user)).select_related("site", "region"), pk=pk
    )


def reviewers_still_eligible(pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Of these (reviewer, region) pairs, those where the person may still review the
    region's sites: a reviewer role in the region, or, for someone who never held one
    there, a role in a region that lends its reviewers when this one borrows (the
    planner's own rule). An assignment whose pair is missing needs re-planning: the
    role it was made under has ended, here or, for a lent reviewer, at home."""
    roles: dict[int, set[int]] = {}
    ended: set[tuple[int, int]] = set()
    for user_id, region_id, ended_at in Membership.all_objects.filter(
        role=Role.REVIEWER, user_id__in={user_id for user_id, _ in pairs}
    ).values_list("user_id", "region_id", "ended_at"):
        if ended_at is None:
            roles.setdefault(user_id, set()).add(region_id)
        else:
            ended.add((user_id, region_id))
    policies = {policy.region_id: policy for policy in RegionPolicy.objects.all()}
    return {
        (user_id, region_id)
        for user_id, region_id in pairs
        if region_id in roles.get(user_id, set())
        or (
            (user_id, region_id) not in ended
            and region_borrows(policies.get(region_id))
            and any(region_lends(policies.get(own)) for own in roles.get(user_id, set()))
        )
    }


def whom_to_ask_for_access() -> list[dict[str, str]]:
    """The regional resource centres whose coordinators invite people, for the sign-in
    page that refuses an identity without an account (settings.WHOM_TO_ASK_FOR_ACCESS)."""
    rows = (
        Membership.objects.filter(role=Role.COORDINATOR, user__is_active=True)
        .values_list("region__name", "region__resource_centre", "region__email")
        .distinct()
        .order_by("region__name")
    )
    return [
        {"region": name, "resource_centre": centre, "email": email} for name, centre, email in rows
    ]


def reviewers_of(region: Region) -> QuerySet[User]:
    """The people who hold a reviewer role in the region now, by name."""
    return (
        get_user_model()
        .objects.filter(
            memberships__role=Role.REVIEWER,
            memberships__region=region,
            memberships__ended_at=None,
        )
        .order_by("full_name")
    )


def reviewer_profiles(reviewers: Iterable[User]) -> dict[int, ReviewerProfile]:
    """Each reviewer's capacity and experience, by user id (none recorded: not there)."""
    return {p.user_id: p for p in ReviewerProfile.objects.filter(user__in=reviewers)}


def conflicts_of(reviewers: Iterable[User]) -> QuerySet[ReviewerConflict]:
    """The declared conflicts of interest of these reviewers, with reviewer and site."""
    return ReviewerConflict.objects.filter(reviewer__in=reviewers).select_related(
        "reviewer", "site"
    )
