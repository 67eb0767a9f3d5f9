"""The IPS-25 scale as the data migration loads it."""

import pytest

from reviews.scale.files import SCALES_DIR, read_scale_file
from reviews.scale.models import FidelityScale, ScaleItem
from reviews.scale.selectors import scale_spec
from reviews.scoring import suggest_score, validate_bands, validate_threshold

pytestmark = pytest.mark.django_db


def test_the_migration_loads_ips25_as_the_current_version(scale):
    assert (scale.code, scale.version, scale.item_count) == ("IPS-25", "1", 25)
    assert FidelityScale.objects.filter(code="IPS-25", is_current=True).count() == 1


def test_ips25_has_25_items_in_sections_of_3_8_and_14(scale):
    sections = list(scale.sections.order_by("position"))
    assert [s.code for s in sections] == ["staffing", "organization", "services"]
    assert [s.name_nb for s in sections] == ["Ansatte", "Organisasjon", "Tjenester"]
    assert [s.items.count() for s in sections] == [3, 8, 14]
    assert list(scale.items.values_list("number", flat=True)) == list(range(1, 26))


def test_every_item_has_five_anchors_in_english_and_norwegian(scale):
    for item in scale.items.prefetch_related("anchors"):
        anchors = list(item.anchors.all())
        assert [a.score for a in anchors] == [1, 2, 3, 4, 5], item
        assert all(a.text_en.strip() and a.text_nb.strip() for a in anchors), item
        assert item.name_en and item.name_nb and item.measures_en and item.measures_nb, item
        assert set(item.data_sources) <= {"MIS", "DOC", "INT", "OBS"} and item.data_sources


def test_bands_follow_the_published_cut_offs(scale):
    bands = {b.code: (b.min_total, b.max_total, b.name_nb) for b in scale.bands.all()}
    assert bands == {
        "exemplary": (115, 125, "Eksemplarisk modelltro"),
        "good": (100, 114, "God modelltro"),
        "fair": (74, 99, "Rimelig modelltro"),
        "not_supported": (25, 73, "Ikke IPS"),
    }
    spec = scale_spec(scale)
    validate_bands(spec.item_count, spec.bands)


QUANTITATIVE = {1, 2, 15, 16, 17, 19, 20, 21, 24}
COMPONENT_COUNTS = {5, 8, 10, 11, 13, 25}


def test_quantitative_and_component_items_carry_thresholds(scale):
    with_threshold = set(
        scale.items.filter(threshold__isnull=False).values_list("number", flat=True)
    )
    assert with_threshold == QUANTITATIVE | COMPONENT_COUNTS
    for item in scale.items.filter(number__in=with_threshold):
        validate_threshold(item.threshold)
        if item.number in COMPONENT_COUNTS:
            assert item.threshold["unit"] == "components"
            assert len(item.threshold["components_en"]) == len(item.threshold["components_nb"])


@pytest.mark.parametrize(
    ("number", "value", "score"),
    [(1, 20, 5), (1, 41, 1), (15, 30, 5), (15, 271, 1), (21, 95, 5), (5, 1, 1), (25, 6, 5)],
)
def test_thresholds_give_the_published_suggestions(scale, number, value, score):
    item = ScaleItem.objects.get(scale=scale, number=number)
    assert suggest_score(item.threshold, value) == score


def test_the_database_matches_the_data_file(scale):
    data = read_scale_file(SCALES_DIR / "ips-25.toml").data
    items = [item for section in data["sections"] for item in section["items"]]
    stored = {item.number: item for item in scale.items.prefetch_related("anchors")}
    for item in items:
        row = stored[item["number"]]
        assert (row.code, row.name_en, row.name_nb) == (
            item["code"],
            item["name_en"],
            item["name_nb"],
        )
        assert [a.text_nb for a in row.anchors.all()] == item["anchors_nb"]
