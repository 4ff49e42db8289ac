"""The one place where the portal hooks into django-allauth."""

from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import ratelimit
from allauth.core.exceptions import ImmediateHttpResponse
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext

from accounts.emails import sender
from accounts.models import Language, User
from accounts.roles import is_staff_member
from core.bilingual import reads_chinese

# The links allauth puts in its e-mails (confirm, reset the password, sign up), built from the request.
EMAIL_LINKS = ("activate_url", "password_reset_url", "signup_url")


def on_site(url: str) -> str:
    """`url`'s path and query on SITE_URL: e-mails link to the portal's public address, as the
    alert e-mails do, not to whatever scheme and host the request that sent them came in on."""
    bits = urlsplit(url)
    return settings.SITE_URL + urlunsplit(("", "", bits.path, bits.query, bits.fragment))


# allauth's error codes for too many attempts, answered with 429.
RATE_LIMITED = {"too_many_login_attempts", "rate_limited"}
# The portal's own rate limit: failed logins per address and network address (see settings).
FAILED_HERE = "login_failed_here"


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

    def get_from_email(self):
        """The portal's name in the language the e-mail is written in (send_mail sets it)."""
        return sender(translation.get_language())

    def get_login_redirect_url(self, request):
        """After signing in (without a `next`), a supplier lands on their workspace, which says
        what to do next; staff where they always have (LOGIN_REDIRECT_URL)."""
        if is_staff_member(request.user):
            return super().get_login_redirect_url(request)
        return reverse("suppliers:overview")

    def get_email_verification_redirect_url(self, email_address):
        """A new account continues where its registration does (ACCOUNT_SIGNUP_REDIRECT_URL, the
        supplier page), after logging in if the link was opened in another browser."""
        user = email_address.user
        if is_staff_member(user):
            return super().get_email_verification_redirect_url(email_address)
        continue_at = self.get_signup_redirect_url(self.request)
        if self.request.user.is_authenticated:
            return continue_at
        return f"{reverse('account_login')}?{urlencode({'next': continue_at})}"

    def format_email_subject(self, subject):
        return f"{gettext('UN Supplier Portal')}: {subject}"

    def validation_error(self, code, *args):
        # Every refusal for too many attempts (password, the second factor's code when logging in
        # or turning it on) is answered with 429 and our page saying why, not a form error, so that
        # clients, proxies and monitoring see the rate limit for what it is.
        if code in RATE_LIMITED:
            raise ImmediateHttpResponse(ratelimit.respond_429(self.request))
        return super().validation_error(code, *args)

    def pre_authenticate(self, request, **credentials):
        """Wrong passwords are limited per address *and network address* first
        (ACCOUNT_RATE_LIMITS["login_failed_here"]): someone guessing at an address is stopped
        without locking its owner out, who logs in from elsewhere. allauth's limits come second
        (per IP, and a ceiling per address that only guessing from several networks reaches); an
        attempt refused here does not count towards that ceiling."""
        if not ratelimit.consume(request, action=FAILED_HERE, key=self.address_here(credentials)):
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            # The owner got in from here: earlier typos from this network are forgiven.
            ratelimit.clear(request, action=FAILED_HERE, key=self.address_here(credentials))
        return user

    def address_here(self, credentials) -> str:
        login = credentials.get("email") or credentials.get("username") or ""
        return f"{login.lower()}|{self.get_client_ip(self.request)}"
