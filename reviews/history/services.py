"""Bringing in reviews from the years before this app, from a CSV or XLSX file.

One row is one earlier review with its consensus scores. A dry run says, row
by row, what would be created or why not, and writes nothing; a real run
writes every row in one transaction or, when any row is wrong, nothing at
all. A row for a review that is already recorded (same site, kind and visit
date) is skipped, so importing the same file again creates nothing new.

Imported reviews are published history: never in the live workflow, never
overdue, no reminders, no signature.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ipsfidelity.audit import untracked_inserts
from ipsfidelity.privacy import contains_national_identity_number
from reviews import spreadsheets
from reviews.history.models import ImportRecord
from reviews.planning.planner import replan_sites, site_facts
from reviews.rating.models import ConsensusScore, Review
from reviews.rating.summaries import refresh_summaries
from reviews.reports.models import ReportText
from reviews.scale.models import FidelityScale
from reviews.scoring import MAX_SCORE, MIN_SCORE
from reviews.spreadsheets import ImportRefused, Row, cell_date, read_import, whole_number
from sites.models import Site

REQUIRED_COLUMNS = ("site_code", "kind", "visit_date", "scale")
OPTIONAL_COLUMNS = ("scale_version", "reviewer_1", "reviewer_2", "summary")
ITEM_COLUMN = re.compile(r"^item_(\d+)$")
KINDS = (Review.Kind.EXTERNAL, Review.Kind.SELF_ASSESSMENT)


@dataclass
class RowOutcome:
    number: int
    site_code: str
    visit_date: str
    action: str  # "create", "skip" or "error"
    messages: list[str] = field(default_factory=list)
    # What would be written, for a row without errors: the review and its
    # consensus scores by item id.
    review: Review | None = None
    scores: dict[int, int] = field(default_factory=dict)
    earlier_reviewers: str = ""
    summary: str = ""


@dataclass
class ImportResult(spreadsheets.ImportResult):
    rows: list[RowOutcome]

    @property
    def skipped(self) -> int:
        return self.count("skip")

    @property
    def created(self) -> int:
        return self.count("create") if self.written else 0


@dataclass
class _Facts:
    """What the rows are checked against, read once for the whole file."""

    sites: dict[str, Site]
    scales: dict[tuple[str, str], FidelityScale]
    current: dict[str, FidelityScale]
    items: dict[int, dict[int, int]]  # scale id -> item number -> item id
    recorded: set[tuple[int, str, date | None]]


def _facts(sites: QuerySet[Site]) -> _Facts:
    scales = list(FidelityScale.objects.prefetch_related("items"))
    return _Facts(
        sites={site.code: site for site in sites},
        scales={(scale.code.lower(), scale.version): scale for scale in scales},
        current={scale.code.lower(): scale for scale in scales if scale.is_current},
        items={scale.pk: {item.number: item.pk for item in scale.items.all()} for scale in scales},
        recorded=set(
            Review.objects.filter(site__in=sites, visit_start__isnull=False)
            .exclude(status=Review.Status.CANCELLED)
            .values_list("site_id", "kind", "visit_start")
        ),
    )


def _check_row(row: Row, facts: _Facts, today: date, seen: set) -> RowOutcome:
    values = row.values
    outcome = RowOutcome(
        number=row.number,
        site_code=values.get("site_code", ""),
        visit_date=values.get("visit_date", ""),
        action="error",
    )
    problems = outcome.messages
    site = facts.sites.get(values.get("site_code", "").lower())
    if site is None:
        problems.append(_("Unknown site code “%(code)s”.") % {"code": outcome.site_code})
    kind = values.get("kind", "").lower()
    if kind not in KINDS:
        problems.append(_("The kind must be “external” or “self_assessment”."))
    for column in ("summary", "reviewer_1", "reviewer_2"):
        if contains_national_identity_number(values.get(column, "")):
            problems.append(
                _("The column “%(column)s” seems to hold a national identity number: remove it.")
                % {"column": column}
            )
    visit = cell_date(values.get("visit_date", ""))
    if visit is None:
        problems.append(_("The visit date must be a date written YYYY-MM-DD."))
    if visit is not None and visit > today:
        problems.append(_("The visit date is in the future."))
    if visit is not None and site is not None and visit < site.start_date:
        problems.append(
            _("The visit is before the site started IPS (%(start)s).")
            % {"start": site.start_date.isoformat()}
        )
    scale = _scale(values, facts, problems)
    scores = _scores(values, scale, facts, problems) if scale else {}
    if problems or site is None or visit is None or scale is None:
        return outcome
    key = (site.pk, kind, visit)
    if key in seen:
        problems.append(_("The same site, kind and visit date appear earlier in this file."))
        return outcome
    seen.add(key)
    if key in facts.recorded:
        outcome.action = "skip"
        problems.append(_("Already recorded: this site has a review of this kind on this date."))
        return outcome
    outcome.action = "create"
    reviewers = [values.get(c, "") for c in ("reviewer_1", "reviewer_2") if values.get(c)]
    outcome.review = Review(
        site=site,
        scale=scale,
        kind=kind,
        status=Review.Status.PUBLISHED,
        due_from=visit,
        due_by=visit,
        visit_start=visit,
        visit_end=visit,
    )
    outcome.summary = values.get("summary", "")
    outcome.earlier_reviewers = ", ".join(reviewers)[:300]
    outcome.scores = {facts.items[scale.pk][number]: score for number, score in scores.items()}
    return outcome


def _scale(values: dict[str, str], facts: _Facts, problems: list[str]) -> FidelityScale | None:
    code = values.get("scale", "").lower()
    version = values.get("scale_version", "")
    scale = facts.scales.get((code, version)) if version else facts.current.get(code)
    if scale is None:
        if version:
            problems.append(
                _("Unknown scale “%(code)s” version “%(version)s”.")
                % {"code": values.get("scale", ""), "version": version}
            )
        else:
            problems.append(_("Unknown scale “%(code)s”.") % {"code": values.get("scale", "")})
    return scale


def _scores(
    values: dict[str, str], scale: FidelityScale, facts: _Facts, problems: list[str]
) -> dict[int, int]:
    """Item number -> score, for every item of the scale, or the problems found."""
    numbers = facts.items[scale.pk]
    scores = {}
    for column, text in values.items():
        match = ITEM_COLUMN.match(column)
        if not match or not text:
            continue
        number = int(match.group(1))
        if number not in numbers:
            problems.append(
                _("%(column)s: the scale %(scale)s has no item %(number)s.")
                % {"column": column, "scale": scale.code, "number": number}
            )
        elif (score := whole_number(text)) is None or not MIN_SCORE <= score <= MAX_SCORE:
            problems.append(
                _("%(column)s: “%(value)s” is not a whole number from 1 to 5.")
                % {"column": column, "value": text}
            )
        else:
            scores[number] = score
    missing = sorted(set(numbers) - set(scores))
    if missing and not any(p.startswith("item_") for p in problems):
        problems.append(
            _("Missing scores for items %(items)s.")
            % {"items": ", ".join(f"item_{n:02d}" for n in missing)}
        )
    return scores


def check_file(
    *, filename: str, content: bytes, sites: QuerySet[Site], today: date | None = None
) -> ImportResult:
    """What importing this file would do, row by row; writes nothing."""
    # Every scale has an item 1; the rest depend on the row's scale.
    table = read_import(filename, content, (*REQUIRED_COLUMNS, "item_01"))
    facts = _facts(sites)
    today = today or timezone.localdate()
    seen: set = set()
    rows = [_check_row(row, facts, today, seen) for row in table.rows]
    return ImportResult(filename=filename, dry_run=True, rows=rows)


def import_reviews(
    *,
    filename: str,
    content: bytes,
    sites: QuerySet[Site],
    actor=None,
    dry_run: bool = False,
    today: date | None = None,
) -> ImportResult:
    """Check the file and, unless it is a dry run or any row is wrong, write it all at once.

    Then the plans made before this history came in follow it: an untouched
    automatic plan moves to the window the newest imported review gives.
    """
    result = check_file(filename=filename, content=content, sites=sites, today=today)
    result.dry_run = dry_run
    if dry_run or result.errors:
        return result
    now = timezone.now()
    to_create = [row for row in result.rows if row.action == "create"]
    reviews = [row.review for row in to_create if row.review is not None]
    for review in reviews:
        review.imported_at = now
    try:
        with transaction.atomic():
            Review.objects.bulk_create(reviews)
            # Each review's record is in the audit history, with who imported
            # it and from which file; an event per historical score would
            # cost four times the import itself and say nothing more.
            ImportRecord.objects.bulk_create(
                ImportRecord(
                    review=review,
                    imported_from=filename[:200],
                    imported_by=actor,
                    earlier_reviewers=row.earlier_reviewers,
                )
                for review, row in zip(reviews, to_create, strict=True)
            )
            ReportText.objects.bulk_create(
                ReportText(review=review, summary=row.summary)
                for review, row in zip(reviews, to_create, strict=True)
                if row.summary
            )
            with untracked_inserts(ConsensusScore):
                ConsensusScore.objects.bulk_create(
                    ConsensusScore(review=review, item_id=item_id, score=score, imported=True)
                    for review, row in zip(reviews, to_create, strict=True)
                    for item_id, score in row.scores.items()
                )
            refresh_summaries(review.pk for review in reviews)
    except IntegrityError:
        # Another import of the same reviews committed first; nothing of ours is kept.
        raise ImportRefused(
            _("Some of these reviews were recorded by someone else just now. Run it again.")
        ) from None
    result.written = True
    replan_sites(_now_latest(reviews), today=today)
    return result


def _now_latest(imported: list[Review]) -> set[int]:
    """The sites whose latest external review, as the planner reads it, is now one of
    these: their next review follows from it, so a plan made before the history came
    in may have to move. (A site has one review of a kind on a date.)"""
    visits: dict[int, set[date | None]] = {}
    for review in imported:
        if review.kind == Review.Kind.EXTERNAL and review.team_id is None:
            visits.setdefault(review.site_id, set()).add(review.visit_start)
    if not visits:
        return set()
    return {
        facts.site_id
        for facts in site_facts(site_ids=set(visits))
        if facts.last_visit in visits[facts.site_id]
    }
