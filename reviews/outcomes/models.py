"""What fidelity is for: how many of a site's people are in ordinary paid work, per quarter."""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ipsfidelity.audit import audited
from reviews.outcomes.statistics import employment_rate
from sites.models import Site


@pghistory.track(*audited())
class EmploymentOutcome(models.Model):
    """One site's employment figures for one quarter.

    The employment rate counts only people who were out of work when they
    started, as the international benchmarks do: of those, how many were in
    ordinary paid work during the quarter.
    """

    site = models.ForeignKey(
        Site,
        on_delete=models.PROTECT,
        related_name="employment_outcomes",
        verbose_name=_("site"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    people_served = models.PositiveIntegerField(_("people served"))
    out_of_work_at_start = models.PositiveIntegerField(_("of them, out of work when they started"))
    in_paid_work = models.PositiveIntegerField(
        _("of those, in ordinary paid work during the quarter")
    )
    job_starts = models.PositiveIntegerField(_("new job starts"))
    # Youth services (IPS-ung) also count ordinary education; empty where not recorded.
    in_education = models.PositiveIntegerField(
        _("of those, in ordinary education during the quarter"), null=True, blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    imported_from = models.CharField(_("imported from file"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("employment outcome")
        verbose_name_plural = _("employment outcomes")
        ordering = ["site", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                "site",
                "year",
                "quarter",
                name="employment_outcome_once_per_quarter",
                violation_error_message=_("This site already has figures for this quarter."),
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="employment_outcome_quarter_1_4",
                violation_error_message=_("A quarter is 1, 2, 3 or 4."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="employment_outcome_year_plausible",
                violation_error_message=_("The year must be between 2000 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(
                    people_served__gte=0,
                    out_of_work_at_start__gte=0,
                    in_paid_work__gte=0,
                    job_starts__gte=0,
                ),
                name="employment_outcome_counts_not_negative",
                violation_error_message=_("The figures cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(out_of_work_at_start__lte=F("people_served")),
                name="employment_outcome_out_of_work_within_served",
                violation_error_message=_(
                    "More people out of work at the start than people served."
                ),
            ),
            models.CheckConstraint(
                condition=Q(in_paid_work__lte=F("out_of_work_at_start")),
                name="employment_outcome_in_work_within_out_of_work",
                violation_error_message=_(
                    "More people in paid work than people who were out of work at the start."
                ),
            ),
            models.CheckConstraint(
                condition=Q(in_education__isnull=True)
                | Q(in_education__gte=0, in_education__lte=F("out_of_work_at_start")),
                name="employment_outcome_in_education_within_out_of_work",
                violation_error_message=_(
                    "More people in education than people who were out of work at the start."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.year} Q{self.quarter}"

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.quarter}"

    @property
    def employment_rate(self) -> float | None:
        return employment_rate(
            in_paid_work=self.in_paid_work, out_of_work=self.out_of_work_at_start
        )

    @property
    def education_rate(self) -> float | None:
        if self.in_education is None:
            return None
        return employment_rate(
            in_paid_work=self.in_education, out_of_work=self.out_of_work_at_start
        )
