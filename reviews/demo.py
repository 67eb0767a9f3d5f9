"""Realistic demo data: five resource centres, sites, teams, people and reviews.

Everything is looked up by a natural key before it is created, so seeding
again updates the same rows instead of adding new ones.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from reviews.followup import selectors as followup_selectors
from reviews.followup import services as followup_services
from reviews.followup.models import ActionPlan, PlanAction
from reviews.history.services import import_reviews
from reviews.outcomes.models import EmploymentOutcome
from reviews.planning.planner import plan_reviews
from reviews.rating import services as rating_services
from reviews.rating.models import ConsensusScore, PreVisitData, Rating, Review
from reviews.reports import generate
from reviews.reports import services as report_services
from reviews.reports.models import Report
from reviews.reports.selectors import report_text_of
from reviews.scale.models import FidelityScale
from reviews.scale.selectors import scale_for_site
from reviews.self_assessment import services as self_assessment_services
from reviews.states import ReviewKind
from sites.models import (
    Invitation,
    Membership,
    Region,
    RegionPolicy,
    ReviewerLeave,
    ReviewerProfile,
    Role,
    Site,
    Team,
    site_code_from_name,
)
from sites.people_services import invitation_url, issue_link

DEMO_PASSWORD = "ips-demo-2026"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    where: str


REGIONS = [
    ("nord", "Nord", "IPS-ressurssenteret i Helse Nord"),
    ("midt", "Midt-Norge", "IPS-ressurssenteret i Helse Midt-Norge"),
    ("vest", "Vest", "IPS-ressurssenteret i Helse Vest"),
    ("sor-ost", "Sør-Øst", "IPS-ressurssenteret i Helse Sør-Øst"),
    ("sor", "Sør", "IPS-ressurssenteret for Agder og Telemark"),
]

# (region, site, NAV office, health partner, municipality, target group,
#  years since start, teams as (name, employment specialists)). Every site
#  started before 2017, so each has reviews on paper to import.
SITES = [
    (
        "nord",
        "IPS Tromsø",
        "NAV Tromsø",
        "UNN, Tromsø DPS",
        "Tromsø",
        "adults",
        11,
        [("Team Sentrum", 4), ("Team Fastlandet", 3)],
    ),
    (
        "nord",
        "IPS Bodø",
        "NAV Bodø",
        "Nordlandssykehuset, DPS Salten",
        "Bodø",
        "adults",
        10,
        [("Team Bodø", 3)],
    ),
    (
        "nord",
        "IPS Alta",
        "NAV Alta",
        "Finnmarkssykehuset, DPS Vest-Finnmark",
        "Alta",
        "adults",
        10,
        [("Team Alta", 2)],
    ),
    (
        "midt",
        "IPS Trondheim",
        "NAV Falkenborg",
        "St. Olavs hospital, Nidaros DPS",
        "Trondheim",
        "adults",
        12,
        [("Team Øst", 5), ("Team Vest", 4)],
    ),
    (
        "midt",
        "IPS Ålesund",
        "NAV Ålesund",
        "Helse Møre og Romsdal, DPS Ålesund",
        "Ålesund",
        "adults",
        11,
        [("Team Ålesund", 3)],
    ),
    (
        "vest",
        "IPS Bergen sentrum",
        "NAV Bergenhus",
        "Haukeland, Bjørgvin DPS",
        "Bergen",
        "adults",
        10,
        [("Team Bjørgvin", 6)],
    ),
    (
        "vest",
        "IPS Sunnfjord",
        "NAV Sunnfjord",
        "Helse Førde, Psykisk helsevern Førde",
        "Sunnfjord",
        "adults",
        10,
        [("Team Førde", 2)],
    ),
    (
        "vest",
        "IPS Stavanger",
        "NAV Stavanger",
        "Stavanger universitetssjukehus, Jæren DPS",
        "Stavanger",
        "adults",
        12,
        [("Team Stavanger", 4)],
    ),
    (
        "sor-ost",
        "IPS Oslo Grünerløkka",
        "NAV Grünerløkka",
        "Lovisenberg DPS",
        "Oslo",
        "adults",
        13,
        [("Team Grünerløkka", 5)],
    ),
    (
        "sor-ost",
        "IPS Drammen",
        "NAV Drammen",
        "Vestre Viken, Drammen DPS",
        "Drammen",
        "adults",
        10,
        [("Team Drammen", 3)],
    ),
    (
        "sor-ost",
        "IPS Hamar",
        "NAV Hamar",
        "Sykehuset Innlandet, DPS Hamar",
        "Hamar",
        "adults",
        10,
        [("Team Hamar", 2)],
    ),
    (
        "sor",
        "IPS Kristiansand",
        "NAV Kristiansand",
        "Sørlandet sykehus, DPS Kristiansand",
        "Kristiansand",
        "adults",
        10,
        [("Team Kristiansand", 4)],
    ),
    (
        "sor",
        "IPS Skien",
        "NAV Skien",
        "Sykehuset Telemark, DPS Nordre Telemark",
        "Skien",
        "adults",
        11,
        [("Team Skien", 3)],
    ),
]

# The municipality writes Nynorsk, so the site's reports and the mails to its leader do.
NYNORSK_SITES = {"IPS Sunnfjord"}

# IPS-ung services (young adults), started with the national roll-out in 2021-22. They
# are reviewed on the youth scale, IPS-Y, whose licensed text a resource centre loads
# (docs/scales.md); until then they wait, and the planning page says why.
# (region, site, NAV office, health partner, municipality, years since start)
YOUTH_SITES = [
    ("nord", "IPS-ung Tromsø", "NAV Tromsø", "UNN, BUP Tromsø", "Tromsø", 4),
    ("vest", "IPS-ung Bergen", "NAV Årstad", "Haukeland, Bjørgvin DPS", "Bergen", 3),
]

# (e-mail, full name, language, role, region code or site name)
PEOPLE = [
    ("admin@ipsfidelity.example", "Nora Nasjonal", "nb", Role.NATIONAL_ADMIN, None),
    ("koordinator.nord@ipsfidelity.example", "Kari Koordinator", "nb", Role.COORDINATOR, "nord"),
    ("koordinator.vest@ipsfidelity.example", "Knut Koordinator", "nb", Role.COORDINATOR, "vest"),
    ("evaluator.a@ipsfidelity.example", "Anne Evaluator", "nb", Role.REVIEWER, "nord"),
    ("evaluator.b@ipsfidelity.example", "Bjørn Evaluator", "en", Role.REVIEWER, "nord"),
    ("evaluator.c@ipsfidelity.example", "Cecilie Evaluator", "nb", Role.REVIEWER, "vest"),
    ("evaluator.d@ipsfidelity.example", "David Evaluator", "nb", Role.REVIEWER, "vest"),
    ("leder.tromso@ipsfidelity.example", "Line Leder", "nb", Role.SITE_LEADER, "IPS Tromsø"),
    (
        "leder.bergen@ipsfidelity.example",
        "Lars Leder",
        "nb",
        Role.SITE_LEADER,
        "IPS Bergen sentrum",
    ),
    (
        "leiar.sunnfjord@ipsfidelity.example",
        "Sigrid Leiar",
        "nn",
        Role.SITE_LEADER,
        "IPS Sunnfjord",
    ),
]


EXPERIENCED = {"evaluator.a@ipsfidelity.example", "evaluator.c@ipsfidelity.example"}

# Vest lends its reviewers, so the regions without enough of their own can borrow.
LENDING_REGIONS = {"vest"}

# (e-mail, first day and last day in days from today, note). Bjørn's parental
# leave covers the whole due window of IPS Alta, so its proposal shows
# him left out; Cecilie's two weeks lower that month's capacity forecast.
LEAVE = [
    ("evaluator.b@ipsfidelity.example", 27, 95, "Foreldrepermisjon"),
    ("evaluator.c@ipsfidelity.example", 56, 69, "Vinterferie"),
]


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


DEMO_INVITEE = "ny.evaluator@ipsfidelity.example"


@transaction.atomic
def refresh_demo_invitation() -> str:
    """The demo's pending invitation, with a fresh link to print (no mail is sent).

    Only a hash of a link is stored, so each run makes a new one; the row
    stays the same.
    """
    region = Region.objects.get(code="nord")
    invitation = Invitation.objects.filter(email=DEMO_INVITEE, accepted_at=None).first()
    if invitation is None:
        invitation = Invitation(
            email=DEMO_INVITEE,
            full_name="Nora Nyberg",
            role=Role.REVIEWER,
            region=region,
            invited_by=get_user_model().objects.get(email="koordinator.nord@ipsfidelity.example"),
        )
    invitation.revoked_at = invitation.revoked_by = None
    token = issue_link(invitation)
    invitation.save()
    return invitation_url(token)


def seed_demo(*, today: date | None = None) -> list[DemoLogin]:
    """Create or refresh the demo data and return the demo logins."""
    today = today or date.today()
    logins, sites, youth, people = _seed_people(today)
    # Signed reports go through the real steps, each committing on its own, so
    # the report task has published one version before it can be corrected.
    # The mails those steps send are kept out of the console.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        _seed_published_history(today, sites["IPS Tromsø"], people)
        _seed_nynorsk_report(today, sites["IPS Sunnfjord"], people)
        _seed_youth_reviews(today, youth, people)
    _seed_action_plan(today, sites["IPS Tromsø"], people)
    with transaction.atomic():
        _seed_reviews(today, sites, people)
        _seed_self_assessment(today, sites["IPS Tromsø"], people)
        _seed_outcomes(today, {**sites, **youth})
    # After the live reviews, as a centre would bring its paper years in.
    _seed_earlier_reviews(today, sites)
    # What the nightly planner would do: plan the sites that are due, propose reviewers.
    plan_reviews(today=today)
    return logins


# Totals rising over the paper years, as sites that stay with IPS usually do.
EARLIER_TOTALS = [71, 84, 93]


def _seed_earlier_reviews(today: date, sites: dict[str, Site]) -> None:
    """Reviews from before 2020, brought in through the importer as a centre would.

    Importing the same rows again creates nothing, so the demo stays the same.
    """
    header = ["site_code", "kind", "visit_date", "scale", "reviewer_1", "summary"]
    header += [f"item_{n:02d}" for n in range(1, 26)]
    lines = [",".join(header)]
    for site in sites.values():
        years = range(max(site.start_date.year + 1, 2017), 2020)
        for year, total in zip(years, EARLIER_TOTALS, strict=False):
            visit = date(year, 4 + site.pk % 6, 10)
            base, extra = divmod(total - 25, 25)
            scores = [str(min(5, 1 + base + (1 if n < extra else 0))) for n in range(25)]
            lines.append(
                ",".join(
                    [
                        site.code,
                        ReviewKind.EXTERNAL.value,
                        visit.isoformat(),
                        "IPS-25",
                        "Paper records",
                        "",
                        *scores,
                    ]
                )
            )
    if len(lines) > 1:
        import_reviews(
            filename="demo-earlier-reviews.csv",
            content=("\n".join(lines) + "\n").encode(),
            sites=Site.objects.filter(pk__in=[site.pk for site in sites.values()]),
            today=today,
        )


@transaction.atomic
def _site(
    region: Region, name: str, nav: str, partner: str, municipality: str, group: str, *, started
) -> Site:
    site, _ = Site.objects.update_or_create(
        region=region,
        name=name,
        defaults={
            "code": site_code_from_name(name),
            "nav_office": nav,
            "health_partner": partner,
            "municipality": municipality,
            "target_group": group,
            "start_date": started,
            "report_language": "nn" if name in NYNORSK_SITES else "nb",
            "active": True,
        },
    )
    return site


def _seed_people(today: date):
    regions = {}
    for code, name, centre in REGIONS:
        regions[code], _ = Region.objects.update_or_create(
            code=code,
            defaults={"name": name, "resource_centre": centre, "email": f"ips.{code}@example.no"},
        )
        RegionPolicy.objects.get_or_create(
            region=regions[code], defaults={"lend_reviewers": code in LENDING_REGIONS}
        )
    sites = {}
    for region, name, nav, partner, municipality, group, years, teams in SITES:
        site = _site(
            regions[region],
            name,
            nav,
            partner,
            municipality,
            group,
            started=_years_ago(today, years) - timedelta(days=45),
        )
        for team_name, specialists in teams:
            Team.objects.update_or_create(
                site=site, name=team_name, defaults={"employment_specialists": specialists}
            )
        sites[name] = site
    youth = {}
    for region, name, nav, partner, municipality, years in YOUTH_SITES:
        youth[name] = _site(
            regions[region],
            name,
            nav,
            partner,
            municipality,
            Site.TargetGroup.YOUTH,
            started=_years_ago(today, years),
        )

    User = get_user_model()
    people = {}
    logins = []
    for email, full_name, language, role, where in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, full_name=full_name, language=language
            )
        is_admin = role == Role.NATIONAL_ADMIN
        user.is_staff = user.is_superuser = is_admin
        user.save(update_fields=["is_staff", "is_superuser"])
        home_region = regions.get(where) if where else None
        home_site = sites.get(where) if where else None
        Membership.objects.get_or_create(user=user, role=role, region=home_region, site=home_site)
        if role == Role.REVIEWER:
            ReviewerProfile.objects.get_or_create(
                user=user,
                defaults={"reviews_per_year": 8, "experienced": email in EXPERIENCED},
            )
        people[email] = user
        logins.append(
            DemoLogin(email=email, role=str(role.label), where=str(home_region or home_site or ""))
        )

    _seed_leave(today, people)
    return logins, sites, youth, people


def _seed_leave(today: date, people: dict) -> None:
    for email, first, last, note in LEAVE:
        reviewer = people[email]
        # Only for a reviewer with no leave at all: seeding on another day must
        # not add a second, shifted period, nor undo what someone changed.
        if not ReviewerLeave.objects.filter(reviewer=reviewer).exists():
            ReviewerLeave.objects.create(
                reviewer=reviewer,
                first_day=today + timedelta(days=first),
                last_day=today + timedelta(days=last),
                note=note,
            )


def _seed_reviews(today: date, sites: dict[str, Site], people: dict) -> None:
    scale = FidelityScale.objects.get(code="IPS-25", is_current=True)
    a = people["evaluator.a@ipsfidelity.example"]
    b = people["evaluator.b@ipsfidelity.example"]
    c = people["evaluator.c@ipsfidelity.example"]
    d = people["evaluator.d@ipsfidelity.example"]
    # (site, status, due window start in days from today, visit in days, reviewers)
    plan = [
        ("IPS Tromsø", Review.Status.SCHEDULED, -20, 24, (a, b)),
        ("IPS Bodø", Review.Status.RATING, -40, -3, (b, a)),
        ("IPS Alta", Review.Status.PLANNED, 30, None, (None, None)),
        ("IPS Bergen sentrum", Review.Status.SCHEDULED, 10, 45, (c, d)),
        ("IPS Stavanger", Review.Status.CONSENSUS, -30, -20, (c, d)),
        ("IPS Trondheim", Review.Status.PLANNED, -10, None, (None, None)),
        ("IPS Oslo Grünerløkka", Review.Status.PLANNED, 90, None, (None, None)),
    ]
    for site_name, status, due_offset, visit_offset, (first, second) in plan:
        due_from = today + timedelta(days=due_offset)
        visit = today + timedelta(days=visit_offset) if visit_offset is not None else None
        # Created once: seeding again must not undo what someone did in the demo.
        open_reviews = Review.objects.filter(site=sites[site_name]).exclude(
            status__in=[Review.Status.PUBLISHED, Review.Status.CANCELLED]
        )
        if open_reviews.exists():
            continue
        review = Review.objects.create(
            site=sites[site_name],
            team=None,
            kind=Review.Kind.EXTERNAL,
            scale=scale,
            status=status,
            due_from=due_from,
            due_by=due_from + timedelta(days=60),
            visit_start=visit,
            visit_end=visit + timedelta(days=1) if visit else None,
            reviewer_a=first,
            reviewer_b=second,
            submitted_a_at=timezone.now() if status == Review.Status.CONSENSUS else None,
            submitted_b_at=timezone.now() if status == Review.Status.CONSENSUS else None,
        )
        _seed_scores(review, status)


# Two reviewers' scores for a site of fair fidelity, items 1-25: close, with
# a few disagreements of one or two points, as in a real first review.
SCORES_A = [4, 4, 5, 4, 3, 2, 3, 3, 5, 3, 2, 3, 5, 2, 3, 4, 2, 3, 4, 4, 3, 4, 3, 2, 3]
SCORES_B = [4, 3, 5, 4, 3, 3, 3, 2, 5, 3, 2, 3, 4, 2, 4, 4, 2, 3, 4, 5, 3, 4, 3, 2, 1]


def _cycled(scores: list[int], count: int) -> list[int]:
    """Scores for a scale of `count` items (the youth scale has more than IPS-25)."""
    return [scores[n % len(scores)] for n in range(count)]


def _recommendation(number: int) -> str:
    # Written for IPS-25's items; another scale's items past 25 get a general one.
    if number in RECOMMENDATIONS:
        return _(RECOMMENDATIONS[number])
    return _("Work with the resource centre on this item before the next review.")


def _seed_youth_reviews(today: date, youth: dict[str, Site], people: dict) -> None:
    """Youth services reviewed on the youth scale, at several steps: one published a
    while ago and one being rated in the north, one in consensus in the west. Only
    once a youth scale is loaded (its text is licensed; docs/scales.md): until then
    the services wait and the planning page says why. Created once."""
    a = people["evaluator.a@ipsfidelity.example"]
    b = people["evaluator.b@ipsfidelity.example"]
    c = people["evaluator.c@ipsfidelity.example"]
    d = people["evaluator.d@ipsfidelity.example"]
    for name, first, second, earlier, status in (
        ("IPS-ung Tromsø", a, b, True, Review.Status.RATING),
        ("IPS-ung Bergen", c, d, False, Review.Status.CONSENSUS),
    ):
        site = youth[name]
        scale = scale_for_site(site)
        if scale is None or site.reviews.exists():
            continue
        if earlier:
            agreed = _cycled(HISTORY[0][1], scale.item_count)
            _seed_published_review(today - timedelta(days=220), site, first, second, agreed, scale)
        visit = today - timedelta(days=5 if status == Review.Status.RATING else 15)
        submitted = timezone.now() if status == Review.Status.CONSENSUS else None
        review = _visited_review(
            site,
            scale,
            status,
            visit,
            first,
            second,
            submitted_a_at=submitted,
            submitted_b_at=submitted,
        )
        _seed_scores(review, status)


def _visited_review(
    site: Site, scale: FidelityScale, status: str, visit: date, first, second, **more
) -> Review:
    """A review of a two-day visit with its two reviewers, due a month either side."""
    return Review.objects.create(
        site=site,
        kind=Review.Kind.EXTERNAL,
        scale=scale,
        status=status,
        due_from=visit - timedelta(days=30),
        due_by=visit + timedelta(days=30),
        visit_start=visit,
        visit_end=visit + timedelta(days=1),
        reviewer_a=first,
        reviewer_b=second,
        **more,
    )


def _seed_scores(review: Review, status: str) -> None:
    items = list(review.scale.items.order_by("number"))
    first, second = review.reviewer_a, review.reviewer_b
    if first is None or second is None:
        return
    if status == Review.Status.RATING:
        # The first reviewer is a third of the way through.
        for item, score in zip(items[:9], SCORES_A, strict=False):
            Rating.objects.create(
                review=review,
                reviewer=first,
                item=item,
                score=score,
                evidence=_("Interviews with the team leader and two employment specialists."),
                data_sources=["INT", "DOC"],
            )
    if status == Review.Status.CONSENSUS:
        for reviewer, base in ((first, SCORES_A), (second, SCORES_B)):
            scores = _cycled(base, len(items))
            Rating.objects.bulk_create(
                Rating(
                    review=review,
                    reviewer=reviewer,
                    item=item,
                    score=score,
                    evidence=_("Records sample and interviews; see notes."),
                    data_sources=["MIS", "INT"],
                )
                for item, score in zip(items, scores, strict=True)
            )
        for item, a, b in zip(items[:5], SCORES_A, SCORES_B, strict=False):  # the first five
            if a == b:
                ConsensusScore.objects.create(
                    review=review,
                    item=item,
                    score=a,
                    updated_by=review.reviewer_a,
                    rationale=_("Both reviewers agreed."),
                    recommendation="" if a == 5 else _recommendation(item.number),
                )
    if review.site.name == "IPS Bergen sentrum":
        PreVisitData.objects.create(
            review=review,
            measurements={
                "clients_per_es": 19,
                "es_time_on_employment_percent": 90,
                "days_to_first_employer_contact": 42,
                "competitive_jobs_percent": 88,
            },
            components={"disclosure_components_present": [0, 1, 2]},
            notes=_("Numbers from the last three months."),
        )


# Consensus of two earlier reviews of IPS Tromsø, items 1-25: fair, then good.
HISTORY = [
    (540, [4, 3, 4, 3, 3, 2, 3, 3, 4, 3, 2, 3, 4, 2, 3, 3, 2, 3, 4, 4, 3, 4, 3, 2, 3]),
    (180, [5, 4, 5, 4, 4, 3, 4, 4, 5, 4, 3, 4, 5, 3, 4, 4, 3, 4, 4, 5, 4, 4, 4, 3, 3]),
]


def _seed_published_history(today: date, site: Site, people: dict) -> None:
    """Two earlier published reviews of one site; the later one corrected once."""
    if site.reviews.filter(reports__status=Report.Status.SIGNED).exists():
        return
    first = people["evaluator.a@ipsfidelity.example"]
    second = people["evaluator.b@ipsfidelity.example"]
    for days_ago, agreed in HISTORY:
        review = _seed_published_review(
            today - timedelta(days=days_ago), site, first, second, agreed
        )
    # The later report was corrected: item 19 had been scored from old numbers.
    corrected = review
    corrected.refresh_from_db()
    report_services.report_correct(
        actor=first,
        review=corrected,
        reason=_("Item 19 was scored from last year's job list; corrected with this year's."),
    )
    corrected.refresh_from_db()
    item = corrected.scale.items.get(number=19)
    current = corrected.consensus_scores.get(item=item)
    rating_services.consensus_save(
        actor=first,
        review=corrected,
        item=item,
        score=5,
        rationale=_("This year's job list shows jobs of many types."),
        recommendation="",
        expected_version=current.version,
    )
    _finish_report(corrected, first, second)


def _seed_nynorsk_report(today: date, site: Site, people: dict) -> None:
    """One published review of a site whose report language is Nynorsk: the reviewers'
    texts in Nynorsk, as they would write them for this site."""
    if site.reviews.filter(reports__status=Report.Status.SIGNED).exists():
        return
    first = people["evaluator.c@ipsfidelity.example"]
    second = people["evaluator.d@ipsfidelity.example"]
    with translation.override(site.report_language):
        _seed_published_review(today - timedelta(days=200), site, first, second, HISTORY[0][1])


def _seed_published_review(
    visit: date, site: Site, first, second, agreed: list[int], scale: FidelityScale | None = None
) -> Review:
    """A review rated by two reviewers (the second a point lower on every fourth item),
    agreed at `agreed`, signed and published (on IPS-25 unless another scale is given)."""
    scale = scale or FidelityScale.objects.get(code="IPS-25", is_current=True)
    review = _visited_review(site, scale, Review.Status.SCHEDULED, visit, first, second)
    items = list(review.scale.items.order_by("number"))
    for reviewer, shift in ((first, 0), (second, 1)):
        for item, score in zip(items, agreed, strict=True):
            # The second reviewer is a point lower on every fourth item.
            off = shift if item.number % 4 == 0 else 0
            rating_services.rating_save(
                actor=reviewer,
                review=review,
                item=item,
                score=max(1, score - off),
                evidence=_("Records sample and interviews; see notes."),
                data_sources=["MIS", "INT"],
            )
        rating_services.rating_submit(actor=reviewer, review=review)
    for item, score in zip(items, agreed, strict=True):
        rating_services.consensus_save(
            actor=first,
            review=review,
            item=item,
            score=score,
            rationale=_("Both reviewers agreed."),
            recommendation="" if score == 5 else _recommendation(item.number),
            expected_version=None,
        )
    _finish_report(review, first, second)
    return review


def _seed_action_plan(today: date, site: Site, people: dict) -> None:
    """The site leader's plan after the latest published review, under way: one action
    done, one in progress, one not started; a reviewer has commented."""
    review = (
        site.reviews.filter(
            status=Review.Status.PUBLISHED, kind=Review.Kind.EXTERNAL, imported_at__isnull=True
        )
        .order_by("-visit_start")
        .first()
    )
    if review is None or ActionPlan.objects.filter(review=review).exists():
        return
    leader = people["leder.tromso@ipsfidelity.example"]
    proposals = followup_selectors.plan_proposals(review)[:3]
    plan = followup_services.action_plan_create(
        actor=leader,
        review=review,
        actions=[
            followup_services.ActionDraft(
                item_number=proposal.item.number,
                goal=proposal.recommendation,
                actions=_("Discuss in the weekly team meeting; report at the steering group."),
                owner=leader.full_name,
                due_on=today + timedelta(days=30 * (index - 1)),
            )
            for index, proposal in enumerate(proposals)
        ],
    )
    statuses = [PlanAction.Status.DONE, PlanAction.Status.IN_PROGRESS]
    for action, status in zip(plan.actions.order_by("due_on"), statuses, strict=False):
        action.status = status
        action.save(update_fields=["status", "updated_at"])
    followup_services.plan_comment_add(
        actor=people["evaluator.a@ipsfidelity.example"],
        review=review,
        text=_("A good start. Invite the NAV office to the steering group as well."),
    )


def _finish_report(review: Review, first, second) -> None:
    rating_services.consensus_complete(actor=first, review=review)
    rating_services.consensus_complete(actor=second, review=review)
    review.refresh_from_db()
    report_services.report_save(
        actor=first,
        review=review,
        summary=report_text_of(review).summary
        or _("The team works well with the treatment teams; job development needs more time."),
        strengths=report_text_of(review).strengths
        or _("Employment specialists sit with the treatment teams and attend their meetings."),
        # The reviewers' choice: the three lowest scores matter most here.
        priorities=[
            c.item.number
            for c in review.consensus_scores.exclude(recommendation="")
            .select_related("item")
            .order_by("score", "item__number")[:3]
        ],
    )
    report_services.report_mark_ready(actor=second, review=review)
    review.refresh_from_db()
    report_services.report_sign_off(actor=first, review=review)
    report_services.report_sign_off(actor=second, review=review)
    # With a worker the task may not have run yet; render here so the next
    # step (a correction) finds the report published. The task then sees the
    # report signed and does nothing.
    report = review.reports.order_by("-version").first()
    if report is not None and report.status != Report.Status.SIGNED:
        generate.generate(report.pk)


# What two reviewers might write for each item below 5: the demo's recommendations,
# in the site's report language (each site's texts are seeded in it).
RECOMMENDATIONS = {
    1: gettext_noop(
        "Keep each employment specialist's caseload at 20 or fewer; share out the longest "
        "caseloads before taking new participants."
    ),
    2: gettext_noop(
        "Free the employment specialists from other NAV tasks so that nearly all their "
        "time goes to employment services."
    ),
    3: gettext_noop(
        "Let each employment specialist follow a participant through every phase, from "
        "engagement to support in the job."
    ),
    4: gettext_noop(
        "Attach each employment specialist to no more than two treatment teams, with "
        "participants from those teams."
    ),
    5: gettext_noop(
        "Take part in the treatment team's weekly meeting and agree who follows up each "
        "participant's work goal."
    ),
    6: gettext_noop(
        "Meet the NAV supervisors monthly to discuss shared participants, and record what "
        "was agreed."
    ),
    7: gettext_noop(
        "Hold a weekly case review in the IPS unit where the specialists share job leads "
        "and cover for each other."
    ),
    8: gettext_noop(
        "Give the IPS leader time to go out with each specialist to employers and to "
        "review their results monthly."
    ),
    9: gettext_noop(
        "Remove the remaining entry requirements: anyone who wants work is referred, "
        "whatever their diagnosis or substance use."
    ),
    10: gettext_noop(
        "Ask about work at every intake and every treatment plan review, and show the "
        "employment results in the clinic."
    ),
    11: gettext_noop(
        "Set up a steering group with the NAV office and the clinic's management that "
        "meets each quarter."
    ),
    12: gettext_noop(
        "Offer every participant a benefits calculation before the job search, and again "
        "when an offer comes."
    ),
    13: gettext_noop(
        "Talk through with each participant what they want to tell an employer about "
        "their health, before the first contact."
    ),
    14: gettext_noop(
        "Build the career profile from experience in real jobs and update it after each "
        "job, not from tests or work training."
    ),
    15: gettext_noop(
        "Make the first employer contact within a month of referral; start the job search "
        "in the first meetings."
    ),
    16: gettext_noop(
        "Look for jobs that match each participant's own preferences, strengths and "
        "symptoms, not the openings at hand."
    ),
    17: gettext_noop(
        "Plan six face-to-face employer contacts a week for each specialist, and follow "
        "them up in the weekly meeting."
    ),
    18: gettext_noop(
        "Return to the same employers several times to learn their needs, rather than one "
        "call per vacancy."
    ),
    19: gettext_noop(
        "Widen the jobs you look for beyond shops and warehouses, following what the "
        "participants ask for."
    ),
    20: gettext_noop(
        "Seek out new employers: no more than a few participants at the same workplace."
    ),
    21: gettext_noop(
        "Aim for ordinary paid jobs on ordinary terms; use work training only when the "
        "participant asks for it."
    ),
    22: gettext_noop(
        "Agree with each working participant what support they want at work, and offer it "
        "to the employer too."
    ),
    23: gettext_noop(
        "Keep following up participants in work for as long as they want, and hand over gradually."
    ),
    24: gettext_noop(
        "Meet participants and employers out in the community; spend most of the working "
        "week outside the office."
    ),
    25: gettext_noop(
        "Contact participants who stop coming several times, with the treatment team, "
        "before closing their case."
    ),
}


# The site's own view, a little kinder than the reviewers' on a few items, as
# self-assessments often are.
SELF_ASSESSMENT = [5, 4, 5, 4, 5, 3, 4, 4, 5, 4, 4, 4, 5, 3, 4, 4, 4, 4, 4, 5, 4, 4, 4, 3, 4]


def _seed_self_assessment(today: date, site: Site, people: dict) -> None:
    """A published self-assessment by the site's leader, two months ago."""
    if site.reviews.filter(kind=Review.Kind.SELF_ASSESSMENT, imported_at=None).exists():
        return
    leader = people["leder.tromso@ipsfidelity.example"]
    review = self_assessment_services.self_assessment_start(actor=leader, site=site)
    for item, score in zip(review.scale.items.order_by("number"), SELF_ASSESSMENT, strict=True):
        self_assessment_services.self_assessment_score(
            actor=leader,
            review=review,
            item=item,
            score=score,
            note=_("Checked against our own records."),
            expected_version=None,
        )
    self_assessment_services.self_assessment_publish(actor=leader, review=review)
    done = today - timedelta(days=60)
    Review.objects.filter(pk=review.pk).update(
        due_from=done, due_by=done, visit_start=done, visit_end=done
    )


def _seed_outcomes(today: date, sites: dict[str, Site]) -> None:
    """Eight quarters of employment figures per site, up to the last full quarter.

    Rates differ by site and climb slowly, around the benchmarks, so the site
    pages and the scatter have something to show.
    """
    last_year, last_quarter = today.year, (today.month - 1) // 3
    if last_quarter == 0:
        last_year, last_quarter = last_year - 1, 4
    quarters = []
    year, quarter = last_year, last_quarter
    for _step in range(8):
        quarters.append((year, quarter))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    rows = []
    for position, site in enumerate(sorted(sites.values(), key=lambda s: s.name)):
        served = 30 + 7 * position
        for age, (year, quarter) in enumerate(reversed(quarters)):
            out_of_work = served - 3 - position % 3
            rate = min(0.62, 0.24 + 0.045 * position + 0.012 * age + 0.02 * (quarter % 2))
            rows.append(
                EmploymentOutcome(
                    site=site,
                    year=year,
                    quarter=quarter,
                    people_served=served + age,
                    out_of_work_at_start=out_of_work + age,
                    in_paid_work=round(rate * (out_of_work + age)),
                    job_starts=2 + (position + age) % 5,
                    # Youth services count ordinary education beside paid work.
                    in_education=round(0.18 * (out_of_work + age))
                    if site.target_group == Site.TargetGroup.YOUTH
                    else None,
                )
            )
    EmploymentOutcome.objects.bulk_create(rows, ignore_conflicts=True)
