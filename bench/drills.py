"""Fault drills: the service with its real parts, and each part failing in turn.

Starts a PostgreSQL cluster and a Redis server of its own (so the drills can
stop them without touching anyone else's), gunicorn as the image runs it, a
Celery worker and beat, fills the database with the demo data, and then:

1. Redis stopped for 60 s while people browse, autosave, log in and sign off
   a report: pages answer as usual, nothing is lost, and the report whose task
   could not be queued is signed once Redis is back, exactly once.
2. The Celery worker killed with SIGKILL while it renders a report: after a
   restart the report is signed exactly once.
3. PostgreSQL restarted under load: requests during the restart get the 503
   page, every request after it succeeds, no acknowledged autosave is lost.
4. Backup and restore as docs/operations.md describes them (database dump,
   media, signing keys) into a fresh database and data folder: the restored
   app serves, every signed report verifies, and the counts are equal.

It prints what it did and a table: fault, requests failed during it, time to
recover, changes lost. It exits 1 if anything was lost or did not recover.

    uv run python bench/drills.py [--only redis,worker,postgres,backup] [--keep]

Run as root (as CI does), the database server runs as the `postgres` user.
"""

import argparse
import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "ips-demo-2026"
REDIS_OUTAGE_SECONDS = 60
# Shorter than the defaults, so that the drills take minutes, not an hour: the
# same mechanisms, set through the same settings an operator would use.
DRILL_SETTINGS = {"REPORT_SWEEP_SECONDS": "5", "REPORT_STALE_SECONDS": "15"}

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--only", default="redis,worker,postgres,backup")
parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
args = parser.parse_args()


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def postgres_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name) or name


# The parts -------------------------------------------------------------------


class Postgres:
    def __init__(self, folder: Path) -> None:
        self.folder, self.port = folder, free_port()
        folder.mkdir()
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        subprocess.run(
            as_postgres([postgres_bin("initdb"), "-D", str(folder / "data"), "-U", "postgres",
                         "--auth=trust", "--no-sync"]),
            check=True, capture_output=True,
        )  # fmt: skip
        self.start()

    def pg_ctl(self, *words: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            as_postgres([postgres_bin("pg_ctl"), "-D", str(self.folder / "data"), "-l",
                         str(self.folder / "log"), "-o", options, "-w", *words]),
            check=True, capture_output=True,
        )  # fmt: skip

    def start(self) -> None:
        self.pg_ctl("start")

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, database: str, query: str) -> str:
        done = subprocess.run(
            [postgres_bin("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
             "-d", database, "-tAc", query],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        return done.stdout.strip()

    def stop(self) -> None:
        self.pg_ctl("stop", "-m", "fast")


class Redis:
    def __init__(self, folder: Path) -> None:
        self.folder, self.port, self.process = folder, free_port(), None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(lambda: port_open(self.port), 10)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_until(condition, seconds: float, every: float = 0.1) -> float:
    """Seconds until the condition held; raises after `seconds`."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > seconds:
            raise TimeoutError("did not happen in time")
        time.sleep(every)
    return time.monotonic() - start


class App:
    """gunicorn, the Celery worker and beat, on one environment."""

    def __init__(self, env: dict, folder: Path) -> None:
        self.env, self.folder, self.port = env, folder, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.web = self.worker = self.beat = None

    def manage(self, *words: str, extra: dict | None = None) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *words], cwd=ROOT, env={**self.env, **(extra or {})},
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        return done.stdout

    def spawn(self, name: str, command: list[str]) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "ab")  # noqa: SIM115 (lives as long as the process)
        return subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def start_web(self) -> None:
        self.web = self.spawn("web", [
            sys.executable, "-m", "gunicorn", "ipsfidelity.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}", "--worker-class", "gthread",
            "--workers", "2", "--threads", "4", "--timeout", "60",
            "--logger-class", "ipsfidelity.access_log.RedactingLogger",
        ])  # fmt: skip
        wait_until(lambda: healthy(self.url), 60, 0.3)

    def start_worker(self) -> None:
        self.worker = self.spawn("worker", [
            sys.executable, "-m", "celery", "-A", "ipsfidelity", "worker",
            "--pool", "prefork", "--concurrency", "1", "--loglevel", "INFO",
        ])  # fmt: skip

    def start_beat(self) -> None:
        self.beat = self.spawn("beat", [
            sys.executable, "-m", "celery", "-A", "ipsfidelity", "beat", "--loglevel", "INFO",
            "--schedule", str(self.folder / "beat-schedule"),
        ])  # fmt: skip

    def kill_worker(self) -> None:
        os.killpg(self.worker.pid, signal.SIGKILL)  # the main process and its children
        self.worker.wait(timeout=10)

    def stop(self) -> None:
        for process in (self.web, self.worker, self.beat):
            if process and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)


def healthy(url: str) -> bool:
    try:
        return requests.get(f"{url}/health/", timeout=2).status_code == 200
    except requests.RequestException:
        return False


# People at work ----------------------------------------------------------------


def log_in_answer(session: requests.Session, url: str, who: str) -> requests.Response:
    """The answer to logging in as a demo person (302: in), in this session."""
    page = session.get(f"{url}/accounts/login/", timeout=10)
    if page.status_code != 200:
        return page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return session.post(
        f"{url}/accounts/login/",
        {"login": f"{who}@ipsfidelity.example", "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{url}/accounts/login/"}, allow_redirects=False, timeout=10,
    )  # fmt: skip


def logged_in(url: str, who: str) -> requests.Session:
    session = requests.Session()
    answer = log_in_answer(session, url, who)
    assert answer.status_code == 302, f"log-in as {who}: {answer.status_code}"
    return session


def form_token(session: requests.Session, url: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', session.get(url).text).group(1)


@dataclass
class Load:
    """Browsing, autosaving and logging in, in threads, each request recorded."""

    url: str
    review: int
    records: list = field(default_factory=list)  # (time, kind, status, seconds)
    acknowledged: dict = field(default_factory=dict)  # item -> evidence the server took
    stop: threading.Event = field(default_factory=threading.Event)

    def record(self, kind: str, call) -> object:
        start = time.monotonic()
        try:
            response = call()
            status = response.status_code
        except requests.RequestException:
            response, status = None, 0
        self.records.append((start, kind, status, time.monotonic() - start, response))
        return response

    def browse(self) -> None:
        session = logged_in(self.url, "koordinator.nord")
        pages = ["/", "/sites/", f"/reviews/{self.review}/", "/reviews/"]
        n = 0
        while not self.stop.is_set():
            path = pages[n % 4]
            self.record("page", lambda p=path: session.get(self.url + p, timeout=15))
            n += 1
            time.sleep(0.2)

    def autosave(self) -> None:
        session = logged_in(self.url, "evaluator.a")
        token = form_token(session, f"{self.url}/reviews/{self.review}/rating/")
        n = 0
        while not self.stop.is_set():
            item, evidence = n % 25 + 1, f"drill note {n}"
            data = {"score": str(n % 5 + 1), "evidence": evidence, "csrfmiddlewaretoken": token}
            answer = self.record(
                "autosave",
                lambda i=item, d=data: session.post(
                    f"{self.url}/reviews/{self.review}/rating/{i}/",
                    d,
                    headers={"Accept": "application/json", "Referer": self.url + "/"},
                    timeout=15,
                ),
            )
            if answer is not None and answer.status_code == 200:
                self.acknowledged[item] = evidence
            n += 1
            time.sleep(0.25)

    def log_in_again_and_again(self) -> None:
        while not self.stop.is_set():
            session = requests.Session()
            self.record("log-in", lambda s=session: log_in_answer(s, self.url, "evaluator.c"))
            time.sleep(1.0)

    def __enter__(self):
        self.threads = [
            threading.Thread(target=work, daemon=True)
            for work in (self.browse, self.autosave, self.log_in_again_and_again)
        ]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def between(self, start: float, end: float, kind: str | None = None) -> list:
        return [r for r in self.records if start <= r[0] < end and kind in (None, r[1])]


def failed(records) -> int:
    """Answers that are neither a success nor the styled 503 page."""
    return sum(1 for r in records if r[2] == 0 or (r[2] >= 500 and r[2] != 503))


def p95(records) -> float:
    times = sorted(r[3] for r in records)
    return times[int(0.95 * (len(times) - 1))] if times else 0.0


def lost(postgres: Postgres, review: int, acknowledged: dict) -> int:
    """Acknowledged autosaves whose evidence is not what is stored for the item."""
    rows = postgres.sql("drills", (
        "SELECT i.number, r.evidence FROM reviews_rating r JOIN reviews_scaleitem i "
        "ON i.id = r.item_id JOIN accounts_user u ON u.id = r.reviewer_id "
        f"WHERE r.review_id = {review} AND u.email = 'evaluator.a@ipsfidelity.example'"
    ))  # fmt: skip
    stored = dict(line.split("|", 1) for line in rows.splitlines() if "|" in line)
    return sum(1 for item, evidence in acknowledged.items() if stored.get(str(item)) != evidence)


# The data the drills need ------------------------------------------------------

PREPARE = """
from datetime import timedelta
from django.utils import timezone
from reviews.demo import DEMO_PASSWORD
from reviews.rating import services as rating
from reviews.rating.models import Review
from reviews.reports import services as reports
from reviews.scale.models import FidelityScale
from sites.models import Region, Site
from ipsfidelity.accounts.models import User

a = User.objects.get(email="evaluator.a@ipsfidelity.example")
b = User.objects.get(email="evaluator.b@ipsfidelity.example")
region = Region.objects.get(code="nord")
scale = FidelityScale.objects.get(code="IPS-25", is_current=True)
today = timezone.localdate()
for n in (1, 2):
    site, _ = Site.objects.get_or_create(
        code=f"drill-{n}", defaults=dict(name=f"IPS Drill {n}", region=region, nav_office="NAV",
        health_partner="DPS", municipality="Tromsø", start_date=today - timedelta(days=400)))
    review = Review.objects.create(site=site, scale=scale, status="scheduled", due_from=today,
        due_by=today, visit_start=today - timedelta(days=1), visit_end=today,
        reviewer_a=a, reviewer_b=b)
    for reviewer, score in ((a, 3), (b, 4)):
        for item in scale.items.all():
            rating.rating_save(actor=reviewer, review=review, item=item, score=score)
        rating.rating_submit(actor=reviewer, review=review)
    for item in scale.items.all():
        rating.consensus_save(actor=a, review=review, item=item, score=4, rationale="",
            recommendation="Keep going", expected_version=None)
    rating.consensus_complete(actor=a, review=review)
    review = rating.consensus_complete(actor=b, review=review)
    reports.report_save(actor=a, review=review, summary="Drill", strengths="Drill",
        priorities=[1])
    reports.report_mark_ready(actor=a, review=review)
    reports.report_sign_off(actor=a, review=review)
    print(f"drill-{n}", review.pk)
print("rating", Review.objects.get(site__name="IPS Bodø", status__in=["rating", "scheduled"]).pk)
"""


def report_state(postgres: Postgres, review: int) -> list[tuple]:
    """(status, attempts, handed to the broker, pdf) of each report of the review."""
    rows = postgres.sql("drills", (
        "SELECT status, attempts, enqueued_at IS NOT NULL, pdf FROM reviews_report "
        f"WHERE review_id = {review} ORDER BY version"
    ))  # fmt: skip
    return [
        (status, int(attempts), handed == "t", pdf)
        for status, attempts, handed, pdf in (line.split("|") for line in rows.splitlines())
    ]


def sign_off(url: str, review: int) -> int:
    session = logged_in(url, "evaluator.b")
    page = f"{url}/reviews/{review}/report/sign-off/"
    answer = session.post(
        page, {"password": PASSWORD, "csrfmiddlewaretoken": form_token(session, page)},
        headers={"Referer": page}, allow_redirects=False, timeout=30,
    )  # fmt: skip
    return answer.status_code


# The drills --------------------------------------------------------------------


@dataclass
class Result:
    fault: str
    requests: int
    failed: int
    recovered_s: float
    lost: int
    notes: str
    ok: bool


def drill_redis(app: App, redis: Redis, postgres: Postgres, ids: dict) -> Result:
    say(f"Redis: stopping it for {REDIS_OUTAGE_SECONDS} s under load, and signing off a report")
    with Load(app.url, ids["rating"]) as load:
        time.sleep(8)
        before_end = time.monotonic()
        redis.stop()
        down = time.monotonic()
        time.sleep(2)
        signed_off = sign_off(app.url, ids["drill-1"])
        queued = report_state(postgres, ids["drill-1"])
        time.sleep(max(0, REDIS_OUTAGE_SECONDS - (time.monotonic() - down)))
        redis.start()
        up = time.monotonic()
        recovered = wait_until(
            lambda: report_state(postgres, ids["drill-1"])[0][0] == "signed", 180, 1
        )
        time.sleep(3)
    during = load.between(down, up)
    before = load.between(0, before_end)
    state = report_state(postgres, ids["drill-1"])
    exactly_once = len(state) == 1 and state[0][0] == "signed" and state[0][1] == 1
    missing = lost(postgres, ids["rating"], load.acknowledged)
    logins = load.between(down, up, "log-in")
    saves = load.between(down, up, "autosave")
    notes = (
        f"sign-off during the outage: {signed_off}, report then {queued[0][0]} "
        f"(queued with the broker: {queued[0][2]}); signed {recovered:.0f} s after Redis was back, "
        f"{'exactly once' if exactly_once else state}; pages p95 {p95(before) * 1000:.0f} ms "
        f"before, {p95(load.between(down, up, 'page')) * 1000:.0f} ms during; "
        f"{sum(r[2] == 302 for r in logins)}/{len(logins)} log-ins and "
        f"{sum(r[2] == 200 for r in saves)}/{len(saves)} autosaves succeeded during it"
    )
    ok = failed(during) == 0 and exactly_once and missing == 0 and signed_off == 302
    return Result("Redis stopped 60 s", len(during), failed(during), recovered, missing, notes, ok)


def drill_worker(app: App, postgres: Postgres, ids: dict) -> Result:
    say("Worker: killing it with SIGKILL while it renders a report")
    review = ids["drill-2"]
    threading.Thread(target=sign_off, args=(app.url, review), daemon=True).start()
    wait_until(lambda: report_state(postgres, review) and report_state(postgres, review)[0][0] in
               ("rendering", "signed"), 60, 0.02)  # fmt: skip
    caught = report_state(postgres, review)[0][0]
    app.kill_worker()
    killed = time.monotonic()
    after_kill = report_state(postgres, review)
    app.start_worker()
    recovered = wait_until(lambda: report_state(postgres, review)[0][0] == "signed", 180, 1)
    state = report_state(postgres, review)
    exactly_once = len(state) == 1 and state[0][0] == "signed"
    pdf = next(iter(glob.glob(str(Path(app.env["DATA_DIR"]) / "media" / state[0][3]))), "")
    verified = subprocess.run(
        [sys.executable, "manage.py", "verify_report", pdf], cwd=ROOT, env=app.env,
        capture_output=True, text=True,
    ).returncode == 0  # fmt: skip
    notes = (
        f"killed while the report was {caught} ({after_kill[0][0]} after the kill); "
        f"signed {time.monotonic() - killed:.0f} s later after {state[0][1]} attempts, "
        f"{'exactly once' if exactly_once else state}; the PDF verifies: {verified}"
    )
    ok = caught == "rendering" and exactly_once and verified
    return Result("Worker killed mid-render", 1, 0, recovered, 0 if exactly_once else 1, notes, ok)


def drill_postgres(app: App, postgres: Postgres, ids: dict) -> Result:
    say("PostgreSQL: restarting it under load")
    with Load(app.url, ids["rating"]) as load:
        time.sleep(5)
        down = time.monotonic()
        postgres.pg_ctl("restart", "-m", "fast")
        back = time.monotonic()
        recovered = wait_until(lambda: healthy(app.url), 60, 0.1)
        settled = time.monotonic()
        time.sleep(8)
    during = load.between(down, settled)
    after = load.between(settled, time.monotonic())
    styled = sum(
        1 for r in during if r[2] == 503 and r[4] is not None and "ipsfidelity" in r[4].text
    )
    missing = lost(postgres, ids["rating"], load.acknowledged)
    bad_after = sum(1 for r in after if r[2] not in (200, 302))
    notes = (
        f"restart took {back - down:.1f} s; during it {styled} styled 503 pages and "
        f"{failed(during)} other failures; all {len(after)} requests after it answered "
        f"({bad_after} did not)"
    )
    ok = failed(during) == 0 and bad_after == 0 and missing == 0
    return Result(
        "PostgreSQL restarted", len(during), failed(during), recovered, missing, notes, ok
    )


def drill_backup(app: App, postgres: Postgres, folder: Path) -> Result:
    say("Backup and restore into a fresh database and data folder")
    data = Path(app.env["DATA_DIR"])
    backup = folder / "backup"
    backup.mkdir()
    started = time.monotonic()
    subprocess.run(
        [postgres_bin("pg_dump"), "-h", "127.0.0.1", "-p", str(postgres.port), "-U", "postgres",
         "--format=custom", "-f", str(backup / "ipsfidelity.dump"), "drills"], check=True,
    )  # fmt: skip
    shutil.make_archive(str(backup / "media"), "gztar", data / "media")
    shutil.copytree(data / "signing", backup / "signing")  # kept in the secret store
    postgres.sql("postgres", "CREATE DATABASE restored")
    subprocess.run(
        [postgres_bin("pg_restore"), "-h", "127.0.0.1", "-p", str(postgres.port), "-U",
         "postgres", "-d", "restored", "--no-owner", str(backup / "ipsfidelity.dump")],
        check=True,
    )  # fmt: skip
    fresh = folder / "restored-data"
    shutil.unpack_archive(str(backup / "media.tar.gz"), fresh / "media")
    shutil.copytree(backup / "signing", fresh / "signing")
    shutil.copy(data / "secret_key", fresh / "secret_key")
    restored = App(
        {**app.env, "DATABASE_URL": postgres.url("restored"), "DATA_DIR": str(fresh)}, folder
    )
    restored.start_web()
    recovered = time.monotonic() - started
    tables = [
        "reviews_review", "reviews_rating", "reviews_consensusscore", "reviews_report",
        "reviews_ratingevent", "reviews_reviewevent", "accounts_user", "sites_site",
    ]  # fmt: skip
    counts = {t: postgres.sql("drills", f"SELECT count(*) FROM {t}") for t in tables}
    again = {t: postgres.sql("restored", f"SELECT count(*) FROM {t}") for t in tables}
    pdfs = postgres.sql("restored", "SELECT pdf FROM reviews_report WHERE status = 'signed'")
    verified = [
        subprocess.run(
            [sys.executable, "manage.py", "verify_report", str(fresh / "media" / pdf)],
            cwd=ROOT, env=restored.env, capture_output=True,
        ).returncode == 0
        for pdf in pdfs.split()
    ]  # fmt: skip
    serves = requests.get(f"{restored.url}/accounts/login/", timeout=10).status_code == 200
    restored.stop()
    differ = [t for t in tables if counts[t] != again[t]]
    notes = (
        f"{sum(verified)}/{len(verified)} signed reports verify; counts equal in "
        f"{len(tables) - len(differ)}/{len(tables)} tables (audit history included); "
        f"the restored app serves: {serves}"
    )
    ok = all(verified) and verified and not differ and serves
    return Result("Backup restored", 0, 0, recovered, len(differ), notes, ok)


def main() -> int:
    chosen = set(args.only.split(","))
    folder = Path(tempfile.mkdtemp(prefix="ipsfidelity-drills-"))
    folder.chmod(0o755)  # the database server's user reads its own subfolder
    say(f"Scratch folder {folder}")
    postgres, redis, app = Postgres(folder / "pg"), Redis(folder), None
    results: list[Result] = []
    try:
        postgres.sql("postgres", "CREATE DATABASE drills")
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_"))},
            "DATABASE_URL": postgres.url("drills"),
            "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
            "DATA_DIR": str(folder / "data"),
            "SECRET_KEY": "drills-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "DJANGO_SETTINGS_MODULE": "ipsfidelity.settings",
            **DRILL_SETTINGS,
        }
        (folder / "data").mkdir()
        (folder / "data" / "secret_key").write_text(env["SECRET_KEY"])
        app = App(env, folder)
        say("Migrating and loading the demo data")
        app.manage("demo", "--no-serve", extra={"CELERY_TASK_ALWAYS_EAGER": "true"})
        out = app.manage("shell", "-c", PREPARE, extra={"CELERY_TASK_ALWAYS_EAGER": "true"})
        found = re.findall(r"^(drill-\d|rating) (\d+)$", out, re.MULTILINE)
        ids = {name: int(pk) for name, pk in found}
        app.start_web()
        app.start_worker()
        app.start_beat()
        time.sleep(3)
        if "redis" in chosen:
            results.append(drill_redis(app, redis, postgres, ids))
        if "worker" in chosen:
            results.append(drill_worker(app, postgres, ids))
        if "postgres" in chosen:
            results.append(drill_postgres(app, postgres, ids))
        if "backup" in chosen:
            results.append(drill_backup(app, postgres, folder))
    finally:
        if app:
            app.stop()
        redis.stop()
        postgres.stop()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print()
    print("| fault | requests during it | failed | time to recover | lost | |")
    print("|---|---|---|---|---|---|")
    for r in results:
        mark = "ok" if r.ok else "FAILED"
        print(
            f"| {r.fault} | {r.requests} | {r.failed} | {r.recovered_s:.1f} s | {r.lost} | {mark} |"
        )
    print()
    for r in results:
        print(f"- {r.fault}: {r.notes}")
    return 0 if results and all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
