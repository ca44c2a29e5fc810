"""The Atom feeds: the site's and one per theme, valid, each entry a post with its full text and its link."""
import html
import json
import os
import shutil
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

import feedparser
import yaml

from conftest import ROOT
from generator.models import Card, Day, Digest, Item, Theme
from generator.render import render
from generator.render.feed import FEED_ENTRIES, feeds

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = ROOT / "content"
DIGEST = json.loads((CONTENT / "digest.json").read_text())
MORNING = datetime(2025, 3, 7, 9, 0, tzinfo=timezone.utc)


def post(n: int, **fields) -> Item:
    """A plain post of 7 March 2025, `n` minutes after nine."""
    at = MORNING + timedelta(minutes=n)
    values = dict(id=f"post-{n}", headline=f"Post {n}", headlines=(f"Post {n}",), labels=(), body=(f"Text {n}.",),
                  published=at, byline=None, cards=(), kind="post", first_seen=at, last_seen=at, snapshots=("a.txt",),
                  theme="floods", day=date(2025, 3, 7))
    return Item(**{**values, **fields})


def digest_of(*items: Item) -> Digest:
    themes = (Theme("floods", "Floods"), Theme("roads", "Roads"))
    return Digest("Storm live", themes, (Day(date(2025, 3, 7), (), tuple(items)),), ())


def required(feed: ET.Element) -> None:
    """The elements RFC 4287 requires of a feed and of each entry, once each, and the self link."""
    for name in ("id", "title", "updated"):
        assert len(feed.findall(ATOM + name)) == 1, name
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    assert [link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated", "published", "content"):
            assert len(entry.findall(ATOM + name)) == 1, name
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href")


def parsed(text: str):
    """The feed as a feed reader reads it: it must be well-formed Atom 1.0."""
    feed = feedparser.parse(text)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    required(ET.fromstring(text))
    return feed


def items_of(theme: str | None = None) -> list[tuple[dict, dict]]:
    """(day, item) of the example digest, newest first as the feeds order them, optionally of one theme."""
    return [(d, i) for d in DIGEST["days"] for i in d["items"] if theme in (None, i["theme"])]


def test_the_site_feed_has_every_post_with_its_full_text_and_its_link_on_the_day_page():
    feed = parsed((CONTENT / "feed.xml").read_text())
    assert feed.feed.title == "Ukraine war live: the digest"
    assert [link.href for link in feed.feed.links if link.rel == "self"] == ["feed.xml"]
    shown = items_of()
    assert len(feed.entries) == min(FEED_ENTRIES, len(shown))
    by_link = {e.link: e for e in feed.entries}
    for day, item in shown:
        entry = by_link[f"days/{day['date']}/#{item['id']}"]
        assert entry.title == item["headline"]
        assert entry.id.startswith("urn:uuid:")
        text = html.unescape(entry.content[0].value)
        assert all(paragraph in text for paragraph in item["body"])
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    updated = [e.updated_parsed for e in feed.entries]
    assert updated == sorted(updated, reverse=True)


def test_each_theme_has_a_feed_of_its_posts_linked_from_its_page():
    for theme in DIGEST["themes"]:
        feed = parsed((CONTENT / "feeds" / f"{theme['id']}.xml").read_text())
        assert feed.feed.title == f"Ukraine war live: the digest: {theme['title']}"
        assert [link.href for link in feed.feed.links if link.rel == "self"] == [f"{theme['id']}.xml"]
        assert {e.link for e in feed.entries} == {f"../days/{d['date']}/#{i['id']}" for d, i in items_of(theme["id"])}
        assert all(e.tags[0].term == theme["id"] for e in feed.entries)
        page = (CONTENT / theme["page"]).read_text()
        assert f"[Atom feed of this theme](../feeds/{theme['id']}.xml)" in page
        assert yaml.safe_load(page.split("---")[1])["feed"] == f"feeds/{theme['id']}.xml"


def test_a_post_has_the_same_id_in_every_feed_and_ids_do_not_change_when_the_digest_grows(tmp_path, config):
    from generator.build import build
    folder = tmp_path / "snaps"
    shutil.copytree(ROOT / "examples" / "snapshots", folder)
    (folder / "04_d2c79a.txt").unlink()
    build(folder, tmp_path / "out", config)

    def ids(path):
        return {e.link.rsplit("#", 1)[1]: e.id for e in feedparser.parse(path.read_text()).entries}

    before, after = ids(tmp_path / "out" / "feed.xml"), ids(CONTENT / "feed.xml")
    assert before and all(after[item] == id_ for item, id_ in before.items())
    theme = ids(CONTENT / "feeds" / "espionage-cases.xml")
    assert theme and all(after[item] == id_ for item, id_ in theme.items())


def test_a_feed_holds_the_newest_posts_only():
    items = [post(n) for n in range(FEED_ENTRIES + 10)]
    text = feeds(digest_of(*items), timezone.utc)["feed.xml"]
    titles = [e.title for e in parsed(text).entries]
    assert titles == [f"Post {n}" for n in reversed(range(10, FEED_ENTRIES + 10))]


def test_an_edited_post_counts_as_updated_when_it_changed():
    from generator.models import Change
    edited = post(1, changes=(Change(MORNING + timedelta(hours=3), "b.txt", added=(2,)),))
    entries = parsed(feeds(digest_of(post(2), edited), timezone.utc)["feed.xml"]).entries
    assert [e.title for e in entries] == ["Post 1", "Post 2"]
    assert entries[0].published == "2025-03-07T09:01:00Z" and entries[0].updated == "2025-03-07T12:00:00Z"


def test_with_a_site_url_every_link_is_absolute():
    out = feeds(digest_of(post(1), post(2, theme="roads")), timezone.utc, "https://example.org/storm/")
    site, roads = parsed(out["feed.xml"]), parsed(out["feeds/roads.xml"])
    assert [(link.rel, link.href) for link in site.feed.links] == [
        ("self", "https://example.org/storm/feed.xml"), ("alternate", "https://example.org/storm/")]
    assert [(link.rel, link.href) for link in roads.feed.links] == [
        ("self", "https://example.org/storm/feeds/roads.xml"), ("alternate", "https://example.org/storm/themes/roads/")]
    assert [e.link for e in roads.entries] == ["https://example.org/storm/days/2025-03-07/#post-2"]
    assert site.entries[0].id == roads.entries[0].id


class Markup(HTMLParser):
    """The elements and attributes an HTML text opens."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


HOSTILE = "<script>alert(1)</script> & <img src=x onerror=alert(2)> ]]></content><entry>"


def test_a_hostile_post_shows_as_text_in_a_feed_reader():
    item = post(1, headline=f"Headline {HOSTILE}", headlines=(f"Headline {HOSTILE}", f"Old {HOSTILE}"),
                labels=("<b>PINNED</b>",), byline="<i>Jo</i>\x1b[2J", body=(f"Body {HOSTILE}\x0c\x00end", "&lt;b&gt;"),
                cards=(Card(f"Card {HOSTILE}", "<svg onload=alert(3)>", "javascript:alert(4)"),
                       Card("Safe card", "", 'https://example.org/a"onmouseover="alert(5)')))
    text = feeds(digest_of(item), timezone.utc)["feed.xml"]
    feed = parsed(text)
    entry = ET.fromstring(text).find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").get("type") in (None, "text")
    assert entry.findtext(f"{ATOM}title") == f"<b>PINNED</b>: Headline {HOSTILE}"
    assert entry.find(f"{ATOM}content").get("type") == "html"
    markup = Markup()
    markup.feed(entry.findtext(f"{ATOM}content"))
    assert {tag for tag, _ in markup.tags} <= {"p", "strong", "em", "a"}
    assert [attrs for tag, attrs in markup.tags if attrs] == [[("href", "https://example.org/a%22onmouseover=%22alert%285%29")]]
    shown = html.unescape(feed.entries[0].content[0].value)
    assert f"Body {HOSTILE}\ufffd\ufffdend" in shown and "&lt;b&gt;" in shown and "<svg onload=alert(3)>" in shown
    assert feed.entries[0].author == "<i>Jo</i>\ufffd[2J"


def test_the_hostile_snapshots_give_feeds_whose_only_markup_is_the_digests_own(tmp_path, config):
    from generator.build import build
    build(ROOT / "tests" / "fixtures" / "hostile", tmp_path, config)
    texts = [tmp_path / "feed.xml", *sorted((tmp_path / "feeds").glob("*.xml"))]
    posts = 0
    for path in texts:
        parsed(path.read_text())
        for content in ET.parse(path).getroot().iter(f"{ATOM}content"):
            markup = Markup()
            markup.feed(content.text or "")  # a post with neither body nor time has empty content
            assert {tag for tag, _ in markup.tags} <= {"p", "strong", "em", "a"}, path
            assert all(name == "href" and value.startswith(("https:", "http:", "mailto:"))
                       for _, attrs in markup.tags for name, value in attrs), path
            posts += 1
    assert posts
    bridge = {e.title: e.content[0].value for e in feedparser.parse((tmp_path / "feed.xml").read_text()).entries}[
        'Bridge closed <script>window.__pwned = "headline"</script>']
    assert "<iframe" not in bridge and '<iframe src="javascript:' in html.unescape(bridge)  # shown as text


def test_every_built_page_links_the_site_feed_and_theme_pages_their_own(tmp_path):
    mkdocs = os.path.join(os.path.dirname(sys.executable), "mkdocs")
    done = subprocess.run([mkdocs, "build", "--strict", "--site-dir", str(tmp_path)], cwd=ROOT,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    pages = list(tmp_path.rglob("index.html"))
    assert pages and all('type="application/atom+xml" title="Ukraine war live: the digest: latest posts"'
                         in p.read_text() for p in pages)
    theme = (tmp_path / "themes" / "espionage-cases" / "index.html").read_text()
    assert 'title="Ukraine war live: the digest: Espionage cases" href="../../feeds/espionage-cases.xml"' in theme
    assert '<a href="../../feeds/espionage-cases.xml">Atom feed of this theme</a>' in theme
    assert (tmp_path / "feed.xml").is_file() and (tmp_path / "feeds" / "espionage-cases.xml").is_file()
    assert (tmp_path / "digest.json").is_file()


def test_render_writes_the_feeds_beside_the_pages():
    files = render(digest_of(post(1)), timezone.utc)
    assert {"feed.xml", "feeds/floods.xml", "feeds/roads.xml"} <= set(files)
    assert "feed: feeds/floods.xml" in files["themes/floods.md"]
