from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from categories import picker
from core.downloads import private_download
from core.forms import add_domain_error, error_text
from suppliers import access, documents, ownership, profile, review, sizing
from suppliers.forms import (
    CertificationFormSet,
    ContactsForm,
    DeclarationsForm,
    DocumentForm,
    IdentityForm,
    OfferForm,
    ReplaceDocumentForm,
    SizeForm,
    StartForm,
)

SECTION_FORMS = {
    "identity": IdentityForm,
    "contacts": ContactsForm,
    "size": SizeForm,
    "offer": OfferForm,
}
ORDER = [section.slug for section in profile.SECTIONS]


def next_section(slug: str) -> str:
    index = ORDER.index(slug)
    return ORDER[index + 1] if index + 1 < len(ORDER) else ""


def section_context(supplier, slug: str) -> dict:
    return {
        "supplier": supplier,
        "section_links": profile.section_links(),
        "section": slug,
        "section_title": profile.SECTION_TITLES[slug],
        "missing": [item for item in profile.missing_items(supplier) if item.section == slug],
        "credit_code": profile.credit_code_of(supplier),
        "size_rule": sizing.RULE,
        "ownership_rule": ownership.RULE,
        "can_edit": access.may_edit(supplier),
        "is_owner": access.is_owner(supplier),
    }


def review_lock(request, supplier):
    """While a profile is under review it cannot change: send the user back with a message."""
    if supplier.is_under_review:
        messages.info(
            request, _("Your profile is being reviewed; you can change it after the review.")
        )
        return redirect("suppliers:overview")
    return None


@login_required
@require_http_methods(["GET", "POST"])
def start(request):
    if access.supplier_of(request.user) is not None:
        return redirect("suppliers:overview")
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            profile.create_supplier(owner=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("Your company profile is created. Complete it section by section.")
            )
            return redirect(profile.section_url("identity"))
    return render(request, "suppliers/start.html", {"form": form, "ask": company_to_ask(form)})


def company_to_ask(form) -> dict | None:
    """The registration a refused start names when its company is registered already: the page
    then offers to ask that company's owner for an invitation (suppliers.team_views.ask)."""
    if not (form.is_bound and form.has_error("registration_number", "registration_taken")):
        return None
    return {
        "country": str(form.cleaned_data.get("country", "")),
        "registration_number": form.data.get("registration_number", ""),
    }


@login_required
@require_http_methods(["GET", "POST"])
def edit_section(request, section):
    if section not in SECTION_FORMS:
        raise Http404
    supplier = access.editable_supplier_or_404(request.user)
    if locked := review_lock(request, supplier):
        return locked
    form = SECTION_FORMS[section](request.POST or None, instance=supplier)
    saving = request.method == "POST" and not picker.is_picker_action(request.POST)
    if saving and form.is_valid():
        try:
            reopened = profile.save_section(
                supplier=supplier, changes=form.changes(), by=request.user
            )
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            return section_saved(request, section, reopened=bool(reopened))
    context = section_context(supplier, section) | {"form": form}
    if section == "offer":
        context |= category_picker_context(form)
    template = (
        "suppliers/section_offer.html" if section == "offer" else "suppliers/section_form.html"
    )
    return render(request, template, context)


def section_saved(request, section: str, *, reopened: bool):
    """After a section is saved: on to the next one, or to the overview if it went back for review."""
    if reopened:
        messages.warning(request, _("Saved. Your profile has gone back for review."))
        return redirect("suppliers:overview")
    messages.success(request, _("Saved as a draft."))
    return redirect(profile.section_url(next_section(section)))


def category_picker_context(form) -> dict:
    """The offer section's category picker (categories.picker), from what was sent or the profile."""
    return picker.picker_context(
        data=form.data if form.is_bound else None,
        initial_codes=form.instance.categories.values_list("code", flat=True),
    )


@login_required
@require_GET
def category_search(request):
    """The category picker's fragments for JavaScript (static/js/picker.js), on the profile and the
    alert form: the search results, or a level of the tree when `category_browse` is given."""
    context = picker.picker_context(data=request.GET, initial_codes=())
    if picker.BROWSE in request.GET:
        return render(request, "categories/picker_browse.html", context)
    return render(request, "categories/picker_results.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def certifications(request):
    supplier = access.editable_supplier_or_404(request.user)
    if locked := review_lock(request, supplier):
        return locked
    formset = CertificationFormSet(request.POST or None, instance=supplier)
    if request.method == "POST" and formset.is_valid():
        profile.save_certifications(supplier=supplier, formset=formset, by=request.user)
        messages.success(request, _("Certifications saved."))
        return redirect(profile.section_url(next_section("certifications")))
    return render(
        request,
        "suppliers/section_certifications.html",
        section_context(supplier, "certifications") | {"formset": formset},
    )


@login_required
@require_http_methods(["GET", "POST"])
def documents_page(request):
    supplier = access.supplier_or_404(request.user)
    if request.method == "POST" and not access.may_edit(supplier):
        raise PermissionDenied
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            documents.add_document(
                supplier=supplier,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                fiscal_year=form.cleaned_data["fiscal_year"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The document is uploaded."))
            return redirect("suppliers:documents")
    context = section_context(supplier, "documents") | {
        "form": form,
        "documents": supplier.documents.all(),
        "replace_form": ReplaceDocumentForm(),
    }
    return render(request, "suppliers/section_documents.html", context)


@login_required
@require_GET
def document_download(request, pk):
    document = access.document_or_404(request.user, pk)
    return private_download(
        document.file, filename=document.original_name, content_type=document.content_type
    )


@login_required
@require_POST
def document_delete(request, pk):
    document = access.editable_document_or_404(request.user, pk)
    try:
        documents.delete_document(document=document, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("The document “%(name)s” is deleted.") % {"name": document.original_name}
        )
    return redirect("suppliers:documents")


@login_required
@require_POST
def document_replace(request, pk):
    document = access.editable_document_or_404(request.user, pk)
    form = ReplaceDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            documents.replace_document(
                document=document, upload=form.cleaned_data["file"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The document is replaced."))
    else:
        messages.error(request, error_text(form.errors["file"]))
    return redirect("suppliers:documents")


@login_required
@require_http_methods(["GET", "POST"])
def declarations(request):
    supplier = access.editable_supplier_or_404(request.user)
    if locked := review_lock(request, supplier):
        return locked
    initial = {
        "code_of_conduct": supplier.code_of_conduct_accepted_at is not None,
        "eligibility": supplier.eligibility_declared_at is not None,
    }
    # Both boxes unticked is an empty POST, and still an answer: bind it whenever it is a POST.
    form = DeclarationsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        profile.accept_declarations(supplier=supplier, by=request.user, **form.cleaned_data)
        messages.success(request, _("Declarations saved."))
        return redirect("suppliers:overview")
    return render(
        request,
        "suppliers/section_declarations.html",
        section_context(supplier, "declarations") | {"form": form},
    )


@login_required
@require_POST
def submit(request):
    supplier = access.editable_supplier_or_404(request.user)
    try:
        review.submit(supplier, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("Your profile is submitted. We will e-mail you when the review is done.")
        )
    return redirect("suppliers:overview")
