"""The Simplified Chinese catalogue is complete: a new string can't ship in English only."""

from pathlib import Path

from babel.messages.pofile import read_po

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_every_message_has_a_chinese_translation_that_is_not_fuzzy():
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po)
    header_fuzzy = catalogue.fuzzy
    untranslated = [
        message.id
        for message in catalogue
        if message.id
        and (
            "fuzzy" in message.flags
            or not (message.string if isinstance(message.string, str) else all(message.string))
        )
    ]

    assert not header_fuzzy, "the catalogue's header is marked fuzzy"
    assert untranslated == []


def test_placeholders_survive_translation():
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po)

    for message in catalogue:
        if message.id and isinstance(message.id, str) and "%(" in message.id:
            for name in [part.split(")")[0] for part in message.id.split("%(")[1:]]:
                assert f"%({name})" in message.string, message.id
