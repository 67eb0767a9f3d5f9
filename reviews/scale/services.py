"""Writes of the scale: install a checked scale file as a stored version.

The file is read and checked in files.py; this module only writes what passed.
Data migrations call install_scale with their historical models (`apps`).
"""

from typing import Any

from django.apps import apps as global_apps
from django.db import transaction
from django.db.models import Q

from reviews.scale.files import ScaleDefinition
from reviews.scoring import MIN_SCORE


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
    if make_current:
        # It replaces the earlier version, and whatever scale was current for the
        # same target group: one current scale per group (a database constraint).
        FidelityScale.objects.filter(
            Q(code=data["code"]) | Q(target_group=data["target_group"]), is_current=True
        ).update(is_current=False)
    # The data migration that loads IPS-25 first runs before the field existed.
    known = {field.name for field in FidelityScale._meta.get_fields()}
    later_fields = {"good_fidelity_from": data["good_fidelity_from"]}
    scale = FidelityScale.objects.create(
        **{name: value for name, value in later_fields.items() if name in known},
        code=data["code"],
        version=data["version"],
        name_en=data["name_en"],
        name_nb=data["name_nb"],
        target_group=data["target_group"],
        item_count=data["item_count"],
        note_en=data.get("note_en", ""),
        note_nb=data.get("note_nb", ""),
        is_current=make_current,
        source_file=definition.source,
    )
    _install_contents(scale, data, apps)
    return scale


def _install_contents(scale: Any, data: dict[str, Any], apps: Any) -> None:
    ScaleBand = apps.get_model("reviews", "ScaleBand")
    ScaleSection = apps.get_model("reviews", "ScaleSection")
    ScaleItem = apps.get_model("reviews", "ScaleItem")
    ItemAnchor = apps.get_model("reviews", "ItemAnchor")
    ScaleBand.objects.bulk_create(
        ScaleBand(
            scale=scale,
            code=band["code"],
            min_total=band["min_total"],
            max_total=band["max_total"],
            name_en=band["name_en"],
            name_nb=band["name_nb"],
        )
        for band in data["bands"]
    )
    anchors: list[Any] = []
    for position, section_data in enumerate(data["sections"], start=1):
        section = ScaleSection.objects.create(
            scale=scale,
            position=position,
            code=section_data["code"],
            name_en=section_data["name_en"],
            name_nb=section_data["name_nb"],
        )
        for item_data in section_data["items"]:
            item = ScaleItem.objects.create(
                scale=scale,
                section=section,
                number=item_data["number"],
                code=item_data["code"],
                name_en=item_data["name_en"],
                name_nb=item_data["name_nb"],
                measures_en=item_data["measures_en"],
                measures_nb=item_data["measures_nb"],
                data_sources=item_data["data_sources"],
                threshold=item_data.get("threshold"),
            )
            anchors.extend(
                ItemAnchor(item=item, score=score, text_en=text_en, text_nb=text_nb)
                for score, (text_en, text_nb) in enumerate(
                    zip(item_data["anchors_en"], item_data["anchors_nb"], strict=True),
                    start=MIN_SCORE,
                )
            )
    ItemAnchor.objects.bulk_create(anchors)
