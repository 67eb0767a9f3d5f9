"""Loading a new or corrected scale version from a file, and refusing bad files."""

import copy
import tomllib
from pathlib import Path

import pytest
import tomli_w
from django.core.management import CommandError, call_command

from reviews.scale.files import SCALES_DIR, ScaleFileError, check_scale_data
from reviews.scale.models import FidelityScale
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ips25_data() -> dict:
    with (SCALES_DIR / "ips-25.toml").open("rb") as handle:
        return tomllib.load(handle)


def items_of(data):
    return [item for section in data["sections"] for item in section["items"]]


def write_toml(path: Path, data: dict) -> Path:
    path.write_bytes(tomli_w.dumps(data).encode())
    return path


def problems(data) -> list[str]:
    with pytest.raises(ScaleFileError) as error:
        check_scale_data(data, source="test.toml")
    return error.value.problems


def test_the_shipped_file_is_valid(ips25_data):
    assert check_scale_data(ips25_data).code == "IPS-25"


def test_a_missing_item_is_reported(ips25_data):
    ips25_data["sections"][2]["items"].pop()
    assert any("item_count = 25 but holds 24 items" in p for p in problems(ips25_data))


def test_a_missing_norwegian_anchor_is_reported_with_its_place(ips25_data):
    items_of(ips25_data)[6]["anchors_nb"][2] = " "
    assert problems(ips25_data) == ["sections[2].items[4] (item 7): anchor 3 has no nb text"]


def test_four_anchors_are_refused(ips25_data):
    items_of(ips25_data)[0]["anchors_en"].pop()
    assert problems(ips25_data) == [
        "sections[1].items[1] (item 1): anchors_en must list 5 texts (score 1 to 5), found 4"
    ]


def test_every_problem_is_reported_at_once(ips25_data):
    items = items_of(ips25_data)
    del items[0]["name_nb"]
    items[1]["data_sources"] = ["XYZ"]
    items[2]["colour"] = "blue"
    items[14]["threshold"]["bounds"] = [30, 60, 150, 270]
    ips25_data["bands"][1]["min_total"] = 101
    found = problems(ips25_data)
    assert len(found) == 5
    assert "sections[1].items[1] (item 1): name_nb must be a non-empty text" in found
    assert any("data_sources must list some of" in p for p in found)
    assert any("unknown key 'colour'" in p for p in found)
    assert any(
        "(item 15).threshold: With direction 'lower' the bounds must fall" in p for p in found
    )
    assert any(p.startswith("bands:") for p in found)


def test_items_out_of_order_are_refused(ips25_data):
    items = items_of(ips25_data)
    items[3]["number"], items[4]["number"] = 5, 4
    assert any("numbered 1 to 25 in order" in p for p in problems(ips25_data))


def test_duplicate_item_codes_are_refused(ips25_data):
    items = items_of(ips25_data)
    items[1]["code"] = items[0]["code"]
    assert problems(ips25_data) == ["sections: item code 'caseload-size' is used more than once"]


def test_load_scale_loads_a_new_version_and_makes_it_current(ips25_data, tmp_path):
    ips25_data["version"] = "2"
    items_of(ips25_data)[0]["name_en"] = "Caseload size (corrected)"
    path = write_toml(tmp_path / "ips-25-v2.toml", ips25_data)
    call_command("load_scale", str(path))
    current = FidelityScale.objects.get(code="IPS-25", is_current=True)
    assert current.version == "2"
    assert current.items.get(number=1).name_en == "Caseload size (corrected)"
    assert FidelityScale.objects.get(code="IPS-25", version="1").items.get(number=1).name_en == (
        "Caseload size"
    )


def test_load_scale_refuses_an_invalid_file_and_loads_nothing(ips25_data, tmp_path):
    ips25_data["version"] = "2"
    items_of(ips25_data)[24]["anchors_nb"] = []
    path = write_toml(tmp_path / "bad.toml", ips25_data)
    with pytest.raises(CommandError, match="anchors_nb must list 5 texts"):
        call_command("load_scale", str(path))
    assert not FidelityScale.objects.filter(version="2").exists()


def test_load_scale_reports_broken_toml(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('code = "IPS-25\n')
    with pytest.raises(CommandError, match="not valid TOML"):
        call_command("load_scale", str(path))


def test_a_version_in_use_cannot_be_replaced(ips25_data, tmp_path, scale, site):
    ReviewFactory(site=site, scale=scale)
    path = write_toml(tmp_path / "same.toml", ips25_data)
    with pytest.raises(CommandError, match="already loaded"):
        call_command("load_scale", str(path))
    with pytest.raises(CommandError, match="used by 1 review"):
        call_command("load_scale", str(path), "--replace")


def test_the_shipped_scale_is_stored_with_its_nynorsk_texts(scale):
    item = scale.items.get(number=1)
    assert item.name_nn and item.measures_nn
    assert all(anchor.text_nn for anchor in item.anchors.all())
    assert item.threshold["label_nn"]
    assert set(scale.bands.values_list("name_nn", flat=True)) == {
        "Eksemplarisk modelltru",
        "God modelltru",
        "Rimeleg modelltru",
        "Ikkje IPS",
    }


def test_a_nynorsk_file_with_a_component_too_few_is_refused(ips25_data):
    item = next(i for i in items_of(ips25_data) if i.get("threshold", {}).get("components_nn"))
    item["threshold"]["components_nn"].pop()
    assert any("as many components" in p for p in problems(ips25_data))


def test_a_translators_nynorsk_goes_into_a_version_in_use_and_nothing_else_changes(
    ips25_data, tmp_path, scale, site
):
    ReviewFactory(site=site, scale=scale)
    first = items_of(ips25_data)[0]
    first["name_nn"] = "Deltakarar per jobbspesialist"
    first["anchors_nn"][0] = "Over 25 deltakarar"
    first["name_en"] = "Not to be taken"  # only Nynorsk is written into a version in use
    call_command("load_scale", str(write_toml(tmp_path / "nn.toml", ips25_data)), "--nynorsk")
    item = scale.items.get(number=1)
    assert item.name_nn == "Deltakarar per jobbspesialist"
    assert item.anchors.get(score=1).text_nn == "Over 25 deltakarar"
    assert item.name_en == "Caseload size"


def test_nynorsk_for_other_items_than_the_stored_versions_is_refused(ips25_data, tmp_path, scale):
    items_of(ips25_data)[0]["code"] = "something-else"
    path = write_toml(tmp_path / "nn.toml", ips25_data)
    with pytest.raises(CommandError, match="not those of the stored"):
        call_command("load_scale", str(path), "--nynorsk")
    assert scale.items.get(number=1).code == "caseload-size"


def test_an_unused_version_can_be_replaced(ips25_data, tmp_path, scale):
    items_of(ips25_data)[0]["name_en"] = "Caseload"
    path = write_toml(tmp_path / "same.toml", ips25_data)
    call_command("load_scale", str(path), "--replace")
    assert FidelityScale.objects.get(code="IPS-25", version="1").items.get(number=1).name_en == (
        "Caseload"
    )


def youth_scale_data(ips25_data: dict) -> dict:
    """A 35-item scale shaped like IPS-Y, built from the IPS-25 texts."""
    youth = copy.deepcopy(ips25_data)
    youth.update(
        code="IPS-Y", version="1", target_group="youth", item_count=35, good_fidelity_from=140
    )
    extra = copy.deepcopy(items_of(ips25_data)[:10])
    for offset, item in enumerate(extra, start=26):
        item["number"] = offset
        item["code"] = f"youth-item-{offset}"
    youth["sections"][2]["items"].extend(extra)
    youth["bands"] = [
        {"code": "high", "min_total": 140, "max_total": 175, "name_en": "High", "name_nb": "Høy"},
        {"code": "low", "min_total": 35, "max_total": 139, "name_en": "Low", "name_nb": "Lav"},
    ]
    return youth


def test_a_35_item_youth_scale_loads_beside_ips25(ips25_data, tmp_path):
    path = write_toml(tmp_path / "ips-y.toml", youth_scale_data(ips25_data))
    call_command("load_scale", str(path))
    loaded = FidelityScale.objects.get(code="IPS-Y")
    assert (loaded.item_count, loaded.items.count(), loaded.max_total) == (35, 35, 175)
    assert FidelityScale.objects.get(code="IPS-25", is_current=True).version == "1"


def test_check_only_loads_nothing(tmp_path, ips25_data, capsys):
    ips25_data["version"] = "9"
    path = write_toml(tmp_path / "v9.toml", ips25_data)
    call_command("load_scale", str(path), "--check")
    assert "file is valid" in capsys.readouterr().out
    assert not FidelityScale.objects.filter(version="9").exists()


@pytest.mark.parametrize("good", [24, 126, "100"])
def test_good_fidelity_must_be_a_total_the_scale_can_reach(ips25_data, good):
    ips25_data["good_fidelity_from"] = good
    with pytest.raises(ScaleFileError, match="good_fidelity_from"):
        check_scale_data(ips25_data)


def test_two_scales_can_be_current_for_a_target_group_but_one_version_of_each(ips25_data, tmp_path):
    from django.db import IntegrityError, transaction

    other = copy.deepcopy(ips25_data)
    other.update(code="IPS-25-NO", version="1")  # another scale for adults
    call_command("load_scale", str(write_toml(tmp_path / "other.toml", other)))
    current = FidelityScale.objects.filter(target_group="adults", is_current=True)
    # Both stay current: each site's coordinator chooses which its reviews use.
    assert sorted(scale.code for scale in current) == ["IPS-25", "IPS-25-NO"]
    second = copy.deepcopy(other)
    second.update(version="2")
    call_command("load_scale", str(write_toml(tmp_path / "second.toml", second)))
    assert [s.version for s in current.filter(code="IPS-25-NO")] == ["2"]
    with transaction.atomic(), pytest.raises(IntegrityError):
        FidelityScale.objects.filter(code="IPS-25-NO").update(is_current=True)


def test_a_code_keeps_its_target_group_in_every_version(ips25_data, tmp_path):
    youth = copy.deepcopy(ips25_data)
    youth.update(version="9", target_group="youth")
    with pytest.raises(CommandError, match="keeps its target group"):
        call_command("load_scale", str(write_toml(tmp_path / "youth.toml", youth)))
    assert not FidelityScale.objects.filter(code="IPS-25", version="9").exists()
