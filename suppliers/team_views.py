"""/supplier/team/: the owner invites colleagues, sets their roles, hands the ownership over and
removes people; /supplier/team/join/<token>/ accepts an invitation; /supplier/team/ask/ asks a
company's owner for one. The rules are suppliers.team's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import add_domain_error, error_text
from suppliers import access, team
from suppliers.models import TeamRole
from suppliers.team_forms import AskForm, InviteForm, RoleForm


def team_context(supplier) -> dict:
    return {
        "supplier": supplier,
        "members": team.people_of(supplier),
        "invitations": team.pending_invitations(supplier),
        "requests": team.pending_requests(supplier),
        "now": timezone.now(),
        "invitation_days": team.INVITATION_DAYS,
    }


@login_required
@require_http_methods(["GET", "POST"])
def team_page(request):
    supplier = access.owned_supplier_or_404(request.user)
    form = InviteForm(request.POST or None, initial={"language": request.user.language})
    if request.method == "POST" and form.is_valid():
        try:
            team.invite(supplier=supplier, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The invitation is sent to %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("suppliers:team")
    return render(request, "suppliers/team.html", team_context(supplier) | {"form": form})


def _done(request, call, success: str):
    """Run a team change; say what happened, or why not, on the team page."""
    try:
        call()
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, success)
    return redirect("suppliers:team")


@login_required
@require_POST
def invitation_send_again(request, pk):
    invitation = access.owned_invitation_or_404(request.user, pk)
    return _done(
        request,
        lambda: team.send_again(invitation=invitation),
        _("The invitation is sent again to %(email)s; the earlier link no longer works.")
        % {"email": invitation.email},
    )


@login_required
@require_POST
def invitation_withdraw(request, pk):
    invitation = access.owned_invitation_or_404(request.user, pk)
    return _done(
        request,
        lambda: team.withdraw(invitation=invitation),
        _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email},
    )


def _chosen_role(request) -> str | None:
    """The role a team form posted (editor or viewer); None, with the error said, otherwise."""
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose editor or viewer."))
        return None
    return form.cleaned_data["role"]


@login_required
@require_POST
def member_role(request, pk):
    membership = access.owned_membership_or_404(request.user, pk)
    if (role := _chosen_role(request)) is None:
        return redirect("suppliers:team")
    return _done(
        request,
        lambda: team.change_role(membership=membership, role=role),
        _("%(person)s is now %(role)s.")
        % {"person": membership.user, "role": TeamRole(role).label},
    )


@login_required
@require_POST
def member_transfer(request, pk):
    membership = access.owned_membership_or_404(request.user, pk)
    team.transfer_ownership(supplier=membership.supplier, to=membership)
    messages.success(
        request,
        _("%(person)s is now the owner of the company; you are an editor.")
        % {"person": membership.user},
    )
    return redirect("suppliers:overview")


@login_required
@require_POST
def member_remove(request, pk):
    membership = access.owned_membership_or_404(request.user, pk)
    return _done(
        request,
        lambda: team.remove(membership=membership),
        _("%(person)s is removed from the team.") % {"person": membership.user},
    )


@login_required
@require_http_methods(["GET", "POST"])
def leave(request):
    """A colleague leaves the company: a page that says what leaving means, and its button."""
    company = access.supplier_of(request.user)
    if company is None:
        raise Http404
    if request.method == "POST":
        try:
            team.leave(user=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect("suppliers:overview")
        messages.success(
            request,
            _("You have left the team of %(company)s.") % {"company": company.display_name},
        )
        return redirect("suppliers:overview")
    return render(request, "suppliers/team_leave.html", {"supplier": company})


@login_required
@require_POST
def request_invite(request, pk):
    join_request = access.owned_join_request_or_404(request.user, pk)
    if (role := _chosen_role(request)) is None:
        return redirect("suppliers:team")
    return _done(
        request,
        lambda: team.invite_requester(join_request=join_request, role=role, by=request.user),
        _("The invitation is sent to %(email)s.") % {"email": join_request.user.email},
    )


@login_required
@require_POST
def request_decline(request, pk):
    join_request = access.owned_join_request_or_404(request.user, pk)
    return _done(
        request,
        lambda: team.decline_request(join_request=join_request),
        _("The request of %(person)s is declined.") % {"person": join_request.user},
    )


@login_required
@require_POST
def ask(request):
    """From the start page that refused a registration number already registered: ask that
    company's owner for an invitation."""
    form = AskForm(request.POST)
    supplier = team.requested_company(**form.cleaned_data) if form.is_valid() else None
    if supplier is None:
        raise Http404("No company with this registration number.")
    try:
        _request, created = team.request_invitation(user=request.user, supplier=supplier)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("We asked the company's owner to invite you. The invitation will come by e-mail.")
            if created
            else _("You have asked already: your request is waiting for the company's owner."),
        )
    return redirect("suppliers:overview")


@require_http_methods(["GET", "POST"])
def join(request, token):
    """An invitation's link: who may accept it, and the button that does (a POST)."""
    invitation = team.invitation_by_token(token)
    if invitation is None:
        raise Http404("No such invitation.")
    context = {"invitation": invitation, "path": request.get_full_path()}
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(request, "suppliers/team_join.html", context)
    refusal = team.refusal(invitation, request.user)
    if request.method == "POST" and refusal is None:
        try:
            team.accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            refusal = error_text(error)
        else:
            messages.success(
                request,
                _("You are on the team of %(company)s now.")
                % {"company": invitation.supplier.display_name},
            )
            return redirect("suppliers:overview")
    context["refusal"] = refusal
    return render(request, "suppliers/team_join.html", context, status=403 if refusal else 200)
