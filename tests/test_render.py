"""Rendering: snapshot text always shows as text, and pages read well as raw Markdown."""
from datetime import date, datetime, timezone

import markdown

from generator.models import Day, Digest, Item, Theme
from generator.render import escape, render

HOSTILE = ["<script>alert(1)</script>", "# not a heading", "[x](javascript:alert(1))", "**bold** and _it_",
           "| a | b |", "`code`", "1. not a list", "- not a bullet", "> not a quote", "&amp; stays", "!!! note"]


def test_escaped_text_renders_as_itself():
    for text in HOSTILE:
        html = markdown.markdown(escape(text), extensions=["tables", "fenced_code", "toc"])  # as MkDocs
        assert "<script" not in html and "<a " not in html and "<strong>" not in html and "<h1>" not in html
        assert "<ol>" not in html and "<ul>" not in html and "<blockquote>" not in html and "<table>" not in html
        visible = html.removeprefix("<p>").removesuffix("</p>").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        assert visible == text


def test_day_page_shows_the_item_with_its_provenance():
    t = datetime(2025, 3, 7, 9, 30, tzinfo=timezone.utc)
    item = Item(id="bridge-closed-abc123", headline="Bridge closed", headlines=("PINNED: Bridge closed", "Bridge shut"),
                labels=("PINNED",), body=("Police closed it.",), published=t, byline="Tom Reid", cards=(),
                kind="post", first_seen=t, last_seen=datetime(2025, 3, 7, 12, 0, tzinfo=timezone.utc),
                snapshots=("a.txt", "b.txt"), theme="floods", day=date(2025, 3, 7))
    digest = Digest("Storm live", (Theme("floods", "Floods"),), (Day(date(2025, 3, 7), (), (item,)),), ())
    page = render(digest, timezone.utc)["days/2025-03-07.md"]
    assert '<a id="bridge-closed-abc123"></a>\n\n### Bridge closed\n\n**PINNED** · 7 Mar 09:30 · by Tom Reid\n' in page
    assert "Also headlined: “Bridge shut”" in page
    assert "*Seen in 2 snapshots, first 7 Mar 09:30, last 7 Mar 12:00.*" in page
    assert page.startswith("---\ntitle: Friday 7 March 2025\ndate: '2025-03-07'\n")
