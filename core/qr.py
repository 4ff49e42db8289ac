"""QR codes of addresses, as an SVG to put in a page and as a PNG for an e-mail or a PDF (the
qrcode library; the SVG needs no image library)."""

import io

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_M


def _code(data: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=2)
    code.add_data(data)
    code.make(fit=True)
    return code


def svg(data: str) -> str:
    """An inline <svg> element (no XML declaration), scaled by its container."""
    image = _code(data).make_image(image_factory=qrcode.image.svg.SvgPathImage)
    text = image.to_string(encoding="unicode")
    return text[text.index("<svg") :]


def png(data: str, *, box_size: int = 8) -> bytes:
    code = _code(data)
    code.box_size = box_size
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()
