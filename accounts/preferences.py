"""A user's preferences: the language pages and e-mails use (their time zone is saved by the
preferences form)."""

from accounts.models import Language, User


def set_language(user: User, *, language: str) -> User:
    """Save the user's preferred language (pages and e-mails use it)."""
    if language not in Language.values:
        raise ValueError(f"Unknown language {language!r}")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user
