"""The rating page's offline layer stays small and talks to no other host."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
# Every script the offline layer adds to the rating page, unminified, with the
# worker: nothing vendored is used.
OFFLINE_LAYER = [
    ROOT / "static" / "js" / "session.js",
    ROOT / "static" / "js" / "rating-offline.js",
    ROOT / "static" / "js" / "identity-number.js",
    ROOT / "reviews" / "rating" / "templates" / "reviews" / "offline-worker.js",
]


def test_the_offline_layer_adds_at_most_30_kb_of_script():
    assert sum(path.stat().st_size for path in OFFLINE_LAYER) <= 30_000


def test_the_offline_layer_names_no_other_host():
    for path in OFFLINE_LAYER:
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", path.read_text()), path
