"""Every main page of every role at national scale: p50, p95, HTML size and queries.

Runs against a database filled by `manage.py seed_national` (PostgreSQL), with
Django's test client in this process: one warm-up round, then --rounds rounds
in which the pages take turns (interleaved, so a slow minute of the machine
falls on all of them alike). The baseline is the anonymous log-in page; each
page's p95 is also given as a multiple of the baseline's p95 in the same run.
Query counts come from a separate pass, so counting does not slow the timed
rounds. Writes the figures as JSON and prints a markdown table, then the
process's memory (RSS).

    createdb ips_national
    DATABASE_URL=postgres://.../ips_national uv run python manage.py seed_national \
        --sites 2000 --years 20
    DATABASE_URL=postgres://.../ips_national uv run python bench/pages.py [--rounds 15] \
        [--json pages.json]

Use the same DATA_DIR (or MEDIA_ROOT) as the seed: the report download serves
the placeholder PDF it stored there. The run writes a little: one autosave of a
rating per round, a download record per report download, and a region renamed
to its own name before each "just after a change" page (the planning boards
and the home lists of coordinators and admins come from the cache until
something they show changes; those rows time them built again).
"""

import argparse
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--rounds", type=int, default=15)
parser.add_argument("--json", default="pages.json", help="Where to write the figures.")
args = parser.parse_args()

if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    raise SystemExit("Set DATABASE_URL to the PostgreSQL database seed_national filled.")
os.environ.pop("REDIS_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipsfidelity.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from ipsfidelity.accounts.models import User  # noqa: E402
from reviews.rating.models import Review  # noqa: E402
from reviews.reports.models import Report  # noqa: E402
from reviews.seeding.national import SEED_EMAIL_DOMAIN  # noqa: E402
from sites.models import Membership, Region, ReviewerProfile, Role, Site  # noqa: E402


@dataclass
class Page:
    label: str
    role: str
    url: str
    client: Client
    method: str = "get"
    data: dict = field(default_factory=dict)
    # Run untimed before each timed fetch: a change the page has to follow.
    before: Callable[[], object] | None = None
    # Built from the planning data, and cached until it changes.
    follows_planning: bool = False
    times: list[float] = field(default_factory=list)
    size: int = 0
    queries: int = 0
    status: int = 0

    def fetch(self):
        if self.method == "post":
            return self.client.post(self.url, self.data, HTTP_HX_REQUEST="true")
        return self.client.get(self.url)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pages() -> list[Page]:
    admin = User.objects.get(email=f"admin{SEED_EMAIL_DOMAIN}")
    rating = Review.objects.filter(status="rating").order_by("pk").first()
    consensus = Review.objects.filter(status="consensus").order_by("pk").first()
    report = Review.objects.filter(status="report").order_by("pk").first()
    if rating is None or consensus is None or report is None:
        raise SystemExit("The database holds no seeded open reviews: run seed_national first.")
    reviewer = rating.reviewer_a
    region = rating.site.region
    coordinator = Membership.objects.filter(role=Role.COORDINATOR, region=region).first().user
    # The site with the longest history: its page and trend are the heaviest.
    signed = (
        Report.objects.filter(status="signed", review__site__region=region)
        .order_by("review__site__start_date", "pk")
        .select_related("review__site")
        .first()
    )
    assert signed is not None
    site = signed.review.site
    leader = Membership.objects.get(role=Role.SITE_LEADER, site=site).user
    token = ReviewerProfile.objects.get(user=reviewer).calendar_token
    as_admin, as_coordinator = logged_in(admin), logged_in(coordinator)

    def a_change() -> None:
        """A region renamed to its own name: a write the planning boards count."""
        Region.objects.filter(pk=region.pk).update(name=region.name)

    as_reviewer, as_leader = logged_in(reviewer), logged_in(leader)
    consensus_client = logged_in(consensus.reviewer_a)
    report_client = logged_in(report.reviewer_a)
    return [
        Page("log-in page (baseline)", "anonymous", reverse("account_login"), Client()),
        Page("home", "national admin", reverse("home"), as_admin, follows_planning=True),
        Page("home", "coordinator", reverse("home"), as_coordinator, follows_planning=True),
        Page("home", "reviewer", reverse("home"), as_reviewer),
        Page("home", "site leader", reverse("home"), as_leader),
        Page("site list", "national admin", reverse("sites:site_list"), as_admin),
        Page(
            "site list, searched", "national admin", reverse("sites:site_list") + "?q=bod", as_admin
        ),
        Page("site list", "coordinator", reverse("sites:site_list"), as_coordinator),
        Page("open reviews", "national admin", reverse("reviews:review_list"), as_admin),
        Page("site page", "national admin", reverse("sites:site_detail", args=[site.pk]), as_admin),
        Page("site page", "site leader", reverse("sites:site_detail", args=[site.pk]), as_leader),
        Page(
            "region page",
            "coordinator",
            reverse("sites:region_detail", args=[region.pk]),
            as_coordinator,
        ),
        Page(
            "region page",
            "national admin",
            reverse("sites:region_detail", args=[region.pk]),
            as_admin,
        ),
        Page(
            "planning and forecast",
            "coordinator",
            reverse("sites:region_planning", args=[region.pk]),
            as_coordinator,
            follows_planning=True,
        ),
        Page(
            "national planning and heatmap",
            "national admin",
            reverse("sites:national_planning"),
            as_admin,
            follows_planning=True,
        ),
        # The boards come from the cache until something they show changes: the
        # same pages right after a change (a region renamed to its own name, which
        # counts as one), built again.
        Page(
            "home, just after a change",
            "national admin",
            reverse("home"),
            as_admin,
            before=a_change,
        ),
        Page(
            "planning, just after a change",
            "coordinator",
            reverse("sites:region_planning", args=[region.pk]),
            as_coordinator,
            before=a_change,
        ),
        Page(
            "national planning, just after a change",
            "national admin",
            reverse("sites:national_planning"),
            as_admin,
            before=a_change,
        ),
        Page(
            "rating workspace", "reviewer", reverse("reviews:rating", args=[rating.pk]), as_reviewer
        ),
        Page(
            "autosave (POST)",
            "reviewer",
            reverse("reviews:rating_save", args=[rating.pk, 3]),
            as_reviewer,
            method="post",
            data={"score": "4", "evidence": "Interviews and records.", "data_sources": ["INT"]},
        ),
        Page(
            "consensus page",
            "reviewer",
            reverse("reviews:consensus", args=[consensus.pk]),
            consensus_client,
        ),
        Page("report page", "reviewer", reverse("reviews:report", args=[report.pk]), report_client),
        Page(
            "report download",
            "site leader",
            reverse("reviews:report_download", args=[signed.pk]),
            as_leader,
        ),
        Page("iCal feed", "reviewer token", reverse("calendar_feed", args=[token]), Client()),
        Page("API sites", "national admin", reverse("api:site-list"), as_admin),
        Page("API reviews", "national admin", reverse("api:review-list"), as_admin),
        Page("API reports", "national admin", reverse("api:report-list"), as_admin),
    ]


def built_again(measured: list[Page]) -> None:
    """After a change: the pages measured from the cache are built again, untimed,
    as their next visitor would find them."""
    for page in measured:
        if page.follows_planning:
            body_size(page.fetch())


def body_size(response) -> int:
    if getattr(response, "streaming", False):
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    setup_test_environment()
    measured = pages()
    for page in measured:  # warm-up, and the size and status of each answer
        response = page.fetch()
        page.status, page.size = response.status_code, body_size(response)
        if page.status >= 400:
            raise SystemExit(f"{page.label} ({page.role}) answered {page.status}: {page.url}")
    for page in measured:
        if page.before:
            page.before()
        with CaptureQueriesContext(connection) as queries:
            body_size(page.fetch())
        page.queries = len(queries.captured_queries)
    built_again(measured)
    for _round in range(args.rounds):
        for page in measured:
            if page.before:
                page.before()
            start = time.perf_counter()
            body_size(page.fetch())
            page.times.append((time.perf_counter() - start) * 1000)
            if page.before:
                built_again(measured)
    baseline = percentile(measured[0].times, 0.95)
    rows = []
    for page in measured:
        p95 = percentile(page.times, 0.95)
        rows.append(
            {
                "page": page.label,
                "role": page.role,
                "status": page.status,
                "p50_ms": round(statistics.median(page.times), 1),
                "p95_ms": round(p95, 1),
                "times_baseline": round(p95 / baseline, 1),
                "html_kb": round(page.size / 1024, 1),
                "queries": page.queries,
                "url": page.url,
            }
        )
    rss_mb = rss_now_mb()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = {
        "rounds": args.rounds,
        "database": connection.settings_dict["NAME"],
        "sites": Site.objects.count(),
        "reviews": Review.objects.count(),
        "cpus": os.cpu_count(),
        "rss_mb": round(rss_mb, 1),
        "peak_rss_mb": round(peak_mb, 1),
        "pages": rows,
    }
    Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
    print(
        f"{report['reviews']:,} reviews of {report['sites']:,} sites, {args.rounds} rounds, "
        f"{report['cpus']} CPUs"
    )
    print()
    print("| page | role | p50 ms | p95 ms | × baseline | HTML KB | queries |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['page']} | {row['role']} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | "
            f"{row['times_baseline']:.1f} | {row['html_kb']:.1f} | {row['queries']} |"
        )
    print()
    print(f"Memory of this process after the run: {rss_mb:.0f} MB RSS (peak {peak_mb:.0f} MB).")
    print(f"Figures written to {args.json}.")


def rss_now_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
