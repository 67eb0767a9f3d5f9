"""Planning pages: each person's home page (what is coming up for them), plan a
review, set its visit and reviewers."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reviews.planning import freshness, services
from reviews.planning import selectors as planning_selectors
from reviews.planning.forms import ReviewCreateForm, ReviewScheduleForm, SiteScaleForm
from reviews.planning.next_steps import next_steps
from reviews.planning.selectors import proposed_reviewers
from reviews.rating import selectors
from reviews.rating.services import WorkflowError
from reviews.scale.selectors import scale_choices, site_scale_history
from sites import permissions
from sites import selectors as site_selectors
from sites.models import Role
from sites.permissions import scope_of
from sites.views import paged


@login_required
def review_create(request: HttpRequest) -> HttpResponse:
    form = ReviewCreateForm(request.POST or None, user=request.user, initial=request.GET)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_create(
                actor=request.user,
                site=form.cleaned_data["site"],
                team=form.cleaned_data["team"],
                kind=form.cleaned_data["kind"],
                due_from=form.cleaned_data["due_from"],
                due_by=form.cleaned_data["due_by"],
            )
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The review is planned. Now set the visit and reviewers."))
            return redirect("reviews:review_schedule", pk=review.pk)
    if not form.has_sites:
        raise Http404
    status = 400 if request.method == "POST" else 200
    return render(request, "reviews/review_create.html", {"form": form}, status=status)


@login_required
def review_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_detail(
        user=request.user, pk=pk, require=permissions.can_schedule_review
    )
    proposed = proposed_reviewers(review)
    initial = {
        "visit_start": review.visit_start,
        "visit_end": review.visit_end,
        # Taking the planner's proposal is one click: it is filled in already.
        "reviewer_a": review.reviewer_a_id or (proposed[0] if proposed else None),
        "reviewer_b": review.reviewer_b_id or (proposed[1] if len(proposed) > 1 else None),
    }
    form = ReviewScheduleForm(request.POST or None, review=review, initial=initial)
    checking = "check" in request.POST  # see who is free, save nothing
    if request.method == "POST" and form.is_valid() and not checking:
        try:
            done = services.review_schedule(actor=request.user, review=review, **form.cleaned_data)
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, schedule_message(done.notified))
            return redirect("reviews:review_detail", pk=review.pk)
    status = 400 if request.method == "POST" and not checking else 200
    # Each chosen reviewer's clash shows as soon as they and the days are chosen, even
    # while the rest of the form is not yet complete.
    clashes = form.clashes() if form.is_bound else []
    context = {"review": review, "form": form, "clashes": clashes, "checked": checking}
    return render(request, "reviews/review_schedule.html", context, status=status)


@login_required
def site_scale(request: HttpRequest, pk: int) -> HttpResponse:
    """The scale a site is reviewed on, its coordinator's choice among the current
    scales for its target group, and the choices made before."""
    site = site_selectors.site_detail(user=request.user, pk=pk)
    if not permissions.can_plan_review(request.user, site):
        raise Http404
    choices = scale_choices([site.pk])
    options = choices.options(site.target_group)
    current = choices.for_site(site.pk, site.target_group)
    form = SiteScaleForm(
        request.POST or None, options=options, initial={"code": current and current.code}
    )
    if request.method == "POST" and form.is_valid():
        try:
            chosen = services.scale_choose(
                actor=request.user, site=site, code=form.cleaned_data["code"]
            )
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            if chosen is not None:
                messages.success(
                    request,
                    _("%(site)s is reviewed on %(scale)s from its next review.")
                    % {"site": site.name, "scale": form.cleaned_data["code"]},
                )
            return redirect("sites:site_detail", pk=site.pk)
    context = {
        "site": site,
        "form": form,
        "options": options,
        "current": current,
        "history": site_scale_history(site),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "sites/site_scale.html", context, status=status)


def schedule_message(notified: list) -> str:
    """What the coordinator is told after scheduling: exactly who got an e-mail."""
    if not notified:
        return _("The visit and the reviewers are set. Nothing changed for them, so no e-mail.")
    return _("The visit and the reviewers are set; e-mail sent to %(names)s.") % {
        "names": ", ".join(str(person) for person in notified)
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One landing page; each role sees what needs them now: the first few of each list, with
    its count and a link to the whole (paged) list."""
    scope = scope_of(request.user)
    roles = scope.roles
    today = timezone.localdate()
    manages = Role.NATIONAL_ADMIN in roles or Role.COORDINATOR in roles
    context: dict[str, object] = {
        "roles": roles,
        "next_steps": next_steps(request.user, today) if request.user.is_authenticated else [],
        "is_national_admin": Role.NATIONAL_ADMIN in roles,
        "is_coordinator": Role.COORDINATOR in roles,
        "is_reviewer": Role.REVIEWER in roles,
        "is_site_leader": Role.SITE_LEADER in roles,
        "regions": site_selectors.region_list(user=request.user) if manages else [],
        "sites": [],
        "site_count": 0,
    }
    if Role.REVIEWER in roles:
        context["my_reviews"] = planning_selectors.preview(
            user=request.user, show="mine", today=today
        )
    if manages:
        # A country's or a region's lists: the planning boards' data, kept as long as theirs is.
        context |= freshness.cached_board(
            ("home-lists", request.user.pk, today), lambda: _home_lists(request.user, today)
        )
    elif Role.SITE_LEADER in roles:
        context |= _home_lists(request.user, today)
    return render(request, "home.html", context)


def _home_lists(user, today: date) -> dict[str, object]:
    """The first rows and the counts of what a coordinator, an admin or a site leader
    sees on their home page: reviews past their due window, visits coming, their sites."""
    sites = site_selectors.site_list(user=user)
    return {
        "overdue": planning_selectors.preview(user=user, show="overdue", today=today),
        "upcoming": planning_selectors.preview(user=user, show="upcoming", today=today),
        "sites": list(sites[: planning_selectors.HOME_ROWS]),
        "site_count": sites.count(),
    }


LIST_TITLES = {
    "open": gettext_lazy("Open reviews"),
    "mine": gettext_lazy("My reviews"),
    "overdue": gettext_lazy("Reviews past their due window"),
    "upcoming": gettext_lazy("Visits in the coming 30 days"),
}


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    """The user's open reviews, one page at a time, narrowed by a search on the site."""
    show = request.GET.get("show", "open")
    if show not in planning_selectors.LISTS:
        show = "open"
    search = request.GET.get("q", "").strip()
    reviews = planning_selectors.open_reviews(
        user=request.user, show=show, today=timezone.localdate(), search=search
    )
    context = {
        "page": paged(request, reviews),
        "show": show,
        "title": LIST_TITLES[show],
        "titles": LIST_TITLES,
        "search": search,
        "keep": [("show", show)],
    }
    return render(request, "reviews/review_list.html", context)
