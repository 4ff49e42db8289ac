"""The publishing area of program staff (`/staff/notices/`): drafts, preview, publish, amend,
cancel, documents and awards. Anonymous visitors are sent to log in; other users get 403."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import program_staff_required
from core.forms import add_domain_error
from notices import publishing, search
from notices.access import notice_for_page
from notices.forms import (
    AmendmentFromAnswerForm,
    AwardForm,
    CancelForm,
    DocumentForm,
    NoticeForm,
)
from notices.models import Notice, NoticeStatus
from notices.questions import published_questions
from notices.views import notice_page_context


@program_staff_required
@require_GET
def staff_list(request):
    status, q = request.GET.get("status", ""), request.GET.get("q", "")
    notices = publishing.staff_notices(status=status, q=q)
    total = search.count(notices)
    page = search.page_of(notices, number=request.GET.get("page"), total=total)
    context = {
        "page": page,
        "total": total,
        "status": status,
        "q": q,
        "statuses": NoticeStatus.choices,
    }
    return render(request, "notices/staff/list.html", context)


@program_staff_required
@require_http_methods(["GET", "POST"])
def staff_create(request):
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice = publishing.create_draft(
                agency=form.cleaned_data["agency"],
                reference=form.cleaned_data["reference"],
                values=form.notice_values(),
                by=request.user,
            )
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The draft is saved. Check the preview, then publish it."))
            return redirect("notices:staff_detail", pk=notice.pk)
    return render(request, "notices/staff/form.html", {"form": form, "notice": None})


@program_staff_required
@require_GET
def staff_detail(request, pk):
    notice = notice_for_page(pk)
    return render(request, "notices/staff/detail.html", _detail_context(request, notice))


def _detail_context(request, notice, **forms) -> dict:
    return {
        **notice_page_context(request, notice),
        "document_form": forms.get("document_form") or DocumentForm(),
        "preview": True,
    }


@program_staff_required
@require_http_methods(["GET", "POST"])
def staff_edit(request, pk):
    """A draft is edited freely; a published notice is amended, with a note."""
    notice = get_object_or_404(Notice.objects.select_related("agency"), pk=pk)
    if notice.status not in (NoticeStatus.DRAFT, NoticeStatus.PUBLISHED):
        messages.error(request, _("A cancelled or awarded notice can no longer be changed."))
        return redirect("notices:staff_detail", pk=pk)
    form = _edit_form(request, notice)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = publishing.edit(
                notice,
                values=form.notice_values(),
                changes=form.notice_changes(),
                note=form.cleaned_data.get("note", ""),
                by=request.user,
            )
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _edited_message(amendment))
            return redirect("notices:staff_detail", pk=pk)
    return render(request, "notices/staff/form.html", {"form": form, "notice": notice})


def _edit_form(request, notice):
    """A draft's form, or the amendment's; opened from a published answer (`?answer=<question
    id>`, the button of the questions page), its note cites the answer."""
    if notice.status == NoticeStatus.DRAFT:
        return NoticeForm(request.POST or None, instance=notice)
    cited = request.GET.get("answer", "")
    question = None
    if cited.isdigit():
        question = published_questions(notice).filter(pk=int(cited)).first()
    return AmendmentFromAnswerForm(request.POST or None, instance=notice, question=question)


def _edited_message(amendment) -> str:
    if amendment is None:
        return _("The draft is saved.")
    return _("Amendment %(number)s is published.") % {"number": amendment.number}


@program_staff_required
@require_POST
def staff_publish(request, pk):
    notice = get_object_or_404(Notice, pk=pk)
    try:
        publishing.publish(notice, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The notice is published."))
    return redirect("notices:staff_detail", pk=pk)


@program_staff_required
@require_http_methods(["GET", "POST"])
def staff_cancel(request, pk):
    notice = get_object_or_404(Notice.objects.select_related("agency"), pk=pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            publishing.cancel(notice, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The notice is cancelled."))
            return redirect("notices:staff_detail", pk=pk)
    context = {"form": form, "notice": notice, "action": "cancel"}
    return render(request, "notices/staff/action.html", context)


@program_staff_required
@require_http_methods(["GET", "POST"])
def staff_award(request, pk):
    notice = get_object_or_404(Notice.objects.select_related("agency"), pk=pk)
    form = AwardForm(request.POST or None, initial={"currency": notice.currency})
    if request.method == "POST" and form.is_valid():
        try:
            publishing.record_award(notice, by=request.user, **form.award_values())
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The award is recorded."))
            return redirect("notices:staff_detail", pk=pk)
    context = {"form": form, "notice": notice, "action": "award"}
    return render(request, "notices/staff/action.html", context)


@program_staff_required
@require_POST
def staff_add_document(request, pk):
    notice = get_object_or_404(Notice, pk=pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            publishing.attach_document(
                notice,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The document is added."))
            return redirect("notices:staff_detail", pk=pk)
    context = _detail_context(request, notice_for_page(pk), document_form=form)
    return render(request, "notices/staff/detail.html", context, status=400)
