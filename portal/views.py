from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from portal import accounts, health
from portal.forms import PreferencesForm
from portal.roles import program_staff_required


@require_GET
def home(request):
    return render(request, "portal/home.html")


@require_GET
@never_cache
def healthz(request):
    """200 when the database and the broker both answer, 503 otherwise; JSON for monitors."""
    checks = {"database": health.check_database(), "broker": health.check_broker()}
    ok = all(check.ok for check in checks.values())
    body = {
        "status": "ok" if ok else "unavailable",
        **{name: {"ok": check.ok, "detail": check.detail} for name, check in checks.items()},
    }
    return JsonResponse(body, status=200 if ok else 503)


@require_POST
def set_language(request):
    """Django's switcher (works without JavaScript, keeps the current page); a signed-in user's
    choice is also saved, since their saved language is what every page and e-mail uses."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and translation.check_for_language(language):
        accounts.set_language(request.user, language=language)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        translation.activate(user.language)
        messages.success(request, _("Your preferences are saved."))
        response = redirect("preferences")
        # Signed out on this browser later, the site still speaks their language.
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            user.language,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
        return response
    return render(request, "portal/preferences.html", {"form": form})


@program_staff_required
@require_GET
def dashboard(request):
    return render(request, "portal/dashboard.html", {"figures": accounts.account_figures()})
