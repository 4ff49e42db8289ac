"""Public pages of the events: the list, an event (its sessions, seats, registration), its
calendar file; registering, cancelling a registration and choosing sessions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core import qr
from core.forms import add_domain_error, error_text
from events import attendance, calendar, listing, registration, reminders
from events.access import visible_event_or_404
from events.forms import ColleagueForm, SessionChoiceForm
from events.models import Certificate, RegistrationStatus


@require_GET
def event_list(request):
    events = listing.EventFilter(request.GET, queryset=listing.public_events())
    page = Paginator(events.qs, listing.PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "events/list.html", {"filter": events, "page": page})


@require_GET
def event_detail(request, pk):
    event = visible_event_or_404(request.user, pk)
    return render(request, "events/detail.html", detail_context(request, event))


def detail_context(request, event, **forms) -> dict:
    """What an event's page shows this reader (the staff preview shows the same)."""
    mine = registration.active_registration(event, request.user)
    seated = mine is not None and mine.status == RegistrationStatus.CONFIRMED
    return {
        "event": event,
        "sessions": event.sessions.all(),
        "seats_left": registration.seats_left(event),
        "registration": mine,
        "place_in_line": registration.place_in_line(mine) if mine else None,
        "seated": seated,
        "refusal": None if mine else registration.refusal(event, request.user),
        "must_sign_in": not request.user.is_authenticated and registration.is_open(event),
        "session_form": forms.get("session_form")
        or (
            SessionChoiceForm(event=event, initial={"sessions": mine.sessions.all()})
            if seated
            else None
        ),
        "now": timezone.now(),
        "colleagues": registration.colleagues_registered_by(event, request.user).select_related(
            "certificate"
        ),
        "colleague_form": forms.get("colleague_form")
        or (ColleagueForm() if registration.may_register_colleagues(event, request.user) else None),
        **_attendance_context(mine, seated=seated),
    }


def _attendance_context(mine, *, seated: bool) -> dict:
    """A participant's QR code for the door (until the event is over) and their certificate."""
    if not seated:
        return {}
    certificate = Certificate.objects.filter(registration=mine).first()
    show_code = certificate is None and mine.attended_at is None
    show_code = show_code and timezone.now() <= mine.event.ends_at
    return {
        "certificate": certificate,
        "check_in_qr": mark_safe(qr.svg(attendance.check_in_url(mine))) if show_code else None,  # noqa: S308  # nosec B308 B703 - an SVG the qrcode library wrote from our own URL
    }


@require_GET
def event_calendar(request, pk):
    event = visible_event_or_404(request.user, pk)
    url = request.build_absolute_uri(event.get_absolute_url())
    response = HttpResponse(
        calendar.ics_for(event, url=url, now=timezone.now()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@login_required
@require_POST
def register(request, pk):
    event = visible_event_or_404(request.user, pk)
    try:
        made = registration.register(event=event, user=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        if made.status == RegistrationStatus.CONFIRMED:
            messages.success(request, _("You are registered: we have e-mailed you the details."))
        else:
            messages.success(
                request,
                _("The event is full: you are number %(position)s on the waiting list.")
                % {"position": registration.place_in_line(made)},
            )
    return redirect(event)


@login_required
@require_POST
def cancel_registration(request, pk):
    event = visible_event_or_404(request.user, pk)
    mine = registration.active_registration(event, request.user)
    if mine is None:
        messages.error(request, _("You are not registered for this event."))
    else:
        registration.cancel(mine)
        messages.success(request, _("Your registration is cancelled."))
    return redirect(event)


@login_required
@require_POST
def choose_sessions(request, pk):
    event = visible_event_or_404(request.user, pk)
    mine = registration.active_registration(event, request.user)
    form = SessionChoiceForm(request.POST, event=event)
    if mine is not None and form.is_valid():
        try:
            registration.choose_sessions(mine, sessions=form.cleaned_data["sessions"])
        except ValidationError as error:
            form.add_error("sessions", error)
        else:
            messages.success(request, _("Your sessions are saved."))
            return redirect(event)
    if mine is None:
        messages.error(request, _("You are not registered for this event."))
        return redirect(event)
    context = detail_context(request, event, session_form=form)
    return render(request, "events/detail.html", context, status=400)


@login_required
@require_POST
def set_reminders(request, pk):
    """The participant turns the event's reminders off (on=0) or on again (on=1)."""
    event = visible_event_or_404(request.user, pk)
    mine = registration.active_registration(event, request.user)
    if mine is None or mine.status != RegistrationStatus.CONFIRMED:
        messages.error(request, _("Only a participant with a seat receives reminders."))
        return redirect(event)
    on = request.POST.get("on") == "1"
    reminders.set_reminders(mine, on=on)
    if on:
        messages.success(request, _("We will e-mail you reminders before the event."))
    else:
        messages.success(request, _("You will receive no more reminders of this event."))
    return redirect(event)


@login_required
@require_POST
def register_colleague(request, pk):
    event = visible_event_or_404(request.user, pk)
    form = ColleagueForm(request.POST)
    if form.is_valid():
        try:
            made = registration.register_colleague(
                event=event, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _colleague_registered(made))
            return redirect(event)
    context = detail_context(request, event, colleague_form=form)
    return render(request, "events/detail.html", context, status=400)


def _colleague_registered(made) -> str:
    values = {"name": made.attendee_name, "email": made.attendee_email}
    if made.status == RegistrationStatus.CONFIRMED:
        return _("%(name)s is registered: we have e-mailed the details to %(email)s.") % values
    values["position"] = registration.place_in_line(made)
    return _("The event is full: %(name)s is number %(position)s on the waiting list.") % values


@login_required
@require_POST
def cancel_colleague(request, pk, registration_id):
    event = visible_event_or_404(request.user, pk)
    theirs = get_object_or_404(
        registration.colleagues_registered_by(event, request.user), pk=registration_id
    )
    registration.cancel(theirs)
    messages.success(
        request,
        _("The registration of %(name)s is cancelled.") % {"name": theirs.attendee_name},
    )
    return redirect(event)
