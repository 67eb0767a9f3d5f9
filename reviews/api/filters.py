"""Filters on the API's lists: by region, site, year and status, where a list has them
(a region has no status; sites and teams are active or deactivated and have no year).

Regions and sites are named by their codes, which do not change when they are
renamed. A code outside the user's scope matches nothing, exactly like one
that does not exist, so a filter reveals nothing the lists would not.
"""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from reviews.rating.models import Review
from reviews.reports.models import Report
from sites.models import Region, Site, Team

FIRST_YEAR = 1990
LAST_YEAR = 2100


@extend_schema_field({"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR})
class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=FIRST_YEAR, max_value=LAST_YEAR, **kwargs)


def review_year(year: int, via: str = "") -> Q:
    """A review's year is that of its (first) visit day, or of its due date before a visit."""
    prefix = f"{via}__" if via else ""
    return Q(**{f"{prefix}visit_start__year": year}) | Q(
        **{f"{prefix}visit_start__isnull": True, f"{prefix}due_by__year": year}
    )


REGION_HELP = _("The region's code, e.g. nord.")
SITE_HELP = _("The site's code, e.g. ips-tromso.")
YEAR_HELP = _("The year of the (first) visit day, or of the due date for a review not yet visited.")


ACTIVITY = [("active", _("active")), ("inactive", _("deactivated"))]


def by_activity(queryset: QuerySet, name: str, value: str) -> QuerySet:
    """Sites and teams have two states: in use, or deactivated (kept with their history)."""
    return queryset.filter(active=value == "active")


class RegionFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(field_name="code", help_text=REGION_HELP)

    class Meta:
        model = Region
        fields = ["region"]


class SiteFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(field_name="region__code", help_text=REGION_HELP)
    site = django_filters.CharFilter(field_name="code", help_text=SITE_HELP)
    status = django_filters.ChoiceFilter(choices=ACTIVITY, method=by_activity)
    active = django_filters.BooleanFilter(help_text=_("Active sites, or those deactivated."))

    class Meta:
        model = Site
        fields = ["region", "site", "status", "active"]


class TeamFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(field_name="site__region__code", help_text=REGION_HELP)
    site = django_filters.CharFilter(field_name="site__code", help_text=SITE_HELP)
    status = django_filters.ChoiceFilter(choices=ACTIVITY, method=by_activity)
    active = django_filters.BooleanFilter(help_text=_("Active teams, or those deactivated."))

    class Meta:
        model = Team
        fields = ["region", "site", "status", "active"]


class ReviewFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(field_name="site__region__code", help_text=REGION_HELP)
    site = django_filters.CharFilter(field_name="site__code", help_text=SITE_HELP)
    year = YearFilter(method="filter_year", help_text=YEAR_HELP)
    status = django_filters.ChoiceFilter(choices=Review.Status.choices)
    kind = django_filters.ChoiceFilter(choices=Review.Kind.choices)

    class Meta:
        model = Review
        fields = ["region", "site", "year", "status", "kind"]

    def filter_year(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(review_year(value))


class ReportFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(
        field_name="review__site__region__code", help_text=REGION_HELP
    )
    site = django_filters.CharFilter(field_name="review__site__code", help_text=SITE_HELP)
    year = YearFilter(method="filter_year", help_text=_("The year of the report's review."))
    status = django_filters.ChoiceFilter(choices=Report.Status.choices)

    class Meta:
        model = Report
        fields = ["region", "site", "year", "status"]

    def filter_year(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(review_year(value, via="review"))
