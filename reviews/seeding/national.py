"""A made-up national data set on PostgreSQL, large enough to measure the pages with.

Five regions, their coordinators and reviewers, sites with teams and a site
leader each, and for every site the reviews of the years since it started:
published ones with both reviewers' ratings, the consensus, two sign-offs and
a signed report; the latest review of many sites still open, in every state
from planned to signed. The same arguments (and the same day) give the same
rows.

Everything it makes is marked: the regions' codes start with
`SEED_REGION_PREFIX` and every person's address ends with `SEED_EMAIL_DOMAIN`,
so it refuses a database that holds anything else. Rows go in with COPY,
inside one transaction, with the audit-history triggers switched off for it:
made-up data has no history worth keeping, and the triggers would double the
writes (see `_skip_row_triggers`). Every signed report points to one
placeholder PDF, so downloads work, but verification of these reports fails:
they were never signed.
"""

import hashlib
import json
import math
import random
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import pgtrigger
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, models, transaction

from reviews.rating import summaries
from reviews.rating.models import ConsensusScore, Rating, Review
from reviews.reports.models import Report, ReportText, SignOff
from reviews.scale.models import FidelityScale
from reviews.states import ReportStatus, ReviewKind
from reviews.states import ReviewStatus as S
from sites.models import (
    Membership,
    Region,
    RegionPolicy,
    ReviewerProfile,
    Role,
    Site,
    Team,
)

SEED_REGION_PREFIX = "national-"
SEED_EMAIL_DOMAIN = "@national.example"
SEED_PASSWORD = "ips-national-2026"
PLACEHOLDER_PDF = "reports/seeded/placeholder.pdf"

REGIONS = [
    ("nord", "Nord", "IPS-ressurssenteret i Helse Nord"),
    ("midt", "Midt-Norge", "IPS-ressurssenteret i Helse Midt-Norge"),
    ("vest", "Vest", "IPS-ressurssenteret i Helse Vest"),
    ("sor-ost", "Sør-Øst", "IPS-ressurssenteret i Helse Sør-Øst"),
    ("sor", "Sør", "IPS-ressurssenteret for Agder og Telemark"),
]

TOWNS = [
    "Tromsø",
    "Bodø",
    "Alta",
    "Trondheim",
    "Ålesund",
    "Molde",
    "Bergen",
    "Stavanger",
    "Haugesund",
    "Oslo",
    "Drammen",
    "Hamar",
    "Lillehammer",
    "Kristiansand",
    "Skien",
    "Arendal",
    "Fredrikstad",
    "Gjøvik",
    "Harstad",
    "Førde",
]

# Share of the sites with an open review, by its state (the rest wait for the planner).
OPEN_STATES = [
    (S.PLANNED, 30),
    (S.SCHEDULED, 25),
    (S.RATING, 15),
    (S.CONSENSUS, 10),
    (S.REPORT, 10),
    (S.SIGNED, 10),
]
# Items a site usually finds harder (lower scores), as in published IPS-25 data.
HARD_ITEMS = {6, 11, 12, 17, 18, 24}

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class SeedRefused(Exception):
    """The database holds something this seed did not make, or the seed was made already."""


@dataclass
class SeedResult:
    regions: int = 0
    sites: int = 0
    teams: int = 0
    people: int = 0
    reviews: int = 0
    published: int = 0
    open_by_state: dict[str, int] = field(default_factory=dict)
    score_rows: int = 0
    reports: int = 0


@dataclass
class _Review:
    pk: int
    site: Site
    status: str
    visit: date | None
    due_from: date
    due_by: date
    reviewer_a: int | None
    reviewer_b: int | None
    consensus: list[int] = field(default_factory=list)
    ratings_a: list[int | None] = field(default_factory=list)
    ratings_b: list[int | None] = field(default_factory=list)
    consensus_items: int = 0


def check_empty() -> None:
    """Refuse unless the database holds nothing but what its migrations put there."""
    if connection.vendor != "postgresql":
        raise SeedRefused("The national data set needs PostgreSQL (set DATABASE_URL).")
    if Region.objects.filter(code__startswith=SEED_REGION_PREFIX).exists():
        raise SeedRefused(
            "This database already holds a national data set: drop and recreate it to seed again."
        )
    if (
        Region.objects.exists()
        or Site.objects.exists()
        or Review.objects.exists()
        or get_user_model().objects.exists()
    ):
        raise SeedRefused(
            "This database holds regions, sites, reviews or people this command did not make: "
            "give it an empty database."
        )


def seed_national(*, sites: int, years: int, seed: int = 1, today: date) -> SeedResult:
    """Fill an empty PostgreSQL database with a national data set (see the module)."""
    if sites < 1 or years < 1:
        raise SeedRefused("--sites and --years must be at least 1.")
    check_empty()
    rng = random.Random(seed)
    result = SeedResult()
    if not default_storage.exists(PLACEHOLDER_PDF):
        default_storage.save(PLACEHOLDER_PDF, ContentFile(MINIMAL_PDF))
    with transaction.atomic(), pgtrigger.ignore():
        _skip_row_triggers()
        regions = _regions()
        people = _people(regions, sites, rng)
        site_rows = _sites(regions, sites, years, today, rng)
        _leaders(site_rows, people["password"])
        result.regions, result.sites = len(regions), len(site_rows)
        result.teams = Team.objects.filter(site__in=site_rows).count()
        result.people = get_user_model().objects.count()
        reviews = _reviews(site_rows, people["reviewers"], today, years, rng)
        _write(reviews, today, result)
    # The rows went in round the services, which keep the published reviews'
    # summaries (the national figures and the planner read those).
    summaries.refresh_all()
    with connection.cursor() as cursor:
        # Fresh statistics, so the first pages measured get the plans they will have later.
        cursor.execute("ANALYZE")
    return result


def _skip_row_triggers() -> None:
    """As a superuser, switch every trigger off for the transaction, the foreign-key checks
    included: they would queue one deferred check per copied row, millions of them.

    The rows are made consistent here, and the unique and check constraints still apply.
    Without the right, only the audit triggers are skipped (pgtrigger.ignore), more slowly.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser') = 'on'")
        if cursor.fetchone()[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")


def _regions() -> list[Region]:
    regions = Region.objects.bulk_create(
        Region(
            code=SEED_REGION_PREFIX + code,
            name=name,
            resource_centre=centre,
            email=f"ips.{code}{SEED_EMAIL_DOMAIN}",
        )
        for code, name, centre in REGIONS
    )
    RegionPolicy.objects.bulk_create(
        RegionPolicy(region=region, lend_reviewers=index % 2 == 0)
        for index, region in enumerate(regions)
    )
    return regions


def _people(regions: list[Region], sites: int, rng: random.Random) -> dict:
    User = get_user_model()
    password = make_password(SEED_PASSWORD)
    admin = User.objects.create(
        email=f"admin{SEED_EMAIL_DOMAIN}",
        full_name="Nora Nasjonal",
        password=password,
        is_staff=True,
        is_superuser=True,
    )
    Membership.objects.create(user=admin, role=Role.NATIONAL_ADMIN)
    coordinators = User.objects.bulk_create(
        User(
            email=f"coordinator.{code}.{n}{SEED_EMAIL_DOMAIN}",
            full_name=f"Koordinator {name} {n}",
            password=password,
        )
        for code, name, _centre in REGIONS
        for n in (1, 2)
    )
    Membership.objects.bulk_create(
        Membership(user=user, role=Role.COORDINATOR, region=regions[index // 2])
        for index, user in enumerate(coordinators)
    )
    count = max(10, sites // 10)
    reviewers = User.objects.bulk_create(
        User(
            email=f"reviewer{n:04d}{SEED_EMAIL_DOMAIN}",
            full_name=f"Evaluator {n:04d}",
            language="en" if n % 7 == 0 else "nb",
            password=password,
        )
        for n in range(count)
    )
    Membership.objects.bulk_create(
        Membership(user=user, role=Role.REVIEWER, region=regions[n % len(regions)])
        for n, user in enumerate(reviewers)
    )
    ReviewerProfile.objects.bulk_create(
        ReviewerProfile(
            user=user,
            reviews_per_year=rng.randint(6, 14),
            experienced=n % 3 == 0,
            calendar_token=hashlib.sha256(f"{rng.random()}:{user.email}".encode()).hexdigest(),
        )
        for n, user in enumerate(reviewers)
    )
    by_region: dict[int, list[int]] = {region.pk: [] for region in regions}
    for n, user in enumerate(reviewers):
        by_region[regions[n % len(regions)].pk].append(user.pk)
    return {"password": password, "reviewers": by_region}


def _sites(
    regions: list[Region], count: int, years: int, today: date, rng: random.Random
) -> list[Site]:
    oldest = years * 365
    sites = Site.objects.bulk_create(
        (
            Site(
                region=regions[n % len(regions)],
                name=f"IPS {TOWNS[n % len(TOWNS)]} {n + 1}",
                code=f"ips-{n + 1:05d}",
                nav_office=f"NAV {TOWNS[n % len(TOWNS)]} {n + 1}",
                health_partner=f"DPS {TOWNS[(n * 7) % len(TOWNS)]}",
                municipality=TOWNS[n % len(TOWNS)],
                target_group="adults",
                report_language="en" if n % 25 == 0 else "nb",
                # More old sites than new: IPS has grown for two decades.
                start_date=today
                - timedelta(days=90 + int((oldest - 90) * math.sqrt(rng.random()))),
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    Team.objects.bulk_create(
        (
            Team(site=site, name=name, employment_specialists=rng.randint(2, 7))
            for n, site in enumerate(sites)
            for name in (["Team Sentrum", "Team Vest"] if n % 2 == 0 else ["Team Sentrum"])
        ),
        batch_size=2000,
    )
    return sites


def _leaders(sites: list[Site], password: str) -> None:
    User = get_user_model()
    leaders = User.objects.bulk_create(
        (
            User(
                email=f"leader{n + 1:05d}{SEED_EMAIL_DOMAIN}",
                full_name=f"Leder {site.name}",
                password=password,
            )
            for n, site in enumerate(sites)
        ),
        batch_size=2000,
    )
    Membership.objects.bulk_create(
        (
            Membership(user=user, role=Role.SITE_LEADER, site=site)
            for user, site in zip(leaders, sites, strict=True)
        ),
        batch_size=2000,
    )


def _months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, min(day.day, 28))


def _scores(level: float, items: int, rng: random.Random) -> list[int]:
    return [
        max(1, min(5, round(level - (0.6 if n + 1 in HARD_ITEMS else 0) + rng.gauss(0, 0.6))))
        for n in range(items)
    ]


def _rated(scores: Sequence[int], rng: random.Random) -> list[int | None]:
    """A reviewer's own scores: the consensus, one point off on some items."""
    return [
        max(1, min(5, score + rng.choice((-1, 1)))) if rng.random() < 0.15 else score
        for score in scores
    ]


def _reviews(
    sites: list[Site], reviewers: dict[int, list[int]], today: date, years: int, rng: random.Random
) -> list[_Review]:
    items = FidelityScale.objects.get(code="IPS-25", is_current=True).item_count
    reviews: list[_Review] = []
    states = [state for state, _weight in OPEN_STATES]
    weights = [weight for _state, weight in OPEN_STATES]
    last_published = today - timedelta(days=75)
    for site in sites:
        pool = reviewers[site.region_id]
        # A site's mean item score: most start fair and grow towards good.
        level = rng.uniform(2.6, 3.6)
        growth = rng.uniform(0.0, 0.12)
        visit = _months(site.start_date, 6) + timedelta(days=rng.randint(-20, 20))
        while visit <= last_published:
            a, b = rng.sample(pool, 2)
            consensus = _scores(level, items, rng)
            reviews.append(
                _Review(
                    pk=0,
                    site=site,
                    status=S.PUBLISHED,
                    visit=visit,
                    due_from=visit - timedelta(days=30),
                    due_by=visit + timedelta(days=30),
                    reviewer_a=a,
                    reviewer_b=b,
                    consensus=consensus,
                    ratings_a=_rated(consensus, rng),
                    ratings_b=_rated(consensus, rng),
                    consensus_items=items,
                )
            )
            level = min(4.8, level + growth + rng.gauss(0, 0.08))
            interval = 12 if sum(consensus) >= 100 else 6
            visit = _months(visit, interval) + timedelta(days=rng.randint(-20, 20))
        if visit > today + timedelta(days=120):
            continue
        reviews.append(_open_review(site, rng.choices(states, weights)[0], visit, pool, today, rng))
        consensus = _scores(level, items, rng)
        open_review = reviews[-1]
        open_review.consensus = consensus
        if open_review.status == S.RATING:
            open_review.ratings_a = [*_rated(consensus[:9], rng)] + [None] * (items - 9)
            done = rng.randint(0, items)
            open_review.ratings_b = [*_rated(consensus[:done], rng)] + [None] * (items - done)
        elif open_review.status in (S.CONSENSUS, S.REPORT, S.SIGNED):
            open_review.ratings_a = _rated(consensus, rng)
            open_review.ratings_b = _rated(consensus, rng)
            open_review.consensus_items = 5 if open_review.status == S.CONSENSUS else items
    ids = _next_ids(Review, len(reviews))
    for review, pk in zip(reviews, ids, strict=True):
        review.pk = pk
    return reviews


def _open_review(
    site: Site, state: str, due: date, pool: list[int], today: date, rng: random.Random
) -> _Review:
    if state == S.PLANNED:
        return _Review(
            0, site, state, None, due - timedelta(days=30), due + timedelta(days=30), None, None
        )
    offsets: dict[str, tuple[int, int]] = {
        S.SCHEDULED: (3, 90),
        S.RATING: (-20, -1),
        S.CONSENSUS: (-40, -15),
        S.REPORT: (-50, -25),
        S.SIGNED: (-60, -30),
    }
    low, high = offsets[state]
    visit = today + timedelta(days=rng.randint(low, high))
    a, b = rng.sample(pool, 2)
    return _Review(
        0, site, state, visit, visit - timedelta(days=30), visit + timedelta(days=30), a, b
    )


def _next_ids(model: type[models.Model], count: int) -> list[int]:
    """Ids for rows about to be copied in, taken from the table's own sequence."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=UTC)


def _copy(model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """COPY rows into the model's table; columns not named get the field's default."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    rest = [name for name, f in fields.items() if name not in columns and not f.primary_key]
    tail = []
    for name in rest:
        default = fields[name].get_default()
        tail.append(json.dumps(default) if isinstance(fields[name], models.JSONField) else default)
    names = ", ".join(connection.ops.quote_name(fields[name].column) for name in [*columns, *rest])
    table = connection.ops.quote_name(model._meta.db_table)
    written = 0
    tail_tuple = tuple(tail)
    with connection.cursor() as cursor:
        # The COPY below goes round Django's cursor wrappers: this statement
        # carries the trigger switch (pgtrigger.ignore) into the transaction.
        cursor.execute("SELECT 1")
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row + tail_tuple)
                written += 1
    return written


EVIDENCE = "Interviews and records."
SOURCES = '["INT", "DOK"]'
CONSENSUS_COLUMNS = (
    "review_id",
    "item_id",
    "score",
    "rationale",
    "recommendation",
    "updated_by_id",
    "updated_at",
)
REVIEW_COLUMNS = (
    "id",
    "site_id",
    "team_id",
    "scale_id",
    "kind",
    "status",
    "due_from",
    "due_by",
    "visit_start",
    "visit_end",
    "reviewer_a_id",
    "reviewer_b_id",
    "submitted_a_at",
    "submitted_b_at",
    "ready_for_signoff_at",
    "ready_for_signoff_by_id",
    "planned_automatically",
    "created_at",
    "updated_at",
)


def _copy_scores(reviews: list[_Review], item_ids: list[int], result: SeedResult) -> None:
    def rating_rows():
        for r in reviews:
            if not r.ratings_a:
                continue
            at = _at(r.visit + timedelta(days=4)) if r.visit else None
            for reviewer, scores in ((r.reviewer_a, r.ratings_a), (r.reviewer_b, r.ratings_b)):
                for item, score in zip(item_ids, scores, strict=True):
                    if score is not None:
                        yield (r.pk, reviewer, item, score, EVIDENCE, SOURCES, at)

    result.score_rows = _copy(
        Rating,
        ("review_id", "reviewer_id", "item_id", "score", "evidence", "data_sources", "updated_at"),
        rating_rows(),
    )

    def consensus_rows():
        for r in reviews:
            at = _at(r.visit + timedelta(days=7)) if r.visit else None
            for item, score in zip(item_ids[: r.consensus_items], r.consensus, strict=False):
                yield (
                    r.pk,
                    item,
                    score,
                    "Both reviewers agreed.",
                    "" if score == 5 else "Work on this item in the action plan.",
                    r.reviewer_a,
                    at,
                )

    result.score_rows += _copy(
        ConsensusScore,
        CONSENSUS_COLUMNS,
        consensus_rows(),
    )


@contextmanager
def _indexes_built_after(*tables: type[models.Model]):
    """Drop the tables' indexes and unique constraints (not the primary key) and build them
    again after the rows are in: one sorted build is far quicker than millions of inserts
    into each index."""
    saved: list[str] = []
    with connection.cursor() as cursor:
        for model in tables:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'u'",
                [model._meta.db_table],
            )
            for name, definition in cursor.fetchall():
                quoted = connection.ops.quote_name(name)
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quoted}")
                saved.append(f"ALTER TABLE {table} ADD CONSTRAINT {quoted} {definition}")
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                "FROM pg_index i WHERE i.indrelid = %s::regclass AND NOT i.indisprimary",
                [model._meta.db_table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f"DROP INDEX {name}")
                saved.append(definition)
    yield
    with connection.cursor() as cursor:
        for statement in saved:
            cursor.execute(statement)


def _write(reviews: list[_Review], today: date, result: SeedResult) -> None:
    scale = FidelityScale.objects.get(code="IPS-25", is_current=True)
    item_ids = list(scale.items.order_by("number").values_list("pk", flat=True))
    bands = list(scale.bands.values_list("code", "min_total", "max_total"))
    after_rating = (S.CONSENSUS, S.REPORT, S.SIGNED, S.PUBLISHED)
    with_text = (S.REPORT, S.SIGNED, S.PUBLISHED)
    ready = (S.SIGNED, S.PUBLISHED)

    def review_row(r: _Review) -> tuple:
        visit = r.visit
        submitted = _at(visit + timedelta(days=5)) if visit and r.status in after_rating else None
        return (
            r.pk,
            r.site.pk,
            None,
            scale.pk,
            ReviewKind.EXTERNAL,
            r.status,
            r.due_from,
            r.due_by,
            visit,
            visit + timedelta(days=1) if visit else None,
            r.reviewer_a,
            r.reviewer_b,
            submitted,
            submitted + timedelta(days=1) if submitted else None,
            _at(visit + timedelta(days=20)) if visit and r.status in ready else None,
            r.reviewer_b if r.status in ready else None,
            r.status == S.PLANNED,
            _at(r.due_from - timedelta(days=60)),
            _at(min(today, (visit or r.due_from) + timedelta(days=25))),
        )

    result.reviews = _copy(Review, REVIEW_COLUMNS, (review_row(r) for r in reviews))
    _copy(
        ReportText,
        ("review_id", "summary", "strengths", "recommendations"),
        (
            (
                r.pk,
                "The team works closely with the treatment teams.",
                "Employment specialists attend the teams' meetings.",
                "1. More time for job development.",
            )
            for r in reviews
            if r.status in with_text
        ),
    )
    result.published = sum(1 for r in reviews if r.status == S.PUBLISHED)
    result.open_by_state = {
        state: sum(1 for r in reviews if r.status == state) for state, _w in OPEN_STATES
    }

    with _indexes_built_after(Rating, ConsensusScore):
        _copy_scores(reviews, item_ids, result)

    def signoff_rows():
        for r in reviews:
            if r.status in ready and r.visit:
                at = _at(r.visit + timedelta(days=22))
                yield (r.pk, r.reviewer_a, 1, at)
                yield (r.pk, r.reviewer_b, 1, at + timedelta(hours=2))

    _copy(SignOff, ("review_id", "reviewer_id", "report_version", "at"), signoff_rows())

    def band(total: int) -> str:
        return next((code for code, low, high in bands if low <= total <= high), "")

    def report_rows():
        for r in reviews:
            if r.status not in ready or not r.visit:
                continue
            signed = r.status == S.PUBLISHED
            at = _at(r.visit + timedelta(days=23))
            total = sum(r.consensus)
            yield (
                r.pk,
                1,
                ReportStatus.SIGNED if signed else ReportStatus.QUEUED,
                1 if signed else 0,
                at if signed else None,
                "en" if r.site.report_language == "en" else "nb",
                f"N{r.pk:09d}",
                PLACEHOLDER_PDF if signed else "",
                hashlib.sha256(f"seeded report {r.pk}".encode()).hexdigest() if signed else "",
                at if signed else None,
                total if signed else None,
                band(total) if signed else "",
                "CN=Seeded national data set" if signed else "",
                signed,
                at,
            )

    result.reports = _copy(
        Report,
        (
            "review_id",
            "version",
            "status",
            "attempts",
            "started_at",
            "language",
            "verification_code",
            "pdf",
            "sha256",
            "signed_at",
            "total",
            "band_code",
            "certificate_subject",
            "development_certificate",
            "created_at",
        ),
        report_rows(),
    )
