"""Scores through the API: consensus only when the pages would show it, and never a rating."""

import json

import pytest

from reviews.rating import services as rating_services
from reviews.rating.models import Review
from reviews.reports.models import ReportDownload
from tests import factories

pytestmark = pytest.mark.django_db

EVIDENCE = "ES 7"  # factories.rate_all writes "ES <item number>" as each rating's evidence


def every_answer(api, user, review) -> list[dict]:
    """Everything the user's token can read about the review, lists and details."""
    token = api.token_for(user)
    answers = []
    for path in [
        "/api/reviews/",
        f"/api/reviews/{review.pk}/",
        f"/api/reviews/?site={review.site.code}&status={review.status}",
        f"/api/reviews/{review.pk}/?include=ratings&fields=ratings",
        "/api/reports/",
        "/api/sites/",
    ]:
        response = api.get(path, token=token)
        assert response.status_code in (200, 404), path
        answers.append(response.json())
    for rating_path in [
        f"/api/reviews/{review.pk}/ratings/",
        "/api/ratings/",
        f"/api/ratings/{review.ratings.first().pk}/",
    ]:
        assert api.get(rating_path, token=token).status_code == 404, rating_path
    return answers


def keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys(v)}
    return set()


def test_no_rating_can_be_read_through_the_api_before_both_have_submitted(
    api, scheduled, reviewer_a, reviewer_b, coordinator, national_admin, site_leader
):
    # Reviewer A has rated every item with a score nobody else may see yet and
    # submitted; reviewer B has rated but not submitted.
    factories.rate_all(scheduled, reviewer_a, [5] * 25, submit=True)
    factories.rate_all(scheduled, reviewer_b, [1] * 25)
    assert not scheduled.both_submitted
    for user in [reviewer_a, reviewer_b, coordinator, national_admin, site_leader]:
        for answer in every_answer(api, user, scheduled):
            text = json.dumps(answer)
            assert EVIDENCE not in text, user
            assert not {"rating", "ratings", "rating_a", "rating_b", "evidence"} & keys(answer)
            for row in answer.get("results", [answer]):
                if row.get("id") == scheduled.pk and "consensus" in row:
                    assert row["consensus"] is None, user


def test_after_both_submit_the_api_still_shows_no_rating_only_the_consensus(
    api, in_consensus, reviewer_a, coordinator, site_leader
):
    factories.agree_all(in_consensus, reviewer_a, 4)
    for user in [reviewer_a, coordinator]:
        for answer in every_answer(api, user, in_consensus):
            assert EVIDENCE not in json.dumps(answer)
            assert not {"rating", "ratings", "rating_a", "rating_b"} & keys(answer)
        detail = api.get(f"/api/reviews/{in_consensus.pk}/", user=user).json()
        assert {row["score"] for row in detail["consensus"]["scores"]} == {4}
    # The site leader waits for the published report.
    leader = api.get(f"/api/reviews/{in_consensus.pk}/", user=site_leader).json()
    assert leader["status"] == "consensus" and leader["consensus"] is None


def test_the_consensus_has_section_subtotals_total_and_band_once_complete(
    api, in_consensus, reviewer_a, coordinator, scale
):
    # The "good edge" fixture of the domain: 100, good fidelity.
    good_edge = [4, 5, 5] + [4, 4, 3, 5, 4, 5, 3, 3] + [3, 5, 4, 5, 4, 3, 4, 4, 4, 5, 4, 4, 3, 3]
    items = list(scale.items.order_by("number"))

    def agree(item, score):
        rating_services.consensus_save(
            actor=reviewer_a,
            review=in_consensus,
            item=item,
            score=score,
            rationale="",
            recommendation="" if score == 5 else "Mer av det som virker",
            expected_version=None,
        )

    agree(items[0], good_edge[0])
    partial = api.get(f"/api/reviews/{in_consensus.pk}/", user=coordinator).json()["consensus"]
    assert partial["scored"] == 1 and partial["item_count"] == 25
    assert partial["total"] is None and partial["band"] is None
    assert partial["components"] == []
    assert partial["scores"] == [{"number": 1, "code": items[0].code, "score": 4}]

    for item, score in zip(items[1:], good_edge[1:], strict=True):
        agree(item, score)
    consensus = api.get(f"/api/reviews/{in_consensus.pk}/", user=coordinator).json()["consensus"]
    assert consensus["total"] == 100 and consensus["max_total"] == 125
    assert consensus["band"]["code"] == "good"
    assert consensus["band"]["name_nb"] == "God modelltro"
    assert [s["subtotal"] for s in consensus["sections"]] == [14, 31, 55]
    assert [s["max_subtotal"] for s in consensus["sections"]] == [15, 40, 70]
    assert [row["score"] for row in consensus["scores"]] == good_edge
    # A scale without components has one: the whole scale.
    [whole] = consensus["components"]
    assert (whole["code"], whole["total"], whole["max_total"]) == ("total", 100, 125)
    assert (whole["band"]["code"], whole["good_fidelity"]) == ("good", True)


def test_a_scale_in_components_gives_each_its_total_and_band_and_no_band_of_the_whole(
    api, site, reviewer_a, reviewer_b, coordinator, scale
):
    from reviews.scale.files import read_scale_file
    from reviews.scale.services import install_scale
    from tests.reviews.test_youth_scale_end_to_end import TWO_COMPONENTS

    youth = install_scale(read_scale_file(TWO_COMPONENTS))
    review = factories.scheduled_review(site, reviewer_a, reviewer_b, scale=youth)
    factories.rate_all(review, reviewer_a, 4, submit=True)
    factories.rate_all(review, reviewer_b, 4, submit=True)
    factories.agree_all(review, reviewer_a, [5] * 6 + [2] * 4)
    consensus = api.get(f"/api/reviews/{review.pk}/", user=coordinator).json()["consensus"]
    assert consensus["total"] == 38 and consensus["band"] is None
    assert [
        (c["code"], c["name_en"], c["total"], c["max_total"], c["band"]["code"], c["good_fidelity"])
        for c in consensus["components"]
    ] == [
        ("employment", "Employment", 30, 30, "exemplary", True),
        ("education", "Education", 8, 20, "not-ips", False),
    ]


def test_a_site_leader_sees_the_consensus_once_the_report_is_published(
    api, scheduled, reviewer_a, reviewer_b, site_leader, django_capture_on_commit_callbacks
):
    ready = factories.ready_report(scheduled, reviewer_a, reviewer_b, consensus=4)
    assert api.get(f"/api/reviews/{ready.pk}/", user=site_leader).json()["consensus"] is None
    with django_capture_on_commit_callbacks(execute=True):
        factories.sign_off_both(ready, reviewer_a, reviewer_b)
    ready.refresh_from_db()
    assert ready.status == Review.Status.PUBLISHED
    token = api.token_for(site_leader)
    review = api.get(f"/api/reviews/{ready.pk}/", token=token).json()
    assert review["consensus"]["total"] == 100
    assert review["consensus"]["band"]["code"] == "good"
    [report] = api.get("/api/reports/", token=token).json()["results"]
    assert report["status"] == "signed" and report["total"] == 100
    assert report["band"]["code"] == "good" and report["superseded"] is False
    [whole] = report["components"]  # a scale without components: the whole scale
    assert (whole["code"], whole["total"], whole["band"]["code"], whole["good_fidelity"]) == (
        "total",
        100,
        "good",
        True,
    )
    # The download link takes the same token, and the download is recorded.
    download = api.client.get(report["download_url"], headers={"Authorization": f"Token {token}"})
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert ReportDownload.objects.filter(user=site_leader, report_id=report["id"]).exists()
    # Another site's leader, or no token, gets nothing.
    other = factories.site_leader(factories.SiteFactory(region=scheduled.site.region))
    assert api.get(f"/api/reports/{report['id']}/download/", user=other).status_code == 404
    assert api.client.get(report["download_url"]).status_code == 401


def test_a_report_on_a_scale_in_components_gives_each_as_signed(
    api, site, reviewer_a, reviewer_b, coordinator, scale, django_capture_on_commit_callbacks
):
    from reviews.scale.files import read_scale_file
    from reviews.scale.services import install_scale
    from tests.reviews.test_youth_scale_end_to_end import TWO_COMPONENTS

    youth = install_scale(read_scale_file(TWO_COMPONENTS))
    review = factories.scheduled_review(site, reviewer_a, reviewer_b, scale=youth)
    factories.ready_report(review, reviewer_a, reviewer_b, consensus=4)
    with django_capture_on_commit_callbacks(execute=True):
        factories.sign_off_both(review, reviewer_a, reviewer_b)
    [report] = api.get("/api/reports/", user=coordinator).json()["results"]
    assert report["status"] == "signed" and report["band"] is None
    assert [
        (c["code"], c["name_en"], c["total"], c["band"]["code"], c["good_fidelity"])
        for c in report["components"]
    ] == [
        ("employment", "Employment", 24, "good", True),
        ("education", "Education", 16, "good", True),
    ]
