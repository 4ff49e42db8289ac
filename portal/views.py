from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.roles import program_staff_required
from core.spreadsheets import csv_response
from portal import dashboard as dashboard_figures
from portal import health
from portal.forms import DashboardFilterForm


@require_GET
def home(request):
    return render(request, "portal/home.html")


@require_GET
@never_cache
def healthz(request):
    """200 when the database and the broker answer and a worker was seen lately, 503 otherwise;
    JSON for monitors."""
    checks = {
        "database": health.check_database(),
        "broker": health.check_broker(),
        "worker": health.check_worker(),
    }
    ok = all(check.ok for check in checks.values())
    body = {
        "status": "ok" if ok else "unavailable",
        **{name: {"ok": check.ok, "detail": check.detail} for name, check in checks.items()},
    }
    return JsonResponse(body, status=200 if ok else 503)


def dashboard_filters(request) -> tuple[DashboardFilterForm, dashboard_figures.Filters]:
    """The filters of the query string; an invalid value gets a 400 from the caller."""
    form = DashboardFilterForm(request.GET, provinces=dashboard_figures.provinces())
    if not form.is_valid():
        return form, None
    filters = dashboard_figures.Filters(
        period=form.cleaned_data["period"] or dashboard_figures.DEFAULT_PERIOD,
        province=form.cleaned_data["province"],
    )
    return form, filters


@program_staff_required
@require_GET
def dashboard(request):
    form, filters = dashboard_filters(request)
    if filters is None:
        return render(request, "portal/dashboard.html", {"form": form}, status=400)
    context = {
        "form": form,
        "filters": filters,
        "query": request.GET.urlencode(),
        "figures": dashboard_figures.figures(filters),
        "accounts": dashboard_figures.account_figures(),
        "charts": [dashboard_figures.chart(slug, filters) for slug in dashboard_figures.CHARTS],
        **dashboard_figures.plans(filters),
    }
    return render(request, "portal/dashboard.html", context)


@program_staff_required
@require_GET
def dashboard_csv(request, chart):
    if chart not in dashboard_figures.CHARTS:
        raise Http404
    _form, filters = dashboard_filters(request)
    if filters is None:
        return HttpResponseBadRequest(_("Invalid filters."))
    data = dashboard_figures.chart(chart, filters)
    return csv_response(
        filename=f"{chart}-{filters.period}.csv", headers=data.headers, rows=data.rows
    )
