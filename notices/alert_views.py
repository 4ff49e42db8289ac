"""/alerts/: a supplier's saved searches, the log of what was sent, and one-click unsubscription."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from categories import picker
from notices.alerts import criteria, history, reachability
from notices.alerts import unsubscribe as unsubscribe_links
from notices.alerts.models import Alert
from notices.forms import AlertForm
from notices.models import Agency


def own_alert_or_404(user, pk: int) -> Alert:
    """The user's alert, unless it is deleted."""
    return get_object_or_404(Alert, pk=pk, user=user, deleted_at__isnull=True)


def own_restorable_alert_or_404(user, pk: int) -> Alert:
    """The user's alert deleted less than criteria.UNDO_WINDOW ago."""
    return get_object_or_404(criteria.restorable_alerts(user), pk=pk)


@login_required
@require_GET
def alert_list(request):
    context = {
        "cards": criteria.cards_of(request.user),
        "deleted": criteria.restorable_alerts(request.user),
    }
    return render(request, "alerts/list.html", context)


def initial_from_search(params) -> dict:
    """A search on /notices/ carried over: its keywords, categories, countries, agencies, types, flags."""
    return {
        "name": params.get("q", "")[:120] or _("My search"),
        "keywords": params.get("q", ""),
        "categories": params.getlist("category"),
        "countries": params.getlist("country"),
        # The search names agencies by acronym; the form's choices are their ids.
        "agencies": list(
            Agency.objects.filter(
                listed=True,
                # A NUL can't be in an acronym, and PostgreSQL refuses it in a query.
                acronym__in=[a[:32] for a in params.getlist("agency") if "\x00" not in a],
            ).values_list("pk", flat=True)
        ),
        "notice_types": params.getlist("type"),
        "sme_friendly": params.get("sme_friendly") in {"true", "on", "1"},
        "women_owned_preference": params.get("women_owned") in {"true", "on", "1"},
    }


def saving(request) -> bool:
    """The form was sent to be saved (not by a button of its category picker)."""
    return request.method == "POST" and not picker.is_picker_action(request.POST)


def category_picker(request, form) -> dict:
    """The alert form's category picker: the company profile's categories are offered first."""
    return picker.picker_context(
        data=request.POST if form.is_bound else None,
        initial_codes=form.initial.get("categories", ()),
        suggested_codes=criteria.company_categories_of(request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def alert_create(request):
    form = AlertForm(request.POST or None, initial=initial_from_search(request.GET))
    if saving(request) and form.is_valid():
        alert = form.save(commit=False)
        alert.user = request.user
        criteria.save_alert(alert, **form.criteria())
        messages.success(request, _("Your alert “%(name)s” is saved.") % {"name": alert.name})
        return redirect("alerts:list")
    return render(request, "alerts/form.html", {"form": form} | category_picker(request, form))


@login_required
@require_http_methods(["GET", "POST"])
def alert_edit(request, pk):
    alert = own_alert_or_404(request.user, pk)
    initial = criteria.criteria_of(alert)
    form = AlertForm(request.POST or None, instance=alert, initial=initial)
    if saving(request) and form.is_valid():
        criteria.save_alert(form.save(commit=False), **form.criteria())
        messages.success(request, _("Your alert “%(name)s” is saved.") % {"name": alert.name})
        return redirect("alerts:list")
    context = {"form": form, "alert": alert, "preview": criteria.preview(alert)}
    context |= category_picker(request, form)
    return render(request, "alerts/form.html", context)


@login_required
@require_POST
def alert_pause(request, pk):
    alert = own_alert_or_404(request.user, pk)
    criteria.set_paused(alert, paused=request.POST.get("paused") != "false")
    if alert.is_paused:
        messages.success(request, _("“%(name)s” is paused.") % {"name": alert.name})
    else:
        messages.success(request, _("“%(name)s” is active again.") % {"name": alert.name})
    return redirect("alerts:list")


@login_required
@require_http_methods(["GET", "POST"])
def alert_delete(request, pk):
    """GET: what deleting the alert would stop, and a button to confirm; POST: delete it (the list
    then offers to undo it)."""
    alert = own_alert_or_404(request.user, pk)
    if request.method == "POST":
        criteria.delete_alert(alert)
        return redirect("alerts:list")
    [card] = criteria.cards_of_alerts([alert])
    context = {"card": card, "alert": alert, "preview": criteria.preview(alert)}
    return render(request, "alerts/delete.html", context)


@login_required
@require_POST
def alert_restore(request, pk):
    alert = own_restorable_alert_or_404(request.user, pk)
    criteria.restore_alert(alert)
    messages.success(request, _("“%(name)s” is restored.") % {"name": alert.name})
    return redirect("alerts:list")


# The log page shows the newest rows of the user's outbox.
LOG_ROWS = 200


@login_required
@require_GET
def delivery_log(request):
    deliveries = history.latest_deliveries(request.user, limit=LOG_ROWS)
    context = {"deliveries": deliveries, "suppression": reachability.suppression_of(request.user)}
    return render(request, "alerts/log.html", context)


@login_required
@require_POST
def confirm_address(request):
    """After a permanent refusal: confirm the address again to receive alerts."""
    if reachability.suppression_of(request.user):
        reachability.request_reconfirmation(request.user, request=request)
        messages.info(
            request, _("We sent a confirmation link to %(email)s.") % {"email": request.user.email}
        )
    return redirect("alerts:log")


@csrf_exempt  # the signed token is the credential: mail clients POST without cookies (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        target = unsubscribe_links.target_of(token)
    except signing.BadSignature:
        return render(request, "alerts/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        unsubscribe_links.stop(target)
    context = {"target": target, "done": request.method == "POST"}
    return render(request, "alerts/unsubscribe.html", context)
