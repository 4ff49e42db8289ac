"""A certificate as a PDF, in the participant's language: WeasyPrint lays out an HTML template
(templates/events/certificate_pdf.html) with the system's Noto Sans CJK font, so that Chinese
company names print; never a browser. The QR code holds the verification address."""

import base64

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from core import qr
from events.models import Certificate


class PdfUnavailable(RuntimeError):
    """WeasyPrint cannot run here: the system's Pango library is missing (see the README)."""


def weasyprint_html():
    """WeasyPrint's HTML class, loaded when a certificate is first asked for (it loads Pango)."""
    try:
        from weasyprint import HTML
    except OSError as error:  # the shared libraries are not installed
        raise PdfUnavailable(str(error)) from error
    return HTML


def certificate_pdf(certificate: Certificate, *, language: str) -> bytes:
    html_document = weasyprint_html()

    registration = certificate.registration
    verify_url = settings.SITE_URL + certificate.get_absolute_url()
    with translation.override(language):
        html = render_to_string(
            "events/certificate_pdf.html",
            {
                "certificate": certificate,
                "event": registration.event,
                "participant": registration.participant_name,
                "supplier": registration.supplier,
                "verify_url": verify_url,
                "qr": base64.b64encode(qr.png(verify_url)).decode(),
                "language": language,
            },
        )
    return html_document(string=html).write_pdf()


def file_name(certificate: Certificate) -> str:
    return f"certificate-{certificate.registration.event_id}-{certificate.pk}.pdf"
