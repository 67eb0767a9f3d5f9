"""How much does our report pipeline add on top of WeasyPrint itself?

Builds a realistic signed-off review (25 items, recommendations, two earlier
reports for the chart) in a throwaway SQLite database, then times in one run:

  direct    WeasyPrint rendering the very same HTML (same fetcher and variant)
  ours      building the report HTML from the database + rendering it
  signed    ours + the PAdES signature (pyHanko)

and prints the medians and the ratios to `direct`. With --earlier N the site first
gets N more earlier reviews, brought in through the import of earlier reviews
(published, with consensus scores: what the report reads of the past, in its trend
and its item profile), a year apart before the demo's own. Run:

    uv run python bench/report_render.py [--rounds 7] [--earlier 20]
"""

import argparse
import csv
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="ipsfidelity-bench-")
os.environ.pop("DATABASE_URL", None)
os.environ.pop("REDIS_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipsfidelity.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from reviews.demo import seed_demo  # noqa: E402
from reviews.history.services import import_reviews  # noqa: E402
from reviews.rating.models import Review  # noqa: E402
from reviews.reports import certificates, render, signing  # noqa: E402


def timed(function, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def bring_in_earlier(review: Review, count: int) -> None:
    """`count` earlier external reviews of the review's site, a year apart, before the
    earliest it has, through the same import a coordinator uses."""
    site = review.site
    first = site.reviews.order_by("visit_start").values_list("visit_start", flat=True).first()
    first = first or review.visit_start
    site.start_date = first.replace(year=first.year - count - 1)
    site.save(update_fields=["start_date"])
    columns = ["site_code", "kind", "visit_date", "scale", "reviewer_1", "summary"]
    columns += [f"item_{n:02d}" for n in range(1, 26)]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for back in range(1, count + 1):
        visit = first.replace(year=first.year - back, day=min(first.day, 28))
        scores = [3 + (n + back) % 3 for n in range(1, 26)]  # totals of 99 to 101
        writer.writerow(
            [site.code, "external", visit.isoformat(), review.scale.code, "Earlier Reviewer"]
            + ["Brought in for the benchmark."]
            + [str(score) for score in scores]
        )
    result = import_reviews(
        filename="earlier.csv", content=out.getvalue().encode(), sites=type(site).objects.all()
    )
    if result.created != count:
        raise SystemExit([row.messages for row in result.rows if row.messages])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--earlier", type=int, default=0)
    options = parser.parse_args()
    rounds = options.rounds

    call_command("migrate", verbosity=0)
    seed_demo()  # includes a site with two earlier signed reports
    review = (
        Review.objects.filter(status=Review.Status.PUBLISHED, reports__version=2)
        .select_related("site__region", "scale", "reviewer_a", "reviewer_b", "team")
        .first()
    )
    if options.earlier:
        bring_in_earlier(review, options.earlier)
    earlier = review.site.reviews.exclude(pk=review.pk).filter(status=Review.Status.PUBLISHED)
    data = render.ReportInput(
        review=review,
        language=render.report_language(review),
        verification_code="BENCH-12345",
        version=1,
        draft=False,
    )
    html = render.report_html(data)
    identity = certificates.load_identity()

    def direct() -> bytes:
        import weasyprint

        return weasyprint.HTML(
            string=html,
            base_url=render.STATIC_DIR.resolve().as_uri() + "/",
            url_fetcher=render.StaticFilesOnly(),
        ).write_pdf(pdf_variant=render.PDF_VARIANT)

    def ours() -> bytes:
        return render.render_pdf(render.report_html(data))

    def signed() -> bytes:
        return signing.sign_pdf(ours(), identity=identity, reason="bench", location="bench")

    direct()  # warm fonts and caches once for all three
    results = {
        name: timed(f, rounds)
        for name, f in (("direct", direct), ("ours", ours), ("signed", signed))
    }
    base = results["direct"]
    print(
        f"report of {review.site.name} with {earlier.count()} earlier published reviews, "
        f"{len(ours())} bytes, median of {rounds} rounds"
    )
    for name, seconds in results.items():
        print(f"  {name:7s} {seconds * 1000:8.1f} ms   ratio to direct {seconds / base:5.2f}")


if __name__ == "__main__":
    main()
