"""The national planning page (bands per year, heatmap, dashboard) at national scale.

Builds, with bulk inserts, 5 regions, --sites sites (default 2,000), 200
reviewers and --years years (default 20) of published external reviews with
their summaries (about one review per site a year, and one open review for
every third site) in the empty PostgreSQL database named by --database-url
(e.g. one made with `createdb ipsfidelity_bench`), or a temporary SQLite file.
Then, in one run, interleaved, it requests the national planning page as a
national admin and the anonymous log-in page (the baseline) through Django's
test client, and prints p50 and p95 of each, their ratio, the page's size and
its query count, and the time of the national figures computed afresh (the
page caches them until a summary changes).

    uv run python bench/national_figures.py [--sites 2000] [--years 20] [--rounds 15]
        [--database-url URL]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--sites", type=int, default=2_000)
parser.add_argument("--years", type=int, default=20)
parser.add_argument("--reviewers", type=int, default=200)
parser.add_argument("--rounds", type=int, default=15)
parser.add_argument("--database-url", default="")
parser.add_argument(
    "--reuse", action="store_true", help="measure again on the data an earlier run built"
)
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

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from reviews.planning import dashboard  # noqa: E402
from reviews.rating.models import Review, ReviewSummary  # noqa: E402
from reviews.scale.models import FidelityScale  # noqa: E402
from sites.models import Membership, Region, Role, Site  # noqa: E402

TODAY = date.today()
BATCH = 2_000


def build() -> object:
    call_command("migrate", verbosity=0)
    User = get_user_model()
    if args.reuse and User.objects.filter(email="admin@bench.example").exists():
        return User.objects.get(email="admin@bench.example")
    if Site.objects.exists():
        raise SystemExit("Give the benchmark an empty database: it fills it with test data.")
    regions = Region.objects.bulk_create(
        Region(code=f"r{i}", name=f"Region {i}", resource_centre=f"Centre {i}") for i in range(5)
    )
    reviewers = User.objects.bulk_create(
        User(email=f"reviewer{i}@bench.example", full_name=f"Reviewer {i}", password="!")
        for i in range(args.reviewers)
    )
    Membership.objects.bulk_create(
        Membership(user=u, role=Role.REVIEWER, region=regions[i % 5])
        for i, u in enumerate(reviewers)
    )
    admin = User.objects.create(email="admin@bench.example", full_name="National admin")
    Membership.objects.create(user=admin, role=Role.NATIONAL_ADMIN)
    sites = Site.objects.bulk_create(
        Site(
            region=regions[i % 5],
            name=f"Site {i}",
            code=f"site-{i}",
            nav_office=f"NAV {i}",
            health_partner="DPS",
            municipality="Kommune",
            start_date=TODAY.replace(year=TODAY.year - args.years - 1),
        )
        for i in range(args.sites)
    )
    scale = FidelityScale.objects.get(code="IPS-25", is_current=True)
    bands = list(scale.bands.all())
    reviews, summaries = [], []
    for year_back in range(args.years, 0, -1):
        for i, site in enumerate(sites):
            visit = TODAY - timedelta(days=365 * year_back - i % 300)
            scores = [1 + (i * 7 + n * 3 + year_back) % 5 for n in range(25)]
            reviews.append(
                Review(
                    site=site,
                    scale=scale,
                    status=Review.Status.PUBLISHED,
                    due_from=visit - timedelta(days=30),
                    due_by=visit + timedelta(days=30),
                    visit_start=visit,
                    visit_end=visit,
                    reviewer_a=reviewers[(2 * i) % len(reviewers)],
                    reviewer_b=reviewers[(2 * i + 1) % len(reviewers)],
                    submitted_a_at=f"{visit}T12:00Z",
                    submitted_b_at=f"{visit}T12:00Z",
                )
            )
            total = sum(scores)
            summaries.append(
                ReviewSummary(
                    site=site,
                    scale=scale,
                    kind=Review.Kind.EXTERNAL,
                    visit_start=visit,
                    visit_year=visit.year,
                    total=total,
                    band_code=next(
                        (b.code for b in bands if b.min_total <= total <= b.max_total), ""
                    ),
                    item_scores="".join(map(str, scores)),
                )
            )
    for i, site in enumerate(sites[::3]):
        reviews.append(
            Review(
                site=site,
                scale=scale,
                status=Review.Status.PLANNED,
                due_from=TODAY + timedelta(days=i % 200),
                due_by=TODAY + timedelta(days=60 + i % 200),
            )
        )
    for start in range(0, len(reviews), BATCH):
        Review.objects.bulk_create(reviews[start : start + BATCH])
    for review, summary in zip(reviews, summaries, strict=False):
        summary.review = review
    for start in range(0, len(summaries), BATCH):
        ReviewSummary.objects.bulk_create(summaries[start : start + BATCH])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return admin


def p(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] * 1000


def main() -> None:
    settings.ALLOWED_HOSTS = ["testserver"]
    admin = build()
    reviews = Review.objects.count()
    print(f"{connection.vendor}: {args.sites} sites, {args.years} years, {reviews} reviews")
    signed_in, anonymous = Client(), Client()
    signed_in.force_login(admin)
    page, login = reverse("sites:national_planning"), reverse("account_login")
    for client, url in ((signed_in, page), (anonymous, login)):  # warm up
        assert client.get(url).status_code == 200
    times: dict[str, list[float]] = {"page": [], "login": [], "figures": []}
    for _round in range(args.rounds):
        for key, client, url in (("page", signed_in, page), ("login", anonymous, login)):
            start = time.perf_counter()
            response = client.get(url)
            times[key].append(time.perf_counter() - start)
            assert response.status_code == 200
        start = time.perf_counter()
        dashboard._national_figures()  # what a new summary costs the next request
        times["figures"].append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as queries:
        size = len(signed_in.get(page).content)
    base = statistics.median(times["login"])
    for key, label in (
        ("login", "log-in page"),
        ("page", "national planning"),
        ("figures", "figures uncached"),
    ):
        print(
            f"  {label:>18}: p50 {p(times[key], 0.5):7.1f} ms, p95 {p(times[key], 0.95):7.1f} ms"
            f"  ({statistics.median(times[key]) / base:5.1f}x the log-in page)"
        )
    print(f"  national planning: {size / 1024:.0f} KB of HTML, {len(queries)} queries")


if __name__ == "__main__":
    main()
