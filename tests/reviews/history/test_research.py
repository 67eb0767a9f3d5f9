"""The research export: published reviews as numbers, pseudonymous, with a codebook, recorded."""

import csv
import io
import zipfile

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from reviews.history import research
from reviews.history.models import ResearchExport
from reviews.history.services import import_reviews
from sites.models import Site
from tests import factories
from tests.reviews.history.test_import import GOOD, csv_bytes, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(site, other_site, scale, reviewer_a, reviewer_b, django_capture_on_commit_callbacks):
    """A live published review at the site, and imported ones at both sites."""
    live = factories.scheduled_review(site, reviewer_a, reviewer_b)
    with django_capture_on_commit_callbacks(execute=True):
        factories.sign_off_both(
            factories.ready_report(live, reviewer_a, reviewer_b), reviewer_a, reviewer_b
        )
    for s in (site, other_site):
        s.start_date = s.start_date.replace(year=2010)
        s.save()
    # Nord has three sites in the export (enough to be named), Vest one.
    more_in_nord = [
        factories.SiteFactory(region=site.region, start_date=site.start_date) for _ in range(2)
    ]
    rows = [
        row(site, visit_date="2018-02-10", summary="Kari Nordmann said: secret words"),
        row(site, visit_date="2016-11-02", kind="self_assessment"),
        row(other_site, visit_date="2017-05-20"),
        *(row(nord, visit_date="2015-03-03") for nord in more_in_nord),
    ]
    import_reviews(filename="old.csv", content=csv_bytes(rows), sites=Site.objects.all())


def export(**filters):
    return research.research_export(filters=research.ResearchFilters(**filters), fmt="csv")


def test_every_published_review_is_a_row_of_numbers_without_names(history, site, reviewer_a):
    tables = export()
    assert len(tables.rows) == 6
    header = tables.header
    assert header[:7] == ["site_id", "region", "year", "quarter", "kind", "scale", "scale_version"]
    assert header[-2:] == ["total", "band"] and "item_25" in header
    assert "subtotal_staffing" in header and "subtotal_services" in header
    imported_2018 = next(r for r in tables.rows if r[2] == 2018)
    values = dict(zip(header, imported_2018, strict=True))
    assert (values["region"], values["quarter"], values["kind"]) == ("nord", 1, "external")
    assert values["total"] == sum(GOOD) == 80 and values["band"] == "fair"
    assert values["item_01"] == GOOD[0]
    everything = repr(tables.rows)
    for private in (site.name, site.code, reviewer_a.full_name, reviewer_a.email, "secret"):
        assert private not in everything


def test_a_site_has_one_pseudonym_in_an_export_and_another_in_the_next(history, settings):
    settings.RESEARCH_PSEUDONYM_KEY = ""
    first, second = export(), export()
    ids = {r[0] for r in first.rows}
    assert len(ids) == 4  # four sites
    assert ids.isdisjoint({r[0] for r in second.rows})
    settings.RESEARCH_PSEUDONYM_KEY = "kept-by-the-national-admin-0123456789abcdef"
    kept, again = export(), export()
    assert {r[0] for r in kept.rows} == {r[0] for r in again.rows}
    assert kept.stable and not first.stable


def test_the_filters_choose_regions_years_and_kind(history, other_region):
    chosen = export(regions=(other_region.code,)).rows
    assert len(chosen) == 1 and chosen[0][1] == ""  # Vest's one site: its region is not named
    assert {r[2] for r in export(year_from=2017, year_to=2018).rows} == {2017, 2018}
    assert {r[4] for r in export(kind="self_assessment").rows} == {"self_assessment"}


def test_the_national_admin_downloads_xlsx_with_a_codebook_and_it_is_recorded(
    client, history, national_admin
):
    client.force_login(national_admin)
    response = client.post(reverse("reviews:research_export"), {"format": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["reviews", "codebook"]
    assert workbook["reviews"].max_row == 7  # the header and six reviews
    described = {line[0] for line in workbook["codebook"].iter_rows(values_only=True)}
    assert {"site_id", "item_01", "subtotal_staffing", "band"} <= described
    recorded = ResearchExport.objects.get()
    assert (recorded.exported_by, recorded.format, recorded.row_count) == (
        national_admin,
        "xlsx",
        6,
    )


def test_the_csv_comes_with_its_codebook(english_client, history, national_admin):
    english_client.force_login(national_admin)
    response = english_client.post(
        reverse("reviews:research_export"), {"format": "csv", "kind": "external"}
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = list(csv.reader(io.StringIO(archive.read("ipsfidelity-research.csv").decode())))
    book = archive.read("ipsfidelity-research-codebook.csv").decode()
    assert len(data) == 6 and "Pseudonymous site id" in book  # the header and five reviews
    assert ResearchExport.objects.get().filters["kind"] == "external"


def test_only_national_admins_export(client, coordinator, reviewer_a):
    for person in (coordinator, reviewer_a):
        client.force_login(person)
        assert client.get(reverse("reviews:research_export")).status_code == 404


def test_the_command_writes_csv_and_codebook_beside_it(tmp_path, history, capsys):
    out = tmp_path / "research.csv"
    call_command("export_research", "--out", str(out), "--region", "nord")
    assert (tmp_path / "research-codebook.csv").exists()
    assert len(out.read_text().splitlines()) == 6  # header + 5 reviews in Nord
    assert "5 reviews written" in capsys.readouterr().out
    assert ResearchExport.objects.get().exported_by is None


def test_a_cell_that_would_run_as_a_formula_is_written_as_text(
    english_client, history, national_admin, site
):
    site.region.code = "@sum-a1"  # codes are typed by people too
    site.region.save()
    english_client.force_login(national_admin)
    response = english_client.post(reverse("reviews:research_export"), {"format": "csv"})
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        rows = list(csv.reader(io.StringIO(archive.read("ipsfidelity-research.csv").decode())))
    assert "'@sum-a1" in {row[1] for row in rows[1:]}
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_an_export_with_no_rows_keeps_every_column_and_the_codebook_names_items_and_bands(
    history, scale
):
    tables = export(year_from=2030, year_to=2031)
    assert tables.rows == [] and "item_25" in tables.header and "subtotal_staffing" in tables.header
    meanings = dict(tables.codebook[1:])
    assert scale.items.get(number=1).name in meanings["item_01"]
    for band in scale.bands.all():
        assert f"{band.code} {band.min_total}–{band.max_total}" in meanings["band"]


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"regions": ("nowhere",)}, "Unknown region code: nowhere"),
        ({"year_from": 2020, "year_to": 2010}, "first year is after the last"),
    ],
)
def test_filters_that_can_only_be_a_mistake_are_refused_and_nothing_is_recorded(
    history, filters, message
):
    with translation.override("en"), pytest.raises(research.ExportRefused, match=message):
        export(**filters)
    assert not ResearchExport.objects.exists()


def test_a_kept_key_too_short_to_hide_the_sites_is_refused(history, settings):
    settings.RESEARCH_PSEUDONYM_KEY = "short"
    with pytest.raises(research.ExportRefused):
        export()


def test_the_command_records_who_exported_and_refuses_an_unknown_region(
    tmp_path, history, national_admin
):
    out = tmp_path / "research.xlsx"
    call_command("export_research", "--out", str(out), "--by", national_admin.email)
    assert ResearchExport.objects.get().exported_by == national_admin
    with pytest.raises(CommandError, match="Unknown region code"):
        call_command("export_research", "--out", str(out), "--region", "nowhere")


def test_the_page_lists_earlier_exports_in_words(english_client, history, national_admin):
    export(regions=("nord",), year_from=2015, kind="external")
    english_client.force_login(national_admin)
    page = english_client.get(reverse("reviews:research_export")).content.decode()
    assert "regions nord · 2015–… · External review" in page and "{" not in page.split("<main")[-1]


def test_a_region_with_fewer_than_three_sites_in_the_export_is_not_named(history, settings):
    settings.RESEARCH_PSEUDONYM_KEY = "kept-by-the-national-admin-0123456789abcdef"
    tables = export()
    by_region: dict[str, set] = {}
    for r in tables.rows:
        by_region.setdefault(r[1], set()).add(r[0])
    # Nord's three sites keep their region; Vest's one site is in no region, in every row.
    assert set(by_region) == {"nord", ""} and len(by_region["nord"]) == 3
    assert by_region[""].isdisjoint(by_region["nord"])
    # Chosen alone, Nord's 2016 and 2018 reviews come from one site: not named either.
    assert {r[1] for r in export(year_from=2016, year_to=2018, kind="external").rows} == {""}
    with translation.override("en"):
        codebook = {line[0]: line[1] for line in export().codebook}
    assert "fewer than 3 sites" in codebook["region"]
