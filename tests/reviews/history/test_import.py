"""Earlier reviews come in from a file: checked row by row, written all at once or not at all."""

import csv
import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from reviews.history.services import import_reviews
from reviews.rating.models import ConsensusScore, Review
from reviews.reports.selectors import report_text_of
from reviews.spreadsheets import ImportRefused
from sites.models import Site
from tests import factories

pytestmark = pytest.mark.django_db

GOOD = [3, 4, 4, 4, 3, 2, 3, 3, 4, 3, 2, 3, 4, 3, 4, 3, 2, 3, 4, 4, 5, 3, 3, 2, 2]  # 80


def row(site, **changes):
    values = {
        "site_code": site.code,
        "kind": "external",
        "visit_date": "2019-05-14",
        "scale": "IPS-25",
        "scale_version": "",
        "reviewer_1": "Kari Nordmann",
        "reviewer_2": "",
        "summary": "Fair fidelity.",
        **{f"item_{n:02d}": str(score) for n, score in enumerate(GOOD, start=1)},
    }
    values.update(changes)
    return values


def csv_bytes(rows, delimiter=",", bom=False) -> bytes:
    header = list(dict.fromkeys(column for r in rows for column in r))
    lines = [delimiter.join(header)] + [
        delimiter.join(str(r.get(column, "")) for column in header) for r in rows
    ]
    text = "\n".join(lines) + "\n"
    return ("\ufeff" + text if bom else text).encode()


def run(content, *, name="earlier.csv", dry_run=False, sites=None):
    return import_reviews(
        filename=name,
        content=content,
        sites=sites if sites is not None else Site.objects.all(),
        dry_run=dry_run,
    )


@pytest.fixture
def old_site(region, scale):
    return factories.SiteFactory(region=region, code="ips-harstad", start_date=date(2012, 1, 1))


def test_a_dry_run_says_what_would_happen_and_writes_nothing(old_site):
    rows = [row(old_site), row(old_site, visit_date="2017-03-02")]
    result = run(csv_bytes(rows), dry_run=True)
    assert [(r.number, r.action) for r in result.rows] == [(2, "create"), (3, "create")]
    assert not result.written and not Review.objects.exists()


def test_an_import_writes_published_history_with_its_scores(old_site, coordinator):
    result = import_reviews(
        filename="earlier.csv",
        content=csv_bytes([row(old_site, reviewer_2="ola@example.no")]),
        sites=Site.objects.all(),
        actor=coordinator,
    )
    assert result.created == 1
    review = Review.objects.get()
    assert review.status == "published" and review.is_imported
    assert (review.visit_start, review.kind, review.import_record.imported_by) == (
        date(2019, 5, 14),
        "external",
        coordinator,
    )
    assert review.import_record.imported_from == "earlier.csv"
    assert review.import_record.earlier_reviewers == "Kari Nordmann, ola@example.no"
    scores = ConsensusScore.objects.filter(review=review)
    assert scores.count() == 25 and sum(s.score for s in scores) == 80
    assert all(s.imported and s.recommendation == "" for s in scores)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"site_code": "ips-nowhere"}, "Unknown site code"),
        ({"kind": "visit"}, "The kind must be"),
        ({"visit_date": "2019/05/14"}, "YYYY-MM-DD"),
        ({"visit_date": "20190514"}, "YYYY-MM-DD"),
        ({"visit_date": "2019-02-30"}, "YYYY-MM-DD"),
        ({"visit_date": (date.today() + timedelta(days=3)).isoformat()}, "in the future"),
        ({"visit_date": "2011-12-31"}, "before the site started IPS"),
        ({"scale": "IPS-99"}, "Unknown scale"),
        ({"scale_version": "77"}, "version"),
        ({"item_04": "6"}, "item_04: “6” is not a whole number from 1 to 5."),
        ({"item_05": "3.5"}, "item_05: “3.5” is not a whole number"),
        ({"item_06": "x"}, "item_06: “x” is not a whole number"),
        ({"item_07": "²"}, "item_07: “²” is not a whole number"),
        ({"item_08": "\uff13"}, "item_08: “\uff13” is not a whole number"),
        ({"item_09": "-3"}, "item_09: “-3” is not a whole number"),
        ({"item_25": ""}, "Missing scores for items item_25"),
        ({"item_26": "3"}, "has no item 26"),
    ],
)
def test_a_wrong_row_is_named_and_nothing_is_written(settings, old_site, changes, message):
    settings.LANGUAGE_CODE = "en"
    rows = [row(old_site, visit_date="2016-01-10"), row(old_site, **changes)]
    result = run(csv_bytes(rows))
    assert [r.action for r in result.rows] == ["create", "error"]
    assert any(message in text for text in result.rows[1].messages), result.rows[1].messages
    assert not result.written and not Review.objects.exists()


def test_the_same_review_twice_in_one_file_is_an_error(old_site):
    result = run(csv_bytes([row(old_site), row(old_site)]))
    assert [r.action for r in result.rows] == ["create", "error"]
    assert not Review.objects.exists()


def test_importing_the_same_file_again_creates_nothing_new(old_site):
    content = csv_bytes([row(old_site), row(old_site, kind="self_assessment")])
    assert run(content).created == 2
    again = run(content)
    assert [r.action for r in again.rows] == ["skip", "skip"]
    assert again.created == 0 and Review.objects.count() == 2


def test_a_semicolon_csv_with_a_byte_order_mark_and_an_xlsx_file_both_import(old_site):
    assert run(csv_bytes([row(old_site)], delimiter=";", bom=True)).created == 1
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    values = row(old_site, visit_date="2015-06-01")
    sheet.append(list(values))
    sheet.append([date(2015, 6, 1) if k == "visit_date" else v for k, v in values.items()])
    out = io.BytesIO()
    workbook.save(out)
    assert run(out.getvalue(), name="earlier.xlsx").created == 1
    assert Review.objects.count() == 2


def test_a_file_without_the_columns_is_refused_as_a_whole(old_site):
    with pytest.raises(ImportRefused, match="site_code"):
        run(b"site;date\nips-harstad;2019-01-01\n")


def test_the_command_names_the_rows_with_errors_and_writes_nothing(tmp_path, old_site, capsys):
    path = tmp_path / "earlier.csv"
    path.write_bytes(csv_bytes([row(old_site), row(old_site, item_03="9")]))
    with pytest.raises(CommandError, match="row\\(s\\) with errors: 3"):
        call_command("import_reviews", str(path))
    assert not Review.objects.exists()
    path.write_bytes(csv_bytes([row(old_site)]))
    call_command("import_reviews", str(path), "--dry-run")
    assert "Dry run: 1 to create" in capsys.readouterr().out
    assert not Review.objects.exists()
    call_command("import_reviews", str(path))
    assert Review.objects.count() == 1


def test_a_coordinator_imports_only_their_regions_sites(
    english_client, coordinator, old_site, other_site
):
    english_client.force_login(coordinator)
    content = csv_bytes([row(old_site), row(other_site, visit_date="2018-02-02")])
    upload = io.BytesIO(content)
    upload.name = "earlier.csv"
    response = english_client.post(reverse("reviews:import"), {"file": upload, "import": "1"})
    assert response.status_code == 400
    assert "Unknown site code" in response.content.decode()
    assert not Review.objects.exists()


def test_the_page_checks_then_imports_and_the_review_says_where_it_came_from(
    english_client, coordinator, old_site
):
    english_client.force_login(coordinator)

    def post(button):
        upload = io.BytesIO(csv_bytes([row(old_site)]))
        upload.name = "centre-2019.csv"
        return english_client.post(reverse("reviews:import"), {"file": upload, button: "1"})

    checked = post("check")
    assert "will be created" in checked.content.decode() and not Review.objects.exists()
    imported = post("import")
    assert "1 created" in imported.content.decode()
    review = Review.objects.get()
    page = english_client.get(reverse("reviews:review_detail", args=[review.pk])).content.decode()
    assert "Imported from earlier records" in page and "centre-2019.csv" in page


def test_the_template_has_the_columns_and_an_example(english_client, coordinator, scale):
    english_client.force_login(coordinator)
    response = english_client.get(reverse("reviews:import_template"))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel then reads it as UTF-8
    header, example = csv.reader(text[1:].splitlines(), delimiter=";")
    assert header[:5] == ["site_code", "kind", "visit_date", "scale", "scale_version"]
    assert header[-1] == "item_25" and example[:2] == ["ips-tromso", "external"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_filled_in_imports_as_it_is(english_client, coordinator, old_site, fmt):
    """The example row, with a site of one's own, imports without a change."""
    english_client.force_login(coordinator)
    response = english_client.get(reverse("reviews:import_template"), {"format": fmt})
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    content = response.content
    if fmt == "xlsx":
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        workbook.active["A2"] = old_site.code
        out = io.BytesIO()
        workbook.save(out)
        content = out.getvalue()
    else:
        content = content.replace(b"ips-tromso", old_site.code.encode())
    result = run(content, name=f"filled.{fmt}")
    assert [r.action for r in result.rows] == ["create"], result.rows[0].messages
    summary = Review.objects.get().report_text.summary
    assert summary == "Fair fidelity; job development needs more time."


def test_people_who_plan_nothing_cannot_import(client, reviewer_a, site_leader):
    for person in (reviewer_a, site_leader):
        client.force_login(person)
        assert client.get(reverse("reviews:import")).status_code == 404
        assert client.get(reverse("reviews:import_template")).status_code == 404


def test_bidirectional_controls_are_dropped_from_imported_text(old_site):
    run(
        csv_bytes(
            [row(old_site, summary="Fair \u202efidelity\u202c", reviewer_1="Kari \u2066N\u2069")]
        )
    )
    review = Review.objects.get()
    assert review.report_text.summary == "Fair fidelity"
    assert review.import_record.earlier_reviewers == "Kari N"


def test_what_excel_in_norway_writes_back_imports_as_typed(old_site):
    """Excel re-saving the template writes dates as DD.MM.YYYY and may add a decimal ",0"."""
    result = run(
        csv_bytes([row(old_site, visit_date="14.05.2019", item_01="3,0", item_02="4.0")], ";")
    )
    assert [r.action for r in result.rows] == ["create"], result.rows[0].messages
    review = Review.objects.get()
    assert review.visit_start == date(2019, 5, 14)
    assert review.consensus_scores.get(item__number=1).score == 3


def test_a_score_that_breaks_int_is_a_row_error_on_the_page_not_a_crash(
    english_client, coordinator, old_site
):
    english_client.force_login(coordinator)
    upload = io.BytesIO(csv_bytes([row(old_site, item_03="²")]))
    upload.name = "odd.csv"
    response = english_client.post(reverse("reviews:import"), {"file": upload, "check": "1"})
    assert response.status_code == 200
    assert "item_03: “²” is not a whole number" in response.content.decode()


def test_an_imported_review_is_shown_as_history_and_stays_out_of_the_workflow(
    english_client, national_admin, old_site
):
    run(csv_bytes([row(old_site, summary="Strong employer contact.")]))
    review = Review.objects.get()
    english_client.force_login(national_admin)
    page = english_client.get(reverse("reviews:review_detail", args=[review.pk])).content.decode()
    assert "Strong employer contact." in page and "Consensus score of each item" in page
    assert "so far" not in page and "Pre-visit data" not in page
    assert ">Due<" not in page and "Set visit and reviewers" not in page
    schedule = english_client.get(reverse("reviews:review_schedule", args=[review.pk]))
    assert schedule.status_code == 404
    assert english_client.get(reverse("reviews:previsit", args=[review.pk])).status_code == 404
    corrected = english_client.post(
        reverse("reviews:report_correct", args=[review.pk]), {"reason": "typo"}, follow=True
    )
    assert corrected.status_code == 200
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED
    assert report_text_of(review).correction_reason == ""


def test_lists_and_the_api_show_an_imported_review_as_history_not_as_a_plan(
    english_client, api, coordinator, old_site
):
    run(csv_bytes([row(old_site, reviewer_1="Kåre Ødegård", reviewer_2="per@nav.no")]))
    review = Review.objects.get()
    english_client.force_login(coordinator)
    page = english_client.get(reverse("sites:site_detail", args=[old_site.pk])).content.decode()
    assert "imported from earlier records" in page and "Kåre Ødegård, per@nav.no" in page
    assert "not assigned" not in page
    shown = api.get(f"/api/reviews/{review.pk}/", user=coordinator).json()
    assert shown["imported"] is True and shown["due_from"] is None and shown["due_by"] is None


def test_each_current_scale_has_its_own_template_that_imports_on_it(
    english_client, coordinator, region, scale
):
    from reviews.rating.models import ReviewSummary
    from reviews.scale.files import read_scale_file
    from reviews.scale.services import install_scale
    from tests.reviews.test_youth_scale_end_to_end import TWO_COMPONENTS

    youth = install_scale(read_scale_file(TWO_COMPONENTS))
    site = factories.SiteFactory(
        region=region, code="ips-ung-bodo", target_group="youth", start_date=date(2012, 1, 1)
    )
    english_client.force_login(coordinator)
    page = english_client.get(reverse("reviews:import")).content.decode()
    assert "?scale=TEST-Y&amp;format=xlsx" in page
    response = english_client.get(reverse("reviews:import_template"), {"scale": "TEST-Y"})
    header, example = csv.reader(response.content.decode()[1:].splitlines(), delimiter=";")
    assert header[-1] == "item_10" and "item_11" not in header
    assert example[header.index("scale")] == "TEST-Y"
    content = response.content.replace(b"ips-tromso", site.code.encode())
    result = run(content, name="ung.csv")
    assert [r.action for r in result.rows] == ["create"], result.rows[0].messages
    review = Review.objects.get()
    assert review.scale == youth
    # The example's scores: 3, 4, 5, 3, 4, 5 (employment) and 3, 4, 5, 3 (education).
    assert [(c["code"], c["total"]) for c in ReviewSummary.objects.get().components] == [
        ("employment", 24),
        ("education", 15),
    ]
    unknown = english_client.get(reverse("reviews:import_template"), {"scale": "NOPE"})
    assert unknown.status_code == 400 and not Review.objects.filter(scale__code="NOPE").exists()
