"""The one place where the portal hooks into django-allauth."""

from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import ratelimit
from allauth.core.exceptions import ImmediateHttpResponse
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext

from accounts.models import Language, User
from accounts.roles import is_admin, is_program_staff
from core.bilingual import reads_chinese

# The links allauth puts in its e-mails (confirm, reset the password, sign up), built from the request.
EMAIL_LINKS = ("activate_url", "password_reset_url", "signup_url")


def on_site(url: str) -> str:
    """`url`'s path and query on SITE_URL: e-mails link to the portal's public address, as the
    alert e-mails do, not to whatever scheme and host the request that sent them came in on."""
    bits = urlsplit(url)
    return settings.SITE_URL + urlunsplit(("", "", bits.path, bits.query, bits.fragment))


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # A supplier who signs up in Chinese keeps Chinese for pages and e-mails.
        user.language = Language.CHINESE if reads_chinese() else Language.ENGLISH
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix, email, context):
        """Account e-mails are written in the recipient's saved language, whatever page sent them."""
        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        language = getattr(user, "language", None) or translation.get_language()
        context = {
            name: on_site(value) if name in EMAIL_LINKS and value else value
            for name, value in context.items()
        }
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

    def get_email_verification_redirect_url(self, email_address):
        """A new account continues where its registration does (ACCOUNT_SIGNUP_REDIRECT_URL, the
        supplier page), after logging in if the link was opened in another browser."""
        user = email_address.user
        if is_program_staff(user) or is_admin(user):
            return super().get_email_verification_redirect_url(email_address)
        continue_at = self.get_signup_redirect_url(self.request)
        if self.request.user.is_authenticated:
            return continue_at
        return f"{reverse('account_login')}?{urlencode({'next': continue_at})}"

    def format_email_subject(self, subject):
        return f"{gettext('UN Supplier Portal')}: {subject}"

    def pre_authenticate(self, request, **credentials):
        # Too many failed logins is answered with 429 (and our page saying why), not a form error,
        # so that clients, proxies and monitoring see the rate limit for what it is.
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            if error.code == "too_many_login_attempts":
                raise ImmediateHttpResponse(ratelimit.respond_429(request)) from error
            raise
