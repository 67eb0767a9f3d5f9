"""Entering a site's quarterly employment figures, by hand or from a CSV or XLSX file.

The file import follows the rules of the import of earlier reviews: a dry run
says row by row what would happen and writes nothing; a real run writes every
row in one transaction or, when any row is wrong, nothing at all. A row for a
quarter already recorded with the same figures is skipped; with other figures
it replaces them (the file is the newer count), and the page says so first.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews import spreadsheets
from reviews.outcomes.models import EmploymentOutcome
from reviews.rating.services import NotAllowed
from reviews.spreadsheets import Row, read_import, whole_number
from sites import permissions
from sites.models import Site

FIGURES = ("people_served", "out_of_work_at_start", "in_paid_work", "job_starts")
# Counted by youth services (IPS-ung) beside paid work; a file may leave it out.
OPTIONAL_FIGURES = ("in_education",)
COLUMNS = ("site_code", "year", "quarter", *FIGURES)


class OutcomeError(Exception):
    """Figures that cannot be recorded; the message is meant for the user."""


@dataclass(frozen=True)
class Figures:
    people_served: int
    out_of_work_at_start: int
    in_paid_work: int
    job_starts: int
    in_education: int | None = None  # not recorded

    def as_dict(self) -> dict[str, int | None]:
        return {name: getattr(self, name) for name in (*FIGURES, *OPTIONAL_FIGURES)}


def quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * quarter - 2, 1)


def figure_problems(figures: Figures) -> list[str]:
    """What is wrong with a quarter's figures, in words for the person who typed them."""
    problems = []
    if any(value is not None and value < 0 for value in figures.as_dict().values()):
        problems.append(_("The figures cannot be negative."))
    elif figures.out_of_work_at_start > figures.people_served:
        problems.append(_("More people out of work at the start than people served."))
    elif figures.in_paid_work > figures.out_of_work_at_start:
        problems.append(
            _("More people in paid work than people who were out of work at the start.")
        )
    elif figures.in_education is not None and figures.in_education > figures.out_of_work_at_start:
        problems.append(
            _("More people in education than people who were out of work at the start.")
        )
    return problems


def quarter_problems(year: int, quarter: int, today: date) -> list[str]:
    problems = []
    if quarter not in (1, 2, 3, 4):
        problems.append(_("A quarter is 1, 2, 3 or 4."))
    elif not 2000 <= year <= 2100:
        problems.append(_("The year must be between 2000 and 2100."))
    elif quarter_start(year, quarter) > today:
        problems.append(_("This quarter has not started yet."))
    return problems


@transaction.atomic
def outcome_save(
    *, actor, site: Site, year: int, quarter: int, figures: Figures
) -> EmploymentOutcome:
    """Record (or correct) one quarter's figures for a site."""
    if not permissions.can_enter_outcomes(actor, site):
        raise NotAllowed(_("You cannot enter the figures of this site."))
    problems = quarter_problems(year, quarter, timezone.localdate()) + figure_problems(figures)
    if problems:
        raise OutcomeError(" ".join(problems))
    # One statement that inserts or replaces, so two people saving the same
    # quarter at once leave one row, not an integrity error.
    EmploymentOutcome.objects.bulk_create(
        [
            EmploymentOutcome(
                site=site, year=year, quarter=quarter, updated_by=actor, **figures.as_dict()
            )
        ],
        update_conflicts=True,
        unique_fields=["site", "year", "quarter"],
        update_fields=[*FIGURES, *OPTIONAL_FIGURES, "updated_by", "updated_at", "imported_from"],
    )
    return EmploymentOutcome.objects.get(site=site, year=year, quarter=quarter)


# Import -------------------------------------------------------------------


@dataclass
class RowOutcome:
    number: int
    site_code: str
    quarter: str
    action: str  # "create", "update", "skip" or "error"
    messages: list[str] = field(default_factory=list)
    outcome: EmploymentOutcome | None = None


@dataclass
class ImportResult(spreadsheets.ImportResult):
    rows: list[RowOutcome]

    @property
    def to_update(self) -> int:
        return self.count("update")

    @property
    def unchanged(self) -> int:
        return self.count("skip")


def _whole(values: dict[str, str], column: str, problems: list[str]) -> int | None:
    number = whole_number(values.get(column, ""))
    if number is None:
        problems.append(
            _("%(column)s: “%(value)s” is not a whole number of 0 or more.")
            % {"column": column, "value": values.get(column, "")}
        )
    return number


def _check_row(row: Row, sites: dict[str, Site], recorded: dict, today: date, seen: set):
    values = row.values
    result = RowOutcome(
        number=row.number,
        site_code=values.get("site_code", ""),
        quarter=f"{values.get('year', '')} Q{values.get('quarter', '')}",
        action="error",
    )
    problems = result.messages
    site = sites.get(values.get("site_code", "").strip().lower())
    if site is None:
        problems.append(_("Unknown site code “%(code)s”.") % {"code": result.site_code})
    year = _whole(values, "year", problems)
    quarter = _whole(values, "quarter", problems)
    numbers = [_whole(values, column, problems) for column in FIGURES]
    in_education = None
    if values.get("in_education", "").strip():
        in_education = _whole(values, "in_education", problems)
    if year is not None and quarter is not None:
        problems += quarter_problems(year, quarter, today)
    if problems or site is None or year is None or quarter is None:
        return result
    figures = Figures(
        **{name: n or 0 for name, n in zip(FIGURES, numbers, strict=True)},
        in_education=in_education,
    )
    problems += figure_problems(figures)
    key = (site.pk, year, quarter)
    if key in seen:
        problems.append(_("The same site and quarter appear earlier in this file."))
    if problems:
        return result
    seen.add(key)
    before = recorded.get(key)
    if before == figures:
        result.action = "skip"
        problems.append(_("Already recorded with the same figures."))
        return result
    result.action = "create" if before is None else "update"
    if before is not None:
        problems.append(
            _("Replaces %(before)s.")
            % {
                "before": ", ".join(
                    f"{k} {v}" for k, v in before.as_dict().items() if v is not None
                )
            }
        )
    result.outcome = EmploymentOutcome(site=site, year=year, quarter=quarter, **figures.as_dict())
    return result


def import_outcomes(
    *, filename: str, content: bytes, sites: QuerySet[Site], actor=None, dry_run: bool = False
) -> ImportResult:
    """Check the file and, unless it is a dry run or any row is wrong, write it all at once.

    `sites` are the sites the importing person may enter figures for; a code
    outside them is an unknown site.
    """
    table = read_import(filename, content, COLUMNS)
    by_code = {site.code.lower(): site for site in sites}
    recorded = {
        (o.site_id, o.year, o.quarter): Figures(
            **{name: getattr(o, name) for name in (*FIGURES, *OPTIONAL_FIGURES)}
        )
        for o in EmploymentOutcome.objects.filter(site__in=by_code.values())
    }
    today = timezone.localdate()
    seen: set[tuple[int, int, int]] = set()
    rows = [_check_row(row, by_code, recorded, today, seen) for row in table.rows]
    result = ImportResult(filename=filename, dry_run=dry_run, rows=rows)
    if dry_run or result.errors:
        return result
    to_write = [row.outcome for row in rows if row.outcome is not None]
    for outcome in to_write:
        outcome.updated_by = actor
        outcome.imported_from = filename[:200]
    with transaction.atomic():
        EmploymentOutcome.objects.bulk_create(
            to_write,
            update_conflicts=True,
            unique_fields=["site", "year", "quarter"],
            update_fields=[
                *FIGURES,
                *OPTIONAL_FIGURES,
                "updated_by",
                "updated_at",
                "imported_from",
            ],
        )
    result.written = True
    return result
