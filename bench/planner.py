"""Plan reviews for 10,000 sites and 500 reviewers: time and query count.

Builds the data in a throwaway database (a temporary SQLite file, or the
empty PostgreSQL database named by --database-url, e.g. one made with
`createdb ipsfidelity_bench`), then runs the daily planner twice in one run:
once for a tenth of the sites and once for all of them, and prints both
timings, the ratio, and the query counts. The planner's reads must not grow
with the number of sites; its writes go in batches of 500 rows, each batch
of proposals after a lock of its own rows.

    uv run python bench/planner.py [--sites 10000] [--reviewers 500] [--database-url URL]
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--sites", type=int, default=10_000)
parser.add_argument("--reviewers", type=int, default=500)
parser.add_argument("--database-url", default="")
args = parser.parse_args()

os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="ipsfidelity-bench-")
os.environ.pop("REDIS_URL", None)
if args.database_url:
    os.environ["DATABASE_URL"] = args.database_url
else:
    os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipsfidelity.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from reviews.planning.planner import plan_reviews  # noqa: E402
from reviews.rating.models import Review  # noqa: E402
from reviews.rating.summaries import refresh_all  # noqa: E402
from reviews.reports.models import Report  # noqa: E402
from reviews.scale.models import FidelityScale  # noqa: E402
from sites.models import (  # noqa: E402
    Membership,
    Region,
    RegionPolicy,
    ReviewerLeave,
    ReviewerProfile,
    Role,
    Site,
)

TODAY = date(2026, 11, 23)


def build(sites: int, reviewers: int) -> None:
    call_command("migrate", verbosity=0)
    if Site.objects.exists():
        raise SystemExit("Give the benchmark an empty database: it fills it with test data.")
    regions = Region.objects.bulk_create(
        Region(code=f"r{i}", name=f"Region {i}", resource_centre=f"Centre {i}") for i in range(5)
    )
    User = get_user_model()
    users = User.objects.bulk_create(
        User(email=f"reviewer{i}@bench.example", full_name=f"Reviewer {i}", password="!")
        for i in range(reviewers)
    )
    Membership.objects.bulk_create(
        Membership(user=u, role=Role.REVIEWER, region=regions[i % 5]) for i, u in enumerate(users)
    )
    ReviewerProfile.objects.bulk_create(
        ReviewerProfile(user=u, reviews_per_year=4 + i % 8, experienced=i % 3 == 0)
        for i, u in enumerate(users)
    )
    # Every region borrows and lends, so lending is weighed for every review.
    RegionPolicy.objects.bulk_create(RegionPolicy(region=r, lend_reviewers=True) for r in regions)
    # A fifth of the reviewers have two weeks of leave in the coming months, every
    # second one of those four months more, so leave is weighed too.
    ReviewerLeave.objects.bulk_create(
        ReviewerLeave(
            reviewer=u,
            first_day=TODAY + timedelta(days=i % 200),
            last_day=TODAY + timedelta(days=i % 200 + (13 if i % 10 else 130)),
        )
        for i, u in enumerate(users)
        if i % 5 == 0
    )
    created = Site.objects.bulk_create(
        Site(
            region=regions[i % 5],
            name=f"Site {i}",
            code=f"site-{i}",
            nav_office=f"NAV {i}",
            health_partner="DPS",
            municipality="Kommune",
            start_date=date(2015 + i % 11, 1 + i % 12, 1),
        )
        for i in range(sites)
    )
    scale = FidelityScale.objects.get(code="IPS-25", is_current=True)
    # Half the sites have a published review with a signed report.
    published = Review.objects.bulk_create(
        Review(
            site=site,
            scale=scale,
            status=Review.Status.PUBLISHED,
            due_from=TODAY - timedelta(days=400 + i % 300),
            due_by=TODAY - timedelta(days=300 + i % 300),
            visit_start=TODAY - timedelta(days=320 + i % 300),
            visit_end=TODAY - timedelta(days=319 + i % 300),
            reviewer_a=users[(2 * i) % reviewers],
            reviewer_b=users[(2 * i + 1) % reviewers],
            submitted_a_at="2025-01-01T00:00Z",
            submitted_b_at="2025-01-01T00:00Z",
        )
        for i, site in enumerate(created[::2])
    )
    Report.objects.bulk_create(
        Report(
            review=review,
            version=1,
            status="signed",
            language="nb",
            verification_code=f"B{i:09d}",
            sha256=f"{i:064d}",
            signed_at="2025-01-01T00:00Z",
            total=70 + i % 50,
        )
        for i, review in enumerate(published)
    )
    # Written in bulk, not by the report task: their summaries too.
    refresh_all()
    if connection.vendor == "postgresql":
        # As autovacuum would have by the next morning: plans from real statistics.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def run(label: str) -> tuple[float, int, int]:
    Review.objects.filter(planned_automatically=True).delete()
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = plan_reviews(today=TODAY)
        seconds = time.perf_counter() - start
    sqls = [q["sql"] for q in queries.captured_queries]
    writes = sum(1 for sql in sqls if sql.startswith(("INSERT", "UPDATE")))
    # Each batch of proposals locks its own rows first: one read per batch.
    locks = sum(1 for sql in sqls if sql.startswith("SELECT") and "FOR UPDATE" in sql)
    reads = sum(1 for sql in sqls if sql.startswith("SELECT")) - locks
    print(
        f"  {label:>14}: {seconds:7.2f} s, {result.due:6d} reviews planned, "
        f"{result.proposed:6d} proposals, {reads} reads + {locks} batch locks"
        f" + {writes} write batches"
    )
    return seconds, reads, writes


def main() -> None:
    build(args.sites, args.reviewers)
    print(f"{connection.vendor}, {args.reviewers} reviewers")
    tenth = args.sites // 10
    # The smaller run plans only a tenth of the sites: deactivate the rest.
    active_ids = list(Site.objects.order_by("pk").values_list("pk", flat=True)[:tenth])
    Site.objects.exclude(pk__in=active_ids).update(active=False)
    small = run(f"{tenth} sites")
    Site.objects.update(active=True)
    full = run(f"{args.sites} sites")
    print(f"  time ratio {full[0] / small[0]:.1f}x for {args.sites // tenth}x the sites")
    print(
        f"  reads: {small[1]} -> {full[1]} (must not grow); write batches: {small[2]} -> {full[2]}"
    )


if __name__ == "__main__":
    main()
