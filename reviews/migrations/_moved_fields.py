"""Moving a set of the review's fields into the part that owns them (a one-to-one
model beside Review), with their audit history.

Dropping a column from Review drops it from its audit table too, so before the
columns go, the history of the moved values is copied into the part's own event
table: one event per change of those values (the review's other changes are not
repeated), with the time, label and context of the review's event. The reverse
puts the current values back on the review; the history stays in the part's
event table, which the reverse removes with the model.

Django does not load modules whose names start with "_" as migrations; the
migrations that move fields import this one.
"""

BATCH = 1000


def move_forward(
    apps, schema_editor, *, part: str, fields: dict[str, str], defaults: dict, every=None
):
    """Copy Review's `fields` (old name → new name) into `part`: one row per review whose
    values are not all `defaults` (keyed by old name), and per review that `every`
    (a filter) selects, whatever its values."""
    review_model = apps.get_model("reviews", "Review")
    part_model = apps.get_model("reviews", part)
    _copy_history(apps, part=part, fields=fields, defaults=defaults)
    unchanged = tuple(defaults[old] for old in fields)
    always = (
        set(review_model.objects.filter(**every).values_list("pk", flat=True)) if every else set()
    )
    rows = []
    for values in review_model.objects.values("pk", *fields).iterator(chunk_size=BATCH):
        if values["pk"] not in always and tuple(values[old] for old in fields) == unchanged:
            continue
        rows.append(part_model(review_id=values["pk"], **_renamed(values, fields)))
    part_model.objects.bulk_create(rows, batch_size=BATCH)


def move_back(apps, schema_editor, *, part: str, fields: dict[str, str]):
    """Put the part's values back on the reviews (the columns are there again)."""
    review_model = apps.get_model("reviews", "Review")
    part_model = apps.get_model("reviews", part)
    reviews = [
        review_model(pk=values["review_id"], **{old: values[new] for old, new in fields.items()})
        for values in part_model.objects.values("review_id", *fields.values()).iterator()
    ]
    review_model.objects.bulk_update(reviews, list(fields), batch_size=BATCH)


def _copy_history(apps, *, part: str, fields: dict[str, str], defaults: dict) -> None:
    review_events = apps.get_model("reviews", "ReviewEvent")
    part_events = apps.get_model("reviews", f"{part}Event")
    unchanged = tuple(defaults[old] for old in fields)
    last: dict[int, tuple] = {}
    batch = []
    events = review_events.objects.order_by("pgh_obj_id", "pgh_id").values(
        "pgh_obj_id", "pgh_created_at", "pgh_label", "pgh_context_id", *fields
    )
    for event in events.iterator(chunk_size=BATCH):
        review_id = event["pgh_obj_id"]
        values = tuple(event[old] for old in fields)
        if last.get(review_id, unchanged) == values and event["pgh_label"] != "delete":
            continue
        if review_id not in last and event["pgh_label"] == "delete":
            continue  # the part never had a row for this review
        label = event["pgh_label"] if review_id in last else "insert"
        last[review_id] = values
        batch.append(
            part_events(
                pgh_obj_id=review_id,
                review_id=review_id,
                pgh_created_at=event["pgh_created_at"],
                pgh_label=label,
                pgh_context_id=event["pgh_context_id"],
                **_renamed(event, fields),
            )
        )
        if len(batch) >= BATCH:
            part_events.objects.bulk_create(batch)
            batch = []
    part_events.objects.bulk_create(batch)


def _renamed(values: dict, fields: dict[str, str]) -> dict:
    return {new: values[old] for old, new in fields.items()}
