"""A site's quarterly employment figures: held true by the database, entered by its leaders
and coordinators, imported from a file all at once or not at all, shown beside fidelity."""

import io
import re
from csv import reader as csv_rows
from datetime import date

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from reviews.outcomes import selectors
from reviews.outcomes.models import EmploymentOutcome
from reviews.outcomes.services import (
    Figures,
    OutcomeError,
    import_outcomes,
    outcome_save,
)
from reviews.rating.services import NotAllowed
from reviews.spreadsheets import ImportRefused
from sites.models import Site
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = "site_code,year,quarter,people_served,out_of_work_at_start,in_paid_work,job_starts"


def csv(*lines: str) -> bytes:
    return "\n".join([HEADER, *lines]).encode()


def outcome(site, year=2025, quarter=1, served=40, out=30, in_work=12, starts=4, education=None):
    return EmploymentOutcome.objects.create(
        site=site,
        year=year,
        quarter=quarter,
        people_served=served,
        out_of_work_at_start=out,
        in_paid_work=in_work,
        job_starts=starts,
        in_education=education,
    )


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"served": 10, "out": 11, "in_work": 5}, "out_of_work_within_served"),
        ({"out": 10, "in_work": 11}, "in_work_within_out_of_work"),
        ({"out": 10, "in_work": 1, "education": 11}, "in_education_within_out_of_work"),
        ({"education": -1}, "in_education|in_education_within_out_of_work"),
        ({"quarter": 5}, "quarter_1_4"),
        # The positive field's own check or ours, whichever the database tries first.
        ({"starts": -1}, "job_starts|counts_not_negative"),
    ],
)
def test_the_database_refuses_impossible_figures(site, changes, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        outcome(site, **changes)


def test_one_row_per_site_and_quarter(site):
    outcome(site)
    with pytest.raises(IntegrityError), transaction.atomic():
        outcome(site)


def test_a_site_leader_enters_a_quarter_and_a_second_save_replaces_it(site, site_leader):
    figures = Figures(40, 30, 12, 4)
    outcome_save(actor=site_leader, site=site, year=2025, quarter=2, figures=figures)
    saved = outcome_save(
        actor=site_leader, site=site, year=2025, quarter=2, figures=Figures(40, 30, 15, 5)
    )
    assert EmploymentOutcome.objects.count() == 1
    assert (saved.in_paid_work, saved.updated_by) == (15, site_leader)
    assert saved.employment_rate == pytest.approx(0.5)


def test_the_regions_coordinator_enters_figures_but_not_another_regions(
    site, other_site, coordinator
):
    outcome_save(actor=coordinator, site=site, year=2025, quarter=1, figures=Figures(1, 1, 1, 1))
    with pytest.raises(NotAllowed):
        outcome_save(
            actor=coordinator, site=other_site, year=2025, quarter=1, figures=Figures(1, 1, 1, 1)
        )


@pytest.mark.parametrize(
    ("year", "quarter", "figures", "message"),
    [
        (2025, 1, Figures(10, 12, 1, 0), "More people out of work"),
        (2025, 1, Figures(10, 8, 9, 0), "More people in paid work"),
        (2099, 1, Figures(1, 1, 1, 1), "not started yet"),
        (2025, 0, Figures(1, 1, 1, 1), "1, 2, 3 or 4"),
    ],
)
def test_bad_figures_are_refused_with_a_reason(site, site_leader, year, quarter, figures, message):
    with translation.override("en"), pytest.raises(OutcomeError, match=message):
        outcome_save(actor=site_leader, site=site, year=year, quarter=quarter, figures=figures)
    assert not EmploymentOutcome.objects.exists()


def test_a_dry_run_says_what_would_happen_and_writes_nothing(site):
    outcome(site, 2025, 1, 40, 30, 12, 4)
    outcome(site, 2025, 2, 40, 30, 12, 4)
    content = csv(
        f"{site.code},2025,1,40,30,12,4",  # the same: unchanged
        f"{site.code},2025,2,40,30,14,4",  # other figures: replaces
        f"{site.code},2025,3,41,31,13,5",  # new
    )
    result = import_outcomes(
        filename="q.csv", content=content, sites=Site.objects.all(), dry_run=True
    )
    assert [row.action for row in result.rows] == ["skip", "update", "create"]
    assert EmploymentOutcome.objects.count() == 2
    written = import_outcomes(filename="q.csv", content=content, sites=Site.objects.all())
    assert written.written
    assert EmploymentOutcome.objects.get(site=site, quarter=2).in_paid_work == 14
    assert EmploymentOutcome.objects.get(site=site, quarter=3).imported_from == "q.csv"


def test_one_wrong_row_writes_nothing_and_names_the_row(site, other_site):
    content = csv(
        f"{site.code},2025,1,40,30,12,4",
        f"{site.code},2025,2,40,30,31,4",
        f"{other_site.code},2025,1,40,30,12,4",
    )
    # Only the sites the person may enter: another region's code is unknown to them.
    with translation.override("en"):
        result = import_outcomes(
            filename="q.csv", content=content, sites=Site.objects.filter(pk=site.pk)
        )
    assert not result.written
    assert [row.number for row in result.errors] == [3, 4]
    assert "in paid work" in result.errors[0].messages[0]
    assert "Unknown site code" in result.errors[1].messages[0]
    assert not EmploymentOutcome.objects.exists()


def test_the_same_quarter_twice_in_one_file_is_an_error(site):
    content = csv(f"{site.code},2025,1,40,30,12,4", f"{site.code},2025,1,41,30,12,4")
    result = import_outcomes(filename="q.csv", content=content, sites=Site.objects.all())
    assert [row.number for row in result.errors] == [3]


def test_a_file_without_the_columns_is_refused(site):
    with pytest.raises(ImportRefused, match="in_paid_work"):
        import_outcomes(
            filename="q.csv", content=b"site_code,year,quarter\nx,2025,1", sites=Site.objects.all()
        )


def test_an_xlsx_file_imports_like_a_csv(site):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append([site.code, 2025, 4, 50, 40, 20, 7])
    out = io.BytesIO()
    book.save(out)
    result = import_outcomes(filename="q.xlsx", content=out.getvalue(), sites=Site.objects.all())
    assert result.written, [row.messages for row in result.rows]
    assert EmploymentOutcome.objects.get(site=site, quarter=4).employment_rate == 0.5


def test_the_command_checks_then_imports(site, tmp_path):
    path = tmp_path / "q.csv"
    path.write_bytes(csv(f"{site.code},2025,1,40,30,12,4"))
    out = io.StringIO()
    call_command("import_outcomes", str(path), "--dry-run", stdout=out)
    assert "1 new" in out.getvalue() and not EmploymentOutcome.objects.exists()
    call_command("import_outcomes", str(path), stdout=out)
    assert EmploymentOutcome.objects.count() == 1
    path.write_bytes(csv(f"{site.code},2025,1,40,30,31,4"))
    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import_outcomes", str(path), stdout=out)


def test_youth_services_may_count_education_in_a_column_of_its_own(site, english):
    header = f"{HEADER},in_education"
    rows = [f"{site.code},2025,1,40,30,12,4,9", f"{site.code},2025,2,40,30,12,4,"]
    result = import_outcomes(
        filename="q.csv", content="\n".join([header, *rows]).encode(), sites=Site.objects.all()
    )
    assert result.written, [row.messages for row in result.rows]
    assert [(o.quarter, o.in_education) for o in EmploymentOutcome.objects.all()] == [
        (1, 9),
        (2, None),  # empty: not recorded, not nought
    ]
    assert EmploymentOutcome.objects.get(quarter=1).education_rate == pytest.approx(0.3)
    for wrong, message in (("31", "More people in education"), ("x", "not a whole number")):
        bad = "\n".join([header, f"{site.code},2025,3,40,30,12,4,{wrong}"]).encode()
        result = import_outcomes(filename="q.csv", content=bad, sites=Site.objects.all())
        assert not result.written and message in " ".join(result.rows[0].messages)
    assert EmploymentOutcome.objects.count() == 2
    # The quarter's page shows the rate beside the employment rate.
    assert selectors.site_outcomes(site).with_education


def test_each_quarter_shows_the_fidelity_total_in_force_then(site, scale, reviewer_a, reviewer_b):
    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    review.visit_start = review.visit_end = date(2025, 5, 10)
    review.save()
    factories.ready_report(review, reviewer_a, reviewer_b, consensus=4)
    review.status = "published"
    review.save()
    outcome(site, 2025, 1)
    outcome(site, 2025, 2)
    rows = selectors.site_outcomes(site).rows
    assert [row.fidelity for row in rows] == [None, review]
    assert rows[1].fidelity.total == 100


def test_the_overview_correlates_only_the_sites_the_person_sees(
    region, other_region, scale, coordinator
):
    history = []
    for n, (total_per_item, in_work) in enumerate([(3, 8), (4, 12), (5, 16)]):
        site = factories.SiteFactory(region=region, code=f"s{n}", start_date=date(2010, 1, 1))
        history.append(
            f"{site.code},external,2024-06-0{n + 1},IPS-25," + ",".join([str(total_per_item)] * 25)
        )
        outcome(site, 2025, 1, 40, 30, in_work, 2)
    hidden = factories.SiteFactory(region=other_region, code="hidden")
    history.append("hidden,external,2024-06-09,IPS-25," + ",".join(["1"] * 25))
    outcome(hidden, 2025, 1, 40, 30, 30, 2)
    from reviews.history.services import import_reviews

    header = "site_code,kind,visit_date,scale," + ",".join(f"item_{n:02d}" for n in range(1, 26))
    imported = import_reviews(
        filename="h.csv", content="\n".join([header, *history]).encode(), sites=Site.objects.all()
    )
    assert imported.written, [row.messages for row in imported.rows]
    overview = selectors.outcomes_overview(user=coordinator, year=2025)
    [chart] = overview.charts  # IPS-25 has no components: one chart, against employment
    assert [(p.total, round(p.rate, 2)) for p in chart.points] == [
        (75, 0.27),
        (100, 0.4),
        (125, 0.53),
    ]
    assert chart.correlation == pytest.approx(1)
    assert "hidden" not in chart.chart
    assert selectors.outcomes_overview(user=coordinator, year=2023).charts[0].points == []


def test_the_site_page_section_and_entry_page(english_client, site, site_leader):
    outcome(site, 2025, 1, 40, 30, 12, 4)
    english_client.force_login(site_leader)
    fragment = english_client.get(
        reverse("reviews:site_outcomes", args=[site.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert "40 %" in fragment and "<desc" in fragment and "<table" in fragment
    response = english_client.post(
        reverse("reviews:site_outcomes", args=[site.pk]),
        {
            "year": "2025",
            "quarter": "2",
            "people_served": "40",
            "out_of_work_at_start": "41",
            "in_paid_work": "1",
            "job_starts": "0",
        },
    )
    assert response.status_code == 400
    assert "More people out of work at the start" in response.content.decode()
    assert EmploymentOutcome.objects.count() == 1


def test_someone_who_only_sees_the_site_cannot_post_figures(
    client, site, reviewer_a, reviewer_b, scale
):
    factories.scheduled_review(site, reviewer_a, reviewer_b)
    client.force_login(reviewer_a)
    assert client.get(reverse("reviews:site_outcomes", args=[site.pk])).status_code == 200
    response = client.post(reverse("reviews:site_outcomes", args=[site.pk]), {"year": "2025"})
    assert response.status_code == 404


def test_the_overview_page_names_n_and_the_validation_studys_r(english_client, site, coordinator):
    outcome(site, 2025, 1)
    english_client.force_login(coordinator)
    page = english_client.get(reverse("reviews:outcomes_overview"), {"year": "2025"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "n = 0 sites" in text and "r = .34 across 79 sites" in text
    assert "1 site with figures had no external review" in text
    bad = english_client.get(reverse("reviews:outcomes_overview"), {"year": "abc"})
    assert bad.status_code == 400
    # The region page's link names the region only: the last whole year is shown.
    linked = english_client.get(reverse("reviews:outcomes_overview"), {"region": site.region_id})
    assert linked.status_code == 200


def test_the_import_page_checks_then_imports_for_the_leaders_own_site(
    english_client, site, other_site, site_leader
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    english_client.force_login(site_leader)
    url = reverse("reviews:outcomes_import")
    template = english_client.get(reverse("reviews:outcomes_import_template"))
    lines = template.content.decode("utf-8-sig").splitlines()
    assert next(csv_rows(lines, delimiter=";")) == [*HEADER.split(","), "in_education"]

    def upload(content, button):
        return english_client.post(url, {"file": SimpleUploadedFile("q.csv", content), button: "1"})

    good = csv(f"{site.code},2025,1,40,30,12,4")
    checked = upload(good, "check")
    assert checked.status_code == 200 and "New: 1" in checked.content.decode()
    assert not EmploymentOutcome.objects.exists()
    assert upload(good, "import").status_code == 200
    assert EmploymentOutcome.objects.count() == 1
    foreign = upload(csv(f"{other_site.code},2025,1,40,30,12,4"), "import")
    assert foreign.status_code == 400 and "Unknown site code" in foreign.content.decode()
    assert EmploymentOutcome.objects.count() == 1


@pytest.mark.parametrize(
    ("recorded", "today", "expected"),
    [
        # None yet: the last whole quarter.
        ([], date(2025, 5, 20), (2025, 1)),
        ([], date(2025, 1, 10), (2024, 4)),
        # The one after the latest, across the new year.
        ([(2024, 2), (2024, 3)], date(2025, 5, 20), (2024, 4)),
        ([(2024, 3), (2024, 4)], date(2025, 5, 20), (2025, 1)),
        # Never a quarter that has not started.
        ([(2025, 1), (2025, 2)], date(2025, 5, 20), (2025, 2)),
    ],
)
def test_the_quarter_to_enter_is_the_next_missing_one(site, recorded, today, expected):
    for year, quarter in recorded:
        outcome(site, year, quarter)
    assert selectors.quarter_to_enter(site, today) == expected


def selected_quarter(page: str) -> tuple[str, str]:
    year = re.search(r'<input type="number" name="year" value="(\d+)"', page).group(1)
    select = re.search(r'<select name="quarter".*?</select>', page, re.S).group(0)
    quarter = re.search(r'<option value="(\d)"[^>]*\bselected\b', select).group(1)
    return year, quarter


def test_the_entry_form_starts_at_the_quarter_after_the_latest(english_client, site, site_leader):
    today = timezone.localdate()
    this_quarter = (today.month - 1) // 3 + 1
    last_year = today.year - 1
    outcome(site, last_year, 1)
    outcome(site, last_year, 2)
    english_client.force_login(site_leader)
    page = english_client.get(reverse("reviews:site_outcomes", args=[site.pk])).content.decode()
    assert selected_quarter(page) == (str(last_year), "3")
    EmploymentOutcome.objects.all().delete()
    page = english_client.get(reverse("reviews:site_outcomes", args=[site.pk])).content.decode()
    expected = (today.year - 1, 4) if this_quarter == 1 else (today.year, this_quarter - 1)
    assert selected_quarter(page) == tuple(str(part) for part in expected)
