"""Writes of the scale: install a checked scale file as a stored version.

The file is read and checked in files.py; this module only writes what passed.
Data migrations call install_scale with their historical models (`apps`).
"""

from datetime import date
from typing import Any

from django.apps import apps as global_apps
from django.db import transaction

from reviews.scale.files import ScaleDefinition, components_of
from reviews.scale.models import FidelityScale
from reviews.scoring import MIN_SCORE, WHOLE_SCALE


class ScaleInUse(Exception):
    pass


@transaction.atomic
def install_scale(
    definition: ScaleDefinition,
    *,
    make_current: bool = True,
    replace: bool = False,
    apps: Any = global_apps,
) -> Any:
    """Write a checked scale version to the database and return the FidelityScale.

    An existing version is only replaced when asked and when no review uses it:
    reviews keep the exact wording they were scored with. `apps` lets a data
    migration pass its historical models.
    """
    FidelityScale = apps.get_model("reviews", "FidelityScale")
    data = definition.data
    existing = FidelityScale.objects.filter(code=data["code"], version=data["version"]).first()
    if existing is not None:
        if not replace:
            raise ScaleInUse(
                f"{data['code']} version {data['version']} is already loaded; give the file a "
                "new version, or replace it if no review uses it yet."
            )
        if existing.reviews.exists():
            raise ScaleInUse(
                f"{data['code']} version {data['version']} is used by "
                f"{existing.reviews.count()} review(s) and cannot be replaced; "
                "load the correction as a new version."
            )
        existing.delete()
    other_group = (
        FidelityScale.objects.filter(code=data["code"])
        .exclude(target_group=data["target_group"])
        .values_list("target_group", flat=True)
        .first()
    )
    if other_group is not None:
        # Sites choose a scale by its code: a code means one target group in every version.
        raise ScaleInUse(
            f"{data['code']} is loaded for the target group {other_group!r}; a new version "
            "keeps its target group, a scale for another group needs a code of its own."
        )
    if make_current:
        _no_longer_current(FidelityScale, data["code"])
    scale = FidelityScale.objects.create(
        **_known(
            FidelityScale,
            code=data["code"],
            version=data["version"],
            name_en=data["name_en"],
            name_nb=data["name_nb"],
            name_nn=data.get("name_nn", ""),
            target_group=data["target_group"],
            item_count=data["item_count"],
            good_fidelity_from=data.get("good_fidelity_from"),
            note_en=data.get("note_en", ""),
            note_nb=data.get("note_nb", ""),
            note_nn=data.get("note_nn", ""),
            is_current=make_current,
            source_file=definition.source,
        )
    )
    _install_contents(scale, data, apps)
    return scale


@transaction.atomic
def make_current(scale: FidelityScale) -> FidelityScale:
    """Make a loaded version the one new reviews on its code use. Reviews
    already started keep the version they began on; sites move at their next review."""
    _no_longer_current(FidelityScale, scale.code, keep=scale.pk)
    scale.is_current = True
    scale.becomes_current_on = None
    scale.save(update_fields=["is_current", "becomes_current_on"])
    return scale


@transaction.atomic
def make_current_on(scale: FidelityScale, day: date, *, today: date) -> FidelityScale:
    """Make a loaded version current on a day: today (or a day past) at once, a later
    day by the nightly task. One switch waits per code: a new day replaces any other
    version's."""
    FidelityScale.objects.filter(code=scale.code, becomes_current_on__isnull=False).exclude(
        pk=scale.pk
    ).update(becomes_current_on=None)
    if day <= today:
        return make_current(scale)
    scale.becomes_current_on = day
    scale.save(update_fields=["becomes_current_on"])
    return scale


def cancel_becoming_current(scale: FidelityScale) -> None:
    scale.becomes_current_on = None
    scale.save(update_fields=["becomes_current_on"])


@transaction.atomic
def make_due_versions_current(today: date) -> list[FidelityScale]:
    """The versions whose day has come become current (the nightly task; safe to run
    twice: a version made current waits for no day any more)."""
    due = FidelityScale.objects.select_for_update().filter(
        is_current=False, becomes_current_on__lte=today
    )
    return [make_current(scale) for scale in due.order_by("becomes_current_on", "pk")]


def _no_longer_current(model: Any, code: str, keep: int | None = None) -> None:
    # A new current version replaces the earlier one of its code (one current version
    # per code, a database constraint). Another scale current for the same target
    # group stays: each site's coordinator chooses between them.
    model.objects.filter(code=code, is_current=True).exclude(pk=keep).update(is_current=False)


def _known(model: Any, **values: Any) -> dict[str, Any]:
    """The values for the fields the model has. The data migration that loads IPS-25
    first runs on the models as they were then, before later fields (the good-fidelity
    total, the Nynorsk texts) existed."""
    fields = {field.name for field in model._meta.get_fields()}
    return {name: value for name, value in values.items() if name in fields}


def _install_contents(scale: Any, data: dict[str, Any], apps: Any) -> None:
    ScaleBand = apps.get_model("reviews", "ScaleBand")
    ScaleSection = apps.get_model("reviews", "ScaleSection")
    ScaleItem = apps.get_model("reviews", "ScaleItem")
    ItemAnchor = apps.get_model("reviews", "ItemAnchor")
    try:
        ScaleComponent = apps.get_model("reviews", "ScaleComponent")
    except LookupError:  # a migration from before scales had components
        ScaleComponent = None
    components: dict[str, Any] = {}
    for position, component in enumerate(components_of(data), start=1):
        if ScaleComponent is not None:
            components[component["code"]] = ScaleComponent.objects.create(
                **_known(
                    ScaleComponent,
                    scale=scale,
                    position=position,
                    code=component["code"],
                    name_en=component["name_en"],
                    name_nb=component["name_nb"],
                    name_nn=component.get("name_nn", ""),
                    good_fidelity_from=component.get("good_fidelity_from"),
                    read_by_cadence=component.get("read_by_cadence", True),
                    compared_with=component.get("compared_with", ""),
                )
            )
        ScaleBand.objects.bulk_create(
            ScaleBand(
                **_known(
                    ScaleBand,
                    scale=scale,
                    component=components.get(component["code"]),
                    code=band["code"],
                    min_total=band["min_total"],
                    max_total=band["max_total"],
                    name_en=band["name_en"],
                    name_nb=band["name_nb"],
                    name_nn=band.get("name_nn", ""),
                )
            )
            for band in component["bands"]
        )
    anchors: list[Any] = []
    for position, section_data in enumerate(data["sections"], start=1):
        section = ScaleSection.objects.create(
            **_known(
                ScaleSection,
                scale=scale,
                position=position,
                code=section_data["code"],
                name_en=section_data["name_en"],
                name_nb=section_data["name_nb"],
                name_nn=section_data.get("name_nn", ""),
            )
        )
        for item_data in section_data["items"]:
            item = ScaleItem.objects.create(
                **_known(
                    ScaleItem,
                    scale=scale,
                    section=section,
                    component=components.get(section_data.get("component", WHOLE_SCALE)),
                    number=item_data["number"],
                    code=item_data["code"],
                    name_en=item_data["name_en"],
                    name_nb=item_data["name_nb"],
                    name_nn=item_data.get("name_nn", ""),
                    measures_en=item_data["measures_en"],
                    measures_nb=item_data["measures_nb"],
                    measures_nn=item_data.get("measures_nn", ""),
                    data_sources=item_data["data_sources"],
                    threshold=item_data.get("threshold"),
                )
            )
            nynorsk = item_data.get("anchors_nn") or [""] * len(item_data["anchors_en"])
            anchors.extend(
                ItemAnchor(
                    **_known(ItemAnchor, item=item, score=score, text_en=en, text_nb=nb, text_nn=nn)
                )
                for score, (en, nb, nn) in enumerate(
                    zip(item_data["anchors_en"], item_data["anchors_nb"], nynorsk, strict=True),
                    start=MIN_SCORE,
                )
            )
    ItemAnchor.objects.bulk_create(anchors)


class ScaleMismatch(Exception):
    pass


NYNORSK_THRESHOLD_KEYS = ("label_nn", "components_nn")


@transaction.atomic
def set_nynorsk_texts(definition: ScaleDefinition, *, apps: Any = global_apps) -> Any:
    """Write the file's Nynorsk texts into the stored version of the same code and
    version, and return it.

    Only the Nynorsk texts change, which no score, band or threshold depends on, so a
    version reviews use may take them (a translator's first reading or a correction);
    everything else must match the stored version, item by item.
    """
    FidelityScale = apps.get_model("reviews", "FidelityScale")
    data = definition.data
    scale = FidelityScale.objects.filter(code=data["code"], version=data["version"]).first()
    if scale is None:
        raise ScaleMismatch(f"{data['code']} version {data['version']} is not loaded.")
    items = {item.number: item for item in scale.items.prefetch_related("anchors")}
    file_items = {i["number"]: i for section in data["sections"] for i in section["items"]}
    if {n: i.code for n, i in items.items()} != {n: i["code"] for n, i in file_items.items()}:
        raise ScaleMismatch(
            f"The file's items are not those of the stored {data['code']} version "
            f"{data['version']}; load it as a new version instead."
        )
    scale.name_nn, scale.note_nn = data.get("name_nn", ""), data.get("note_nn", "")
    scale.save(update_fields=["name_nn", "note_nn"])
    for band in scale.bands.all():
        band.name_nn = next(b.get("name_nn", "") for b in data["bands"] if b["code"] == band.code)
        band.save(update_fields=["name_nn"])
    for section in scale.sections.all():
        section_data = next(s for s in data["sections"] if s["code"] == section.code)
        section.name_nn = section_data.get("name_nn", "")
        section.save(update_fields=["name_nn"])
    for number, item in items.items():
        item_data = file_items[number]
        item.name_nn = item_data.get("name_nn", "")
        item.measures_nn = item_data.get("measures_nn", "")
        item.threshold = _with_nynorsk(item.threshold, item_data.get("threshold"))
        item.save(update_fields=["name_nn", "measures_nn", "threshold"])
        nynorsk = item_data.get("anchors_nn") or []
        for anchor in item.anchors.all():
            position = anchor.score - MIN_SCORE
            anchor.text_nn = nynorsk[position] if position < len(nynorsk) else ""
            anchor.save(update_fields=["text_nn"])
    return scale


def _with_nynorsk(
    stored: dict[str, Any] | None, from_file: dict[str, Any] | None
) -> dict[str, Any] | None:
    if not stored or not from_file:
        return stored
    updated = {k: v for k, v in stored.items() if k not in NYNORSK_THRESHOLD_KEYS}
    updated.update({k: from_file[k] for k in NYNORSK_THRESHOLD_KEYS if k in from_file})
    if stored.get("too_few") and from_file.get("too_few"):
        too_few = {k: v for k, v in stored["too_few"].items() if k != "label_nn"}
        if "label_nn" in from_file["too_few"]:
            too_few["label_nn"] = from_file["too_few"]["label_nn"]
        updated["too_few"] = too_few
    return updated
