"""Who may see and do what, decided in this one module.

Two views of the same rules live side by side so they cannot drift apart:
scoped querysets (`sites_visible_to(user)` ...) for lists and for loading an
object by id, and `rules` predicates for one object in hand (registered as
Django permissions, so views, templates and the admin ask the same question).

This module sits just above the models of `sites`. Reviews, ratings and
reports sit higher up, so it never imports them: it reaches them through the
ORM's relation names (`site.reviews`, `review.ratings`), reads their state
from the object in hand against the states in `reviews/states.py` (the one
module of `reviews` below this one), and hands their scopes out as filters
(`review_scope`) that the parts above apply to their own querysets.

Scopes, from a user's memberships:
- national admin (or superuser): everything;
- coordinator: the regions they coordinate, with their sites, teams and reviews;
- reviewer: the reviews they are assigned to, and those reviews' sites;
- site leader: their sites, with teams and reviews (ratings stay hidden).
A reviewer's leave is seen and changed by the reviewer and by the
coordinators of the regions they review for.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias, TypeVar, cast

import rules
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ipsfidelity.accounts.models import User
from reviews import states
from reviews.states import ReportStatus, ReviewKind, ReviewStatus
from sites.models import Invitation, Membership, Region, ReviewerLeave, Role, Site, Team

# Reviews and reports belong to the apps above, which this module never imports:
# their objects (a reviews Review, a reports Report) are typed loosely.
Review: TypeAlias = Any
Report: TypeAlias = Any

_M = TypeVar("_M", bound=Model)


def predicate(fn: Callable[..., bool]) -> rules.Predicate:
    """`rules.predicate`, typed: the `rules` package leaves its decorator unannotated."""
    made: rules.Predicate = rules.predicate(fn)  # type: ignore[no-untyped-call]
    return made


@dataclass(frozen=True)
class Scope:
    national_admin: bool
    coordinated_regions: frozenset[int]
    reviewer_regions: frozenset[int]
    led_sites: frozenset[int]

    @property
    def roles(self) -> set[str]:
        roles: set[str] = set()
        if self.national_admin:
            roles.add(Role.NATIONAL_ADMIN)
        if self.coordinated_regions:
            roles.add(Role.COORDINATOR)
        if self.reviewer_regions:
            roles.add(Role.REVIEWER)
        if self.led_sites:
            roles.add(Role.SITE_LEADER)
        return roles


_NO_SCOPE = Scope(False, frozenset(), frozenset(), frozenset())
_NOTHING = Q(pk__in=[])


_SCOPE_CACHE = "_ipsfidelity_scope"


def scope_of(user: User | AnonymousUser | None) -> Scope:
    """The user's memberships, read once per user object (one query)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return _NO_SCOPE
    cached = getattr(user, _SCOPE_CACHE, None)
    if isinstance(cached, Scope):
        return cached
    rows = list(Membership.objects.filter(user=user).values_list("role", "region_id", "site_id"))
    scope = Scope(
        # A superuser (made with createsuperuser) can change anything in the
        # admin anyway, so they see what a national admin sees.
        national_admin=user.is_superuser
        or any(role == Role.NATIONAL_ADMIN for role, _r, _s in rows),
        coordinated_regions=frozenset(r for role, r, _s in rows if role == Role.COORDINATOR),
        reviewer_regions=frozenset(r for role, r, _s in rows if role == Role.REVIEWER),
        led_sites=frozenset(s for role, _r, s in rows if role == Role.SITE_LEADER),
    )
    setattr(user, _SCOPE_CACHE, scope)
    return scope


def _assigned(user: User | AnonymousUser, prefix: str = "") -> Q:
    """Reviews the user is assigned to, while they hold a reviewer role.

    `prefix` is the relation path to the review ("reviews__" from a site).
    """
    if not scope_of(user).reviewer_regions:
        return _NOTHING
    return Q(**{f"{prefix}reviewer_a": user}) | Q(**{f"{prefix}reviewer_b": user})


# Scoped querysets ---------------------------------------------------------


def regions_visible_to(user: User | AnonymousUser) -> QuerySet[Region]:
    scope = scope_of(user)
    if scope.national_admin:
        return Region.objects.all()
    return Region.objects.filter(pk__in=scope.coordinated_regions | scope.reviewer_regions)


def sites_visible_to(user: User | AnonymousUser) -> QuerySet[Site]:
    scope = scope_of(user)
    if scope.national_admin:
        return Site.objects.all()
    if scope == _NO_SCOPE:
        return Site.objects.none()
    in_scope = Q(region_id__in=scope.coordinated_regions) | Q(pk__in=scope.led_sites)
    if scope.reviewer_regions:
        assigned = Site.objects.filter(_assigned(user, prefix="reviews__")).values("pk")
        in_scope |= Q(pk__in=assigned)
    return Site.objects.filter(in_scope)


def sites_plannable_by(user: User | AnonymousUser) -> QuerySet[Site]:
    """Sites whose reviews this user plans (the queryset twin of can_plan_review)."""
    scope = scope_of(user)
    if scope.national_admin:
        return Site.objects.all()
    return Site.objects.filter(region_id__in=scope.coordinated_regions)


def regions_coordinated_by(user: User | AnonymousUser) -> QuerySet[Region]:
    """Regions whose sites, teams and people this user manages (twin of can_plan_region)."""
    scope = scope_of(user)
    if scope.national_admin:
        return Region.objects.all()
    return Region.objects.filter(pk__in=scope.coordinated_regions)


def sites_with_outcomes_enterable_by(user: User | AnonymousUser) -> QuerySet[Site]:
    """Sites whose employment figures this user enters (twin of can_enter_outcomes):
    their own sites for site leaders, the regions' sites for coordinators."""
    scope = scope_of(user)
    if scope.national_admin:
        return Site.objects.all()
    return Site.objects.filter(
        Q(region_id__in=scope.coordinated_regions) | Q(pk__in=scope.led_sites)
    )


def teams_visible_to(user: User | AnonymousUser) -> QuerySet[Team]:
    return Team.objects.filter(site__in=sites_visible_to(user))


def review_scope(user: User | AnonymousUser, via: str = "") -> Q:
    """The reviews this user may see, as a filter.

    On reviews themselves, or, with `via` ("review"), on anything that points
    to a review (reports, ratings): the parts that own those models apply it,
    so the rule itself stays here.
    """
    prefix = f"{via}__" if via else ""
    scope = scope_of(user)
    if scope.national_admin:
        return Q()
    if scope == _NO_SCOPE:
        return _NOTHING
    return (
        Q(**{f"{prefix}site__region_id__in": scope.coordinated_regions})
        | Q(**{f"{prefix}site_id__in": scope.led_sites})
        | _assigned(user, prefix)
    )


def _reviewers_coordinated_by(scope: Scope) -> QuerySet[Membership, Mapping[str, object]]:
    """The ids of the reviewers of the regions in this scope, as a subquery."""
    return Membership.objects.filter(
        role=Role.REVIEWER, region_id__in=scope.coordinated_regions
    ).values("user_id")


def leave_manageable_by(user: User | AnonymousUser) -> QuerySet[ReviewerLeave]:
    """Leave this user may see, record and remove (the queryset twin of can_manage_leave):
    their own while they review, and that of the reviewers of the regions they coordinate."""
    scope = scope_of(user)
    if scope.national_admin:
        return ReviewerLeave.objects.all()
    in_scope = _NOTHING
    if scope.reviewer_regions:
        in_scope |= Q(reviewer=user)
    if scope.coordinated_regions:
        in_scope |= Q(reviewer__in=_reviewers_coordinated_by(scope))
    return ReviewerLeave.objects.filter(in_scope)


def get_visible_or_404(queryset: QuerySet[_M], **lookup: object) -> _M:
    """Load one object from a scoped queryset; out of scope looks like not found.

    A 404 rather than a 403, so an id from another site or region reveals
    nothing about whether it exists.
    """
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


# Object predicates ---------------------------------------------------------


@predicate
def is_national_admin(user: User | AnonymousUser) -> bool:
    return scope_of(user).national_admin


@predicate
def is_coordinator_of_region(user: User | AnonymousUser, region: Region | None) -> bool:
    return region is not None and region.pk in scope_of(user).coordinated_regions


@predicate
def is_coordinator_of_site(user: User | AnonymousUser, site: Site | None) -> bool:
    return site is not None and site.region_id in scope_of(user).coordinated_regions


@predicate
def is_leader_of_site(user: User | AnonymousUser, site: Site | None) -> bool:
    return site is not None and site.pk in scope_of(user).led_sites


@predicate
def is_reviewer_at_site(user: User | AnonymousUser, site: Site | None) -> bool:
    return (
        site is not None
        and bool(scope_of(user).reviewer_regions)
        and site.reviews.filter(_assigned(user)).exists()
    )


@predicate
def is_reviewer_in_region(user: User | AnonymousUser, region: Region | None) -> bool:
    return region is not None and region.pk in scope_of(user).reviewer_regions


@predicate
def is_assigned_reviewer(user: User | AnonymousUser, review: Review | None) -> bool:
    return (
        review is not None
        and bool(scope_of(user).reviewer_regions)
        and user.pk in (review.reviewer_a_id, review.reviewer_b_id)
    )


@predicate
def is_coordinator_of_review(user: User | AnonymousUser, review: Review | None) -> bool:
    return review is not None and is_coordinator_of_site(user, review.site)


@predicate
def is_leader_of_review_site(user: User | AnonymousUser, review: Review | None) -> bool:
    return review is not None and review.site_id in scope_of(user).led_sites


@predicate
def is_reviewer(user: User | AnonymousUser) -> bool:
    return bool(scope_of(user).reviewer_regions)


@predicate
def can_import_earlier_reviews(user: User | AnonymousUser) -> bool:
    """Coordinators (into their regions' sites) and national admins (anywhere) bring in
    earlier reviews; the sites they may name are `sites_plannable_by`."""
    scope = scope_of(user)
    return scope.national_admin or bool(scope.coordinated_regions)


# A reviewer's calendar feed is found by a secret token, but the token is not
# a right: the feed stops when the person no longer holds a reviewer role, as
# their access to the reviews does.
can_use_calendar_feed = is_reviewer


@predicate
def is_the_reviewer_themselves(user: User | AnonymousUser, reviewer: User | None) -> bool:
    return reviewer is not None and user.pk == reviewer.pk and is_reviewer(user)


@predicate
def is_coordinator_of_reviewer(user: User | AnonymousUser, reviewer: User | None) -> bool:
    scope = scope_of(user)
    return (
        reviewer is not None
        and bool(scope.coordinated_regions)
        and _reviewers_coordinated_by(scope).filter(user_id=reviewer.pk).exists()
    )


@predicate
def can_view_team_site(user: User | AnonymousUser, team: Team | None) -> bool:
    return team is not None and can_view_site(user, team.site)


can_view_region = is_national_admin | is_coordinator_of_region | is_reviewer_in_region
can_view_site = is_national_admin | is_coordinator_of_site | is_leader_of_site | is_reviewer_at_site
can_view_review = (
    is_national_admin | is_coordinator_of_review | is_leader_of_review_site | is_assigned_reviewer
)
can_manage_review = is_national_admin | is_coordinator_of_review


@predicate
def is_in_rating(user: User | AnonymousUser, review: Review | None) -> bool:
    return review is not None and review.status in states.IN_RATING


@predicate
def has_visit_started(user: User | AnonymousUser, review: Review | None) -> bool:
    """The first visit day has come (in Norway): reviewers score what they saw."""
    return (
        review is not None
        and review.visit_start is not None
        and review.visit_start <= timezone.localdate()
    )


@predicate
def is_last_visit_day_reached(user: User | AnonymousUser, review: Review | None) -> bool:
    """A report is finished only once the visit is: from its last day on."""
    return (
        review is not None
        and review.visit_end is not None
        and review.visit_end <= timezone.localdate()
    )


@predicate
def has_not_submitted(user: User | AnonymousUser, review: Review | None) -> bool:
    return review is not None and review.submitted_at(user) is None


@predicate
def both_have_submitted(user: User | AnonymousUser, review: Review | None) -> bool:
    return review is not None and review.both_submitted


@predicate
def is_in_consensus(user: User | AnonymousUser, review: Review | None) -> bool:
    return review is not None and review.status == ReviewStatus.CONSENSUS


@predicate
def is_past_consensus_start(user: User | AnonymousUser, review: Review | None) -> bool:
    return review is not None and review.status in states.PAST_CONSENSUS_START


@predicate
def is_in_report(user: User | AnonymousUser, review: Review | None) -> bool:
    return review is not None and review.status == ReviewStatus.REPORT


@predicate
def is_published(user: User | AnonymousUser, review: Review | None) -> bool:
    return review is not None and review.status == ReviewStatus.PUBLISHED


@predicate
def is_before_visit_scoring(user: User | AnonymousUser, review: Review | None) -> bool:
    return review is not None and review.status in states.BEFORE_VISIT_SCORING


@predicate
def is_being_planned(user: User | AnonymousUser, review: Review | None) -> bool:
    """Planned or scheduled: the visit and the reviewers can still be set."""
    return review is not None and review.status in states.BEING_PLANNED


@predicate
def is_recorded_here(user: User | AnonymousUser, review: Review | None) -> bool:
    """Made in this app, not imported from earlier records (which have only scores)."""
    return review is not None and review.imported_at is None


@predicate
def is_live_review(user: User | AnonymousUser, review: Review | None) -> bool:
    """An external review made in this app: not one imported from earlier records,
    and not a self-assessment (the plan answers the reviewers' recommendations)."""
    return review is not None and review.imported_at is None and review.kind == ReviewKind.EXTERNAL


can_schedule_review = can_manage_review & is_being_planned


# Blind rating: before both reviewers have submitted, a rating is seen by its
# author only. Nobody else (co-reviewer, coordinator, admin) sees it in the app.
can_rate = is_assigned_reviewer & is_in_rating & has_not_submitted & has_visit_started
can_view_all_ratings = (
    is_assigned_reviewer | is_coordinator_of_review | is_national_admin
) & both_have_submitted
can_edit_consensus = is_assigned_reviewer & is_in_consensus


@predicate
def has_ratings(user: User | AnonymousUser, review: Review | None) -> bool:
    return review is not None and review.ratings.exists()


# The ratings as CSV (ratings_visible_to decides which rows): an assigned
# reviewer always gets theirs, even none yet; anyone else only once they may
# see all ratings and there are some.
can_export_ratings = is_assigned_reviewer | (can_view_all_ratings & has_ratings)
# Site leaders see results only once the report is published.
can_view_consensus = (
    (is_assigned_reviewer | is_coordinator_of_review | is_national_admin) & is_past_consensus_start
) | (is_leader_of_review_site & is_published)
can_edit_report = is_assigned_reviewer & is_in_report
# Signatures never carry a date before the visit they report on.
can_mark_report_ready = can_edit_report & is_last_visit_day_reached
can_edit_previsit = (
    is_leader_of_review_site | is_coordinator_of_review | is_national_admin
) & is_before_visit_scoring
can_view_previsit = (
    is_leader_of_review_site | is_coordinator_of_review | is_national_admin | is_assigned_reviewer
) & is_recorded_here


# Self-assessment: the site scores itself on the same scale. The site leader who starts
# it chooses who scores (leaders of the site); they fill one shared set of scores, with
# no blind pairing and no signature, and any of them publishes it.


@predicate
def is_self_assessment(user: User | AnonymousUser, review: Review | None) -> bool:
    return review is not None and review.kind == ReviewKind.SELF_ASSESSMENT


@predicate
def is_chosen_self_assessor(user: User | AnonymousUser, review: Review | None) -> bool:
    """A leader of the site whom the self-assessment names among its scorers."""
    return (
        review is not None
        and review.site_id in scope_of(user).led_sites
        and review.self_assessors.filter(user_id=user.pk).exists()
    )


can_start_self_assessment = is_leader_of_site
can_score_self_assessment = is_self_assessment & is_in_rating & is_chosen_self_assessor


def rating_scope(user: User | AnonymousUser) -> Q:
    """Ratings this user may read anywhere, as a filter on ratings: their own, and
    every rating of a review in their scope once both reviewers have submitted
    (the twin of ratings_visible_to, for lists such as the admin's)."""
    both_submitted = Q(review__submitted_a_at__isnull=False, review__submitted_b_at__isnull=False)
    readable = both_submitted & review_scope(user, via="review")
    scope = scope_of(user)
    if not (scope.national_admin or scope.coordinated_regions or scope.reviewer_regions):
        return _NOTHING
    return readable | Q(reviewer=user)


def ratings_visible_to(user: User | AnonymousUser, review: Review) -> QuerySet[Any]:
    """The ratings of a review this user may read: all, their own, or none."""
    ratings: QuerySet[Any] = review.ratings.all()
    if can_view_all_ratings(user, review):
        return ratings
    if is_assigned_reviewer(user, review):
        return ratings.filter(reviewer=user)
    return ratings.none()


# A reviewer records their own leave; their coordinators record it for them
# (someone on sick leave does not log in to say so).
can_manage_leave = is_national_admin | is_the_reviewer_themselves | is_coordinator_of_reviewer


@predicate
def can_manage_leave_period(user: User | AnonymousUser, leave: ReviewerLeave | None) -> bool:
    return leave is not None and can_manage_leave(user, leave.reviewer)


# A site's quarterly employment figures: its leaders know them; the region's
# coordinators enter them too (often from a report the site sends them).
can_enter_outcomes = is_national_admin | is_coordinator_of_site | is_leader_of_site
can_plan_review = is_national_admin | is_coordinator_of_site
can_plan_region = is_national_admin | is_coordinator_of_region
# Sites and teams are created, edited and deactivated by the region's
# coordinators (and national admins); nobody deletes them from the app.
can_manage_site = is_national_admin | is_coordinator_of_site
# The code is what imports and exports know a site by: only a national admin changes it.
can_change_site_code = is_national_admin


@predicate
def can_manage_team(user: User | AnonymousUser, team: Team | None) -> bool:
    return team is not None and can_manage_site(user, team.site)


@predicate
def can_grant(user: User | AnonymousUser, grant: Membership | Invitation | None) -> bool:
    """May this user give, or take back, this role in this place?

    `grant` is a Membership or an Invitation (both have role, region, site).
    A coordinator grants the roles of their regions and of those regions'
    sites, never the national admin role; a national admin grants any.
    """
    if grant is None:
        return False
    scope = scope_of(user)
    if scope.national_admin:
        return True
    if grant.site is not None:
        return grant.site.region_id in scope.coordinated_regions
    return grant.region_id is not None and grant.region_id in scope.coordinated_regions


def grant_scope(user: User | AnonymousUser) -> Q:
    """Memberships and invitations this user may manage, as a filter (twin of can_grant)."""
    scope = scope_of(user)
    if scope.national_admin:
        return Q()
    if not scope.coordinated_regions:
        return _NOTHING
    return Q(region_id__in=scope.coordinated_regions) | Q(
        site__region_id__in=scope.coordinated_regions
    )


@predicate
def is_ready_for_signoff(user: User | AnonymousUser, review: Review | None) -> bool:
    return (
        review is not None
        and review.status == ReviewStatus.REPORT
        and review.ready_for_signoff_at is not None
    )


can_sign_off = is_assigned_reviewer & is_ready_for_signoff
# An imported review has no report to correct: it never returns to consensus.
can_correct_report = (is_assigned_reviewer | is_coordinator_of_review | is_national_admin) & (
    is_published & is_live_review
)
# Retrying a failed report and following its state: the people who produce it.
can_follow_report = is_assigned_reviewer | is_coordinator_of_review | is_national_admin
# The draft PDF holds the scores side by side, so it follows the blind rating
# too: the people who produce the report, once both reviewers have submitted.
can_preview_report = can_follow_report & both_have_submitted


@predicate
def can_download_report(user: User | AnonymousUser, report: Report | None) -> bool:
    """Signed reports go to the site's leaders, the two reviewers, coordinators, admins."""
    if report is None or report.status != ReportStatus.SIGNED:
        return False
    review = report.review
    return bool(
        is_national_admin(user)
        or is_coordinator_of_review(user, review)
        or is_leader_of_review_site(user, review)
        or is_assigned_reviewer(user, review)
    )


def report_download_scope(user: User | AnonymousUser) -> Q:
    """Reports this user may download, as a filter (the twin of can_download_report)."""
    return Q(status=ReportStatus.SIGNED) & review_scope(user, via="review")


def downloadable_reports_review_scope(user: User | AnonymousUser) -> Q:
    """Reviews with a report this user may download, as a filter on reviews
    (report_download_scope seen from the review, through `review.reports`)."""
    return Q(reports__status=ReportStatus.SIGNED) & review_scope(user)


@predicate
def can_view_report(user: User | AnonymousUser, report: Report | None) -> bool:
    """A report's record (version, state, total): signed ones for all who may download them;
    queued, rendering or failed ones only for the people who produce the report, so a
    site leader meets no total before it is published."""
    if report is None:
        return False
    return bool(can_download_report(user, report) or can_follow_report(user, report.review))


def report_scope(user: User | AnonymousUser) -> Q:
    """Reports this user may see listed, as a filter (the twin of can_view_report)."""
    scope = scope_of(user)
    if scope.national_admin:
        return Q()
    followed = Q(review__site__region_id__in=scope.coordinated_regions) | _assigned(
        user, "review__"
    )
    return report_download_scope(user) | followed


# The action plan after a published review: the site's leaders write it; the
# review's two reviewers and the region's coordinators read it and comment
# (the site's leaders answer there too); national admins read it.


can_view_action_plan = can_view_review & is_published & is_live_review
can_write_action_plan = is_leader_of_review_site & is_published & is_live_review
can_comment_action_plan = (
    is_leader_of_review_site | is_assigned_reviewer | is_coordinator_of_review
) & (is_published & is_live_review)


def action_plan_scope(user: User | AnonymousUser, via: str = "") -> Q:
    """Published reviews whose action plan this user may read, as a filter (twin of
    can_view_action_plan); with `via` ("plan__review"), on what points to the review."""
    prefix = f"{via}__" if via else ""
    return (
        review_scope(user, via)
        & Q(**{f"{prefix}status": ReviewStatus.PUBLISHED})
        & Q(**{f"{prefix}imported_at__isnull": True})
        & Q(**{f"{prefix}kind": ReviewKind.EXTERNAL})
    )


# Each rule twice: as a permission (user.has_perm, the admin) and as a plain rule,
# which templates test with {% test_rule %}. Django answers has_perm with yes
# for every superuser before asking the rule, which would show a national admin
# who is a superuser the buttons of a reviewer they are not.
RULES = {
    "sites.plan_review": can_plan_review,
    "sites.manage_leave": can_manage_leave,
    "sites.manage_leave_period": can_manage_leave_period,
    "sites.plan_region": can_plan_region,
    "reviews.import_earlier_reviews": can_import_earlier_reviews,
    # National admins alone see every region's planning and take research data out.
    "sites.plan_nationally": is_national_admin,
    "reviews.export_research": is_national_admin,
    "sites.manage_site": can_manage_site,
    "sites.manage_team": can_manage_team,
    "sites.manage_membership": can_grant,
    "sites.manage_invitation": can_grant,
    "reviews.sign_off": can_sign_off,
    "reviews.correct_report": can_correct_report,
    "reviews.follow_report": can_follow_report,
    "reviews.preview_report": can_preview_report,
    "reviews.download_report": can_download_report,
    "reviews.view_report": can_view_report,
    "reviews.rate_review": can_rate,
    "reviews.view_all_ratings": can_view_all_ratings,
    "reviews.edit_consensus": can_edit_consensus,
    "reviews.view_consensus": can_view_consensus,
    "reviews.edit_report": can_edit_report,
    "reviews.mark_report_ready": can_mark_report_ready,
    "reviews.edit_previsit": can_edit_previsit,
    "reviews.view_previsit": can_view_previsit,
    "sites.view_region": can_view_region,
    "sites.view_site": can_view_site,
    "sites.view_team": can_view_team_site,
    "reviews.view_review": can_view_review,
    "reviews.manage_review": can_manage_review,
    "reviews.schedule_review": can_schedule_review,
    "reviews.view_action_plan": can_view_action_plan,
    "reviews.write_action_plan": can_write_action_plan,
    "reviews.comment_action_plan": can_comment_action_plan,
    "sites.start_self_assessment": can_start_self_assessment,
    "sites.enter_outcomes": can_enter_outcomes,
    "reviews.score_self_assessment": can_score_self_assessment,
}
# rules leaves add_perm and add_rule unannotated: both file a predicate under a name.
_add_perm = cast(Callable[[str, rules.Predicate], None], rules.add_perm)
_add_rule = cast(Callable[[str, rules.Predicate], None], rules.add_rule)
for _name, _predicate in RULES.items():
    _add_perm(_name, _predicate)
    _add_rule(_name, _predicate)
