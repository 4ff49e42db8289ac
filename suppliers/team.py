"""Colleagues on a company's account (suppliers.models.team): inviting them by e-mail, accepting
an invitation, roles, handing the ownership over, removing people, and the requests of people who
found their company already registered.

An invitation is accepted by a signed-in account that has confirmed the invited address (allauth's
confirmation, as for any address): the link alone proves nothing about who opens it, since e-mails
are forwarded and scanned. So the link works only for its address, once, and for
INVITATION_DAYS; sending it again draws a new link and the earlier one stops working.

E-mails leave once the transaction has committed (suppliers.tasks)."""

import secrets
from datetime import datetime, timedelta
from functools import partial

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from accounts.confirmation import confirmed_addresses, has_confirmed
from suppliers.models import (
    MEMBER_ROLES,
    Invitation,
    InvitationStatus,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    Supplier,
    TeamRole,
)

INVITATION_DAYS = 14
LINK_SALT = "suppliers.team.invitation"  # a salt, not a secret: the secret is SECRET_KEY
# How many companies one person may be waiting to hear from at once (the owners are e-mailed).
MAX_PENDING_REQUESTS = 3
# The portal e-mails addresses that have no account: an owner's account must not become a way to
# send mail to anyone, so a company has this many invitations waiting at most, and one invitation
# is sent again once in SEND_AGAIN_AFTER at most.
MAX_PENDING_INVITATIONS = 20
SEND_AGAIN_AFTER = timedelta(minutes=10)


def token_of(invitation: Invitation) -> str:
    """The secret part of the invitation's link: its id and a keyed hash of its nonce."""
    digest = salted_hmac(LINK_SALT, f"{invitation.pk}:{invitation.nonce}").hexdigest()
    return f"{invitation.pk}-{digest}"


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation whose link carries `token` (in any status), or None for a forged or an
    outdated link (one sent again since)."""
    pk, _dash, _digest = token.partition("-")
    if not pk.isdigit():
        return None
    invitation = (
        Invitation.objects.select_related("supplier", "invited_by").filter(pk=int(pk)).first()
    )
    if invitation is None or not constant_time_compare(token_of(invitation), token):
        return None
    return invitation


def is_expired(invitation: Invitation, *, now: datetime | None = None) -> bool:
    return invitation.expires_at <= (now or timezone.now())


def people_of(supplier: Supplier) -> list[Membership]:
    """The company's members (not its owner), oldest first, with their accounts."""
    return list(supplier.memberships.select_related("user"))


def pending_invitations(supplier: Supplier) -> list[Invitation]:
    return list(supplier.invitations.filter(status=InvitationStatus.PENDING))


def pending_requests(supplier: Supplier) -> list[JoinRequest]:
    return list(
        supplier.join_requests.filter(status=JoinRequestStatus.PENDING).select_related("user")
    )


def invitations_for(user) -> list[Invitation]:
    """Pending, unexpired invitations to the user's confirmed addresses (their workspace lists
    them until they accept, whichever browser they signed up in)."""
    addresses = Q()
    for address in confirmed_addresses(user):
        addresses |= Q(email__iexact=address)
    if not addresses:
        return []
    return list(
        Invitation.objects.filter(
            addresses, status=InvitationStatus.PENDING, expires_at__gt=timezone.now()
        ).select_related("supplier")
    )


def _belongs_anywhere(user) -> bool:
    return (
        Supplier.objects.filter(owner=user).exists()
        or Membership.objects.filter(user=user).exists()
    )


def _address_on_team(supplier: Supplier, email: str) -> bool:
    users = get_user_model().objects.filter(email__iexact=email)
    return (
        supplier.owner.email.lower() == email.lower()
        or supplier.memberships.filter(user__in=users).exists()
    )


def _check_role(role: str) -> None:
    if role not in MEMBER_ROLES:
        raise ValidationError(_("Choose editor or viewer."), code="role")


@transaction.atomic
def invite(*, supplier: Supplier, email: str, role: str, language: str, by) -> Invitation:
    """Invite `email` to the company as an editor or a viewer; the e-mail, in `language`, leaves
    once committed. Refused for a person already on the team or an address already invited."""
    _check_role(role)
    email = email.strip()
    locked = Supplier.objects.select_for_update().get(pk=supplier.pk)
    if _address_on_team(locked, email):
        raise ValidationError(
            _("%(email)s is already on your team."), code="on_team", params={"email": email}
        )
    pending = locked.invitations.filter(status=InvitationStatus.PENDING)
    if pending.count() >= MAX_PENDING_INVITATIONS:
        raise ValidationError(
            _("%(count)d invitations are waiting already: withdraw some before inviting more."),
            code="too_many_invitations",
            params={"count": MAX_PENDING_INVITATIONS},
        )
    if pending.filter(email__iexact=email).exists():
        raise ValidationError(
            _("%(email)s is already invited: send the invitation again from the list below."),
            code="invited",
            params={"email": email},
        )
    now = timezone.now()
    invitation = Invitation.objects.create(
        supplier=locked,
        email=email,
        role=role,
        language=language,
        invited_by=by,
        nonce=secrets.token_hex(16),
        sent_at=now,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    _send_on_commit(invitation)
    return invitation


def _send_on_commit(invitation: Invitation) -> None:
    from suppliers.tasks import send_invitation

    transaction.on_commit(partial(send_invitation.delay, invitation.pk))


def _locked_pending(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.status != InvitationStatus.PENDING:
        raise ValidationError(
            _("This invitation was already accepted or withdrawn."), code="not_pending"
        )
    return locked


@transaction.atomic
def send_again(*, invitation: Invitation) -> Invitation:
    """A new link, valid INVITATION_DAYS from now, e-mailed again; the earlier link stops working."""
    locked = _locked_pending(invitation)
    now = timezone.now()
    if now - locked.sent_at < SEND_AGAIN_AFTER:
        raise ValidationError(
            _(
                "This invitation was sent a few minutes ago; you can send it again after %(minutes)d minutes."
            ),
            code="sent_lately",
            params={"minutes": SEND_AGAIN_AFTER.seconds // 60},
        )
    locked.nonce = secrets.token_hex(16)
    locked.sent_at, locked.expires_at = now, now + timedelta(days=INVITATION_DAYS)
    locked.save(update_fields=["nonce", "sent_at", "expires_at"])
    _send_on_commit(locked)
    return locked


@transaction.atomic
def withdraw(*, invitation: Invitation) -> Invitation:
    """The owner takes a pending invitation back: its link stops working."""
    locked = _locked_pending(invitation)
    locked.status, locked.decided_at = InvitationStatus.WITHDRAWN, timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    return locked


def refusal(invitation: Invitation, user) -> str | None:
    """Why `user` may not accept the invitation now, in words for them; None when they may."""
    if invitation.status == InvitationStatus.ACCEPTED:
        return str(_("This invitation has already been used. Each link works once."))
    if invitation.status == InvitationStatus.WITHDRAWN:
        return str(_("This invitation was withdrawn by the company's owner."))
    if is_expired(invitation):
        return str(_("This invitation has expired. Ask the company's owner to send it again."))
    if not has_confirmed(user, invitation.email):
        return str(
            _(
                "This invitation was sent to %(email)s, which is not a confirmed address of the "
                "account you are signed in with. Sign in with that address, or add it to your "
                "account and confirm it, then open the link again."
            )
            % {"email": invitation.email}
        )
    if _belongs_anywhere(user):
        return str(
            _(
                "Your account already belongs to a company; a person belongs to one company at "
                "most. Ask its owner to remove you first."
            )
        )
    return None


@transaction.atomic
def accept(*, invitation: Invitation, user) -> Membership:
    """The invited person joins the company with the invitation's role. The user's row is locked
    first, so that two invitations accepted at once cannot make them a member twice."""
    get_user_model().objects.select_for_update().get(pk=user.pk)
    locked = Invitation.objects.select_for_update().select_related("supplier").get(pk=invitation.pk)
    if reason := refusal(locked, user):
        raise ValidationError(reason, code="refused")
    membership = Membership.objects.create(
        supplier=locked.supplier, user=user, role=locked.role, added_by=locked.invited_by
    )
    now = timezone.now()
    locked.status, locked.accepted_by, locked.decided_at = InvitationStatus.ACCEPTED, user, now
    locked.save(update_fields=["status", "accepted_by", "decided_at"])
    locked.supplier.join_requests.filter(user=user, status=JoinRequestStatus.PENDING).update(
        status=JoinRequestStatus.INVITED, decided_at=now
    )
    return membership


@transaction.atomic
def change_role(*, membership: Membership, role: str) -> Membership:
    _check_role(role)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove(*, membership: Membership) -> None:
    """The person leaves the company; their own alerts, follows and language stay theirs."""
    membership.delete()


def leave(*, user) -> Supplier:
    """The user leaves the company they are a colleague on (their alerts, follows and language
    stay theirs; the company's interests and questions stay the company's). The owner cannot
    leave: the company always has one, so they hand the ownership to a colleague first."""
    if Supplier.objects.filter(owner=user).exists():
        raise ValidationError(
            _(
                "You own this company's account: hand the ownership to a colleague on the Team "
                "page first, then you can leave."
            ),
            code="owner",
        )
    membership = Membership.objects.select_related("supplier").filter(user=user).first()
    if membership is None:
        raise ValidationError(_("You are on no company's team."), code="none")
    membership.delete()
    return membership.supplier


@transaction.atomic
def transfer_ownership(*, supplier: Supplier, to: Membership) -> Supplier:
    """`to` becomes the owner and the owner an editor, in one transaction: the company never has
    two owners nor none (Supplier.owner), and nobody is both owner and member."""
    locked = Supplier.objects.select_for_update().select_related("owner").get(pk=supplier.pk)
    member = (
        Membership.objects.select_for_update().select_related("user").get(pk=to.pk, supplier=locked)
    )
    previous, new_owner = locked.owner, member.user
    member.delete()
    locked.owner = new_owner
    locked.save(update_fields=["owner", "updated_at"])
    Membership.objects.create(
        supplier=locked, user=previous, role=TeamRole.EDITOR, added_by=new_owner
    )
    supplier.owner = new_owner
    return locked


@transaction.atomic
def request_invitation(*, user, supplier: Supplier) -> tuple[JoinRequest, bool]:
    """`user`, who found their company registered, asks its owner for an invitation; the owner is
    e-mailed once committed. One pending request per person and company: asking again returns
    the pending one (False: nothing new was sent)."""
    get_user_model().objects.select_for_update().get(pk=user.pk)
    if _belongs_anywhere(user):
        raise ValidationError(
            _(
                "Your account already belongs to a company; a person belongs to one company at most."
            ),
            code="has_company",
        )
    pending = supplier.join_requests.filter(user=user, status=JoinRequestStatus.PENDING).first()
    if pending is not None:
        return pending, False
    waiting = JoinRequest.objects.filter(user=user, status=JoinRequestStatus.PENDING).count()
    if waiting >= MAX_PENDING_REQUESTS:
        raise ValidationError(
            _("You have %(count)d requests waiting for an answer already; wait for them first."),
            code="too_many_requests",
            params={"count": waiting},
        )
    join_request = JoinRequest.objects.create(supplier=supplier, user=user)
    transaction.on_commit(partial(_send_join_request, join_request.pk))
    return join_request, True


def _send_join_request(pk: int) -> None:
    from suppliers.tasks import send_join_request

    send_join_request.delay(pk)


def requested_company(*, country: str, registration_number: str) -> Supplier | None:
    """The company registered under this number in this country (as typed: spaces and case do not
    matter), if any."""
    number = "".join((registration_number or "").split()).upper()
    if not number:
        return None
    return Supplier.objects.filter(country=country, registration_number=number).first()


def _locked_pending_request(join_request: JoinRequest) -> JoinRequest:
    locked = JoinRequest.objects.select_for_update().select_related("user").get(pk=join_request.pk)
    if locked.status != JoinRequestStatus.PENDING:
        raise ValidationError(_("This request was already answered."), code="answered")
    return locked


@transaction.atomic
def invite_requester(*, join_request: JoinRequest, role: str, by) -> Invitation:
    """The owner answers a request with an invitation to the requester's address, in their
    language."""
    locked = _locked_pending_request(join_request)
    invitation = invite(
        supplier=locked.supplier,
        email=locked.user.email,
        role=role,
        language=locked.user.language,
        by=by,
    )
    locked.status, locked.decided_at = JoinRequestStatus.INVITED, timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    return invitation


@transaction.atomic
def decline_request(*, join_request: JoinRequest) -> JoinRequest:
    """The owner declines; the requester is not told by e-mail (nor who the owner is)."""
    locked = _locked_pending_request(join_request)
    locked.status, locked.decided_at = JoinRequestStatus.DECLINED, timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    return locked
