"""Reader for saved HTML pages: the schema.org live-blog data and the visible posts, joined.

Structured data (JSON-LD `LiveBlogPosting.liveBlogUpdate`) gives exact times and stable ids but may
lack posts (a paginated page lists only the newest) or bodies (embed-only posts); the visible page
gives what a reader saw. A post from either source is kept; a post both show is kept once, its
visible entry paired with its update by the entry's element id (the update URL's #fragment), else by
headline and time of day.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag

from ..config import Config
from ..dates import CLOCK_SKEW
from ..errors import SnapshotError
from ..furniture import Furniture
from ..models import Card, Page, Post, Snapshot
from ..normalize import Normalizer, containment
from .markup import Blocks, collapse, fragment_blocks, fragment_text, parse_clock, parse_document, parse_epoch, \
    parse_time
from .schema import Structured, as_text, author_names, page_url, read_structured

ENTRY_SELECTOR = "div.live-event-entry, div.live-events__entry, li.live-event-entry"
"""Visible live-blog posts (Reach plc: CorkBeo, Mirror; Express)."""
TRUNCATED_TAG = re.compile(r"<[^<>]*\Z")
"""A tag cut off by the end of a truncated file."""
HEADLINE_SELECTOR = ".live-events__entry-head, .entry-title, h2, h3, h4"
AUTHOR_SELECTOR = ".live-events__entry-author, .entry-info mark, [rel~=author], [itemprop~=author], .byline, .author"
BODY_SELECTOR = ".live-events__entry-text, .entry-content, [itemprop~=articleBody]"
TIME_ATTRIBUTES = ("datetime", "data-time", "data-datetime")
"""Attributes of a <time> element that may hold an ISO 8601 time."""
EPOCH_ATTRIBUTES = ("data-post-time", "data-sort-time", "data-timestamp")
"""Attributes of an entry that may hold its Unix time (seconds or milliseconds)."""
LEAD_SELECTOR = ".live-event-lead-entry, .live-blog-summary, div.text-description:not(.dont-miss)"
"""The visible intro above the feed."""
LEAD_BLOCKS = ("p", "ul", "ol", "blockquote")
"""Children of the intro read as summary paragraphs (boxes such as newsletter sign-ups are left out)."""
MAX_BYLINE_CHARS = 120
"""A longer author slot is not a name."""
MIN_GENERIC_ENTRIES = 2
"""Plain <article> elements count as a feed only when the page has at least this many."""


@dataclass(frozen=True)
class Entry:
    """One post as one source (structured data or the visible page) shows it."""

    headline: str
    """Headline text, trimmed, labels not yet split off."""
    body: tuple[str, ...]
    """Body paragraphs, furniture removed."""
    cards: tuple[Card, ...]
    """Links in the body."""
    published: datetime | None
    """Its full timestamp, where the source gives one."""
    byline: str | None
    """Author names."""
    source_id: str | None
    """The page's stable id for it."""
    anchor: str | None
    """Element id on the page (for an update: the fragment of its URL), for pairing the two sources."""
    line: int
    """Line of the snapshot where it is."""
    clock: tuple[int, int] | None = None
    """Time of day only (`21:22`), for a visible post printed without a date."""
    removed: tuple[str, ...] = ()
    """Paragraphs dropped as furniture."""


class HtmlReader:
    """Reads one saved page into a Page."""

    def __init__(self, config: Config, furniture: Furniture):
        self.config = config
        self.furniture = furniture
        self.norm = Normalizer(config.aliases, config.honorifics)
        labels = "|".join(re.escape(label) for label in config.labels)
        self.label = re.compile(rf"^({labels})\s*:\s*", re.IGNORECASE) if labels else None

    @property
    def tz(self) -> tzinfo:
        return self.config.timezone

    def read(self, snapshot: Snapshot, text: str) -> Page:
        """The page's title, summary and posts; SnapshotError when it holds no readable content."""
        soup = parse_document(TRUNCATED_TAG.sub("", text.lstrip("\ufeff")))
        structured = read_structured(soup, snapshot.name)
        blog = structured.blogs[0] if structured.blogs else None
        base = page_url(blog) or _meta_url(soup)
        updates = _unique([e for e in (self.update_entry(u, line, base) for u, line in structured.updates) if e])
        visible = [e for e in (self.visible_entry(node, base) for node in _entry_nodes(soup)) if e]
        pairs = self.pair(updates, visible)
        reference = _reference(soup, structured, updates, self.tz) or snapshot.captured_at
        visible = self.resolve_clocks(visible, pairs, updates, reference)
        joined = [self.join(u, v) for u, v in _order(updates, visible, pairs)]
        posts = tuple(self.post(snapshot, k, entry) for k, entry in enumerate(joined))
        title = self.title(soup, blog)
        summary, summary_removed = self.summary(soup, blog)
        if not posts and not title and not summary and not soup.get_text().strip():
            raise SnapshotError(snapshot.name, "no readable content: no text, no live-blog data and no posts")
        removed = tuple(p for entry in joined for p in entry.removed) + summary_removed
        return Page(snapshot, title, None, summary, posts, removed)

    def clean(self, paragraphs: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Paragraphs kept and paragraphs dropped by the configured and learned furniture rules."""
        kept, removed = [], []
        for paragraph in paragraphs:
            drop = self.furniture.is_furniture(paragraph) or self.furniture.is_caption(paragraph)
            (removed if drop else kept).append(paragraph)
        return tuple(kept), tuple(removed)

    def update_entry(self, update: dict, line: int, base: str | None) -> Entry | None:
        """One liveBlogUpdate as an entry; None when it has neither headline, body nor time."""
        source_id = _update_id(update)
        blocks = fragment_blocks(as_text(update.get("articleBody") or update.get("text")), source_id or base)
        body, removed = self.clean(blocks.paragraphs)
        headline = fragment_text(as_text(update.get("headline") or update.get("name")))
        published = parse_time(update.get("datePublished") or update.get("dateCreated"), self.tz)
        if not headline and not body and not blocks.cards and published is None:
            return None
        anchor = urlsplit(source_id).fragment or None if source_id else None
        return Entry(headline, body, tuple(blocks.cards), published, author_names(update.get("author")), source_id,
                     anchor, line, removed=removed)

    def visible_entry(self, node: Tag, base: str | None) -> Entry | None:
        """One visible post; None when it shows neither headline nor body."""
        heading = node.select_one(HEADLINE_SELECTOR)
        time = node.find("time")
        author = node.select_one(AUTHOR_SELECTOR)
        inner = [n for n in node.select(ENTRY_SELECTOR)]  # entries nested in it by broken markup
        skip = frozenset(id(n) for n in (heading, time, author, *inner) if n is not None)
        container = node.select_one(BODY_SELECTOR) or node
        blocks = Blocks(base, skip=skip).walk(container)
        body, removed = self.clean(blocks.paragraphs)
        headline = collapse(heading.get_text()) if heading else ""
        if not headline and not body and not blocks.cards:
            return None
        published, clock = _visible_time(node, time, self.tz)
        anchor = node.get("id") or None
        source_id = f"{base or ''}#{anchor}" if anchor else None
        return Entry(headline, body, tuple(blocks.cards), published, _byline(author), source_id, anchor,
                     node.sourceline or 1, clock, removed)

    def key(self, entry: Entry) -> str:
        return self.norm.key(entry.headline)

    def minute(self, entry: Entry) -> tuple[int, int] | None:
        """The entry's time of day in the source's timezone."""
        if entry.published is not None:
            local = entry.published.astimezone(self.tz)
            return local.hour, local.minute
        return entry.clock

    def pair(self, updates: list[Entry], visible: list[Entry]) -> dict[int, int]:
        """Which visible entry shows which update: update index → visible index."""
        pairs: dict[int, int] = {}
        anchors = {u.anchor: i for i, u in enumerate(updates) if u.anchor}
        for v, entry in enumerate(visible):
            i = anchors.get(entry.anchor) if entry.anchor else None
            if i is not None and i not in pairs:
                pairs[i] = v
        keys = [self.key(u) for u in updates]
        minutes = [self.minute(u) for u in updates]
        rules = (
            lambda i, k, m: k and keys[i] == k and m is not None and minutes[i] == m,  # same headline and time
            lambda i, k, m: k and keys[i] == k and m is None,  # same headline, the page prints no time
            lambda i, k, m: not k and m is not None and minutes[i] == m,  # no headline, same time
        )
        for n, rule in enumerate(rules):
            for v, entry in enumerate(visible):
                if v in pairs.values():
                    continue
                k, m = self.key(entry), self.minute(entry)
                found = [i for i in range(len(updates)) if i not in pairs and rule(i, k, m)]
                if found and (n == 0 or len(found) == 1):
                    pairs[found[0]] = v
        return pairs

    def resolve_clocks(self, visible: list[Entry], pairs: dict[int, int], updates: list[Entry],
                       reference: datetime | None) -> list[Entry]:
        """Visible times of day made full times: each the day nearest the post above it, never after the page."""
        if reference is None:
            return visible
        known = {v: updates[i].published for i, v in pairs.items() if updates[i].published}
        previous, out = reference, []
        for v, entry in enumerate(visible):
            if entry.published is None and entry.clock is not None and v not in known:
                entry = replace(entry, published=_nearest_day(entry.clock, previous, reference + CLOCK_SKEW, self.tz))
            previous = known.get(v) or entry.published or previous
            out.append(entry)
        return out

    def join(self, update: Entry | None, shown: Entry | None) -> Entry:
        """One post from its update and its visible entry: the update's headline, time and id; the body the page
        shows when it holds the update's (it keeps lists and embeds that articleBody drops, in paragraphs)."""
        if update is None or shown is None:
            return update or shown
        body_from = shown if self.holds(shown.body, update.body) else update
        cards = body_from.cards if body_from.body else _union_cards(update.cards, shown.cards)
        return Entry(update.headline or shown.headline, body_from.body, cards, update.published or shown.published,
                     shown.byline or update.byline, update.source_id or shown.source_id,
                     update.anchor or shown.anchor, shown.line, shown.clock, body_from.removed)

    def holds(self, larger: tuple[str, ...], smaller: tuple[str, ...]) -> bool:
        """Whether the text `larger` holds `smaller` (its word 3-grams, by the configured containment)."""
        if not larger:
            return False
        if not smaller:
            return True
        small, large = self.norm.shingles(" ".join(smaller)), self.norm.shingles(" ".join(larger))
        return containment(small, large) >= self.config.containment and len(large) >= len(small)

    def post(self, snapshot: Snapshot, position: int, entry: Entry) -> Post:
        headline, labels = entry.headline, []
        while self.label and (m := self.label.match(headline)) and len(headline) > m.end():
            labels.append(headline[:m.end()].rstrip(": ").strip())
            headline = headline[m.end():]
        return Post(snapshot=snapshot.name, position=position, line=entry.line, headline=headline, body=entry.body,
                    labels=tuple(labels), published=entry.published, byline=entry.byline, cards=entry.cards,
                    source_id=entry.source_id)

    def title(self, soup: BeautifulSoup, blog: dict | None) -> str | None:
        """The live blog's headline, else the page's <title>, og:title or first <h1>."""
        if blog is not None and (text := fragment_text(as_text(blog.get("headline") or blog.get("name")))):
            return text
        og = soup.find("meta", attrs={"property": "og:title"})
        texts = (soup.title.get_text() if soup.title else "", og.get("content") or "" if og else "",
                 soup.h1.get_text() if soup.h1 else "")
        return next((collapse(t) for t in texts if collapse(t)), None)

    def summary(self, soup: BeautifulSoup, blog: dict | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The live blog's description, then the visible intro's paragraphs, each once; and what was dropped."""
        paragraphs = [fragment_text(as_text(blog.get("description")))] if blog is not None else []
        lead = soup.select_one(LEAD_SELECTOR)
        if lead is not None:
            for child in lead.find_all(LEAD_BLOCKS, recursive=False):
                paragraphs += Blocks().walk(child).paragraphs
        kept, removed = self.clean([p for p in paragraphs if p])
        seen: dict[str, str] = {}
        for paragraph in kept:
            seen.setdefault(self.norm.key(paragraph), paragraph)
        return tuple(seen.values()), removed


def _update_id(update: dict) -> str | None:
    """An update's stable id: its `url`, else its `@id`."""
    ids = (update.get("url"), update.get("@id"))
    return next((v.strip() for v in ids if isinstance(v, str) and v.strip()), None)


def _entry_nodes(soup: BeautifulSoup) -> list[Tag]:
    """The visible posts: known live-blog markup, else leaf <article>s with a heading and a dated <time>."""
    nodes = soup.select(ENTRY_SELECTOR)
    if nodes:
        return nodes
    articles = [a for a in soup.find_all("article") if a.find("article") is None
                and a.find("time", attrs={"datetime": True}) is not None and a.select_one(HEADLINE_SELECTOR)]
    return articles if len(articles) >= MIN_GENERIC_ENTRIES else []


def _visible_time(node: Tag, time: Tag | None, tz: tzinfo) -> tuple[datetime | None, tuple[int, int] | None]:
    """A visible post's full time (from <time> attributes or the entry's epoch), else its printed time of day."""
    for attribute in TIME_ATTRIBUTES:
        if time is not None and (moment := parse_time(time.get(attribute), tz)):
            return moment, None
    for attribute in EPOCH_ATTRIBUTES:
        if moment := parse_epoch(node.get(attribute), tz):
            return moment, None
    return None, parse_clock(time.get_text(" ")) if time is not None else None


def _byline(author: Tag | None) -> str | None:
    """The author slot's first line (broken markup may leave the post inside it); a marker in capitals such as
    `KEY EVENT` is no name."""
    lines = Blocks().walk(author).paragraphs if author is not None else []
    text = lines[0] if lines else ""
    return text if any(c.islower() for c in text) and len(text) <= MAX_BYLINE_CHARS else None


def _meta_url(soup: BeautifulSoup) -> str | None:
    """The page's address from its canonical link or og:url."""
    link = soup.find("link", rel="canonical")
    meta = soup.find("meta", attrs={"property": "og:url"})
    for value in (link.get("href") if link else None, meta.get("content") if meta else None):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _reference(soup: BeautifulSoup, structured: Structured, updates: list[Entry], tz: tzinfo) -> datetime | None:
    """The page's own latest time (blog modified or published, article:modified_time, newest update)."""
    stamps = [parse_time(blog.get(k), tz) for blog in structured.blogs for k in ("dateModified", "datePublished")]
    meta = soup.find("meta", attrs={"property": "article:modified_time"})
    stamps += [parse_time(meta.get("content"), tz) if meta else None] + [u.published for u in updates]
    stamps = [s for s in stamps if s is not None]
    return max(stamps) if stamps else None


def _nearest_day(clock: tuple[int, int], near: datetime, limit: datetime, tz: tzinfo) -> datetime | None:
    """The time `clock` on the day that puts it nearest `near` without passing `limit`."""
    local = near.astimezone(tz)
    candidates = [datetime.combine(local.date() + timedelta(days=d), datetime.min.time(), tz)
                  .replace(hour=clock[0], minute=clock[1]) for d in (-1, 0, 1)]
    allowed = [c for c in candidates if c <= limit]
    return min(allowed, key=lambda c: abs(c - near)) if allowed else None


def _unique(entries: list[Entry]) -> list[Entry]:
    """Updates each once: a page (or two JSON-LD blocks) may list the same update twice."""
    seen, out = set(), []
    for entry in entries:
        key = entry.source_id or (entry.headline, entry.published, entry.body)
        if key not in seen:
            seen.add(key)
            out.append(entry)
    if len(out) > 1 and all(e.published for e in out) and all(
            a.published <= b.published for a, b in zip(out, out[1:])) and out[0].published < out[-1].published:
        out.reverse()  # listed oldest first: the feed is newest first
    return out


def _order(updates: list[Entry], visible: list[Entry],
           pairs: dict[int, int]) -> list[tuple[Entry | None, Entry | None]]:
    """Both lists as one feed: the visible order where the page shows posts, updates in their own order between."""
    back = {v: i for i, v in pairs.items()}
    out: list[tuple[Entry | None, Entry | None]] = []
    done_updates: set[int] = set()
    done_visible: set[int] = set()

    def visible_until(stop: int) -> None:
        for v in range(stop):
            if v not in done_visible:
                i = back.get(v)
                out.append((updates[i] if i is not None else None, visible[v]))
                done_visible.add(v)
                done_updates.add(i)

    for i, update in enumerate(updates):
        if i in done_updates:
            continue
        v = pairs.get(i)
        if v is not None:
            visible_until(v + 1)
        else:
            out.append((update, None))
            done_updates.add(i)
    visible_until(len(visible))
    return out


def _union_cards(first: tuple[Card, ...], second: tuple[Card, ...]) -> tuple[Card, ...]:
    out = list(first)
    out += [card for card in second if all(card.url != c.url for c in out)]
    return tuple(out)


def read_html(snapshot: Snapshot, text: str, furniture: Furniture) -> Page:
    """Read one saved HTML page (see HtmlReader)."""
    return HtmlReader(furniture.config, furniture).read(snapshot, text)
