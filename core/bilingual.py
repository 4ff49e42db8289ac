"""The portal speaks English and Simplified Chinese; a record may carry a text in each."""

from django.utils import translation


def in_reader_language(english: str, chinese: str) -> str:
    """The Chinese text for a reader whose language (this request's or task's) is Chinese, when
    there is one; the English text otherwise."""
    reads_chinese = (translation.get_language() or "").lower().startswith("zh")
    return chinese if reads_chinese and chinese else english
