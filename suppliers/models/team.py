"""Colleagues on a company's account: who else works on a supplier profile, the invitations the
owner sends, and the requests of people who would like one.

The owner is `Supplier.owner`: a non-null one-to-one, so a company has exactly one owner and a user
owns one company at most, both held by the database. A `Membership` holds each other colleague, as
an editor or a viewer (never "owner": a check constraint), and its user is unique, so a person is a
member of one company at most. That an owner is nobody's member is kept by the writers of
suppliers.team, which lock the user's row first (one table cannot see another's rows)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class TeamRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")


# The roles a membership or an invitation may carry: the owner is Supplier.owner.
MEMBER_ROLES = [TeamRole.EDITOR, TeamRole.VIEWER]


class Membership(models.Model):
    """A colleague of the company's owner on its account."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=10, choices=TeamRole.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("team member")
        verbose_name_plural = _("team")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=MEMBER_ROLES), name="membership_role_is_not_owner"
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Invitation(models.Model):
    """An invitation to join a company, e-mailed to an address. Its link carries a token derived
    from `nonce` with the site's secret (suppliers.team.token_of): the database alone cannot forge
    one, and sending it again draws a new nonce, so the earlier link stops working."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=TeamRole.choices)
    language = models.CharField(_("language of the e-mail"), max_length=8)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    nonce = models.CharField(max_length=32, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"))
    expires_at = models.DateTimeField(_("expires"))
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("accepted or withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                "supplier",
                Lower("email"),
                condition=Q(status=InvitationStatus.PENDING),
                name="invitation_one_pending_per_address",
            ),
            models.CheckConstraint(
                condition=Q(role__in=MEMBER_ROLES), name="invitation_role_is_not_owner"
            ),
        ]

    def __str__(self):
        return self.email


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the owner")
    INVITED = "invited", _("Invited")
    DECLINED = "declined", _("Declined")


class JoinRequest(models.Model):
    """Someone who found their company already registered asks its owner for an invitation."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=JoinRequestStatus.choices,
        default=JoinRequestStatus.PENDING,
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("request for an invitation")
        verbose_name_plural = _("requests for an invitation")
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "user"],
                condition=Q(status=JoinRequestStatus.PENDING),
                name="join_request_one_pending_per_person",
            ),
        ]

    def __str__(self):
        return str(self.user)


class ProfileChange(models.Model):
    """Who of the company's people changed what of its profile, and when (suppliers.profile and
    suppliers.documents write one row per save). `fields` names the profile's changed fields, or
    the part changed as a whole: "certifications", "declarations", "documents"."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="changes"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    fields = models.CharField(_("what changed"), max_length=500)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("change to the profile")
        verbose_name_plural = _("changes to the profile")
        indexes = [models.Index(fields=["supplier", "-created_at"], name="profile_change_latest")]

    def __str__(self):
        return self.fields
