"""Between supplier and buyer: expressions of interest in a notice, clarification questions and
their answers, and staff's messages to the interested suppliers.

The notice's own fields for them (the clarification deadline, who may express interest, whether
the interested companies are listed publicly) are `NoticeDialogueFields`, which `Notice` inherits;
the tables are defined here and belong to the `notices` app, which imports this module. Nothing here
imports `notices.models` (it imports this module first): notices are named as "notices.Notice".
A company is named as "suppliers.Supplier" without importing that app (see notices.interest).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NOTE_MAX = 500
QUESTION_MAX = 2000


class NoticeDialogueFields(models.Model):
    """The fields of a notice that govern expressions of interest and clarification questions."""

    clarification_deadline = models.DateTimeField(
        _("clarification deadline"),
        null=True,
        blank=True,
        help_text=_(
            "Until when suppliers may ask questions; before the deadline for submissions. "
            "Empty: suppliers cannot ask questions on the portal."
        ),
    )
    interest_open_to_all = models.BooleanField(
        _("any registered supplier may express interest"),
        default=False,
        help_text=_(
            "Otherwise only suppliers whose registration is approved. Set before publication."
        ),
    )
    interested_list_public = models.BooleanField(
        _("show the interested companies publicly"),
        default=False,
        help_text=_(
            "Company names only, on the notice's page. Otherwise only their number is shown. "
            "Set before publication."
        ),
    )

    class Meta:
        abstract = True


# Notice.Meta.constraints takes them (an abstract model's constraints are not inherited when the
# model states its own).
DIALOGUE_CONSTRAINTS = [
    models.CheckConstraint(
        condition=models.Q(clarification_deadline__isnull=True)
        | models.Q(deadline__isnull=False, clarification_deadline__lt=models.F("deadline")),
        name="notice_clarification_before_deadline",
        violation_error_message=_(
            "The clarification deadline must come before the deadline for submissions."
        ),
    ),
]


class Interest(models.Model):
    """A company's expression of interest in a notice, by one of its users (who hears of the
    notice: expressing interest follows it). The company's names are kept as they were given, for
    the notice's public list of interested companies, which the notices app shows on its own."""

    notice = models.ForeignKey("notices.Notice", on_delete=models.CASCADE, related_name="interests")
    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.CASCADE, related_name="+", verbose_name=_("company")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interests"
    )
    company_name = models.CharField(_("company"), max_length=300)
    company_name_local = models.CharField(_("company (local name)"), max_length=300, blank=True)
    note = models.TextField(_("note"), max_length=NOTE_MAX, blank=True)
    created_at = models.DateTimeField(_("expressed"), default=timezone.now)

    class Meta:
        ordering = ["notice", "created_at", "id"]
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "supplier"], name="interest_once_per_company"
            ),
        ]
        indexes = [models.Index(fields=["supplier", "-created_at"], name="interest_of_company")]

    def __str__(self):
        return f"{self.supplier_id} -> {self.notice_id}"


class QuestionStatus(models.TextChoices):
    ASKED = "asked", _("Waiting for an answer")
    PUBLISHED = "published", _("Answered on the notice")
    ANSWERED_PRIVATELY = "private", _("Answered to the asker only")


class Question(models.Model):
    """A supplier's clarification question about a notice. Private to staff: only its published
    wording (edited to remove what identifies the asker) is shown, with its answer; the original
    is kept."""

    notice = models.ForeignKey("notices.Notice", on_delete=models.CASCADE, related_name="questions")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    company_name = models.CharField(_("company"), max_length=300, blank=True)
    text = models.TextField(_("question"), max_length=QUESTION_MAX)
    asked_at = models.DateTimeField(_("asked"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.ASKED
    )
    published_text = models.TextField(_("question as published"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    source_key = models.CharField(
        _("OCDS id"),
        max_length=200,
        blank=True,
        help_text=_("The enquiry's id at its publisher, for a published answer that was imported."),
    )

    class Meta:
        ordering = ["notice", "asked_at", "id"]
        verbose_name = _("clarification question")
        verbose_name_plural = _("clarification questions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=QuestionStatus.values), name="question_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(status=QuestionStatus.ASKED)
                | (~models.Q(answer="") & models.Q(answered_at__isnull=False)),
                name="question_answered_has_an_answer",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=QuestionStatus.PUBLISHED) | ~models.Q(published_text=""),
                name="question_published_has_a_wording",
            ),
            models.UniqueConstraint(
                fields=["notice", "source_key"],
                condition=~models.Q(source_key=""),
                name="question_source_key_unique_per_notice",
            ),
        ]

    def __str__(self):
        return f"{self.notice_id} Q{self.pk}"


class InterestMessage(models.Model):
    """A message program staff wrote to every company interested in a notice; the outbox carries
    it to each of them (kind "interested"), wrapped in the recipient's language."""

    notice = models.ForeignKey(
        "notices.Notice", on_delete=models.CASCADE, related_name="interest_messages"
    )
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=5000)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["notice", "-created_at", "-id"]
        verbose_name = _("message to interested suppliers")
        verbose_name_plural = _("messages to interested suppliers")

    def __str__(self):
        return self.subject
