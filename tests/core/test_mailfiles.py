"""The embedded default writes each e-mail to its own .eml file, which a mail program opens."""

import email
from email import policy

from django.core import mail

from core.mailfiles import EmlFileBackend


def read(path):
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


def test_each_message_of_a_connection_is_its_own_eml_file_in_sending_order(tmp_path):
    messages = [
        mail.EmailMultiAlternatives(
            f"新招标 {number}: Solar & pumps", f"Body {number}", to=[f"r{number}@example.cn"]
        )
        for number in range(3)
    ]
    messages[0].attach_alternative("<p>Body 0</p>", "text/html")

    with EmlFileBackend(file_path=str(tmp_path)) as connection:
        assert connection.send_messages(messages) == 3

    files = sorted(tmp_path.iterdir())
    assert [path.suffix for path in files] == [".eml"] * 3
    parsed = [read(path) for path in files]
    assert [message["Subject"] for message in parsed] == [
        "新招标 0: Solar & pumps",
        "新招标 1: Solar & pumps",
        "新招标 2: Solar & pumps",
    ]
    assert [message["To"] for message in parsed] == [f"r{n}@example.cn" for n in range(3)]
    assert parsed[0].get_body(("html",)).get_content().strip() == "<p>Body 0</p>"
    assert parsed[1].get_body(("plain",)).get_content().strip() == "Body 1"
    assert "新招标" in files[0].name and "solar" in files[0].name


def test_the_settings_send_the_embedded_defaults_mail_through_it(settings, tmp_path):
    settings.EMAIL_BACKEND = "core.mailfiles.EmlFileBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")

    mail.send_mail("One", "first", None, ["a@example.org"])
    mail.send_mail("Two", "second", None, ["b@example.org"])

    assert len(list((tmp_path / "mail").glob("*.eml"))) == 2
