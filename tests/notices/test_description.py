"""Descriptions: plain text or a safe Markdown subset; never raw HTML (notices.markup)."""

import pytest

from notices.markup import clean_description, description_text, render_description


@pytest.mark.parametrize(
    ("source", "present", "absent"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;", "<script"),
        ("**bold** and *italic*", "<strong>bold</strong> and <em>italic</em>", ""),
        ("- one\n- two", "<li>one</li>", ""),
        ("# Heading", "<h3>Heading</h3>", "<h1>"),
        (
            "[UN](https://www.un.org)",
            'href="https://www.un.org" rel="nofollow noopener noreferrer"',
            "",
        ),
        ("[bad](javascript:alert(1))", "[bad](javascript:alert(1))", "<a"),
        ('<img src=x onerror="alert(1)">', "&lt;img", "<img"),
        ('<a href="https://evil.example">raw</a>', "&lt;a href", '<a href="https://evil'),
        ("line one\nline two", "line one\nline two", ""),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "<td>1</td>", ""),
    ],
)
def test_a_description_is_rendered_safely(source, present, absent):
    html = render_description(source)

    assert present in html
    if absent:
        assert absent not in html


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("<p>Pumps &amp; <b>tanks</b></p><script>x()</script>", "Pumps & tanks"),
        ('<img src=x onerror="alert(1)">Pumps', "Pumps"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;Pumps", "Pumps"),  # an escaped feed meant HTML
        ("&amp;lt;b&amp;gt;Pumps", "Pumps"),
        ("<style>p {}</style><!-- note -->Pumps", "Pumps"),
        ("<p>One</p><p>Two<br>three</p>", "One\n\nTwo\nthree"),
        ("<ul><li>one</li><li>two</li></ul>After", "- one\n- two\n\nAfter"),
        (
            '<a href="https://un.org">UN</a> <a href="javascript:x()">bad</a>',
            "[UN](https://un.org) bad",
        ),
        ("<https://un.org>", "[https://un.org](https://un.org)"),
        (
            "O&#x27;Brien &quot;best&quot; R&D AT&T 5 < 10, <10 kg",
            'O\'Brien "best" R&D AT&T 5 < 10, <10 kg',
        ),
        ("**bold**, *italic*, [UN](https://un.org)\n\n- one\n- two", None),  # Markdown stays
        ("line one\r\nline two\r", "line one\nline two"),
    ],
)
def test_every_way_in_stores_one_clean_form(given, stored):
    cleaned = clean_description(given)

    assert cleaned == (given if stored is None else stored)
    assert clean_description(cleaned) == cleaned, "cleaning a stored description changes nothing"


def test_the_text_of_a_description_has_no_markup():
    assert description_text("**Pumps** & [UN](https://un.org)\n\n- one") == (
        "Pumps & UN (https://un.org)\n- one"
    )
