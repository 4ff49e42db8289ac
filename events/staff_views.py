"""The events area of program staff (`/staff/events/`): list, create, edit (a draft) or amend (a
published event), publish, cancel. Anonymous visitors are sent to log in; other users get 403."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import program_staff_required
from core.forms import add_domain_error, error_text
from core.spreadsheets import csv_response
from events import exports, invitations, publishing, registration
from events.forms import CancelForm, EventForm, InvitationForm, SessionForm
from events.models import Eligibility, Event, EventStatus, Invitation, RegistrationStatus

PER_PAGE = 25


@program_staff_required
@require_GET
def staff_list(request):
    status = request.GET.get("status", "")
    events = Event.objects.order_by("-starts_at", "-pk")
    if status in EventStatus.values:
        events = events.filter(status=status)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": EventStatus.choices}
    return render(request, "events/staff/list.html", context)


@program_staff_required
@require_http_methods(["GET", "POST"])
def staff_create(request):
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = publishing.create_draft(values=form.event_values(), by=request.user)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The draft is saved. Check it, then publish it."))
            return redirect("events:staff_detail", pk=event.pk)
    return render(request, "events/staff/form.html", {"form": form, "event": None})


@program_staff_required
@require_GET
def staff_detail(request, pk):
    event = get_object_or_404(Event, pk=pk)
    return render(request, "events/staff/detail.html", _detail_context(event))


def _detail_context(event, session_form=None, invitation_form=None) -> dict:
    by_invitation = event.eligibility == Eligibility.INVITATION
    return {
        "event": event,
        "invitations": invitations.invitations_of(event) if by_invitation else None,
        "invitation_form": invitation_form or (InvitationForm() if by_invitation else None),
        "session_form": session_form or SessionForm(event=event),
        "sessions": event.sessions.all(),
        "seats_left": registration.seats_left(event),
        "registrations": event.registrations.select_related(
            "user", "supplier", "certificate"
        ).order_by("status", "position", "created_at"),
        "amendments": event.amendments.all(),
    }


@program_staff_required
@require_POST
def staff_add_session(request, pk):
    event = get_object_or_404(Event, pk=pk)
    form = SessionForm(request.POST, event=event)
    if form.is_valid():
        try:
            publishing.add_session(event, values=form.session_values())
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The session is added."))
            return redirect("events:staff_detail", pk=pk)
    context = _detail_context(event, session_form=form)
    return render(request, "events/staff/detail.html", context, status=400)


@program_staff_required
@require_http_methods(["GET", "POST"])
def staff_edit(request, pk):
    """A draft is edited freely; a published event is amended, with a note for the registrants."""
    event = get_object_or_404(Event, pk=pk)
    if event.status == EventStatus.CANCELLED:
        messages.error(request, _("A cancelled event can no longer be changed."))
        return redirect("events:staff_detail", pk=pk)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = publishing.edit(
                event,
                values=form.event_values(),
                note=form.cleaned_data.get("note", ""),
                by=request.user,
            )
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            done = (
                _("The draft is saved.") if amendment is None else _("The amendment is published.")
            )
            messages.success(request, done)
            return redirect("events:staff_detail", pk=pk)
    return render(request, "events/staff/form.html", {"form": form, "event": event})


@program_staff_required
@require_POST
def staff_publish(request, pk):
    event = get_object_or_404(Event, pk=pk)
    try:
        publishing.publish(event, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The event is published."))
    return redirect("events:staff_detail", pk=pk)


@program_staff_required
@require_http_methods(["GET", "POST"])
def staff_cancel(request, pk):
    event = get_object_or_404(Event, pk=pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            publishing.cancel(event, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The event is cancelled; the registrants are told."))
            return redirect("events:staff_detail", pk=pk)
    return render(request, "events/staff/cancel.html", {"form": form, "event": event})


@program_staff_required
@require_GET
def staff_registrations_csv(request, pk):
    event = get_object_or_404(Event, pk=pk)
    headers, rows = exports.registrations_table(event)
    return csv_response(filename=f"registrations-{event.pk}.csv", headers=headers, rows=rows)


@program_staff_required
@require_POST
def staff_invite(request, pk):
    event = get_object_or_404(Event, pk=pk)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            new = invitations.invite(
                event=event,
                text=form.cleaned_data["addresses"],
                language=form.cleaned_data["language"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("addresses", error)
        else:
            messages.success(request, _invited_message(event, len(new)))
            return redirect("events:staff_detail", pk=pk)
    context = _detail_context(event, invitation_form=form)
    return render(request, "events/staff/detail.html", context, status=400)


def _invited_message(event, count: int) -> str:
    if count == 0:
        return _("These addresses were already invited: nothing was sent.")
    if event.status == EventStatus.DRAFT:
        return ngettext(
            "%(count)d address invited; the e-mail leaves when the event is published.",
            "%(count)d addresses invited; the e-mails leave when the event is published.",
            count,
        ) % {"count": count}
    return ngettext(
        "%(count)d address invited; the e-mail is on its way.",
        "%(count)d addresses invited; the e-mails are on their way.",
        count,
    ) % {"count": count}


@program_staff_required
@require_POST
def staff_withdraw_invitation(request, pk, invitation_id):
    invitation = get_object_or_404(Invitation, pk=invitation_id, event_id=pk)
    try:
        invitations.withdraw(invitation)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("The invitation of %(email)s is withdrawn.") % {"email": invitation.email}
        )
    return redirect("events:staff_detail", pk=pk)


@program_staff_required
@require_POST
def staff_give_seat(request, pk, registration_id):
    event = get_object_or_404(Event, pk=pk)
    waiting = get_object_or_404(
        event.registrations.select_related("user"),
        pk=registration_id,
        status=RegistrationStatus.WAITING,
    )
    capacity = event.capacity
    try:
        registration.give_seat(waiting, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        event.refresh_from_db()
        done = _("%(name)s has a seat and is told by e-mail.") % {"name": waiting.participant_name}
        if event.capacity > capacity:
            done += " " + _("The event now has %(count)d seats.") % {"count": event.capacity}
        messages.success(request, done)
    return redirect("events:staff_detail", pk=pk)
