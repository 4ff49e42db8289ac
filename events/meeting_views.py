"""The pages of meetings at fairs: for a participant, "Meet a buyer" on the fair (the buyers'
slots, their own requests, a request form); for a buyer, "My meetings" in the staff area (the
requests for their own slots, to accept or decline, and a no-show to record)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.forms import error_text
from events import meetings
from events.access import visible_event_or_404
from events.models import EventKind, MeetingRequest, MeetingSlot, MeetingStatus


def _fair_or_404(user, pk):
    event = visible_event_or_404(user, pk)
    if event.kind != EventKind.FAIR:
        raise Http404
    return event


@login_required
@require_GET
def meet_buyer(request, pk):
    return _meet_page(request, _fair_or_404(request.user, pk))


def _meet_page(request, event, *, status=200, error="", offer=""):
    slots = (
        MeetingSlot.objects.filter(buyer__event=event)
        .select_related("buyer__agency")
        .order_by("starts_at", "buyer__agency__acronym")
    )
    taken = set(
        MeetingRequest.objects.filter(
            slot__buyer__event=event, status=MeetingStatus.ACCEPTED
        ).values_list("slot_id", flat=True)
    )
    context = {
        "event": event,
        "slots": slots,
        "taken": taken,
        "mine": meetings.requests_of_supplier(event=event, user=request.user),
        "error": error,
        "offer": offer,
    }
    return render(request, "events/meet.html", context, status=status)


@login_required
@require_POST
def request_meeting(request, pk, slot_id):
    event = _fair_or_404(request.user, pk)
    slot = get_object_or_404(MeetingSlot, pk=slot_id, buyer__event=event)
    offer = request.POST.get("offer", "")
    try:
        meetings.request_meeting(slot=slot, user=request.user, offer=offer)
    except ValidationError as error:
        return _meet_page(request, event, status=400, error=error_text(error), offer=offer)
    messages.success(request, _("Your request is sent to the buyer."))
    return redirect("events:meet", pk=event.pk)


def _buyer_required(request):
    if not request.user.is_staff:
        raise PermissionDenied


@login_required
@require_GET
def my_meetings(request):
    _buyer_required(request)
    requests = meetings.requests_for_buyer(user=request.user).order_by("slot__starts_at", "id")
    return render(request, "events/staff/my_meetings.html", {"requests": requests})


@login_required
@require_POST
def decide_meeting(request, request_id):
    _buyer_required(request)
    asked = get_object_or_404(MeetingRequest, pk=request_id, slot__buyer__user=request.user)
    accept = request.POST.get("accept") == "1"
    try:
        meetings.decide(asked, by=request.user, accept=accept, note=request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The meeting is accepted.") if accept else _("Declined."))
    return redirect("events:my_meetings")


@login_required
@require_POST
def record_no_show(request, request_id):
    _buyer_required(request)
    asked = get_object_or_404(MeetingRequest, pk=request_id, slot__buyer__user=request.user)
    try:
        meetings.record_no_show(asked, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Recorded: the supplier did not come."))
    return redirect("events:my_meetings")
