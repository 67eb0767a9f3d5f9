"""What the demo's data holds, and a second run over it: the demo is seeded once for
this module (each test's own changes roll back), then the database is emptied
again for whatever runs next in this process."""

import shutil
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from ipsfidelity.celery import app as celery_app
from reviews.demo import DEMO_PASSWORD, PEOPLE, seed_demo
from reviews.rating.models import Review
from sites.models import Region, ReviewerLeave, Site
from tests import factories
from tests.conftest import set_eager

pytestmark = [pytest.mark.slow, pytest.mark.django_db, pytest.mark.usefixtures("demo")]
SEEDED_ON = date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory, development_signing_files):
    folder = tmp_path_factory.mktemp("demo")
    shutil.copytree(development_signing_files, folder / "data" / "signing")
    # What the conftest's per-test fixtures set: files under a folder of the
    # module's own, and the tests' fast password hasher (the tests log in).
    files = override_settings(
        DATA_DIR=folder / "data",
        MEDIA_ROOT=folder / "media",
        SIGNING_PKCS12_PATH="",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    previous = celery_app.conf.task_always_eager
    set_eager(True)  # the reports are made in this process, as the demo does
    try:
        with files, django_db_blocker.unblock():
            seed_demo(today=SEEDED_ON)
    finally:
        set_eager(previous)
    yield
    with django_db_blocker.unblock():
        call_command("flush", "--no-input")
        factories.ips25()  # as after any test that empties the database (conftest)


def test_every_demo_login_works_and_has_a_role(client):
    for email, *_rest in PEOPLE:
        response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        assert client.get("/").status_code == 200
        client.logout()
        user = get_user_model().objects.get(email=email)
        assert user.memberships.exists(), email


def test_the_demo_keeps_a_changed_password():
    user = get_user_model().objects.get(email=PEOPLE[0][0])
    user.set_password("changed-by-the-user")
    user.save()
    call_command("demo", "--no-serve")
    user.refresh_from_db()
    assert user.check_password("changed-by-the-user")


def test_a_second_demo_run_on_a_later_day_adds_no_leave():
    periods = list(ReviewerLeave.objects.values_list("reviewer", "first_day", "last_day"))
    seed_demo(today=date(2026, 12, 14))
    assert list(ReviewerLeave.objects.values_list("reviewer", "first_day", "last_day")) == periods


def test_the_demo_shows_a_reviewer_left_out_for_leave_and_one_borrowed():
    alta = Review.objects.get(site__name="IPS Alta", status=Review.Status.PLANNED)
    bjorn = get_user_model().objects.get(email="evaluator.b@ipsfidelity.example")
    assert {
        "code": "on_leave",
        "reviewer": bjorn.pk,
        "detail": None,
    } in alta.planner_proposal.suggested["reasons"]
    assert alta.planner_proposal.suggested["lent"]  # from Vest, which lends


def test_the_demo_has_an_action_plan_in_progress():
    from reviews.followup.models import ActionPlan

    call_command("demo", "--no-serve")  # a second run, today: nothing doubles
    plan = ActionPlan.objects.get()
    assert plan.review.site.name == "IPS Tromsø"
    assert sorted(plan.actions.values_list("status", flat=True)) == [
        "done",
        "in_progress",
        "not_started",
    ]
    assert plan.comments.count() == 1


def test_the_demo_has_a_self_assessment_and_two_years_of_quarterly_outcomes():
    from reviews.outcomes.models import EmploymentOutcome

    call_command("demo", "--no-serve")  # a second run, today: nothing doubles
    tromso = Site.objects.get(name="IPS Tromsø")
    own = tromso.reviews.filter(kind="self_assessment", imported_at=None)
    assert own.count() == 1 and own.get().status == "published"
    assert own.get().consensus_scores.count() == 25
    for site in Site.objects.filter(target_group="adults"):
        assert site.employment_outcomes.count() == 8
    assert EmploymentOutcome.objects.filter(in_paid_work__gt=0).exists()


def test_every_demo_site_has_years_of_earlier_reviews_brought_in_by_the_importer():
    for site in Site.objects.filter(target_group="adults"):
        earlier = site.reviews.filter(imported_at__isnull=False, visit_start__year__lt=2020)
        assert earlier.count() >= 2, site.name
        assert set(earlier.values_list("import_record__imported_from", flat=True)) == {
            "demo-earlier-reviews.csv"
        }


def test_the_demo_youth_services_wait_for_a_youth_scale_and_the_planning_page_says_so(
    english_client,
):
    youth = Site.objects.filter(target_group="youth")
    assert sorted(youth.values_list("region__code", flat=True)) == ["nord", "vest"]
    assert not Review.objects.filter(site__in=youth).exists()
    coordinator = get_user_model().objects.get(email="koordinator.nord@ipsfidelity.example")
    english_client.force_login(coordinator)
    region = Region.objects.get(code="nord")
    page = english_client.get(f"/sites/regions/{region.pk}/planning/").content.decode()
    assert "no fidelity scale is loaded" in page and "IPS-ung Tromsø" in page
