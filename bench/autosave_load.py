"""Many reviewers autosaving at once against the production setup: gunicorn on PostgreSQL.

Fills the empty PostgreSQL database named by --database-url (e.g. one made with
`createdb ipsfidelity_bench`) with --reviewers reviewers, each rating their own
scheduled review, starts gunicorn on 127.0.0.1 only, as the image runs it
(gthread workers, WEB_CONCURRENCY processes, GUNICORN_THREADS threads each),
and lets one HTTP client per reviewer, each with a logged-in session, autosave
ratings for --seconds, in two runs:

- as people save (--pace human): each reviewer sends a change, then waits 2 to 5
  seconds (uniformly at random, from a random start), as a reviewer choosing a
  score or finishing a sentence does; the figure the target is about;
- as fast as possible (--pace closed): each sends the next change as soon as the
  last is answered, for the throughput the setup can carry.

Each prints saves per second, p50 and p95, errors (any answer but 200, or no
answer), lost writes (an acknowledged save whose value is not the one stored at
the end) and the load generator's own CPU (its threads share the machine with
the server: a busy generator would make the server look slower than it is).

    uv run python bench/autosave_load.py --database-url URL [--reviewers 50] [--seconds 60]
        [--pace human|closed|both]
"""

import argparse
import http.client
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--database-url", required=True)
parser.add_argument("--reviewers", type=int, default=50)
parser.add_argument("--seconds", type=float, default=60)
parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 2)))
parser.add_argument("--threads", type=int, default=int(os.environ.get("GUNICORN_THREADS", 4)))
parser.add_argument("--pace", choices=["human", "closed", "both"], default="both")
args = parser.parse_args()
# A reviewer's pause between two saves, in seconds, as people rate.
HUMAN_PAUSE = (2.0, 5.0)

os.environ.update(
    DATABASE_URL=args.database_url,
    DATA_DIR=tempfile.mkdtemp(prefix="ipsfidelity-bench-"),
    SECRET_KEY=secrets.token_urlsafe(40),  # shared with gunicorn: sessions made here
    ALLOWED_HOSTS="127.0.0.1",
    HTTPS="false",
    DEBUG="false",
    LOG_LEVEL="WARNING",
    DJANGO_SETTINGS_MODULE="ipsfidelity.settings",
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from reviews.rating.models import Rating, Review  # noqa: E402
from reviews.scale.models import FidelityScale  # noqa: E402
from sites.models import Membership, Region, Role, Site  # noqa: E402

CSRF = secrets.token_hex(16)  # 32 characters: Django takes it unmasked


def build() -> list[tuple[int, int, str]]:
    """(reviewer id, review id, session cookie) for each reviewer."""
    call_command("migrate", verbosity=0)
    if Site.objects.exists():
        raise SystemExit("Give the benchmark an empty database: it fills it with test data.")
    region = Region.objects.create(code="bench", name="Bench", resource_centre="Centre")
    User = get_user_model()
    users = User.objects.bulk_create(
        User(email=f"reviewer{i}@bench.example", full_name=f"Reviewer {i}", password="!")
        for i in range(args.reviewers + 1)
    )
    Membership.objects.bulk_create(
        Membership(user=u, role=Role.REVIEWER, region=region) for u in users
    )
    scale = FidelityScale.objects.get(code="IPS-25", is_current=True)
    sessions = []
    settings.ALLOWED_HOSTS = ["testserver"]
    for i, user in enumerate(users[:-1]):
        site = Site.objects.create(
            region=region,
            name=f"Site {i}",
            code=f"site-{i}",
            nav_office="NAV",
            health_partner="DPS",
            municipality="Kommune",
            start_date=date(2020, 1, 1),
        )
        review = Review.objects.create(
            site=site,
            scale=scale,
            status=Review.Status.SCHEDULED,
            due_from=date.today() - timedelta(days=30),
            due_by=date.today() + timedelta(days=30),
            visit_start=date.today(),
            visit_end=date.today(),
            reviewer_a=user,
            reviewer_b=users[i + 1],
        )
        client = Client()
        client.force_login(user)
        sessions.append((user.pk, review.pk, client.cookies[settings.SESSION_COOKIE_NAME].value))
    return sessions


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ipsfidelity.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--worker-class",
            "gthread",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=os.environ,
    )
    # Ready once every worker has loaded the app and answered (the port is
    # open before that): a series of health checks in a row answered quickly.
    deadline, quick = time.monotonic() + 180, 0
    while time.monotonic() < deadline and quick < 4 * args.workers:
        start = time.perf_counter()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", reverse("health"))
            ok = connection.getresponse().status == 200
            connection.close()
        except OSError:
            ok = False
            time.sleep(0.3)
        quick = quick + 1 if ok and time.perf_counter() - start < 0.5 else 0
    if quick < 4 * args.workers:
        server.terminate()
        raise SystemExit("gunicorn did not start")
    return server


def reviewer_loop(port, reviewer_id, review_id, session, stop_at, results, acknowledged, pace, run):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={CSRF}",
        "X-CSRFToken": CSRF,
        "Accept": "application/json",  # as the rating page's queue asks
        "Content-Type": "application/x-www-form-urlencoded",
    }
    step = 0
    pauses = random.Random(reviewer_id)
    if pace == "human":  # reviewers do not start in step
        time.sleep(pauses.uniform(0, HUMAN_PAUSE[1]))
    while time.monotonic() < stop_at:
        number = step % 25 + 1
        evidence = f"{run}-{reviewer_id}-{step}"
        body = urlencode({"score": str(step % 5 + 1), "evidence": evidence})
        url = reverse("reviews:rating_save", args=[review_id, number])
        if pace == "human":
            # gunicorn closes a keep-alive connection idle for 2 s; a browser then opens
            # a new one, and so does this client (http.client reconnects after close).
            connection.close()
        start = time.perf_counter()
        try:
            connection.request("POST", url, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            connection.close()
            status = 0
        results.append((time.perf_counter() - start, status))
        if status == 200:
            acknowledged[(reviewer_id, number)] = evidence
        step += 1
        if pace == "human":
            time.sleep(pauses.uniform(*HUMAN_PAUSE))
    connection.close()


def run(port: int, sessions, pace: str) -> None:
    """One run at one pace; prints its line."""
    results: list[tuple[float, int]] = []
    acknowledged: dict[tuple[int, int], str] = {}
    cpu_before, wall_before = time.process_time(), time.monotonic()
    stop_at = time.monotonic() + args.seconds
    with ThreadPoolExecutor(max_workers=len(sessions)) as pool:
        for reviewer_id, review_id, session in sessions:
            pool.submit(
                reviewer_loop,
                port,
                reviewer_id,
                review_id,
                session,
                stop_at,
                results,
                acknowledged,
                pace,
                pace,
            )
    generator_cpu = (time.process_time() - cpu_before) / (time.monotonic() - wall_before)
    stored = {
        (r.reviewer_id, r.item.number): r.evidence for r in Rating.objects.select_related("item")
    }
    lost = sum(1 for key, value in acknowledged.items() if stored.get(key) != value)
    latencies = sorted(seconds for seconds, _status in results)
    errors = sum(1 for _seconds, status in results if status != 200)
    p50 = statistics.median(latencies)
    p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
    label = "as people save (2-5 s apart)" if pace == "human" else "as fast as possible"
    print(
        f"  {label}: {len(results) / args.seconds:.1f} saves/s, p50 {p50 * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, {errors} errors, {lost} lost writes of "
        f"{len(acknowledged)}; load generator {generator_cpu:.0%} of a core"
    )


def main() -> None:
    sessions = build()
    port = free_port()
    server = start_gunicorn(port)
    print(
        f"gunicorn gthread {args.workers} workers x {args.threads} threads, PostgreSQL, "
        f"{args.reviewers} reviewers, {args.seconds:.0f} s a run, {os.cpu_count()} cores"
    )
    try:
        for pace in ("human", "closed") if args.pace == "both" else (args.pace,):
            run(port, sessions, pace)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
