"""The events of a company, for the site's templates that show its record (the supplier's page in
the admin): the suppliers app does not know events; the template composes the two."""

from django import template

from events import registration

register = template.Library()


@register.simple_tag
def latest_registrations_of_company(supplier):
    return registration.latest_registrations_of_company(supplier)
