"""The rating workspace, consensus and report pages over HTTP."""

import tomllib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.rating.models import ConsensusScore, PreVisitData, Rating
from reviews.scale.files import check_scale_data
from reviews.scale.services import install_scale
from tests import factories
from tests.reviews.scale.test_scale_files import youth_scale_data

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
# The rating page's script asks for JSON.
AS_SCRIPT = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def review(site, reviewer_a, reviewer_b):
    return factories.scheduled_review(site, reviewer_a, reviewer_b)


@pytest.fixture
def in_consensus(review, reviewer_a, reviewer_b):
    factories.rate_all(review, reviewer_a, [3] * 24 + [1], submit=True)
    return factories.rate_all(review, reviewer_b, [4] * 24 + [5], submit=True)


def save(client, review, number, **data):
    return client.post(reverse("reviews:rating_save", args=[review.pk, number]), data, **AS_SCRIPT)


def test_the_workspace_shows_every_item_with_its_anchors(client, review, reviewer_a):
    client.force_login(reviewer_a)
    response = client.get(reverse("reviews:rating", args=[review.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="card mb-3 rating-item"') == 25
    assert page.count('type="radio" name="score"') == 125
    assert "Ansatte" in page and "Organisasjon" in page and "Tjenester" in page
    assert "ADM" in page and "DOK" in page  # Norwegian data-source codes
    assert "Ikke skriv deltakernavn" in page


def test_the_workspace_query_count_does_not_depend_on_the_items(
    client, review, reviewer_a, django_assert_max_num_queries
):
    client.force_login(reviewer_a)
    client.get(reverse("reviews:rating", args=[review.pk]))  # warm the session
    factories.rate_all(review, reviewer_a, 4)
    PreVisitData.objects.create(review=review, measurements={"clients_per_es": 19})
    with django_assert_max_num_queries(14):
        assert client.get(reverse("reviews:rating", args=[review.pk])).status_code == 200


def test_the_workspace_issues_as_many_queries_for_35_items_as_for_25(
    client, review, reviewer_a, site, reviewer_b
):

    from tests.reviews.scale.test_scale_files import SCALES_DIR

    with (SCALES_DIR / "ips-25.toml").open("rb") as handle:
        youth = install_scale(check_scale_data(youth_scale_data(tomllib.load(handle))))
    youth_site = factories.SiteFactory(region=site.region, target_group="youth")
    youth_review = factories.scheduled_review(youth_site, reviewer_a, reviewer_b, scale=youth)
    client.force_login(reviewer_a)
    counts = []
    for each in (review, youth_review):
        factories.rate_all(each, reviewer_a, 4)
        url = reverse("reviews:rating", args=[each.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        counts.append(len(queries))
        assert page.count('class="card mb-3 rating-item"') == each.scale.item_count
    assert counts[0] == counts[1]


def test_an_autosave_stores_the_item_and_answers_with_status_and_progress(
    client, review, reviewer_a
):
    client.force_login(reviewer_a)
    response = save(
        client,
        review,
        7,
        score="4",
        data_sources=["INT", "OBS"],
        evidence="ES A, B",
        needs_follow_up="on",
    )
    assert response.status_code == 200
    rating = Rating.objects.get(reviewer=reviewer_a, item__number=7)
    assert (rating.score, rating.data_sources, rating.evidence, rating.needs_follow_up) == (
        4,
        ["INT", "OBS"],
        "ES A, B",
        True,
    )
    answer = response.json()
    assert (answer["score"], answer["version"], answer["scored"], answer["item_count"]) == (
        4,
        1,
        1,
        25,
    )
    assert answer["saved_at"]


def test_clearing_the_score_keeps_the_notes(client, review, reviewer_a):
    client.force_login(reviewer_a)
    save(client, review, 3, score="2", evidence="note")
    save(client, review, 3, evidence="note, more")
    rating = Rating.objects.get(reviewer=reviewer_a, item__number=3)
    assert (rating.score, rating.evidence) == (None, "note, more")


@pytest.mark.parametrize(
    "data",
    [{"score": "6"}, {"score": "0"}, {"score": "x"}, {"data_sources": ["ABC"]}, {"score": "3.5"}],
)
def test_a_forged_save_changes_nothing_and_says_why(client, review, reviewer_a, data):
    client.force_login(reviewer_a)
    response = save(client, review, 1, **data)
    assert response.status_code == 422
    assert response.json()["error"]
    assert not Rating.objects.exists()


def test_an_item_number_outside_the_scale_is_not_found(client, review, reviewer_a):
    client.force_login(reviewer_a)
    assert save(client, review, 26, score="3").status_code == 404
    assert save(client, review, 0, score="3").status_code == 404


def test_a_reviewer_not_on_the_review_gets_404_everywhere(client, review, region):
    stranger = factories.reviewer(region)
    client.force_login(stranger)
    assert client.get(reverse("reviews:rating", args=[review.pk])).status_code == 404
    assert save(client, review, 1, score="3").status_code == 404
    assert client.post(reverse("reviews:rating_submit", args=[review.pk])).status_code == 404
    assert client.get(reverse("reviews:review_detail", args=[review.pk])).status_code == 404
    assert not Rating.objects.exists()


def test_the_coordinator_cannot_rate(client, review, coordinator):
    client.force_login(coordinator)
    assert save(client, review, 1, score="3").status_code == 404
    assert not Rating.objects.exists()


def test_without_htmx_a_save_redirects_back_to_the_item(client, review, reviewer_a):
    client.force_login(reviewer_a)
    response = client.post(reverse("reviews:rating_save", args=[review.pk, 5]), {"score": "5"})
    assert response.status_code == 302
    assert response.url.endswith(f"/reviews/{review.pk}/rating/#item-5")


def test_submit_with_missing_items_lists_them(client, review, reviewer_a, scale):
    client.force_login(reviewer_a)
    for number in range(1, 24):
        save(client, review, number, score="3")
    response = client.post(reverse("reviews:rating_submit", args=[review.pk]), {"confirm": "on"})
    assert response.status_code == 422
    missing = response.content.decode().split('id="missing-items"')[1].split("</div>")[0]
    assert 'href="#item-24"' in missing and 'href="#item-25"' in missing
    assert 'href="#item-23"' not in missing
    review.refresh_from_db()
    assert review.submitted_a_at is None


def test_submitting_needs_the_tick_that_says_it_cannot_be_undone(client, review, reviewer_a):
    factories.rate_all(review, reviewer_a, 3)
    client.force_login(reviewer_a)
    response = client.post(reverse("reviews:rating_submit", args=[review.pk]))
    assert response.status_code == 400
    assert "kan ikke angres" in response.content.decode()
    review.refresh_from_db()
    assert review.submitted_a_at is None
    response = client.post(reverse("reviews:rating_submit", args=[review.pk]), {"confirm": "on"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.submitted_a_at is not None


def test_after_submit_the_workspace_is_read_only(client, review, reviewer_a):
    factories.rate_all(review, reviewer_a, 3, submit=True)
    client.force_login(reviewer_a)
    page = client.get(reverse("reviews:rating", args=[review.pk])).content.decode()
    assert "<fieldset disabled>" in page.replace(" disabled>", " disabled>")
    response = save(client, review, 1, score="5")
    assert response.status_code == 403
    assert Rating.objects.get(reviewer=reviewer_a, item__number=1).score == 3


def test_the_consensus_page_puts_the_largest_disagreement_first(client, in_consensus, reviewer_a):
    client.force_login(reviewer_a)
    response = client.get(reverse("reviews:consensus", args=[in_consensus.pk]))
    rows = response.context["table"].rows
    assert rows[0].item.number == 25 and rows[0].gap == 4
    assert [row.item.number for row in rows[1:4]] == [1, 2, 3]
    agreement = response.context["table"].agreement
    assert (agreement.total_a, agreement.total_b, agreement.exact) == (73, 101, 0.0)


def test_a_consensus_save_updates_the_row_and_the_totals(client, in_consensus, reviewer_b):
    client.force_login(reviewer_b)
    response = client.post(
        reverse("reviews:consensus_save", args=[in_consensus.pk, 25]),
        {"score": "5", "rationale": "Both saw it.", "recommendation": ""},
        **HTMX,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="score-summary"' in body and 'hx-swap-oob="true"' in body
    assert ConsensusScore.objects.get(item__number=25).score == 5


def test_a_consensus_below_5_without_recommendation_is_refused_with_a_message(
    client, in_consensus, reviewer_b
):
    client.force_login(reviewer_b)
    response = client.post(
        reverse("reviews:consensus_save", args=[in_consensus.pk, 1]),
        {"score": "3", "rationale": "", "recommendation": ""},
        **HTMX,
    )
    assert response.status_code == 422
    assert "anbefaling" in response.content.decode()
    assert not ConsensusScore.objects.exists()


def test_a_stale_consensus_save_shows_the_new_value_and_keeps_mine(
    client, in_consensus, reviewer_a, reviewer_b
):
    url = reverse("reviews:consensus_save", args=[in_consensus.pk, 2])
    client.force_login(reviewer_a)
    client.post(url, {"score": "4", "recommendation": "First", "version": ""}, **HTMX)
    client.force_login(reviewer_b)
    response = client.post(
        url, {"score": "2", "recommendation": "Mine, not lost", "version": ""}, **HTMX
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Mine, not lost" in body
    assert 'name="version" value="1"' in body
    assert ConsensusScore.objects.get(item__number=2).recommendation == "First"


def test_the_coordinator_sees_the_table_but_cannot_edit(client, in_consensus, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("reviews:consensus", args=[in_consensus.pk]))
    assert response.status_code == 200 and response.context["can_edit"] is False
    response = client.post(
        reverse("reviews:consensus_save", args=[in_consensus.pk, 1]),
        {"score": "5"},
        **HTMX,
    )
    assert response.status_code == 403
    assert not ConsensusScore.objects.exists()


def test_completing_consensus_leads_to_the_report_where_the_priorities_are_chosen(
    client, in_consensus, reviewer_a, reviewer_b, mailoutbox, django_capture_on_commit_callbacks
):
    factories.agree_all(in_consensus, reviewer_a, [5] * 24 + [2])
    complete = reverse("reviews:consensus_complete", args=[in_consensus.pk])
    client.force_login(reviewer_b)
    response = client.post(complete)  # without the tick: nothing happens
    assert response.status_code == 400 and "Kryss av" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(complete, {"confirm": "on"})
    assert response.status_code == 302 and response.url.endswith("/consensus/")
    assert [m.to for m in mailoutbox] == [[reviewer_a.email]]  # asked to confirm
    in_consensus.refresh_from_db()
    assert in_consensus.status == "consensus"
    client.force_login(reviewer_a)
    response = client.post(complete, {"confirm": "on"})
    assert response.status_code == 302 and response.url.endswith("/report/")
    page = client.get(response.url).content.decode()
    assert "Improve item 25" in page  # the recommendations written, to choose from
    assert '<option value="25">25.' in page
    response = client.post(
        reverse("reviews:report", args=[in_consensus.pk]),
        {"summary": "Sammendrag", "strengths": "Styrker", "priority_1": "25", "priority_2": "25"},
    )
    assert response.status_code == 400  # one item twice
    assert "allerede valgt høyere opp" in response.content.decode()
    response = client.post(
        reverse("reviews:report", args=[in_consensus.pk]),
        {"summary": "Sammendrag", "strengths": "Styrker", "priority_1": "25"},
    )
    assert response.status_code == 302
    client.post(reverse("reviews:report_ready", args=[in_consensus.pk]))
    in_consensus.refresh_from_db()
    assert in_consensus.ready_for_signoff_by == reviewer_a


def test_the_pre_visit_form_turns_numbers_into_suggestions(client, review, site_leader, reviewer_a):
    client.force_login(site_leader)
    response = client.post(
        reverse("reviews:previsit", args=[review.pk]),
        {
            "clients_per_es": "22",
            "es_time_on_employment_percent": "97",
            "disclosure_components_present": ["0", "1", "2"],
            "notes": "Tall fra mars.",
        },
    )
    assert response.status_code == 302
    data = PreVisitData.objects.get()
    assert data.measurements == {"clients_per_es": 22.0, "es_time_on_employment_percent": 97.0}
    assert data.components == {"disclosure_components_present": [0, 1, 2]}
    client.force_login(reviewer_a)
    page = client.get(reverse("reviews:rating", args=[review.pk])).content.decode()
    assert "Foreslått: 4" in page or "Suggested: 4" in page
    assert page.count('class="suggestion') == 3
    assert Rating.objects.count() == 0  # a suggestion never becomes a score by itself


@pytest.mark.parametrize(
    "data",
    [{"clients_per_es": "-3"}, {"es_time_on_employment_percent": "140"}, {"clients_per_es": "abc"}],
)
def test_the_pre_visit_form_refuses_impossible_numbers(client, review, site_leader, data):
    client.force_login(site_leader)
    response = client.post(reverse("reviews:previsit", args=[review.pk]), data)
    assert response.status_code == 400
    assert not PreVisitData.objects.exists()


def test_a_site_leader_of_another_site_cannot_open_the_pre_visit_form(client, review, other_site):
    client.force_login(factories.site_leader(other_site))
    assert client.get(reverse("reviews:previsit", args=[review.pk])).status_code == 404


def test_evidence_that_looks_like_a_formula_is_exported_as_text(client, reviewer_a, scale, site):
    from reviews.rating import services as rating_services

    review = factories.scheduled_review(site, reviewer_a, factories.reviewer(site.region))
    rating_services.rating_save(
        actor=reviewer_a,
        review=review,
        item=scale.items.get(number=1),
        score=3,
        evidence='=HYPERLINK("http://evil.example","click")',
    )
    client.force_login(reviewer_a)
    body = client.get(reverse("reviews:ratings_csv", args=[review.pk])).content.decode()
    assert "'=HYPERLINK" in body and ",=HYPERLINK" not in body


def test_pre_visit_decimals_and_too_few_jobs_are_explained_to_the_reviewer(
    client, review, site_leader, reviewer_a
):
    client.force_login(site_leader)
    page = client.get(reverse("reviews:previsit", args=[review.pk])).content.decode()
    assert 'name="jobs_counted"' in page
    response = client.post(
        reverse("reviews:previsit", args=[review.pk]),
        {"community_time_percent": "30,5", "competitive_jobs_percent": "100", "jobs_counted": "6"},
    )
    assert response.status_code == 302
    reviewer_a.language = "en"
    reviewer_a.save()
    client.force_login(reviewer_a)
    page = client.get(reverse("reviews:rating", args=[review.pk])).content.decode()
    assert page.count("Suggested: 2") == 1 and "counted as 31" in page  # item 24
    assert page.count("Suggested: 1") == 1 and "fewer than 10 scores 1" in page  # item 21


def test_a_superuser_national_admin_sees_no_reviewer_buttons(
    client, review, reviewer_a, national_admin
):
    """Django says yes to every permission of a superuser; the page asks the rules."""
    factories.rate_all(review, reviewer_a, [3] * 25, submit=True)
    client.force_login(national_admin)
    page = client.get(reverse("reviews:review_detail", args=[review.pk])).content.decode()
    assert reverse("reviews:rating", args=[review.pk]) not in page
    assert reverse("reviews:consensus", args=[review.pk]) not in page
    assert reverse("reviews:report", args=[review.pk]) not in page
    client.force_login(reviewer_a)
    page = client.get(reverse("reviews:review_detail", args=[review.pk])).content.decode()
    assert reverse("reviews:rating", args=[review.pk]) in page
