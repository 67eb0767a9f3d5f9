"""The access log of the app as the image runs it: gunicorn with the project's
logger never writes an invitation's or a calendar feed's token."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "s3cr3t-invitation-token-XYZ"
FEED = "c4l3nd4r-feed-token-ABC"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_tokens_in_addresses_never_reach_the_access_log(tmp_path):
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "ipsfidelity.access_log.RedactingLogger" in dockerfile  # the image uses it
    port = free_port()
    log = tmp_path / "access.log"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(DATA_DIR=str(tmp_path), ALLOWED_HOSTS="127.0.0.1", DEBUG="false")
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "ipsfidelity.wsgi:application",
            "--bind", f"127.0.0.1:{port}",
            "--logger-class", "ipsfidelity.access_log.RedactingLogger",
            "--access-logfile", str(log),
        ],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/health/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        for path, referer in (
            (f"/sites/invitations/{TOKEN}/", ""),
            ("/static/css/app.css", f"{base}/sites/invitations/{TOKEN}/"),
            (f"/reviews/calendar/{FEED}.ics", ""),
            (f"/reviews/action-plan/owner-reminders/{TOKEN}/", ""),
        ):
            request = urllib.request.Request(base + path, headers={"Referer": referer})
            with suppress(urllib.error.HTTPError):  # 410 and 404 are answers, and logged
                urllib.request.urlopen(request, timeout=10)
    finally:
        server.terminate()
        server.wait(timeout=30)
    written = log.read_text()
    assert "/sites/invitations/[hidden]/" in written and "/reviews/calendar/[hidden]" in written
    assert "/reviews/action-plan/owner-reminders/[hidden]/" in written
    assert TOKEN not in written and FEED not in written
