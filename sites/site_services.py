"""Changes to sites and teams: create, edit, deactivate and reactivate.

Nothing is deleted: a deactivated site keeps its reviews, reports and people,
and the planner leaves it alone. Each function checks the rule in
sites.permissions, runs in one transaction and raises NotAllowed or Invalid
with a message for the user.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from ipsfidelity.accounts.models import User
from sites import permissions
from sites.models import Region, Site, Team
from sites.services import Invalid, NotAllowed
from sites.signals import SiteReviewsClosed, site_deactivated

SITE_FIELDS = (
    "name",
    "code",
    "nav_office",
    "health_partner",
    "municipality",
    "target_group",
    "report_language",
    "start_date",
)
TEAM_FIELDS = ("name", "employment_specialists")


def _checked(instance: Model) -> None:
    """Run the model's own checks (unique code and name, formats) before saving.

    The forms check the same; this keeps a service call from elsewhere honest
    and turns a database refusal into a message instead of an error page.
    """
    try:
        instance.full_clean()
    except ValidationError as error:
        raise Invalid(" ".join(error.messages)) from None


@transaction.atomic
def site_create(*, actor: User, region: Region, **fields: object) -> Site:
    if not permissions.can_plan_region(actor, region):
        raise NotAllowed(_("Only the region's coordinators can add sites to it."))
    site = Site(region=region, **{name: fields[name] for name in SITE_FIELDS})
    _checked(site)
    site.save()
    return site


@transaction.atomic
def site_update(*, actor: User, site: Site, region: Region | None = None, **fields: object) -> Site:
    site = Site.objects.select_for_update().get(pk=site.pk)
    if not permissions.can_manage_site(actor, site):
        raise NotAllowed(_("Only the region's coordinators can change this site."))
    if region is not None and region.pk != site.region_id:
        if not permissions.can_plan_region(actor, region):
            raise NotAllowed(_("You can only move a site to a region you coordinate."))
        site.region = region
    if (
        "code" in fields
        and fields["code"] != site.code
        and not permissions.can_change_site_code(actor)
    ):
        raise NotAllowed(_("Only a national admin can change a site's code."))
    for name in SITE_FIELDS:
        if name in fields:
            setattr(site, name, fields[name])
    _checked(site)
    site.save()
    return site


@dataclass(frozen=True)
class Deactivated:
    site: Site
    cancelled_reviews: int
    open_reviews: int


@transaction.atomic
def site_deactivate(*, actor: User, site: Site) -> Deactivated:
    """Stop planning the site; reviews nobody has scheduled yet are cancelled
    (by the planning part, told through the `site_deactivated` signal).

    Reviews already scheduled or under way go on (the coordinator decides
    about them); the site's history stays as it is.
    """
    site = Site.objects.select_for_update().get(pk=site.pk)
    if not permissions.can_manage_site(actor, site):
        raise NotAllowed(_("Only the region's coordinators can deactivate this site."))
    if not site.active:
        raise Invalid(_("The site is already inactive."))
    site.active = False
    site.save(update_fields=["active"])
    # The reviews belong to the planning part, above this app: it is told, and
    # answers what it cancelled and what goes on.
    sent: list[object] = [
        answer for _receiver, answer in site_deactivated.send(sender=Site, site=site, actor=actor)
    ]
    answers = [answer for answer in sent if isinstance(answer, SiteReviewsClosed)]
    return Deactivated(
        site=site,
        cancelled_reviews=sum(answer.cancelled for answer in answers),
        open_reviews=sum(answer.still_open for answer in answers),
    )


@transaction.atomic
def site_reactivate(*, actor: User, site: Site) -> Site:
    site = Site.objects.select_for_update().get(pk=site.pk)
    if not permissions.can_manage_site(actor, site):
        raise NotAllowed(_("Only the region's coordinators can reactivate this site."))
    if site.active:
        raise Invalid(_("The site is already active."))
    site.active = True
    site.save(update_fields=["active"])
    return site


@transaction.atomic
def team_create(*, actor: User, site: Site, name: str, employment_specialists: int) -> Team:
    if not permissions.can_manage_site(actor, site):
        raise NotAllowed(_("Only the region's coordinators can add teams to this site."))
    team = Team(site=site, name=name.strip(), employment_specialists=employment_specialists)
    _checked(team)
    team.save()
    return team


@transaction.atomic
def team_update(*, actor: User, team: Team, **fields: object) -> Team:
    team = Team.objects.select_for_update().select_related("site").get(pk=team.pk)
    if not permissions.can_manage_team(actor, team):
        raise NotAllowed(_("Only the region's coordinators can change this team."))
    for name in TEAM_FIELDS:
        if name in fields:
            setattr(team, name, fields[name])
    team.name = team.name.strip()
    _checked(team)
    team.save()
    return team


@transaction.atomic
def team_set_active(*, actor: User, team: Team, active: bool) -> Team:
    team = Team.objects.select_for_update().select_related("site").get(pk=team.pk)
    if not permissions.can_manage_team(actor, team):
        raise NotAllowed(_("Only the region's coordinators can change this team."))
    team.active = active
    team.save(update_fields=["active"])
    return team
