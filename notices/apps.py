from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """What is bought and who hears of it: categories, agencies, notices, search and alerts."""

    name = "notices"
    verbose_name = _("Procurement notices")

    def ready(self):
        from allauth.account.signals import email_confirmed
        from django.db.models.signals import post_delete, post_save, pre_delete

        from notices.caching import notices_changed

        email_confirmed.connect(lift_suppression, dispatch_uid="notices.lift_suppression")
        # Derived data, the one concern signals are for: a cached search is out of date, and an
        # alert route must follow its owner and their address (changed by allauth and the admin).
        for signal in (post_save, post_delete):
            signal.connect(
                notices_changed, sender="notices.Notice", dispatch_uid=f"notices.{signal}"
            )
            signal.connect(
                reroute_address,
                sender="account.EmailAddress",
                dispatch_uid=f"routes.address.{signal}",
            )
            signal.connect(
                reroute_suppressed,
                sender="notices.SuppressedAddress",
                dispatch_uid=f"routes.suppressed.{signal}",
            )
        pre_delete.connect(forget_alert, sender="notices.Alert", dispatch_uid="outbox.alert")
        # A deleted user's routes go with them (on_delete); a saved one's may change.
        post_save.connect(reroute_user, sender=settings.AUTH_USER_MODEL, dispatch_uid="routes.user")


def forget_alert(sender, instance, **kwargs):
    from notices.alerts import forget_alert

    forget_alert(instance)


# What a user's routes depend on (a login, which saves last_login, does not change them).
ROUTED_USER_FIELDS = {"is_active", "email"}


def reroute_user(sender, instance, update_fields=None, raw=False, **kwargs):
    from notices.routing import route_users

    if raw or (update_fields is not None and not ROUTED_USER_FIELDS & set(update_fields)):
        return
    route_users([instance.pk])


def reroute_address(sender, instance, **kwargs):
    from notices.routing import route_users

    if not kwargs.get("raw"):
        route_users([instance.user_id])


def reroute_suppressed(sender, instance, **kwargs):
    from notices.routing import route_users, users_with_address

    if not kwargs.get("raw"):
        route_users(users_with_address(instance.email))


def lift_suppression(sender, request, email_address, **kwargs):
    """An address that refused our mail may receive alerts again once its owner confirms it anew."""
    from notices.alerts import unsuppress

    unsuppress(email_address.email)
