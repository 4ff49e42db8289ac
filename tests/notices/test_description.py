"""Descriptions: plain text or a safe Markdown subset; never raw HTML (notices.markup)."""

import pytest

from notices.markup import plain_text, render_description


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


def test_imported_html_becomes_plain_text():
    assert plain_text("<p>Pumps &amp; <b>tanks</b></p><script>x()</script>") == "Pumps & tanks"
