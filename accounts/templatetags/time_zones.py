from django import template

from accounts.time_zones import zone_name as _zone_name

register = template.Library()


@register.filter
def zone_name(zone) -> str:
    """{{ "Asia/Shanghai"|zone_name }}: "China (Shanghai) Time", in the reader's language."""
    return _zone_name(zone)
