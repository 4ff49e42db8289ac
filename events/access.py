"""Who may see which event: the one access helper of the events app."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.roles import is_program_staff
from events.models import Event, EventStatus


def visible_event_or_404(user, pk: int) -> Event:
    """Published and cancelled events are public; drafts exist only for program staff, and are a
    404 to everyone else, as if they did not exist."""
    event = get_object_or_404(Event, pk=pk)
    if event.status == EventStatus.DRAFT and not is_program_staff(user):
        raise Http404
    return event
