from urllib.parse import urlencode

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import program_staff_required
from core.spreadsheets import csv_response
from events import listing
from portal import contact, health, rollups, workspace
from portal import dashboard as dashboard_figures
from portal.forms import ContactForm, DashboardFilterForm


@require_GET
def home(request):
    return render(request, "portal/home.html", {"coming_events": listing.coming_events()})


@login_required
@require_GET
def supplier_workspace(request):
    """/supplier/: the signed-in user's workspace, with or without a company (portal.workspace)."""
    context = {"workspace": workspace.workspace_of(request.user)}
    return render(request, "suppliers/overview.html", context)


@require_GET
def help_page(request):
    return render(request, "portal/help.html")


@require_GET
def privacy(request):
    return render(request, "portal/privacy.html")


@require_GET
def accessibility(request):
    return render(request, "portal/accessibility.html")


# ACCOUNT_RATE_LIMITS names how many messages one network address may send.
CONTACT_LIMIT = "contact_message"


@require_http_methods(["GET", "POST"])
def contact_page(request):
    """Anyone may write; a message is stored and queued to program staff (portal.contact)."""
    form = ContactForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.consume(request, action=CONTACT_LIMIT):
            return render(request, "429.html", {"limited": CONTACT_LIMIT}, status=429)
        fields = {name: form.cleaned_data[name] for name in ("name", "email", "topic", "message")}
        author = request.user if request.user.is_authenticated else None
        contact.receive(**fields, user=author, language=get_language())
        messages.success(
            request,
            _(
                "Thank you. Your message is saved and on its way to the program team, "
                "who will answer at %(email)s."
            )
            % {"email": fields["email"]},
        )
        return redirect("contact")
    return render(request, "portal/contact.html", {"form": form})


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
    """The filters of the query string; an invalid value gets a 400 from the caller. Without a
    period, the default one, which the form then shows as chosen."""
    data = request.GET.copy()
    data["period"] = data.get("period") or dashboard_figures.DEFAULT_PERIOD
    form = DashboardFilterForm(data, provinces=dashboard_figures.provinces())
    if not form.is_valid():
        return form, None
    filters = dashboard_figures.Filters(
        period=form.cleaned_data["period"],
        province=form.cleaned_data["province"],
    )
    return form, filters


def filters_query(filters: dashboard_figures.Filters) -> str:
    """The query string of the filters, the period always named: the CSV links carry it."""
    if filters.province:
        return urlencode({"period": filters.period, "province": filters.province})
    return urlencode({"period": filters.period})


@program_staff_required
@require_GET
def dashboard(request):
    form, filters = dashboard_filters(request)
    if filters is None:
        return render(request, "portal/dashboard.html", {"form": form}, status=400)
    context = {
        "form": form,
        "filters": filters,
        "query": filters_query(filters),
        "rollups": rollups.status(),
        "period": dict(DashboardFilterForm.PERIODS)[filters.period],
        "over_the_period": dashboard_figures.OVER_THE_PERIOD,
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


@program_staff_required
@require_POST
def dashboard_recount(request):
    """Queue a recount of the rollups, unless one is already on its way; back to the page (with
    the filters of its query string)."""
    if rollups.queue_recount():
        messages.success(
            request, _("A recount is queued. Once it is done, the page shows its time.")
        )
    else:
        messages.info(
            request,
            _("A recount is already queued or running. Once it is done, the page shows its time."),
        )
    query = request.GET.urlencode()
    return redirect(f"{reverse('dashboard')}?{query}" if query else reverse("dashboard"))
