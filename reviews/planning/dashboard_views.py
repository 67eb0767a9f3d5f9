"""Planning dashboards for a region's coordinators and for national admins, with CSV exports."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ipsfidelity.accounts.people import LoggedInRequest
from reviews.followup import selectors as followup
from reviews.planning import dashboard, freshness, national
from reviews.planning.forms import RegionPolicyForm, ReportLogoForm
from reviews.reports.render import policy_logo_uri
from reviews.spreadsheets import write_csv
from sites import permissions, selectors, services
from sites.models import Region
from sites.views import PAGE_SIZE, paged


def _month(request: HttpRequest, today: date) -> date:
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def _day(request: HttpRequest, month: date) -> date | None:
    """The day of the month whose whole list was asked for (?day=2027-01-20), if any."""
    try:
        day = date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return None
    return day if (day.year, day.month) == (month.year, month.month) else None


# The reviewer table shows this many, those who need a look first; the CSV has them all.
LOADS_SHOWN = 25


def _dashboard_page(request: HttpRequest, regions, *, region: Region | None) -> HttpResponse:
    today = timezone.localdate()
    month = _month(request, today)
    export = request.GET.get("export")
    if export:
        board = dashboard.region_dashboard(regions=regions, today=today, month=month)
        return _export(export, board)
    # One board per region (or the country) for all who may plan it: the view
    # has checked this person may; the board holds nothing of their own.
    board_html = freshness.cached_board(
        (
            "board",
            region.pk if region else "national",
            request.get_full_path(),
            get_language(),
            today,
        ),
        lambda: render_to_string(
            "sites/planning_board.html",
            _board_context(request, regions, region, today, month),
            request,
        ),
    )
    return render(request, "sites/planning.html", {"region": region, "board_html": board_html})


def _board_context(
    request: HttpRequest, regions, region: Region | None, today: date, month: date
) -> dict[str, object]:
    board = dashboard.region_dashboard(
        regions=regions, today=today, month=month, day=_day(request, month)
    )
    search = request.GET.get("q", "").strip()
    attention = board.attention
    if search:
        attention = [a for a in attention if search.casefold() in a.review.site.name.casefold()]
    context: dict[str, object] = {
        "board": board,
        # Lists that grow with the sites come a page, or a first part, at a time.
        "page": paged(request, attention),
        "search": search,
        "upcoming": board.upcoming[:PAGE_SIZE],
        "loads": dashboard.needing_a_look_first(board.loads)[:LOADS_SHOWN],
        "region": region,
        "previous_month": _shift(board.month, -1),
        "next_month": _shift(board.month, 1),
    }
    if region is None:
        context["national"] = national.national_figures()
        context["national_others"] = national.other_scales_figures()
    else:
        # What needs the coordinator first (overdue actions, no plan), a page's worth.
        plans = followup.site_plans(sites=region.sites.all(), today=today)
        order = {"overdue": 0, "none": 1}
        plans.sort(key=lambda row: (row.review is None, order.get(row.state, 2)))
        context["site_plans"] = plans[:PAGE_SIZE]
        context["site_plan_count"] = len(plans)
    return context


def _shift(month: date, by: int) -> str:
    index = month.year * 12 + month.month - 1 + by
    return f"{index // 12}-{index % 12 + 1:02d}"


@login_required
def region_planning(request: LoggedInRequest, pk: int) -> HttpResponse:
    region = selectors.region_detail(user=request.user, pk=pk, require=permissions.can_plan_region)
    regions = permissions.regions_coordinated_by(request.user).filter(pk=region.pk)
    return _dashboard_page(request, regions, region=region)


@login_required
def national_planning(request: LoggedInRequest) -> HttpResponse:
    if not permissions.is_national_admin(request.user):
        raise Http404
    return _dashboard_page(request, permissions.regions_visible_to(request.user), region=None)


def _export(table: str, board: dashboard.Dashboard) -> HttpResponse:
    tables: dict[str, tuple[list, list[list]]] = {
        "attention": (
            [_("Site"), _("Region"), _("Status"), _("Due by"), _("Why")],
            [
                [
                    a.review.site.name,
                    a.review.site.region.name,
                    a.review.get_status_display(),
                    a.review.due_by.isoformat(),
                    a.reason.label,
                ]
                for a in board.attention
            ],
        ),
        "loads": (
            [
                _("Reviewer"),
                _("Region"),
                _("Open reviews"),
                _("Reviews a year"),
                _("Reviewer-days a year"),
                _("Leave"),
            ],
            [
                [
                    str(load.user),
                    load.region.name,
                    load.open_reviews,
                    load.capacity,
                    load.days_a_year,
                    "; ".join(f"{first}–{last}" for first, last in load.leave),
                ]
                for load in board.loads
            ],
        ),
        "forecast": (
            [
                _("Month"),
                _("Reviews due"),
                _("Reviewer-days needed"),
                _("Reviewer-days available"),
            ],
            [
                [
                    m.month.strftime("%Y-%m"),
                    m.reviews_due,
                    m.days_needed,
                    round(m.days_available, 1),
                ]
                for m in board.forecast
            ],
        ),
    }
    if table not in tables:
        raise Http404
    header, rows = tables[table]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table}-{board.today}.csv"'
    # Site and reviewer names are typed by people: written so a spreadsheet never runs them.
    write_csv(response, header, rows)
    return response


@login_required
def region_policy(request: LoggedInRequest, pk: int) -> HttpResponse:
    region = selectors.region_detail(user=request.user, pk=pk, require=permissions.can_plan_region)
    policy = services.region_policy_of(actor=request.user, region=region)
    form = RegionPolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        services.region_policy_save(actor=request.user, policy=form.instance)
        messages.success(request, _("The review policy is saved; the next planning run uses it."))
        return redirect("sites:region_planning", pk=region.pk)
    status = 400 if request.method == "POST" else 200
    return _policy_page(request, region, form=form, status=status)


def _policy_page(
    request: LoggedInRequest,
    region: Region,
    *,
    form: RegionPolicyForm | None = None,
    logo_form: ReportLogoForm | None = None,
    status: int = 200,
) -> HttpResponse:
    policy = services.region_policy_of(actor=request.user, region=region)
    context = {
        "region": region,
        "form": form or RegionPolicyForm(instance=policy),
        "logo_form": logo_form or ReportLogoForm(),
        "logo": policy_logo_uri(policy),
    }
    return render(request, "sites/region_policy.html", context, status=status)


@login_required
@require_POST
def region_report_logo(request: LoggedInRequest, pk: int) -> HttpResponse:
    """Upload (or, with `remove`, take out) the logo in the region's report header."""
    region = selectors.region_detail(user=request.user, pk=pk, require=permissions.can_plan_region)
    if "remove" in request.POST:
        services.report_logo_set(actor=request.user, region=region, data=None)
        messages.success(request, _("The logo is taken out of the reports."))
        return redirect("sites:region_policy", pk=region.pk)
    form = ReportLogoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.report_logo_set(
                actor=request.user, region=region, data=form.cleaned_data["logo"].read()
            )
        except services.Invalid as error:
            form.add_error("logo", str(error))
        else:
            messages.success(request, _("The logo is saved; new reports carry it."))
            return redirect("sites:region_policy", pk=region.pk)
    return _policy_page(request, region, logo_form=form, status=400)
