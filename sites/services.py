"""Changes to people's planning facts: reviewer profiles, leave and conflicts of
interest, and a region's review policy."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ipsfidelity.accounts.models import User
from sites import permissions
from sites.logos import LogoRefused, checked_logo
from sites.models import (
    Membership,
    Region,
    RegionPolicy,
    ReviewerConflict,
    ReviewerLeave,
    ReviewerProfile,
    Role,
    Site,
)


class NotAllowed(Exception):
    pass


class Invalid(Exception):
    pass


def _check(actor: User, region: Region) -> None:
    if not permissions.can_plan_region(actor, region):
        raise NotAllowed(_("Only the region's coordinators can change this."))


def _reviewer_of(region: Region, reviewer: User) -> None:
    if not Membership.objects.filter(user=reviewer, role=Role.REVIEWER, region=region).exists():
        raise Invalid(_("%(name)s is not a reviewer in this region.") % {"name": reviewer})


@transaction.atomic
def reviewer_profile_update(
    *, actor: User, region: Region, reviewer: User, reviews_per_year: int, experienced: bool
) -> ReviewerProfile:
    _check(actor, region)
    _reviewer_of(region, reviewer)
    profile, _created = ReviewerProfile.objects.select_for_update().get_or_create(user=reviewer)
    profile.reviews_per_year = reviews_per_year
    profile.experienced = experienced
    profile.save(update_fields=["reviews_per_year", "experienced"])
    return profile


def own_reviewer_profile(*, actor: User) -> ReviewerProfile:
    """The acting reviewer's own planning facts, made with the defaults on first use."""
    if not permissions.is_reviewer(actor):
        raise NotAllowed(_("%(name)s is not a reviewer.") % {"name": actor})
    profile, _created = ReviewerProfile.objects.get_or_create(user=actor)
    return profile


@transaction.atomic
def own_capacity_set(*, actor: User, reviews_per_year: int) -> ReviewerProfile:
    """A reviewer says how many reviews a year they can take; the next planning run uses it."""
    if not permissions.is_reviewer(actor):
        raise NotAllowed(_("%(name)s is not a reviewer.") % {"name": actor})
    profile, _created = ReviewerProfile.objects.select_for_update().get_or_create(user=actor)
    profile.reviews_per_year = reviews_per_year
    profile.save(update_fields=["reviews_per_year"])
    return profile


def region_policy_of(*, actor: User, region: Region) -> RegionPolicy:
    """The region's review policy, made with the defaults the first time it is edited."""
    _check(actor, region)
    policy, _created = RegionPolicy.objects.get_or_create(region=region)
    return policy


@transaction.atomic
def region_policy_save(*, actor: User, policy: RegionPolicy) -> RegionPolicy:
    """Save a region's review policy (its form has checked the values)."""
    _check(actor, policy.region)
    policy.save()
    return policy


@transaction.atomic
def report_logo_set(*, actor: User, region: Region, data: bytes | None) -> RegionPolicy:
    """Put the resource centre's logo in its reports' header (checked and redrawn, see
    sites/logos.py), or take it out (data None). Reports already signed keep theirs."""
    _check(actor, region)
    try:
        logo = checked_logo(data) if data is not None else b""
    except LogoRefused as error:
        raise Invalid(str(error)) from None
    policy, _created = RegionPolicy.objects.select_for_update().get_or_create(region=region)
    policy.report_logo = logo
    policy.save(update_fields=["report_logo"])
    return policy


@transaction.atomic
def conflict_add(
    *, actor: User, region: Region, reviewer: User, site: Site, reason: str
) -> ReviewerConflict:
    _check(actor, region)
    _reviewer_of(region, reviewer)
    if not reason.strip():
        raise Invalid(_("Say what the conflict of interest is."))
    conflict, created = ReviewerConflict.objects.get_or_create(
        reviewer=reviewer, site=site, defaults={"reason": reason.strip()}
    )
    if not created:
        raise Invalid(_("This conflict is already recorded."))
    return conflict


@transaction.atomic
def conflict_remove(*, actor: User, region: Region, conflict: ReviewerConflict) -> None:
    _check(actor, region)
    conflict.delete()


@transaction.atomic
def leave_add(
    *, actor: User, reviewer: User, first_day: date, last_day: date, note: str = ""
) -> ReviewerLeave:
    """Record days the reviewer cannot review; the next planning run leaves them out.

    A period that overlaps one already recorded is refused, not merged: the
    two may come from different people with different notes (the reviewer's
    holiday, the coordinator's note of sick leave), and a merge would lose one
    note and make a later removal take away days nobody meant to remove.
    Periods that only touch (one ends the day before the next starts) are fine.
    Leave in the past is allowed: it is history, and the forecast ignores it.
    """
    if not permissions.can_manage_leave(actor, reviewer):
        raise NotAllowed(_("Only the reviewer and the region's coordinators can record leave."))
    if not Membership.objects.filter(user=reviewer, role=Role.REVIEWER).exists():
        raise Invalid(_("%(name)s is not a reviewer.") % {"name": reviewer})
    if last_day < first_day:
        raise Invalid(_("The last day of leave is before the first."))
    # Two additions at once (the reviewer and a coordinator) must not both pass
    # the overlap check: they queue on the reviewer's row.
    get_user_model().objects.select_for_update().filter(pk=reviewer.pk).first()
    overlapping = (
        ReviewerLeave.objects.filter(
            reviewer=reviewer, first_day__lte=last_day, last_day__gte=first_day
        )
        .order_by("first_day")
        .first()
    )
    if overlapping is not None:
        raise Invalid(
            _(
                "This overlaps leave already recorded for %(name)s, from %(first)s to %(last)s. "
                "Remove that period first, or record only the days it does not cover."
            )
            % {
                "name": reviewer,
                "first": date_format(overlapping.first_day, "SHORT_DATE_FORMAT"),
                "last": date_format(overlapping.last_day, "SHORT_DATE_FORMAT"),
            }
        )
    return ReviewerLeave.objects.create(
        reviewer=reviewer,
        first_day=first_day,
        last_day=last_day,
        note=note.strip(),
        created_by=actor,
    )


@transaction.atomic
def leave_remove(*, actor: User, leave: ReviewerLeave) -> None:
    if not permissions.can_manage_leave_period(actor, leave):
        raise NotAllowed(_("Only the reviewer and the region's coordinators can remove leave."))
    leave.delete()
