"""Import 500 earlier reviews from a CSV file: the time next to the number of rows.

Builds the sites in a throwaway database (a temporary SQLite file, or the empty
PostgreSQL database named by --database-url, e.g. one made with
`createdb ipsfidelity_bench`), writes a CSV of earlier reviews, then, in one
run, imports a tenth of the rows and then all of them into a fresh state, and
prints both timings and the ratio. The target: 500 rows in under 10 s on
PostgreSQL.

    uv run python bench/import_reviews.py [--rows 500] [--database-url URL]
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
parser.add_argument("--rows", type=int, default=500)
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

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from reviews.history.services import import_reviews  # noqa: E402
from reviews.rating.models import Review  # noqa: E402
from sites.models import Region, Site  # noqa: E402

SITES = 100


def build() -> None:
    call_command("migrate", verbosity=0)
    if Site.objects.exists():
        sys.exit("Give an empty database: this script fills it with made-up sites.")
    region = Region.objects.create(code="bench", name="Bench", resource_centre="Bench")
    Site.objects.bulk_create(
        Site(
            region=region,
            name=f"Site {i}",
            code=f"site-{i}",
            nav_office="NAV",
            health_partner="DPS",
            municipality="Kommune",
            start_date=date(2005, 1, 1),
        )
        for i in range(SITES)
    )


def csv_rows(count: int) -> bytes:
    header = ["site_code", "kind", "visit_date", "scale"] + [f"item_{n:02d}" for n in range(1, 26)]
    lines = [",".join(header)]
    for i in range(count):
        visit = date(2019, 12, 31) - timedelta(days=30 * (i // SITES) + i % 28)
        scores = [str(1 + (i + n) % 5) for n in range(25)]
        lines.append(
            ",".join([f"site-{i % SITES}", "external", visit.isoformat(), "IPS-25", *scores])
        )
    return ("\n".join(lines) + "\n").encode()


def run(count: int) -> float:
    Review.objects.filter(imported_at__isnull=False).delete()
    content = csv_rows(count)
    start = time.perf_counter()
    result = import_reviews(filename="bench.csv", content=content, sites=Site.objects.all())
    seconds = time.perf_counter() - start
    assert result.created == count and not result.errors, (result.created, result.errors[:3])
    print(f"  {count:6d} rows: {seconds:6.2f} s")
    return seconds


def main() -> None:
    build()
    print(f"{connection.vendor}, {SITES} sites")
    small = run(max(args.rows // 10, 1))
    full = run(args.rows)
    print(f"  time ratio {full / small:.1f}x for {args.rows // max(args.rows // 10, 1)}x the rows")
    print(f"  {args.rows} rows in {full:.2f} s (target: under 10 s on PostgreSQL)")


if __name__ == "__main__":
    main()
