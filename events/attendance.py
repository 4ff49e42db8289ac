"""Attendance and certificates: staff check participants in at the door (by searching the list or
by scanning the QR code of their confirmation), then issue certificates of attendance or
completion, once per participant and event, and may revoke one.

The check-in link's token is the registration's id and a keyed hash of it: only the portal can
make one, and one link opens one registration."""

from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from events import tasks
from events.models import (
    Certificate,
    CertificateKind,
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
)

CHECK_IN_SALT = "events.check-in"
# The door opens the day before the event starts (early arrivals, a welcome evening) and closes
# the day after it ends (attendance recorded late from a paper list).
CHECK_IN_OPENS = timedelta(days=1)
CHECK_IN_CLOSES = timedelta(days=1)


def check_in_token(registration: Registration) -> str:
    digest = salted_hmac(CHECK_IN_SALT, str(registration.pk)).hexdigest()[:40]
    return f"{registration.pk}-{digest}"


def check_in_url(registration: Registration) -> str:
    """The full address the participant's QR code holds: it opens the check-in for staff."""
    path = reverse("events:check_in_by_token", args=[check_in_token(registration)])
    return settings.SITE_URL + path


def registration_by_token(token: str) -> Registration | None:
    pk, _dash, _digest = (token or "").partition("-")
    if not pk.isdigit():
        return None
    registration = (
        Registration.objects.select_related("event", "user", "supplier").filter(pk=int(pk)).first()
    )
    if registration is None or not constant_time_compare(check_in_token(registration), token):
        return None
    return registration


def participants(event: Event, *, q: str = "") -> QuerySet:
    """The confirmed participants, found by a part of their name, e-mail or company (either of its
    names), in the order of their names."""
    found = event.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related(
        "user", "supplier", "certificate"
    )
    q = (q or "").replace("\x00", "").strip()
    if q:
        found = found.filter(
            Q(attendee_email="", user__name__icontains=q)
            | Q(attendee_email="", user__email__icontains=q)
            | Q(attendee_name__icontains=q)
            | Q(attendee_email__icontains=q)
            | Q(supplier__legal_name__icontains=q)
            | Q(supplier__legal_name_local__icontains=q)
        )
    return found.order_by("user__name", "user__email", "pk")


def attendance_counts(event: Event) -> dict[str, int]:
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED)
    return {
        "confirmed": confirmed.count(),
        "attended": confirmed.filter(attended_at__isnull=False).count(),
    }


def door_is_open(event: Event, *, now: datetime) -> bool:
    return event.starts_at - CHECK_IN_OPENS <= now <= event.ends_at + CHECK_IN_CLOSES


def check_in(registration: Registration, *, by, now: datetime | None = None) -> bool:
    """Record that the participant came; False when they were already checked in (nothing
    changes). Refused, with the reason, for a cancelled event, a registration without a seat, or
    outside the days of the event."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        event = registration.event
        if event.status == EventStatus.CANCELLED:
            raise ValidationError(_("The event is cancelled: nobody can be checked in."))
        if registration.status != RegistrationStatus.CONFIRMED:
            raise ValidationError(
                _(
                    "Only a participant with a seat can be checked in: this registration is “%(status)s”."
                )
                % {"status": registration.get_status_display()}
            )
        if not door_is_open(event, now=now):
            raise ValidationError(
                _("Check-in opens the day before the event and closes the day after it ends.")
            )
        if registration.attended_at is not None:
            return False
        registration.attended_at, registration.checked_in_by = now, by
        registration.save(update_fields=["attended_at", "checked_in_by"])
    return True


def undo_check_in(registration: Registration) -> None:
    """A check-in made by mistake; not once a certificate rests on it."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if Certificate.objects.filter(registration=registration).exists():
            raise ValidationError(
                _("A certificate was issued on this attendance: revoke it instead.")
            )
        registration.attended_at = registration.checked_in_by = None
        registration.save(update_fields=["attended_at", "checked_in_by"])


def issue_certificates(
    event: Event, *, kind: str, by, registrations=None, now: datetime | None = None
) -> list[Certificate]:
    """Certificates of `kind` for the participants checked in (all of them, or the given ones)
    who have none yet; each participant hears of theirs by e-mail. Once per participant and event:
    those who already have one (even revoked) are left as they are."""
    if kind not in CertificateKind.values:
        raise ValidationError(_("Choose attendance or completion."))
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("The event is cancelled: it gives no certificates."))
    attended = event.registrations.filter(
        status=RegistrationStatus.CONFIRMED,
        attended_at__isnull=False,
        certificate__isnull=True,
    )
    if registrations is not None:
        attended = attended.filter(pk__in=[r.pk for r in registrations])
    now = now or timezone.now()
    with transaction.atomic():
        issued = Certificate.objects.bulk_create(
            [
                Certificate(registration=registration, kind=kind, issued_at=now, issued_by=by)
                for registration in attended.select_for_update(of=("self",))
            ]
        )
        for certificate in issued:
            transaction.on_commit(partial(tasks.notify_certificate.delay, certificate.pk))
    return issued


def revoke(certificate: Certificate, *, reason: str, by, now: datetime | None = None) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    if certificate.is_revoked:
        raise ValidationError(_("This certificate is already revoked."))
    certificate.revoked_at, certificate.revoked_by = now or timezone.now(), by
    certificate.revocation_reason = reason
    certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])


def certificate_by_token(token: str) -> Certificate | None:
    return (
        Certificate.objects.select_related(
            "registration__event", "registration__user", "registration__supplier"
        )
        .filter(token=token)
        .first()
    )


def certificates_of(user) -> QuerySet:
    """A person's certificates, newest first (revoked ones too: they say so)."""
    return Certificate.objects.filter(registration__user=user).select_related("registration__event")
