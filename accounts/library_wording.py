"""Messages of Django and allauth that the portal translates itself.

Listing a library's message here puts it into the portal's catalogue (locale/zh_Hans), which Django
reads before the libraries' own. Two reasons: Django's and allauth's Simplified Chinese catalogue leaves "Email"
and "token" in English, so the account pages said "Email地址" where the rest of the portal says
电子邮箱; and Django 5.2 reworded its minimum-length password error without a Chinese translation,
so that one error showed in English (as did the new table headers of the admin's index). The msgids must stay exactly the libraries'; nothing calls this
module.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_MESSAGES = [
    # The admin's index (Django 5.2): headers of its tables, read by screen readers.
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    # django.core.validators.EmailValidator: Django's Chinese says "Email" in English.
    gettext_noop("Enter a valid email address."),
    # django.contrib.auth.password_validation.MinimumLengthValidator (Django 5.2)
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        8,
    ),
]

ALLAUTH_MESSAGES = [
    gettext_noop("Email Addresses"),
    gettext_noop("Email Address"),
    gettext_noop("The following email addresses are associated with your account:"),
    gettext_noop("Primary"),
    gettext_noop("Re-send Verification"),
    gettext_noop("Add Email Address"),
    gettext_noop("Add Email"),
    gettext_noop("Do you really want to remove the selected email address?"),
    gettext_noop("Current email"),
    gettext_noop("Change Email"),
    gettext_noop("Confirm Email Address"),
    gettext_noop("Verify Your Email Address"),
    gettext_noop("Please Confirm Your Email Address"),
    gettext_noop("Email Confirmation"),
    gettext_noop("Email Changed"),
    gettext_noop("Email Removed"),
    gettext_noop("Your email has been confirmed."),
    gettext_noop("Email address %(deleted_email)s has been removed from your account."),
    gettext_noop("You cannot remove your primary email address (%(email)s)."),
    gettext_noop("You have confirmed %(email)s."),
    gettext_noop("Removed email address %(email)s."),
    gettext_noop("Primary email address set."),
    gettext_noop(
        "You cannot activate two-factor authentication until you have verified your email address."
    ),
    gettext_noop("The password reset token was invalid."),
    gettext_noop("Bad Token"),
    gettext_noop("Username or email"),
    # allauth.mfa's model, in the admin
    gettext_noop("Authenticator"),
    gettext_noop("Authenticators"),
]
