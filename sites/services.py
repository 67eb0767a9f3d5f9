"""Changes to people's planning facts: reviewer profiles and conflicts of interest."""

from django.db import transaction
from django.utils.translation import gettext as _

from sites import permissions
from sites.models import Membership, Region, ReviewerConflict, ReviewerProfile, Role, Site


class NotAllowed(Exception):
    pass


class Invalid(Exception):
    pass


def _check(actor, region: Region) -> None:
    if not permissions.can_plan_region(actor, region):
        raise NotAllowed(_("Only the region's coordinators can change this."))


def _reviewer_of(region: Region, reviewer) -> None:
    if not Membership.objects.filter(user=reviewer, role=Role.REVIEWER, region=region).exists():
        raise Invalid(_("%(name)s is not a reviewer in this region.") % {"name": reviewer})


@transaction.atomic
def reviewer_profile_update(
    *, actor, region: Region, reviewer, reviews_per_year: int, experienced: bool, available: bool
) -> ReviewerProfile:
    _check(actor, region)
    _reviewer_of(region, reviewer)
    profile, _created = ReviewerProfile.objects.select_for_update().get_or_create(user=reviewer)
    profile.reviews_per_year = reviews_per_year
    profile.experienced = experienced
    profile.available = available
    profile.save(update_fields=["reviews_per_year", "experienced", "available"])
    return profile


@transaction.atomic
def conflict_add(*, actor, region: Region, reviewer, site: Site, reason: str) -> ReviewerConflict:
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
def conflict_remove(*, actor, region: Region, conflict: ReviewerConflict) -> None:
    _check(actor, region)
    conflict.delete()
