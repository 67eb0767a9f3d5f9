"""Every URL of the project, for a fixed cast, answers as its rule says.

The URLs are read from the resolver: a new URL without an entry here fails
this test. "yes" means the person gets past the scope check (any answer but a
refusal: a page, a redirect within the flow, or a form error for an empty
POST); "no" means 404 or 403, never a page; anonymous people are sent to log
in unless the URL is public. Objects that a POST would change are throwaway
ones, so one person's walk cannot spoil another's.
"""

import re
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from sites.models import Invitation, Membership, ReviewerConflict, ReviewerLeave, Role
from tests import factories

pytestmark = pytest.mark.django_db

CAST = [
    "national_admin",
    "coordinator",
    "other_coordinator",
    "reviewer_a",  # assigned to both reviews
    "reviewer_b",  # co-reviewer: has not submitted on the half-rated review
    "unassigned_reviewer",
    "site_leader",
    "other_site_leader",
    "anonymous",
]
STAFF = {"national_admin", "coordinator"}  # of the review's region
ASSIGNED = {"reviewer_a", "reviewer_b"}
SEES_SITE = STAFF | ASSIGNED | {"site_leader"}
LOGGED_IN = set(CAST) - {"anonymous"}
EVERYONE = set(CAST)


@dataclass
class Rule:
    allowed: set[str]
    args: str = ""  # which object of the world fills the URL
    method: str = "get"
    public: bool = False  # anonymous is not sent to log in


def rules() -> dict[str, Rule]:
    """One line per URL of the project."""
    return {
        "home": Rule(LOGGED_IN),
        "health": Rule(EVERYONE, public=True),
        "verify": Rule(EVERYONE, public=True),
        "calendar_settings": Rule({"reviewer_a", "reviewer_b", "unassigned_reviewer"}),
        "calendar_feed": Rule(set(), "token", public=True),  # a wrong token: 404 for all
        "my_leave_remove": Rule(set(), "foreign_leave", "post"),
        "invitation_accept": Rule(set(), "token", public=True),  # a wrong link: 410 for all
        "switch_language": Rule(EVERYONE, method="post", public=True),
        # An action owner's link to stop reminders: a wrong one is 404 for all.
        "reviews:owner_reminders_stop": Rule(set(), "token", public=True),
        "api_tokens": Rule(LOGGED_IN),
        # Who is logged in (401 for nobody), for a page left open past its session.
        "session_state": Rule(LOGGED_IN),
        "logged_in_again": Rule(LOGGED_IN),
        # The offline worker's script: code, no data.
        "reviews:offline_worker": Rule(EVERYONE, public=True),
        "api_token_revoke": Rule(set(), "pk_missing", "post"),
        # Sites and people.
        "sites:site_list": Rule(LOGGED_IN),
        "sites:site_detail": Rule(SEES_SITE, "site"),
        "sites:region_detail": Rule(
            {"national_admin", "coordinator", "reviewer_a", "reviewer_b", "unassigned_reviewer"},
            "region",
        ),
        "sites:region_people": Rule(STAFF, "region"),
        "sites:invitation_resend": Rule(STAFF, "invitation", "post"),
        "sites:invitation_revoke": Rule(STAFF, "invitation", "post"),
        "sites:membership_end": Rule(STAFF, "throwaway_membership", "post"),
        "sites:membership_reactivate": Rule(STAFF, "throwaway_membership", "post"),
        "sites:membership_change_role": Rule(STAFF, "throwaway_membership", "post"),
        "sites:site_create": Rule(STAFF | {"other_coordinator"}),
        "sites:site_edit": Rule(STAFF, "site"),
        "sites:site_scale": Rule(STAFF, "site"),
        "sites:site_deactivate": Rule(STAFF, "throwaway_site", "post"),
        "sites:site_reactivate": Rule(STAFF, "throwaway_site", "post"),
        "sites:team_create": Rule(STAFF, "site"),
        "sites:team_edit": Rule(STAFF, "team"),
        "sites:team_deactivate": Rule(STAFF, "team", "post"),
        "sites:team_reactivate": Rule(STAFF, "team", "post"),
        # Planning.
        "sites:region_planning": Rule(STAFF, "region"),
        "sites:region_policy": Rule(STAFF, "region"),
        "sites:region_report_logo": Rule(STAFF, "region", "post"),
        "reviews:mail_settings": Rule(LOGGED_IN),
        "sites:national_planning": Rule({"national_admin"}),
        "sites:region_reviewers": Rule(STAFF, "region"),
        "sites:reviewer_profile": Rule(STAFF, "region_reviewer", "post"),
        "sites:leave_add": Rule(STAFF, "region", "post"),
        "sites:leave_remove": Rule(STAFF, "region_leave", "post"),
        "sites:conflict_add": Rule(STAFF, "region", "post"),
        "sites:conflict_remove": Rule(STAFF, "region_conflict", "post"),
        "reviews:review_list": Rule(LOGGED_IN),
        "reviews:review_create": Rule(STAFF | {"other_coordinator"}),
        "reviews:review_schedule": Rule(STAFF, "planned"),
        # A review: rating, consensus, report.
        "reviews:scale_list": Rule(LOGGED_IN),
        "reviews:scale_detail": Rule(LOGGED_IN, "scale"),
        "reviews:scale_upload": Rule({"national_admin"}),
        "reviews:scale_load": Rule({"national_admin"}, method="post"),  # empty: 400
        "reviews:scale_make_current": Rule({"national_admin"}, "scale", "post"),
        "reviews:review_detail": Rule(SEES_SITE, "half_rated"),
        "reviews:previsit": Rule(SEES_SITE, "half_rated"),
        "reviews:rating": Rule(ASSIGNED, "half_rated"),
        "reviews:rating_submit": Rule(ASSIGNED, "half_rated", "post"),
        "reviews:rating_save": Rule(ASSIGNED, "half_rated_item", "post"),
        # The ratings and both scores side by side: nobody but the authors before
        # both have submitted (A sees only A's own in the CSV).
        "reviews:ratings_csv": Rule(ASSIGNED, "half_rated"),
        "reviews:consensus": Rule(STAFF | ASSIGNED, "in_consensus"),
        "reviews:consensus_complete": Rule(STAFF | ASSIGNED, "in_consensus", "post"),
        "reviews:consensus_accept_agreed": Rule(STAFF | ASSIGNED, "in_consensus", "post"),
        "reviews:consensus_save": Rule(STAFF | ASSIGNED, "in_consensus_item", "post"),
        "reviews:report": Rule(STAFF | ASSIGNED, "in_consensus"),
        "reviews:report_ready": Rule(STAFF | ASSIGNED, "in_consensus", "post"),
        "reviews:report_preview": Rule(STAFF | ASSIGNED, "in_consensus"),
        "reviews:report_signoff": Rule(ASSIGNED, "in_consensus"),
        "reviews:report_correct": Rule(STAFF | ASSIGNED, "in_consensus", "post"),
        "reviews:report_retry": Rule(STAFF | ASSIGNED, "failed_report", "post"),
        "reviews:report_download": Rule(set(), "failed_report"),  # not signed: nobody
        # After publication: the site's leaders write the action plan; the review's
        # reviewers and the region's coordinators read and comment; admins read.
        "reviews:action_plan": Rule(SEES_SITE, "published"),
        "reviews:action_plan_comment": Rule(SEES_SITE - {"national_admin"}, "published", "post"),
        "reviews:action_save": Rule({"site_leader"}, "plan_action", "post"),
        # History in, data out.
        "reviews:import": Rule(STAFF | {"other_coordinator"}),
        "reviews:import_template": Rule(STAFF | {"other_coordinator"}),
        "reviews:research_export": Rule({"national_admin"}),
        "reviews:site_trend": Rule(SEES_SITE, "site"),
        # Employment outcomes: whoever sees the site reads them; its leaders and
        # coordinators enter them (an empty POST is a form error, not a refusal).
        "reviews:site_outcomes": Rule(SEES_SITE, "site"),
        "reviews:outcomes_overview": Rule(LOGGED_IN),
        "reviews:outcomes_import": Rule(
            STAFF | {"other_coordinator", "site_leader", "other_site_leader"}
        ),
        "reviews:outcomes_import_template": Rule(
            STAFF | {"other_coordinator", "site_leader", "other_site_leader"}
        ),
        # The site's self-assessment: its chosen leaders only, while it is scored.
        "reviews:self_assessment_start": Rule({"site_leader"}, "site"),
        "reviews:self_assessment": Rule({"site_leader"}, "self_assessment"),
        "reviews:self_assessment_save": Rule({"site_leader"}, "self_assessment_item", "post"),
        "reviews:self_assessment_publish": Rule({"site_leader"}, "self_assessment", "post"),
        # The API: lists are scoped, details out of scope are 404.
        "api:api-root": Rule(LOGGED_IN, public=True),
        "api:schema": Rule(EVERYONE, public=True),
        "api:docs": Rule(EVERYONE, public=True),
        "api:region-list": Rule(LOGGED_IN, public=True),
        "api:region-detail": Rule(
            {"national_admin", "coordinator", "reviewer_a", "reviewer_b", "unassigned_reviewer"},
            "region",
            public=True,
        ),
        "api:site-list": Rule(LOGGED_IN, public=True),
        "api:site-detail": Rule(SEES_SITE, "site", public=True),
        "api:team-list": Rule(LOGGED_IN, public=True),
        "api:team-detail": Rule(SEES_SITE, "team", public=True),
        "api:review-list": Rule(LOGGED_IN, public=True),
        "api:review-detail": Rule(SEES_SITE, "half_rated", public=True),
        "api:report-list": Rule(LOGGED_IN, public=True),
        "api:report-detail": Rule(STAFF | ASSIGNED, "failed_report", public=True),
        "api:report-download": Rule(set(), "failed_report", public=True),  # not signed: nobody
    }


# Log-in, password and second-factor pages (allauth): not scoped, and they
# must never fail; they are walked for every person too.
AUTH_FLOW = re.compile(
    r"^(login|logout|password_change|password_reset|account_\w+|mfa_\w+|"
    r"socialaccount_\w+|openid_connect_\w+)$"
)
# The admin's own kinds of URL; each registered model's changelist is walked.
ADMIN_KINDS = re.compile(
    r"^admin:(index|login|logout|password_change|password_change_done|jsi18n|"
    r"autocomplete|app_list|view_on_site|\w+_(changelist|add|change|delete|history))$"
)


def project_urls() -> list[tuple[str, str]]:
    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = (
                    f"{namespace}:{pattern.namespace}"
                    if namespace and pattern.namespace
                    else (pattern.namespace or namespace)
                )
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
                yield name or "", prefix + str(pattern.pattern)

    return list(walk(get_resolver().url_patterns))


def test_every_url_has_a_rule():
    table = rules()
    missing = [
        (name, route)
        for name, route in project_urls()
        if name not in table
        and not AUTH_FLOW.match(name)
        and not ADMIN_KINDS.match(name)
        and not route.startswith(("accounts/email/", "accounts/3rdparty/", "admin/"))
    ]
    assert missing == [], "URLs without a permission rule: add them to rules()"


@pytest.fixture
def world(site, other_site, region, other_region, scale, reviewer_a, reviewer_b, site_leader):
    team = factories.TeamFactory(site=site)
    half_rated = factories.scheduled_review(site, reviewer_a, reviewer_b, team=team)
    factories.rate_all(half_rated, reviewer_a, 2, submit=True)
    in_consensus = factories.scheduled_review(
        factories.SiteFactory(region=region), reviewer_a, reviewer_b
    )
    # Both submitted: consensus; coordinators and both reviewers may look.
    factories.rate_all(in_consensus, reviewer_a, 3, submit=True)
    factories.rate_all(in_consensus, reviewer_b, 4, submit=True)
    failed_report = in_consensus.reports.create(
        version=1, status="failed", language="nb", verification_code="ZZZZZ-ZZZZZ"
    )
    admin_user = factories.national_admin()
    throwaway = factories.reviewer(region, full_name="Tom Throwaway")
    leave = ReviewerLeave.objects.create(
        reviewer=throwaway,
        first_day=timezone.localdate(),
        last_day=timezone.localdate(),
        created_by=admin_user,
    )
    conflict = ReviewerConflict.objects.create(reviewer=throwaway, site=site, reason="x")
    foreign = factories.reviewer(other_region)
    foreign_leave = ReviewerLeave.objects.create(
        reviewer=foreign,
        first_day=timezone.localdate(),
        last_day=timezone.localdate(),
        created_by=admin_user,
    )
    invitation = Invitation.objects.create(
        email="invited@example.no",
        role=Role.REVIEWER,
        region=region,
        invited_by=admin_user,
        token_hash="0" * 64,
        sent_at=timezone.now(),
        expires_at=timezone.now() + timezone.timedelta(days=7),
    )
    planned = factories.ReviewFactory(site=factories.SiteFactory(region=region), scale=scale)
    published = published_with_plan(site, scale, reviewer_a, reviewer_b, admin_user)
    item = scale.items.get(number=1)
    own_scores = factories.self_assessment(site, site_leader, publish=False)
    args = {
        "": [],
        "token": ["not-a-real-token"],
        "pk_missing": [999999],
        "site": [site.pk],
        "team": [team.pk],
        "region": [region.pk],
        "scale": [scale.pk],
        "planned": [planned.pk],
        "half_rated": [half_rated.pk],
        "half_rated_item": [half_rated.pk, item.number],
        "in_consensus": [in_consensus.pk],
        "in_consensus_item": [in_consensus.pk, item.number],
        "failed_report": [failed_report.pk],
        "invitation": [invitation.pk],
        "throwaway_membership": [Membership.objects.get(user=throwaway).pk],
        "throwaway_site": [factories.SiteFactory(region=region).pk],
        "region_reviewer": [region.pk, throwaway.pk],
        "region_leave": [region.pk, leave.pk],
        "region_conflict": [region.pk, conflict.pk],
        "foreign_leave": [foreign_leave.pk],
        "published": [published.pk],
        "plan_action": [published.action_plan.actions.get().pk],
        "self_assessment": [own_scores.pk],
        "self_assessment_item": [own_scores.pk, item.number],
    }
    return args


def published_with_plan(site, scale, reviewer_a, reviewer_b, author):
    """A published review of the site with an action plan, written straight to the tables
    (the workflow's own tests walk the steps)."""
    from reviews.followup.models import ActionPlan
    from reviews.rating.models import ConsensusScore, Review

    now = timezone.now()
    review = factories.ReviewFactory(
        site=site,
        scale=scale,
        status=Review.Status.PUBLISHED,
        reviewer_a=reviewer_a,
        reviewer_b=reviewer_b,
        visit_start=timezone.localdate() - timezone.timedelta(days=90),
        visit_end=timezone.localdate() - timezone.timedelta(days=89),
        submitted_a_at=now,
        submitted_b_at=now,
    )
    item = scale.items.get(number=1)
    ConsensusScore.objects.create(review=review, item=item, score=3, recommendation="Fewer")
    review.reports.create(
        version=1,
        status="signed",
        language="nb",
        verification_code="PPPPP-PPPPP",
        sha256="p" * 64,
        signed_at=now,
        total=100,
    )
    plan = ActionPlan.objects.create(review=review, created_by=author)
    plan.actions.create(item=item, goal="Caseload 20", due_on=timezone.localdate())
    return review


@pytest.fixture
def person(request, world, region, other_region, site, other_site):
    who = request.param
    if who == "anonymous":
        return None
    if who in ("national_admin", "coordinator", "reviewer_a", "reviewer_b", "site_leader"):
        return request.getfixturevalue(who)
    return {
        "other_coordinator": lambda: factories.coordinator(other_region),
        "unassigned_reviewer": lambda: factories.reviewer(region, full_name="Una Unassigned"),
        "other_site_leader": lambda: factories.site_leader(other_site),
    }[who]()


def refused(response) -> bool:
    return response.status_code in (401, 403, 404, 410)


def sent_to_log_in(response) -> bool:
    return response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("person", CAST, indirect=True)
def test_each_url_answers_each_person_as_its_rule_says(client, request, world, person):
    who = request.node.callspec.params["person"]
    if person is not None:
        client.force_login(person)
    wrong = []
    for name, rule in rules().items():
        url = reverse(name, args=world[rule.args])
        response = getattr(client, rule.method)(url)
        if response.status_code >= 500:
            wrong.append((name, response.status_code))
        elif who == "anonymous" and not rule.public:
            if not (sent_to_log_in(response) or refused(response)):
                wrong.append((name, response.status_code, "anonymous got in"))
        elif who in rule.allowed:
            if refused(response) or sent_to_log_in(response):
                wrong.append((name, response.status_code, "refused"))
        elif not refused(response):
            wrong.append((name, response.status_code, "let in"))
    assert wrong == [], who


@pytest.mark.parametrize("person", CAST, indirect=True)
def test_the_admin_is_for_the_staff_only(client, request, world, person):
    who = request.node.callspec.params["person"]
    if person is not None:
        client.force_login(person)
    urls = [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]
    for url in urls:
        response = client.get(url)
        if who == "national_admin":  # staff and superuser in the cast
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302 and "login" in response.url, (who, url)


@pytest.mark.parametrize("person", ["national_admin", "reviewer_a", "anonymous"], indirect=True)
def test_the_log_in_pages_never_fail(client, world, person):
    if person is not None:
        client.force_login(person)
    for name, route in project_urls():
        if AUTH_FLOW.match(name) and "<" not in route and "(?P" not in route:
            assert client.get(reverse(name)).status_code < 500, name
