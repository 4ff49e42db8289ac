"""An event's registrations as a table for staff (the CSV of /staff/events/<id>/registrations.csv):
one row per registration, cancelled ones included, with the company's size and ownership, the
sessions chosen, attendance and certificate."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from events import meetings
from events.models import Event, Registration, Session


def registrations_table(event: Event) -> tuple[list[str], list[list]]:
    """(headers, rows), in the reader's language; times in the event's time zone."""
    headers = [
        _("Name"),
        _("E-mail"),
        _("Company"),
        _("Company (Chinese)"),
        _("Registration number"),
        _("Size class"),
        _("Women-owned business"),
        _("Status"),
        _("Place on the waiting list"),
        _("Sessions"),
        _("Registered"),
        _("Attended"),
        _("Certificate"),
        _("Registered by (for a colleague)"),
    ]
    registrations = (
        Registration.objects.filter(event=event)
        .select_related("user", "supplier", "certificate")
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("starts_at")))
        .order_by("status", "position", "created_at", "pk")
    )
    zone = event.zone

    def when(moment):
        return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else ""

    rows = []
    for registration in registrations:
        supplier, certificate = registration.supplier, getattr(registration, "certificate", None)
        rows.append(
            [
                registration.attendee_name or registration.user.name,
                registration.participant_email,
                supplier.legal_name if supplier else "",
                supplier.legal_name_local if supplier else "",
                supplier.registration_number if supplier else "",
                supplier.get_size_class_display() if supplier else "",
                (_("Yes") if supplier.women_owned else _("No")) if supplier else "",
                registration.get_status_display(),
                registration.position or "",
                "; ".join(session.title for session in registration.sessions.all()),
                when(registration.created_at),
                when(registration.attended_at),
                _certificate_state(certificate),
                registration.user.email if registration.for_colleague else "",
            ]
        )
    return headers, rows


def _certificate_state(certificate) -> str:
    if certificate is None:
        return ""
    if certificate.is_revoked:
        return _("%(kind)s, revoked") % {"kind": certificate.get_kind_display()}
    return str(certificate.get_kind_display())


def meetings_table(event: Event) -> tuple[list[str], list[list]]:
    """The fair's meetings for staff: one row per buyer's time and request (a time nobody asked for
    is one row too), in the reader's language; times in the fair's time zone."""
    headers = [
        _("Agency"),
        _("Buyer"),
        _("Start"),
        _("End"),
        _("Table"),
        _("Status"),
        _("Company"),
        _("Company (Chinese)"),
        _("Registration number"),
        _("Participant"),
        _("What they offer"),
        _("Did not come"),
    ]
    zone = event.zone
    rows = []
    for buyer in meetings.fair_overview(event)["buyers"]:
        for slot in buyer.slots.all():
            times = [
                buyer.agency.acronym,
                buyer.user.email,
                slot.starts_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                slot.ends_at.astimezone(zone).strftime("%H:%M"),
                slot.table,
            ]
            asked = list(slot.requests.all())
            if not asked:
                rows.append([*times, _("Free"), "", "", "", "", "", ""])
            for request in asked:
                supplier = request.registration.supplier
                rows.append(
                    [
                        *times,
                        request.get_status_display(),
                        supplier.legal_name if supplier else "",
                        supplier.legal_name_local if supplier else "",
                        supplier.registration_number if supplier else "",
                        request.registration.participant_name,
                        request.offer,
                        _("Yes") if request.no_show else "",
                    ]
                )
    return headers, rows
