"""Rendering: snapshot text always shows as text, and pages read well as raw Markdown."""
import html as entities
import json
import re
from datetime import date, datetime, timezone

import markdown
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.models import Card, Day, Digest, Item, Theme
from generator.render import escape, indented_json, render
from generator.render.markdown import safe_url

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


# --- whatever extensions the theme turns on, snapshot text stays text -----------------------------

EXTENSIONS = ["tables", "fenced_code", "toc", "attr_list", "md_in_html", "def_list", "abbr", "footnotes",
              "admonition", "pymdownx.details", "pymdownx.mark", "pymdownx.caret", "pymdownx.tilde",
              "pymdownx.keys", "pymdownx.critic", "pymdownx.emoji", "pymdownx.magiclink", "pymdownx.tasklist",
              "pymdownx.superfences", "pymdownx.blocks.admonition"]
"""Python-Markdown's extensions and the PyMdown ones Material's documentation suggests."""
EXTENSION_SYNTAX = [
    "Talks failed {: onclick=\"alert(1)\" }", "Queues formed {#x .y onmouseover=\"alert(1)\"}",
    "==marked== and ^^inserted^^ and ^super^ and ~sub~ and ~~struck~~", "++ctrl+alt+del++ pressed",
    "{++added++} {--removed--} {~~old~>new~~}", ":smile: and :fontawesome-brands-github:",
    "? details title", "??? note \"x\"", "/// note", "Term\n: definition", "*[HTML]: Hyper Text",
    "[^1] and [^1]: note", "- [x] done", "<https://x.test/a>", "www.x.test and https://x.test/b",
]


def elements(html: str) -> list[tuple[str, dict]]:
    from html.parser import HTMLParser
    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collect().feed(html)
    return found


@pytest.mark.parametrize("text", EXTENSION_SYNTAX)
def test_extension_syntax_in_a_snapshot_stays_text(text):
    html = markdown.markdown(escape(text), extensions=EXTENSIONS)
    for tag, attrs in elements(html):
        if tag == "a":  # an extension that links bare addresses may link an http one, and only that
            assert set(attrs) <= {"href", "class"} and re.match(r"https?://", attrs["href"]), html
        else:
            assert (tag, attrs) == ("p", {}), html
    assert entities.unescape(re.sub(r"<[^>]+>", "", html)).replace("\n", " ") == text.replace("\n", " ")


@pytest.mark.parametrize("url, shown", [
    ("https://x.test/b)<svg/onload=alert(1)>", "https://x.test/b%29%3Csvg/onload=alert%281%29%3E"),
    ("https://x.test/a b\"c'd", "https://x.test/a%20b%22c%27d"),
    ("HTTP://X.TEST/", "HTTP://X.TEST/"),
    ("//x.test/next", "https://x.test/next"),
    ("mailto:desk@x.test", "mailto:desk@x.test"),
    (" \x01https://x.test/ \n", "https://x.test/"),
    ("java\nscript:alert(1)", None), ("java\tscript:alert(1)", None), ("  JaVaScRiPt:alert(1)", None),
    ("\x00javascript:alert(1)", None), ("data:text/html,<script>alert(1)</script>", None),
    ("vbscript:msgbox(1)", None), ("file:///etc/passwd", None), ("relative/page.html", None),
    ("https://[unclosed/", None), ("", None), (None, None),
])
def test_link_targets_are_allow_listed_and_escaped(url, shown):
    assert safe_url(url) == shown


def test_a_related_link_with_a_refused_target_shows_its_title_without_a_link():
    t = datetime(2025, 3, 7, 9, 30, tzinfo=timezone.utc)
    cards = (Card("the timetable", url="java\nscript:alert(1)"), Card("the statement", url="https://x.test/b)<svg>"))
    item = Item(id="talks-abc123", headline="Talks fail", headlines=("Talks fail",), labels=(), body=(),
                published=t, byline=None, cards=cards, kind="post", first_seen=t, last_seen=t, snapshots=("a.txt",),
                theme="strikes", day=date(2025, 3, 7))
    digest = Digest("Ferry live", (Theme("strikes", "Strikes"),), (Day(date(2025, 3, 7), (), (item,)),), ())
    page = render(digest, timezone.utc)["days/2025-03-07.md"]
    assert "Related: *the timetable*\n" in page
    assert "Related: [the statement](https://x.test/b%29%3Csvg%3E)\n" in page


def test_titles_from_snapshots_are_inert_where_the_theme_prints_them():
    title = "Ferry live <img src=x onerror=\"alert('t')\"> &lt;b&gt; `x`"
    digest = Digest(title, (Theme("strikes", "Strikes <b>"),), (), ())
    files = render(digest, timezone.utc)
    settings = yaml.safe_load(files[".site.yml"])
    home = yaml.safe_load(files["index.md"].split("---\n")[1])
    for shown in (settings["site_name"], home["title"]):
        assert not set(shown) & set("<>\"'`") and "&lt;" not in shown
        assert shown == "Ferry live \u2039img src=x onerror=\u201dalert(\u2019t\u2019)\u201d\u203a \uff06lt;b\uff06gt; \u2018x\u2018"
    assert {"Strikes \u2039b\u203a": "themes/strikes.md"} in settings["nav"][2]["Themes"]
    assert "# Ferry live &lt;img src=x onerror=\"alert('t')\"&gt; &amp;lt;b&amp;gt; \\`x\\`" in files["index.md"]


SYNTAX = "<>&;#*_`[](){}!|\\~^=+:?/-.\"' 0123456789aAxhtps@w"
"""Every character Markdown, HTML, templates and the extensions above give a meaning to, and a few letters."""


@given(st.text(st.sampled_from(SYNTAX), max_size=40).map(lambda t: " ".join(t.split())))
def test_any_text_renders_as_itself_and_as_nothing_else(text):
    html = markdown.markdown(escape(text), extensions=EXTENSIONS)
    for tag, attrs in elements(html):
        if tag == "a":
            assert set(attrs) <= {"href", "class"} and re.match(r"https?://|mailto:", attrs["href"]), html
        else:
            assert (tag, attrs) == ("p", {}), html
    assert entities.unescape(re.sub(r"<[^>]+>", "", html)).strip() == text


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    | st.dictionaries(st.integers(), inner, max_size=2),
    max_leaves=20)


@given(JSON_VALUES)
def test_digest_json_is_written_as_the_standard_encoder_writes_it(value):
    assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2)
