"""A site's fidelity over time on its page: published consensus only, both kinds apart."""

from datetime import date

import pytest
from django.urls import reverse

from reviews.history.trend import site_trend
from tests import factories
from tests.reviews.history.test_history_counts import bring_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(site):
    site.start_date = date(2015, 1, 1)
    site.save()
    bring_in(site, (date(2019, 5, 2), 77), (date(2021, 5, 2), 92))
    bring_in(site, (date(2020, 5, 2), 101), kind="self_assessment")


def test_the_trend_has_each_published_review_with_sections_and_items(site, history):
    trend = site_trend(site)
    assert [c.label for c in trend.columns] == ["05.2019", "05.2020", "05.2021"]
    assert [c.total for c in trend.columns] == [77, 101, 92]
    assert [name for name, _cells in trend.section_rows] == ["Ansatte", "Organisasjon", "Tjenester"]
    assert sum(cells[0][0] for _name, cells in trend.section_rows) == 77
    assert len(trend.items) == 25 and all(len(h.scores) == 3 for h in trend.items)
    assert trend.chart.count("<polyline") == 1  # two external points; one self-assessment


def test_a_review_in_progress_is_not_in_the_trend(site, history, reviewer_a, reviewer_b):
    review = factories.scheduled_review(site, reviewer_a, reviewer_b)
    factories.rate_all(review, reviewer_a, 5, submit=True)
    factories.rate_all(review, reviewer_b, 5, submit=True)
    factories.agree_all(review, reviewer_a, 5)
    assert [c.total for c in site_trend(site).columns] == [77, 101, 92]


def test_the_site_leader_sees_it_and_another_sites_leader_does_not(
    client, site, other_site, site_leader, history
):
    url = reverse("reviews:site_trend", args=[site.pk])
    client.force_login(site_leader)
    page = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="site-trend"' in page and "<svg" in page and "92" in page
    assert "<html" not in page  # a section for the site page
    site_page = client.get(reverse("sites:site_detail", args=[site.pk])).content.decode()
    assert f'hx-get="{url}"' in site_page
    client.force_login(factories.site_leader(other_site))
    assert client.get(url).status_code == 404


def test_a_site_without_published_reviews_says_when_the_trend_starts(client, site, site_leader):
    client.force_login(site_leader)
    page = client.get(reverse("reviews:site_trend", args=[site.pk])).content.decode()
    assert "trenden starter med den første rapporten" in page
