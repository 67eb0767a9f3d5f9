"""The planning boards built once per change of what they show, not once per view.

A country's board reads over a thousand open reviews, every reviewer's load and
leave, every site's facts; building and rendering it is most of a planning
page's time, and the page is opened far more often than its data changes.

What tells a change is the database itself: on PostgreSQL a statement trigger
on every table the boards read (migration 0051 lists them) counts the statement
in a `PlanningChange` row of the writing transaction. The row commits together
with the change, so a reader that sees the one sees the other, and the sum of
`changes` moves whenever anything a board shows moves, whoever
wrote it: a form, the planner's bulk updates, `QuerySet.update()`, a shell or
plain SQL. (A sequence or an `updated_at` maximum cannot say this: a
transaction that took its number first may commit last.) The version is read
before the board is built, so a board is only ever cached under a version as
old as its data or older, and the next change retires it.

Elsewhere (SQLite, the embedded default) there is no such count, and the boards
are built on every view.
"""

import hashlib
from collections.abc import Callable
from functools import cache as once
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Max

from reviews.planning.models import PlanningChange

T = TypeVar("T")

# A day at most; a new day is a new key anyway (the boards count from today).
BOARD_CACHE_SECONDS = 24 * 3600

# Merged into one row when there are more than this many: the version sums them.
CHANGES_KEPT = 1000


def planning_version() -> str | None:
    """What the boards' data is at now, as a key part; None where it is not kept."""
    if connection.vendor != "postgresql":
        return None
    # The sum moves with every committed statement and survives merging. Two
    # states can reach the same sum after a rollback, or after the table was
    # emptied (a test's flush): the newest number drawn and the newest writing
    # transaction (xmin, not handed out again for some billions of
    # transactions) tell them apart.
    table = connection.ops.quote_name(PlanningChange._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(changes), 0), coalesce(max(latest), 0),"
            f" coalesce(max(xmin::text::bigint), 0) FROM {table}"
        )
        total, latest, writer = cursor.fetchone()
    return f"{settings.DATABASES['default']['NAME']}:{total}:{latest}:{writer}"


def cached_board(parts: tuple, build: Callable[[], T]) -> T:
    """What `build` makes from the boards' data, from the cache while none of it changed.

    `parts` are whatever else the result depends on: which board or regions,
    who looks where the result holds their own (a home page's lists), the query
    string, the language, the day. The caller has checked that the person may
    see it. The result must pickle (HTML, dataclasses, model instances).
    """
    version = planning_version()  # first: what is built below is at least this new
    if version is None:
        return build()
    key = (
        "planning-board:"
        + hashlib.sha256(repr((version, code_version(), parts)).encode()).hexdigest()
    )
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, BOARD_CACHE_SECONDS)
    return found


@once
def code_version() -> str:
    """The release's code, templates and translations (their sizes and times), read
    once per process: a board cached by the previous release is not served by this one."""
    root = Path(settings.BASE_DIR)
    files = sorted(
        (str(path), path.stat().st_size, path.stat().st_mtime_ns)
        for folder in ("ipsfidelity", "reviews", "sites", "templates")
        for pattern in ("*.py", "*.html", "*.mo")
        for path in (root / folder).rglob(pattern)
    )
    return hashlib.sha256(repr(files).encode()).hexdigest()


@transaction.atomic
def merge_changes() -> int:
    """Merge all rows but the newest into one, keeping their sum; the changes merged.

    Only rows this transaction sees are taken, each by exactly one merge, so the
    sum every reader sees is the same before and after. (The merge is a writer
    of its own: each board is built once more after it, once an hour.)
    """
    if connection.vendor != "postgresql":
        return 0  # nothing writes changes there
    newest = PlanningChange.objects.aggregate(newest=Max("pk"))["newest"]
    if newest is None or PlanningChange.objects.count() <= CHANGES_KEPT:
        return 0
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(PlanningChange._meta.db_table)
        cursor.execute(
            f"WITH merged AS (DELETE FROM {table} WHERE id < %s RETURNING changes, latest)"
            f" INSERT INTO {table} (changes, latest) SELECT sum(changes), max(latest) FROM merged"
            " HAVING count(*) > 0 RETURNING changes",
            [newest],
        )
        row = cursor.fetchone()
    return 0 if row is None else row[0]
