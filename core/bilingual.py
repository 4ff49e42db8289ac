"""The portal speaks English and Simplified Chinese; a record may carry a text in each."""

from django.utils import translation


def reads_chinese() -> bool:
    """Whether the active language (this request's or task's) is Chinese."""
    return (translation.get_language() or "").lower().startswith("zh")


def in_reader_language(english: str, chinese: str) -> str:
    """The Chinese text for a reader whose language is Chinese, when there is one; the English
    text otherwise."""
    return chinese if reads_chinese() and chinese else english
