"""Attendance and certificates (the rules are events.attendance's): staff check participants in
at the door (`/staff/events/<id>/check-in/`, or the QR code's `/staff/events/check-in/<token>/`),
issue and revoke certificates; a participant downloads theirs as a PDF; anyone checks one at
`/certificates/<token>/`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import is_program_staff, program_staff_required
from core.forms import error_text
from events import attendance, certificate_pdf
from events.models import Certificate, CertificateKind, Event

PER_PAGE = 50


@program_staff_required
@require_GET
def check_in_list(request, pk):
    """The door's page: the participants, found by name, e-mail or company; a button each."""
    event = get_object_or_404(Event, pk=pk)
    q = request.GET.get("q", "").strip()
    page = Paginator(attendance.participants(event, q=q), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "event": event,
        "q": q,
        "page": page,
        "counts": attendance.attendance_counts(event),
        "door_open": attendance.door_is_open(event, now=timezone.now()),
        "kinds": CertificateKind.choices,
    }
    return render(request, "events/staff/check_in.html", context)


@program_staff_required
@require_POST
def check_in(request, pk):
    event = get_object_or_404(Event, pk=pk)
    registration = get_object_or_404(
        event.registrations.select_related("user"), pk=request.POST.get("registration") or 0
    )
    person = registration.participant_name
    try:
        if request.POST.get("undo"):
            attendance.undo_check_in(registration)
            messages.success(request, _("%(person)s is no longer checked in.") % {"person": person})
        elif attendance.check_in(registration, by=request.user):
            messages.success(request, _("%(person)s is checked in.") % {"person": person})
        else:
            messages.info(request, _("%(person)s was already checked in.") % {"person": person})
    except ValidationError as error:
        messages.error(request, error_text(error))
    query = {"q": request.POST["q"]} if request.POST.get("q") else {}
    url = reverse("events:check_in_list", args=[event.pk])
    return redirect(f"{url}?{urlencode(query)}" if query else url)


@program_staff_required
@require_http_methods(["GET", "POST"])
def check_in_by_token(request, token):
    """What scanning a participant's QR code opens: who they are, and one button."""
    registration = attendance.registration_by_token(token)
    if registration is None:
        raise Http404
    if request.method == "POST":
        try:
            if attendance.check_in(registration, by=request.user):
                messages.success(request, _("Checked in."))
            else:
                messages.info(request, _("Already checked in."))
        except ValidationError as error:
            messages.error(request, error_text(error))
        return redirect("events:check_in_by_token", token=token)
    registration.refresh_from_db()
    return render(
        request,
        "events/staff/check_in_person.html",
        {"registration": registration, "event": registration.event, "token": token},
    )


@program_staff_required
@require_POST
def issue_certificates(request, pk):
    event = get_object_or_404(Event, pk=pk)
    chosen = request.POST.get("registration")
    registrations = [get_object_or_404(event.registrations, pk=chosen)] if chosen else None
    try:
        issued = attendance.issue_certificates(
            event, kind=request.POST.get("kind", ""), by=request.user, registrations=registrations
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        if issued:
            messages.success(
                request,
                _("%(count)s certificates issued; each participant is told by e-mail.")
                % {"count": len(issued)},
            )
        else:
            messages.info(request, _("Everyone checked in already has a certificate."))
    return redirect("events:check_in_list", pk=event.pk)


@program_staff_required
@require_http_methods(["GET", "POST"])
def revoke_certificate(request, pk):
    certificate = get_object_or_404(
        Certificate.objects.select_related("registration__event", "registration__user"), pk=pk
    )
    error = None
    if request.method == "POST":
        try:
            attendance.revoke(certificate, reason=request.POST.get("reason", ""), by=request.user)
        except ValidationError as refused:
            error = error_text(refused)
        else:
            messages.success(request, _("The certificate is revoked."))
            return redirect("events:check_in_list", pk=certificate.registration.event_id)
    return render(
        request,
        "events/staff/revoke_certificate.html",
        {"certificate": certificate, "error": error, "reason": request.POST.get("reason", "")},
    )


@require_GET
def verify(request, token):
    """Public: whether a certificate is genuine, with the name, the event and the date only."""
    certificate = attendance.certificate_by_token(token)
    if certificate is None:
        raise Http404
    return render(request, "events/certificate_verify.html", {"certificate": certificate})


@login_required
@require_GET
def download(request, pk):
    """The participant's certificate as a PDF in their language (program staff may download any)."""
    certificate = get_object_or_404(
        Certificate.objects.select_related(
            "registration__event", "registration__user", "registration__supplier"
        ),
        pk=pk,
    )
    owner = certificate.registration.user_id == request.user.pk
    if not (owner or is_program_staff(request.user)):
        raise Http404
    if certificate.is_revoked:
        messages.error(request, _("This certificate was revoked."))
        return redirect(certificate.registration.event.get_absolute_url())
    language = certificate.registration.user.language if owner else translation.get_language()
    try:
        pdf = certificate_pdf.certificate_pdf(certificate, language=language)
    except certificate_pdf.PdfUnavailable:
        messages.error(
            request,
            _("Certificates cannot be made into PDFs on this server yet; please try again later."),
        )
        return redirect(certificate.registration.event.get_absolute_url())
    response = HttpResponse(pdf, content_type="application/pdf")
    name = certificate_pdf.file_name(certificate)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
