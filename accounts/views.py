"""The pages of a user's own account: preferences and the language switcher (allauth serves the
rest: sign-up, login, e-mail, password, two-factor)."""

from allauth.account import views as allauth_views
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from accounts import preferences as account_preferences
from accounts.confirmation import is_already_confirmed
from accounts.forms import PreferencesForm


@require_POST
def set_language(request):
    """Django's switcher (works without JavaScript, keeps the current page); a signed-in user's
    choice is also saved, since their saved language is what every page and e-mail uses."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and translation.check_for_language(language):
        account_preferences.set_language(request.user, language=language)
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
    return render(request, "accounts/preferences.html", {"form": form})


class ConfirmEmailView(allauth_views.ConfirmEmailView):
    """allauth's page for the link in the confirmation e-mail (its button confirms, a GET does
    not), which also tells a link already used from one that has expired."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["already_confirmed"] = not self.object and is_already_confirmed(self.kwargs["key"])
        return context

    def post(self, *args, **kwargs):
        try:
            return super().post(*args, **kwargs)
        except Http404:
            # The button pressed twice, or an old tab: the page says what became of the link.
            self.object = None
            return self.render_to_response(self.get_context_data())


confirm_email = ConfirmEmailView.as_view()
