"""/alerts/: a supplier's saved searches, the log of what was sent, and one-click unsubscription."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from notices import alerts, emails, following
from notices.forms import AlertForm
from notices.models import Agency, Alert, AlertDelivery, Notice


def own_alert_or_404(user, pk: int) -> Alert:
    return get_object_or_404(Alert, pk=pk, user=user)


@login_required
@require_GET
def alert_list(request):
    return render(request, "alerts/list.html", {"alerts": alerts.alerts_of(request.user)})


def initial_from_search(params) -> dict:
    """A search on /notices/ carried over: its keywords, categories, countries, agencies, types, flags."""
    return {
        "name": params.get("q", "")[:120] or _("My search"),
        "keywords": params.get("q", ""),
        "categories": ", ".join(params.getlist("category")),
        "countries": params.getlist("country"),
        # The search names agencies by acronym; the form's choices are their ids.
        "agencies": list(
            Agency.objects.filter(
                # A NUL can't be in an acronym, and PostgreSQL refuses it in a query.
                acronym__in=[a[:32] for a in params.getlist("agency") if "\x00" not in a]
            ).values_list("pk", flat=True)
        ),
        "notice_types": params.getlist("type"),
        "sme_friendly": params.get("sme_friendly") in {"true", "on", "1"},
        "women_owned_preference": params.get("women_owned") in {"true", "on", "1"},
    }


@login_required
@require_http_methods(["GET", "POST"])
def alert_create(request):
    form = AlertForm(request.POST or None, initial=initial_from_search(request.GET))
    if request.method == "POST" and form.is_valid():
        alert = form.save(commit=False)
        alert.user = request.user
        alerts.save_alert(alert, **form.criteria())
        messages.success(request, _("Your alert “%(name)s” is saved.") % {"name": alert.name})
        return redirect("alerts:list")
    return render(request, "alerts/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def alert_edit(request, pk):
    alert = own_alert_or_404(request.user, pk)
    initial = alerts.criteria_of(alert)
    form = AlertForm(request.POST or None, instance=alert, initial=initial)
    if request.method == "POST" and form.is_valid():
        alerts.save_alert(form.save(commit=False), **form.criteria())
        messages.success(request, _("Your alert “%(name)s” is saved.") % {"name": alert.name})
        return redirect("alerts:list")
    context = {"form": form, "alert": alert, "preview": alerts.preview(alert)}
    return render(request, "alerts/form.html", context)


@login_required
@require_POST
def alert_pause(request, pk):
    alert = own_alert_or_404(request.user, pk)
    alerts.set_paused(alert, paused=request.POST.get("paused") != "false")
    if alert.is_paused:
        messages.success(request, _("“%(name)s” is paused.") % {"name": alert.name})
    else:
        messages.success(request, _("“%(name)s” is active again.") % {"name": alert.name})
    return redirect("alerts:list")


@login_required
@require_POST
def alert_delete(request, pk):
    alert = own_alert_or_404(request.user, pk)
    alert.delete()
    messages.success(request, _("“%(name)s” is deleted.") % {"name": alert.name})
    return redirect("alerts:list")


@login_required
@require_GET
def delivery_log(request):
    deliveries = (
        AlertDelivery.objects.filter(user=request.user)
        .select_related("notice__agency", "alert")
        .order_by("-created_at", "-id")[:200]
    )
    context = {"deliveries": deliveries, "suppression": alerts.suppression_of(request.user)}
    return render(request, "alerts/log.html", context)


@login_required
@require_POST
def confirm_address(request):
    """After a permanent refusal: confirm the address again to receive alerts."""
    if alerts.suppression_of(request.user):
        alerts.request_reconfirmation(request.user, request=request)
        messages.info(
            request, _("We sent a confirmation link to %(email)s.") % {"email": request.user.email}
        )
    return redirect("alerts:log")


@csrf_exempt  # the signed token is the credential: mail clients POST without cookies (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        target = emails.read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "alerts/unsubscribe.html", {"invalid": True}, status=400)
    alert = Alert.objects.filter(pk=target.get("alert")).first() if "alert" in target else None
    notice = Notice.objects.filter(pk=target.get("notice")).first() if "notice" in target else None
    digest = Alert.objects.filter(user=target.get("user"), frequency=target.get("frequency", ""))
    context = {"alert": alert, "notice": notice, "digest": digest.exists(), "done": False}
    if request.method == "POST":
        if alert is not None:
            alerts.set_paused(alert, paused=True)
        elif notice is not None:
            following.unfollow(notice, user=target["user"])
        else:
            alerts.pause_digest(target.get("user"), target.get("frequency", ""))
        context["done"] = True
    return render(request, "alerts/unsubscribe.html", context)
