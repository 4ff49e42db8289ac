"""The pages of meetings at fairs: for a participant, "Meet a buyer" on the fair (the buyers'
slots, their own requests, a request form); for a buyer, "My meetings" in the staff area (the
requests for their own slots, to accept or decline, and a no-show to record)."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import program_staff_required
from core.forms import add_domain_error, error_text
from core.spreadsheets import csv_response
from events import exports, meetings
from events.access import visible_event_or_404
from events.forms import BuyerForm, SlotForm
from events.models import Buyer, Event, EventKind, MeetingRequest, MeetingSlot, MeetingStatus


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
    return _my_meetings_page(request)


def _my_meetings_page(request, *, bound=None, status=200):
    """The buyer's requests to answer, and at each fair where they are a buyer their times, with
    the form to publish another (`bound`: the one just sent back with its errors)."""
    requests = meetings.requests_for_buyer(user=request.user).order_by("slot__starts_at", "id")
    desks = list(meetings.buyer_desks(request.user))
    for desk in desks:
        desk.form = bound if bound and bound.desk == desk.pk else SlotForm(event=desk.event)
        for slot in desk.slots.all():
            slot.waiting, slot.accepted = meetings.slot_answers(slot)
    context = {"requests": requests, "desks": desks}
    return render(request, "events/staff/my_meetings.html", context, status=status)


@login_required
@require_POST
def publish_slot(request, buyer_id):
    _buyer_required(request)
    desk = get_object_or_404(Buyer.objects.select_related("event"), pk=buyer_id, user=request.user)
    form = SlotForm(request.POST, event=desk.event)
    form.desk = desk.pk
    if form.is_valid():
        try:
            meetings.publish_slot(buyer=desk, **form.cleaned_data)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("Your time is published: suppliers at the fair can ask for it.")
            )
            return redirect("events:my_meetings")
    return _my_meetings_page(request, bound=form, status=400)


@login_required
@require_POST
def withdraw_slot(request, slot_id):
    _buyer_required(request)
    slot = get_object_or_404(MeetingSlot, pk=slot_id, buyer__user=request.user)
    withdraw = partial(meetings.withdraw_slot, slot, by=request.user)
    return _buyer_did(request, withdraw, done=_("The time is withdrawn."))


@login_required
@require_POST
def decide_meeting(request, request_id):
    _buyer_required(request)
    asked = get_object_or_404(MeetingRequest, pk=request_id, slot__buyer__user=request.user)
    accept = request.POST.get("accept") == "1"
    note = request.POST.get("note", "")
    decide = partial(meetings.decide, asked, by=request.user, accept=accept, note=note)
    done = _("The meeting is accepted.") if accept else _("Declined.")
    return _buyer_did(request, decide, done=done)


@login_required
@require_POST
def record_no_show(request, request_id):
    _buyer_required(request)
    asked = get_object_or_404(MeetingRequest, pk=request_id, slot__buyer__user=request.user)
    record = partial(meetings.record_no_show, asked, by=request.user)
    return _buyer_did(request, record, done=_("Recorded: the supplier did not come."))


def _buyer_did(request, action, *, done: str):
    """A buyer's action from My meetings: its refusal, or `done`, as the message; back there."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, done)
    return redirect("events:my_meetings")


@program_staff_required
@require_POST
def add_buyer(request, pk):
    event = get_object_or_404(Event, pk=pk, kind=EventKind.FAIR)
    form = BuyerForm(request.POST)
    if form.is_valid():
        try:
            meetings.add_buyer(event=event, user=form.user, agency=form.cleaned_data["agency"])
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request,
                _("%(email)s is a buyer of %(agency)s at this fair.")
                % {"email": form.user.email, "agency": form.cleaned_data["agency"].acronym},
            )
    else:
        messages.error(
            request, error_text(error for errors in form.errors.values() for error in errors)
        )
    return redirect("events:fair_meetings", pk=pk)


@program_staff_required
@require_GET
def fair_meetings(request, pk):
    event = get_object_or_404(Event, pk=pk, kind=EventKind.FAIR)
    context = {"event": event, "buyer_form": BuyerForm(), **meetings.fair_overview(event)}
    return render(request, "events/staff/fair_meetings.html", context)


@program_staff_required
@require_GET
def fair_meetings_csv(request, pk):
    event = get_object_or_404(Event, pk=pk, kind=EventKind.FAIR)
    headers, rows = exports.meetings_table(event)
    return csv_response(filename=f"meetings-{event.pk}.csv", headers=headers, rows=rows)
