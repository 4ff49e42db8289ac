"""Demo suppliers, one in each review state, so that the admin's review queue has work in it."""

import io
from datetime import date, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import Language, User
from categories.models import Category
from suppliers import action_plans, assessment, documents, review
from suppliers.credit_codes import check_character
from suppliers.models import (
    Assessment,
    AssessmentQuestion,
    CorrectiveAction,
    DocumentKind,
    RejectionReason,
    Supplier,
)

DEMO_PASSWORD = "supplier-demo-2026"  # noqa: S105  # nosec B105  # published demo password, DEBUG only


def credit_code(first17: str) -> str:
    return first17 + check_character(first17)


# (owner e-mail, final state, company facts)
DEMO_SUPPLIERS = [
    (
        "supplier@example.org",
        "approved",
        {
            "legal_name": "Hangzhou Green Thread Textiles Co., Ltd.",
            "legal_name_local": "杭州绿线纺织有限公司",
            "registration_number": credit_code("91330106MA2H3K4L5"),
            "province": "33",
            "city": "Hangzhou 杭州",
            "employees": 42,
            "annual_turnover": Decimal("12500000"),
            "women_ownership_pct": Decimal("60"),
            "woman_ceo": True,
            "women_board_pct": Decimal("60"),
            "industry": "textiles",
            "description_en": "Hospital linen, medical scrubs and tents made from certified organic cotton.",
            "description_zh": "医院布草、医用工作服以及采用认证有机棉制作的帐篷。",
            "categories": ["42000000", "53000000", "56000000"],
        },
    ),
    (
        "demo-submitted@example.org",
        "submitted",
        {
            "legal_name": "Chengdu Lotus Medical Devices Co., Ltd.",
            "legal_name_local": "成都莲花医疗器械有限公司",
            "registration_number": credit_code("91510100MA6C7D8E9"),
            "province": "51",
            "city": "Chengdu 成都",
            "employees": 120,
            "annual_turnover": Decimal("80000000"),
            "industry": "health",
            "description_en": "Diagnostic kits and portable ultrasound devices.",
            "categories": ["42000000", "41000000"],
        },
    ),
    (
        "demo-changes@example.org",
        "changes_requested",
        {
            "legal_name": "Kunming Highland Agricultural Cooperative",
            "legal_name_local": "昆明高原农业专业合作社",
            "registration_number": credit_code("93530100MA6K1L2M3"),
            "province": "53",
            "city": "Kunming 昆明",
            "employees": 8,
            "annual_turnover": Decimal("450000"),
            "industry": "agriculture",
            "description_zh": "高原蔬菜、食用菌和种子。",
            "categories": ["10000000"],
        },
    ),
    (
        "demo-rejected@example.org",
        "rejected",
        {
            "legal_name": "Example Trading Shell Company",
            "legal_name_local": "示例贸易有限公司",
            "registration_number": credit_code("91440300MA5D6E7F8"),
            "province": "44",
            "city": "Shenzhen 深圳",
            "employees": 3,
            "annual_turnover": Decimal("90000"),
            "industry": "wholesale",
            "description_en": "General trading.",
            "categories": ["44000000"],
        },
    ),
    (
        "demo-draft@example.org",
        "draft",
        {
            "legal_name": "Suzhou Bright Solar Equipment Co., Ltd.",
            "legal_name_local": "苏州光明太阳能设备有限公司",
            "registration_number": credit_code("91320500MA1N2P3Q4"),
            "province": "32",
            "city": "Suzhou 苏州",
            "industry": "energy",
            "categories": ["26000000"],
        },
    ),
]


def sample_pdf(title: str) -> bytes:
    """A small, real one-page PDF (drawn with Pillow) standing for a scanned business licence."""
    page = Image.new("RGB", (595, 842), "white")
    ImageDraw.Draw(page).text((60, 80), title, fill="black")
    buffer = io.BytesIO()
    page.save(buffer, "PDF")
    return buffer.getvalue()


def _owner(email: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, language=Language.CHINESE)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _complete(supplier: Supplier, facts: dict) -> None:
    supplier.categories.set(Category.objects.filter(code__in=facts["categories"]))
    supplier.code_of_conduct_accepted_at = supplier.eligibility_declared_at = timezone.now()
    supplier.save()
    upload = SimpleUploadedFile("business-licence.pdf", sample_pdf(supplier.legal_name))
    documents.add_document(supplier=supplier, kind=DocumentKind.BUSINESS_LICENCE, upload=upload)


@transaction.atomic
def seed_suppliers(*, reviewer: User) -> int:
    """Create the demo suppliers that do not exist yet and walk each to its state; returns how many."""
    created = 0
    for email, state, facts in DEMO_SUPPLIERS:
        owner = _owner(email)
        if Supplier.objects.filter(owner=owner).exists():
            continue
        fields = {k: v for k, v in facts.items() if k != "categories"}
        supplier = Supplier.objects.create(
            owner=owner,
            country="CN",
            year_established=date.today().year - 6,
            address="1 Demo Road",
            phone="+86 571 0000 0000",
            contact_name="Demo Contact",
            contact_email=email,
            client_references="UNDP China, 2024: 2,000 hospital gowns.",
            **fields,
        )
        created += 1
        if state == "draft":
            continue
        _complete(supplier, facts)
        review.submit(supplier, by=owner)
        if state == "approved":
            review.approve(supplier, by=reviewer, note="Welcome to the program.")
        elif state == "changes_requested":
            review.request_changes(
                supplier,
                by=reviewer,
                note="Please upload a clearer scan of the business licence and add an English description.",
            )
        elif state == "rejected":
            review.reject(
                supplier,
                by=reviewer,
                reason=RejectionReason.DOCUMENTS_INVALID,
                note="The licence does not match the company name.",
            )
    return created


# The demo supplier's reviewed assessment: answers (question code -> answer; others are "yes"), the
# findings staff raised and how far the supplier is with each action.
DEMO_ANSWERS = {
    "env-emissions": "no",
    "env-waste": "partly",
    "lab-hours": "partly",
    "hs-fire": "partly",
    "mgt-certification": "no",
    "mgt-supply-chain": "partly",
}
DEMO_FINDINGS = [
    # (question, severity, finding, action, owner, days until due, progress)
    (
        "hs-fire",
        "critical",
        "The second fire exit of the sewing workshop was blocked by fabric rolls.",
        "Clear the exit, mark the floor in front of it and add it to the weekly safety walk.",
        "Zhang Wei, workshop manager",
        5,
        "in_progress",
    ),
    (
        "lab-hours",
        "major",
        "Overtime records show 70-hour weeks in the peak season.",
        "Plan the peak season with temporary staff and cap overtime at the legal limit.",
        "Chen Jing, HR",
        -3,
        "open",
    ),
    (
        "env-waste",
        "minor",
        "Fabric off-cuts go to general waste.",
        "Sort off-cuts for recycling and keep the recycler's receipts.",
        "Zhang Wei, workshop manager",
        20,
        "done",
    ),
]


@transaction.atomic
def seed_assessment(*, reviewer: User) -> bool:
    """Give the demo supplier a reviewed assessment with an inspection and a corrective action
    plan (once); returns whether it was created."""
    supplier = Supplier.objects.filter(owner__email=DEMO_SUPPLIERS[0][0]).first()
    if supplier is None or Assessment.objects.filter(supplier=supplier).exists():
        return False
    round_ = assessment.start(supplier=supplier)
    questions = {q.code: q for q in AssessmentQuestion.objects.filter(is_active=True)}
    assessment.save_answers(
        assessment=round_,
        answers={q.pk: (DEMO_ANSWERS.get(code, "yes"), "") for code, q in questions.items()},
    )
    upload = SimpleUploadedFile("sustainability-policy.pdf", sample_pdf("Sustainability policy"))
    assessment.add_answer_evidence(
        assessment=round_, question=questions["mgt-policy"], upload=upload
    )
    round_ = assessment.submit(assessment=round_)
    round_ = assessment.approve(
        assessment=round_, by=reviewer, note="Thank you; see the action plan."
    )
    inspection = action_plans.record_inspection(
        assessment=round_,
        inspected_on=timezone.localdate(),
        inspector="Program inspector (demo)",
        summary="Visit of the Hangzhou workshop: fire safety and working hours checked.",
        by=reviewer,
    )
    today = timezone.localdate()
    for code, severity, finding, action, owner, days, progress in DEMO_FINDINGS:
        created = action_plans.raise_finding(
            assessment=round_,
            severity=severity,
            description=finding,
            action=action,
            owner=owner,
            due_on=today + timedelta(days=max(days, 0)),
            by=reviewer,
            question=questions[code],
            inspection=inspection,
        )
        if days < 0:  # an overdue action, for the dashboard
            CorrectiveAction.objects.filter(pk=created.pk).update(due_on=today + timedelta(days))
        if progress != "open":
            action_plans.start_action(action=created, note="Started.")
        if progress == "done":
            action_plans.add_action_evidence(
                action=created,
                upload=SimpleUploadedFile("recycling-receipt.pdf", sample_pdf("Receipt")),
            )
            action_plans.report_done(action=created, note="Receipts attached.")
    return True
