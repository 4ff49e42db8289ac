"""The pages of expressions of interest and clarification questions that need the user's company
(portal.interest): a supplier expresses or withdraws interest and asks a question on a notice;
program staff see the interested companies, download them and write to them. The staff's answers
to questions are the notices app's own pages (notices.question_views)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import program_staff_required
from core.forms import add_domain_error
from core.spreadsheets import csv_response
from notices import interest, questions
from notices.access import visible_notice_or_404
from notices.forms import InterestForm, InterestMessageForm, QuestionForm
from notices.models import Notice
from portal.interest import csv_table, interested_company, interested_suppliers


@login_required
@require_http_methods(["GET", "POST"])
def express_interest(request, pk):
    """/notices/<id>/interest/: the form (the notice's page carries it too), and its effect."""
    notice = visible_notice_or_404(request.user, pk, relations=False)
    company = interested_company(request.user)
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            interest.express_interest(
                notice, user=request.user, company=company, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your interest is recorded, and you follow the notice."))
            return redirect(notice)
    context = {"notice": notice, "form": form, "company": company}
    status = 400 if form.errors else 200
    return render(request, "notices/interest_form.html", context, status=status)


@login_required
@require_POST
def withdraw_interest(request, pk):
    notice = visible_notice_or_404(request.user, pk, relations=False)
    company = interested_company(request.user)
    try:
        withdrawn = company and interest.withdraw_interest(notice, company=company)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if withdrawn:
            messages.success(request, _("Your interest is withdrawn. You still follow the notice."))
    return redirect(notice)


@login_required
@require_http_methods(["GET", "POST"])
def ask_question(request, pk):
    """/notices/<id>/questions/: the user's own questions on the notice, and a new one."""
    notice = visible_notice_or_404(request.user, pk, relations=False)
    company = interested_company(request.user)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _no_company_refused(company)
            questions.ask(notice, user=request.user, company_name=company.name, **form.cleaned_data)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your question is sent to program staff."))
            return redirect("notice-questions", pk=pk)
    context = {"notice": notice, "form": form, "company": company}
    context["open"] = questions.takes_questions(notice)
    context["asked"] = questions.questions_of(notice, user=request.user)
    return render(
        request, "notices/question_form.html", context, status=400 if form.errors else 200
    )


def _no_company_refused(company) -> None:
    if company is None:
        raise ValidationError(_("Register your company to ask questions."), code="no_company")


@program_staff_required
@require_GET
def staff_interested(request, pk):
    notice = get_object_or_404(Notice.objects.select_related("agency"), pk=pk)
    context = {
        "notice": notice,
        "rows": interested_suppliers(notice),
        "form": InterestMessageForm(),
        "sent": notice.interest_messages.all()[:10],
    }
    return render(request, "notices/staff/interested.html", context)


@program_staff_required
@require_GET
def staff_interested_csv(request, pk):
    notice = get_object_or_404(Notice, pk=pk)
    headers, rows = csv_table(interested_suppliers(notice))
    return csv_response(filename=f"interested-{notice.pk}.csv", headers=headers, rows=rows)


@program_staff_required
@require_POST
def staff_message_interested(request, pk):
    notice = get_object_or_404(Notice.objects.select_related("agency"), pk=pk)
    form = InterestMessageForm(request.POST)
    if form.is_valid():
        try:
            sent = interest.message_interested(notice, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The message is queued for %(count)s suppliers.") % {"count": sent.recipients},
            )
            return redirect("staff-interested", pk=pk)
    context = {"notice": notice, "rows": interested_suppliers(notice), "form": form}
    context["sent"] = notice.interest_messages.all()[:10]
    return render(request, "notices/staff/interested.html", context, status=400)
