import re

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from ipsfidelity.audit import audited
from ipsfidelity.text import no_identity_number


class Region(models.Model):
    """A regional IPS resource centre and the area it reviews."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120, validators=[no_identity_number])
    resource_centre = models.CharField(
        _("resource centre"),
        max_length=200,
        help_text=_("The regional IPS resource centre that runs the region's reviews."),
        validators=[no_identity_number],
    )
    email = models.EmailField(_("contact e-mail"), blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="region_name_unique_ci")]

    def __str__(self) -> str:
        return self.name


SITE_CODE_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def site_code_from_name(name: str) -> str:
    """The code a site gets when nobody types one: "IPS Tromsø" -> "ips-tromso".

    Only what SITE_CODE_PATTERN allows: slugify keeps underscores, so they
    become hyphens too, and runs of hyphens one.
    """
    slug = slugify(name.lower().translate(NORWEGIAN_LETTERS))
    return re.sub(r"[^a-z0-9]+", "-", slug)[:40].strip("-")


@pghistory.track(*audited())
class Site(models.Model):
    """An IPS site: a NAV office with its mental-health/addiction partner."""

    class TargetGroup(models.TextChoices):
        ADULTS = "adults", _("Adults")
        YOUTH = "youth", _("Young adults")

    class Language(models.TextChoices):
        NB = "nb", _("Norwegian Bokmål")
        NN = "nn", _("Norwegian Nynorsk")
        EN = "en", _("English")

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="sites", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=200, validators=[no_identity_number])
    # Short and stable: imports, exports and the API name a site by its code,
    # so it does not change when the site is renamed.
    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        error_messages={"unique": _("Another site already has this code.")},
        validators=[
            RegexValidator(
                SITE_CODE_PATTERN,
                _("Use lowercase letters, digits and single hyphens, e.g. ips-tromso."),
            )
        ],
        help_text=_("Short and stable, e.g. ips-tromso: lowercase letters, digits, hyphens."),
    )
    nav_office = models.CharField(_("NAV office"), max_length=200, validators=[no_identity_number])
    health_partner = models.CharField(
        _("health partner"),
        max_length=200,
        help_text=_("The mental-health or addiction service the site works with."),
        validators=[no_identity_number],
    )
    municipality = models.CharField(
        _("municipality"), max_length=120, validators=[no_identity_number]
    )
    target_group = models.CharField(
        _("target group"), max_length=10, choices=TargetGroup.choices, default=TargetGroup.ADULTS
    )
    report_language = models.CharField(
        _("report language"), max_length=5, choices=Language.choices, default=Language.NB
    )
    start_date = models.DateField(_("start date"), help_text=_("When the site began IPS."))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["region__name", "name"]
        constraints = [
            models.UniqueConstraint(
                "region",
                Lower("name"),
                name="site_name_unique_in_region",
                violation_error_message=_("Another site in this region has this name."),
            ),
            models.CheckConstraint(
                condition=Q(target_group__in=["adults", "youth"]), name="site_target_group_known"
            ),
            models.CheckConstraint(
                condition=Q(report_language__in=["nb", "nn", "en"]),
                name="site_report_language_known",
            ),
            models.CheckConstraint(
                condition=Q(code__regex=SITE_CODE_PATTERN),
                name="site_code_format",
                violation_error_message=_(
                    "Use lowercase letters, digits and single hyphens, e.g. ips-tromso."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


@pghistory.track(*audited())
class Team(models.Model):
    """A team of employment specialists at a site."""

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="teams", verbose_name=_("site")
    )
    name = models.CharField(_("name"), max_length=200, validators=[no_identity_number])
    employment_specialists = models.PositiveSmallIntegerField(
        _("employment specialists"), default=0
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["site__name", "name"]
        constraints = [
            models.UniqueConstraint(
                "site",
                Lower("name"),
                name="team_name_unique_in_site",
                violation_error_message=_("This site already has a team with this name."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site} – {self.name}"


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("National admin")
    COORDINATOR = "coordinator", _("Coordinator")
    REVIEWER = "reviewer", _("Reviewer")
    SITE_LEADER = "site_leader", _("Site leader")


REGION_ROLES = (Role.COORDINATOR, Role.REVIEWER)
SITE_ROLES = (Role.SITE_LEADER,)


def _fits_role() -> Q:
    """The place a role is held in: nowhere (national admin), a region, or a site."""
    return (
        Q(role=Role.NATIONAL_ADMIN, region__isnull=True, site__isnull=True)
        | Q(role__in=REGION_ROLES, region__isnull=False, site__isnull=True)
        | Q(role__in=SITE_ROLES, region__isnull=True, site__isnull=False)
    )


class CurrentMemberships(models.Manager["Membership"]):
    def get_queryset(self) -> models.QuerySet["Membership"]:
        return super().get_queryset().filter(ended_at__isnull=True)


@pghistory.track(*audited())
class Membership(models.Model):
    """One row says one person holds one role in one place.

    National admins hold their role everywhere (no region, no site);
    coordinators and reviewers belong to a region; site leaders to a site.
    An ended membership stays (history, and so it can be reactivated) but
    gives nothing: `Membership.objects` holds only current ones, so every
    query of roles sees current ones without having to remember to filter.
    Lookups across the relation (`memberships__role=...`) bypass managers and
    add `memberships__ended_at=None` themselves; `all_objects` holds both.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("region"),
    )
    site = models.ForeignKey(
        Site,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("site"),
    )
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )

    all_objects = models.Manager()
    objects = CurrentMemberships()

    class Meta:
        # Related lookups (membership.user ...) and the admin's history need
        # ended rows too.
        base_manager_name = "all_objects"
        default_manager_name = "objects"
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                condition=_fits_role(),
                name="membership_scope_fits_role",
                violation_error_message=_(
                    "A national admin has no region or site; a coordinator or reviewer "
                    "has a region only; a site leader has a site only."
                ),
            ),
            models.UniqueConstraint(
                "user",
                "role",
                condition=Q(role=Role.NATIONAL_ADMIN),
                name="membership_unique_national_admin",
            ),
            models.UniqueConstraint(
                "user",
                "role",
                "region",
                condition=Q(region__isnull=False),
                name="membership_unique_in_region",
            ),
            models.UniqueConstraint(
                "user",
                "role",
                "site",
                condition=Q(site__isnull=False),
                name="membership_unique_at_site",
            ),
        ]

    def __str__(self) -> str:
        place = self.region or self.site
        role = self.get_role_display()
        return f"{self.user}: {role} ({place})" if place else f"{self.user}: {role}"


@pghistory.track(*audited())
class Invitation(models.Model):
    """An e-mailed, single-use link that gives a new person one role in one place.

    Only a hash of the link's secret is kept, so the table alone lets nobody
    in. An invitation is pending until it is accepted or revoked; a resend
    makes a new link (the old one stops working) with a new expiry.
    """

    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(
        _("name"), max_length=150, blank=True, validators=[no_identity_number]
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("region"),
    )
    site = models.ForeignKey(
        Site,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("site"),
    )
    language = models.CharField(
        _("language of the invitation"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("last sent"))
    send_count = models.PositiveSmallIntegerField(_("times sent"), default=1)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-sent_at"]
        constraints = [
            models.CheckConstraint(
                condition=_fits_role(),
                name="invitation_scope_fits_role",
                violation_error_message=_(
                    "A national admin has no region or site; a coordinator or reviewer "
                    "has a region only; a site leader has a site only."
                ),
            ),
            # Two open links to one address would leave the person unsure
            # which one counts: resend or revoke the open one instead.
            models.UniqueConstraint(
                Lower("email"),
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_address",
                violation_error_message=_(
                    "This address already has an open invitation: resend or revoke it."
                ),
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_accepted_or_revoked_not_both",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.get_role_display()} ({self.region or self.site or '-'})"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None


MONTHS = [MinValueValidator(1), MaxValueValidator(60)]
DAYS = [MinValueValidator(1), MaxValueValidator(365)]
DAYS_PER_REVIEW = [MinValueValidator(1), MaxValueValidator(20)]
WEEKS = [MinValueValidator(1), MaxValueValidator(104)]


# A logo as stored (after re-encoding), at most: a header image, not a photo album.
REPORT_LOGO_MAX_BYTES = 200_000


class RegionPolicy(models.Model):
    """How often a region reviews its sites and how it plans the work; its coordinators edit it."""

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, related_name="policy", verbose_name=_("region")
    )
    first_review_months = models.PositiveSmallIntegerField(
        _("first review within (months of the start)"), default=6, validators=MONTHS
    )
    interval_months = models.PositiveSmallIntegerField(
        _("then every (months) until good fidelity"), default=6, validators=MONTHS
    )
    good_interval_months = models.PositiveSmallIntegerField(
        _("every (months) at good fidelity or better"), default=12, validators=MONTHS
    )
    window_days = models.PositiveSmallIntegerField(
        _("length of the due window (days)"), default=60, validators=DAYS
    )
    allow_lending = models.BooleanField(
        _("borrow reviewers from other regions when short"), default=True
    )
    # Off until the region says so: its reviewers' time is the region's to give.
    lend_reviewers = models.BooleanField(
        _("lend our reviewers to other regions"),
        default=False,
        help_text=_(
            "If on, other regions that borrow when short can have our reviewers proposed "
            "and can assign them."
        ),
    )
    reminder_days = models.CharField(
        _("remind before the visit (days, comma separated)"), max_length=40, default="30,7"
    )
    report_due_days = models.PositiveSmallIntegerField(
        _("report due (days after the visit)"), default=28, validators=DAYS
    )
    days_per_review = models.PositiveSmallIntegerField(
        _("reviewer-days per review"),
        default=3,
        validators=DAYS_PER_REVIEW,
        help_text=_(
            "Each reviewer's working days for one review: preparation, the visit and the "
            "report. The capacity forecast counts in these days."
        ),
    )
    action_plan_weeks = models.PositiveSmallIntegerField(
        _("action plan due (weeks after publication)"), default=6, validators=WEEKS
    )
    # The manual asks for personal data to go soon after the report; the
    # weeks between leave time for the site's comments and a correction.
    personal_data_weeks = models.PositiveSmallIntegerField(
        _("delete evidence notes (weeks after publication)"),
        default=12,
        validators=WEEKS,
        help_text=_(
            "Evidence notes and pre-visit notes are deleted then; scores, the report text and "
            "the signed PDF stay."
        ),
    )
    # How far the two reviewers agreed is the resource centre's quality work,
    # not the site's business, unless the region chooses to share it.
    report_shows_agreement = models.BooleanField(
        _("show the reviewers' agreement in the site's report"),
        default=False,
        help_text=_(
            "Exact agreement, weighted kappa and each reviewer's own total. Reviewers, "
            "coordinators and the national admin always see them on the consensus page."
        ),
    )

    # The resource centre's logo in the report's header: a PNG the upload was checked
    # and re-encoded into (sites/logos.py), never the file as uploaded.
    report_logo = models.BinaryField(_("logo in reports"), blank=True, default=b"", editable=False)

    class Meta:
        verbose_name = _("review policy")
        verbose_name_plural = _("review policies")
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("report_logo"), REPORT_LOGO_MAX_BYTES),
                name="region_policy_logo_size_capped",
            ),
            models.CheckConstraint(
                condition=Q(first_review_months__gte=1)
                & Q(interval_months__gte=1)
                & Q(good_interval_months__gte=1)
                & Q(window_days__gte=1),
                name="region_policy_positive_periods",
            ),
            models.CheckConstraint(
                condition=Q(days_per_review__gte=1, days_per_review__lte=20),
                name="region_policy_days_per_review_1_to_20",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region}: {self.interval_months}/{self.good_interval_months}"

    @property
    def reminder_day_list(self) -> list[int]:
        return sorted(
            {int(day) for day in self.reminder_days.split(",") if day.strip()}, reverse=True
        )


# A region without a policy row has the fields' defaults: it borrows when short,
# and lends its reviewers to nobody.
def region_borrows(policy: RegionPolicy | None) -> bool:
    return policy.allow_lending if policy else True


def region_lends(policy: RegionPolicy | None) -> bool:
    """Whether a region lets other regions borrow its reviewers: only with its consent."""
    return policy.lend_reviewers if policy else False


# What a reviewer takes on in a year unless their profile says otherwise; the
# planner counts the same for a reviewer who has no profile yet.
DEFAULT_REVIEWS_PER_YEAR = 6


class ReviewerProfile(models.Model):
    """What the planner needs to know of a reviewer: how much they can take on.

    When they cannot take anything is their leave (ReviewerLeave).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reviewer_profile",
        verbose_name=_("reviewer"),
    )
    reviews_per_year = models.PositiveSmallIntegerField(
        _("reviews a year"),
        default=DEFAULT_REVIEWS_PER_YEAR,
        help_text=_("How many reviews this person can take on."),
    )
    experienced = models.BooleanField(_("experienced reviewer"), default=False)
    # A secret in the URL of the reviewer's calendar feed; a new one revokes the old.
    calendar_token = models.CharField(
        _("calendar token"), max_length=64, blank=True, unique=True, null=True
    )

    class Meta:
        verbose_name = _("reviewer profile")
        verbose_name_plural = _("reviewer profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.reviews_per_year}/year)"


class ReviewerLeave(models.Model):
    """Days a reviewer cannot review (holiday, parental or sick leave, other work).

    The planner leaves a reviewer out of a review whose due window (or visit)
    falls in their leave, and the capacity forecast counts the working days
    they are away.
    """

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="leave_periods",
        verbose_name=_("reviewer"),
    )
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    note = models.CharField(_("note"), max_length=200, blank=True, validators=[no_identity_number])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("leave period")
        verbose_name_plural = _("leave periods")
        ordering = ["reviewer", "first_day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")),
                name="reviewer_leave_ends_after_it_starts",
                violation_error_message=_("The last day of leave is before the first."),
            ),
        ]
        # The planner and the forecast read the leave that has not ended yet.
        indexes = [models.Index(fields=["last_day", "reviewer"], name="reviewer_leave_last_day")]

    def __str__(self) -> str:
        return f"{self.reviewer}: {self.first_day}–{self.last_day}"


class ReviewerConflict(models.Model):
    """A reviewer who must not review a site (worked there, family, ...)."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="review_conflicts",
        verbose_name=_("reviewer"),
    )
    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="reviewer_conflicts", verbose_name=_("site")
    )
    reason = models.CharField(_("reason"), max_length=200, validators=[no_identity_number])

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint("reviewer", "site", name="conflict_once_per_site"),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} ≠ {self.site}"
