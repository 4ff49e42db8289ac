"""Keeping derived data in step: an alert's routes (`routes`) follow its owner and their address,
which allauth and the admin change without the pipeline's knowledge. These receivers, connected by
NoticesConfig.ready, are the pipeline's one hook on the accounts; the nightly `rebuild_routes`
repairs anything that went around them. An address confirmed again lifts its suppression."""

from notices.alerts import reachability, routes

# What a user's routes depend on (a login, which saves last_login, does not change them).
ROUTED_USER_FIELDS = {"is_active", "email"}


def reroute_user(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or (update_fields is not None and not ROUTED_USER_FIELDS & set(update_fields)):
        return
    routes.route_users([instance.pk])


def reroute_address(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        routes.route_users([instance.user_id])


def reroute_suppressed(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        routes.route_users(reachability.users_with_address(instance.email))


def lift_suppression(sender, request, email_address, **kwargs):
    """An address that refused our mail may receive alerts again once its owner confirms it anew."""
    reachability.unsuppress(email_address.email)
