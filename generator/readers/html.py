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
from itertools import islice
from datetime import datetime, timedelta, timezone, tzinfo
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag

from ..config import Reading
from ..dates import CLOCK_SKEW
from ..errors import SnapshotError
from ..furniture import Furniture
from ..models import Card, Page, Post, Snapshot
from ..normalize import Normalizer, containment
from .feed import EPOCH_ATTRIBUTES, HEADINGS, Block, feed_blocks, is_time
from .markup import SKIP_TAGS, Blocks, Printed, collapse, fragment_blocks, fragment_text, parse_document, parse_epoch, \
    parse_printed, parse_time
from .text import TextReader, split_lines
from .schema import Structured, as_text, author_names, page_url, read_structured

OUTSIDE_TEXT = ("nav", "aside", "header", "footer")
"""Regions left out when a page's main text is read as a text copy."""
TRUNCATED_TAG = re.compile(r"<[^<>]*\Z")
"""A tag cut off by the end of a truncated file."""
TIME_ATTRIBUTES = ("datetime", "data-time", "data-datetime")
"""Attributes of a <time> element that may hold an ISO 8601 time."""
LEAD_BLOCKS = ("p", "ul", "ol", "blockquote")
"""Children of the intro read as summary paragraphs (boxes such as newsletter sign-ups are left out)."""
MAX_BYLINE_CHARS = 120
"""A longer author slot is not a name."""
MAX_HTML_CHARS = 8_000_000
"""A longer page is refused: parsing it would take minutes (live-blog pages run to 2 MB)."""
MAX_DEPTH = 5_000
"""Elements nested deeper than this make a page unreadable (real pages nest under 100 deep)."""
MINUTES_PER_DAY = 24 * 60
QUARTER_HOUR = 15
"""Time zones are offset from UTC by whole quarter-hours."""
ID_WORD = re.compile(r"[0-9A-Za-z]+")
"""The words of an element id (`block-64f0c2` → `block`, `64f0c2`)."""
ID_NUMBER = re.compile(r"\d{4,}")
"""A long number in an element id (`liveblogPost1288914` → `1288914`)."""
MAX_COPY_CANDIDATES = 3
"""A post is checked for being a copy against the next this many posts of its headline and opening."""
ELLIPSIS = "…"
MIN_CUT_WORDS = 4
"""A headline cut short pairs with a longer one by its start only when this many words are left."""
PLACEHOLDER_FROM = 2
"""Updates all sharing one headline or one time are placeholders only when there are at least this many."""


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
    zone: tzinfo | None = None
    """The timezone the page prints `clock` in, when it names one (`BST`, `IST`, `Uhr`)."""


class HtmlReader:
    """Reads one saved page into a Page."""

    def __init__(self, reading: Reading, furniture: Furniture):
        self.reading = reading
        self.furniture = furniture
        self.norm = Normalizer(reading.matching.aliases, reading.matching.honorifics)
        labels = "|".join(re.escape(label) for label in reading.labels)
        self.label = re.compile(rf"^({labels})\s*:\s*", re.IGNORECASE) if labels else None

    @property
    def tz(self) -> tzinfo:
        return self.reading.timezone

    def read(self, snapshot: Snapshot, text: str) -> Page:
        """The page's title, summary and posts; SnapshotError when it holds no readable content."""
        if len(text) > MAX_HTML_CHARS:
            raise SnapshotError(snapshot.name, f"HTML page of {len(text):,} characters (the limit is {MAX_HTML_CHARS:,})")
        soup = parse_document(TRUNCATED_TAG.sub("", text.lstrip("\ufeff")))
        if (depth := _depth(soup)) > MAX_DEPTH:
            raise SnapshotError(snapshot.name, f"elements nested {depth:,} deep (the limit is {MAX_DEPTH:,})")
        structured = read_structured(soup, snapshot.name)
        blog = structured.blogs[0] if structured.blogs else None
        base = page_url(blog) or _meta_url(soup)
        updates = _unique([e for e in (self.update_entry(u, line, base) for u, line in structured.updates) if e])
        updates = _without_placeholders(updates, self.title(soup, blog), self.norm)
        feed = feed_blocks(soup)
        shown = [e for e in (self.visible_entry(block, base) for block in feed) if e]
        visible = self.unique_visible(shown)
        kept = {id(v) for v in visible}
        copies = tuple(p for e in shown if id(e) not in kept for p in e.body)
        pairs = self.pair(updates, visible)
        if (zone := _page_zone(updates, visible, pairs)) is not None:
            visible = [replace(v, zone=v.zone or zone) for v in visible]
        reference = _reference(soup, structured, updates, self.tz) or snapshot.captured_at
        visible = self.resolve_clocks(visible, pairs, updates, reference)
        joined = [self.join(u, v) for u, v in _order(updates, visible, pairs)]
        posts = tuple(self.post(snapshot, k, entry) for k, entry in enumerate(joined))
        title = self.title(soup, blog)
        summary, summary_removed = self.summary(soup, blog, feed)
        if not posts and not title and not summary and not soup.get_text().strip():
            raise SnapshotError(snapshot.name, "no readable content: no text, no live-blog data and no posts")
        removed = tuple(p for entry in joined for p in entry.removed) + summary_removed + copies
        if not posts:  # no markup marks the posts: the page's main text, read as a text copy is
            return self.read_as_text(snapshot, soup, title, summary, removed)
        return Page(snapshot, title, None, summary, posts, removed)

    def read_as_text(self, snapshot: Snapshot, soup: BeautifulSoup, title: str | None, summary: tuple[str, ...],
                     removed: tuple[str, ...]) -> Page:
        """A page whose markup marks no posts, read from its main text by the text reader."""
        lines = main_text(soup)
        if not lines:
            return Page(snapshot, title, None, summary, (), removed)
        page = TextReader(self.reading, self.furniture).read(snapshot, split_lines("\n".join(lines)))
        return Page(snapshot, title or page.title, page.standfirst, summary or page.summary, page.posts,
                    removed + page.furniture)

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
        anchor = _anchor(source_id)
        return Entry(headline, body, tuple(blocks.cards), published, author_names(update.get("author")), source_id,
                     anchor, line, removed=removed)

    def visible_entry(self, block: Block, base: str | None) -> Entry | None:
        """One visible post; None when it shows neither headline nor body."""
        first = block.nodes[0]
        if block.opened:  # a heading or line opening with its time, the body after it
            printed = parse_printed(first.get_text(" "), opening=True)
            heading, headline, rest = first, collapse(printed.rest), block.nodes[1:]
        else:
            printed = parse_printed(_mark_text(block.marks), opening=False)
            heading = _first(first, lambda n: _is_headline(n) and all(n is not m for m in block.marks), block.inner)
            headline, rest = collapse(heading.get_text(" ")) if heading else "", (first,)
        author = _first(first, _is_author, block.inner) if not block.opened else None
        byline_node = author or _beside_marks(block)
        skip = frozenset(id(n) for n in (heading, _slot(byline_node), *block.marks, *block.inner) if n is not None)
        containers = [_first(n, _is_body, block.inner) or n for n in rest]
        blocks = Blocks(base, skip=skip)
        for container in containers:
            if container.name not in SKIP_TAGS:
                blocks.walk(container)
        body, removed = self.clean(_without_headline(blocks.paragraphs, headline, self.norm))
        if not headline and not body and not blocks.cards:
            return None
        published, clock, zone = _visible_time(block, printed, self.tz)
        anchor = first.get("id") or None
        source_id = f"{base or ''}#{anchor}" if anchor else None
        return Entry(headline, body, tuple(blocks.cards), published, _byline(byline_node), source_id, anchor,
                     first.sourceline or 1, clock, removed, zone)

    def unique_visible(self, visible: list[Entry]) -> list[Entry]:
        """Visible posts each once: a copy (a pinned post shown again above the feed) with the headline and body
        of another post is left out."""
        groups: dict[tuple, list[int]] = {}
        place: dict[int, int] = {}
        for k, entry in enumerate(visible):
            if entry.body:
                group = groups.setdefault(self.copy_key(entry), [])
                place[k] = len(group)
                group.append(k)
        out: list[Entry] = []
        for k, entry in enumerate(visible):
            group = groups[self.copy_key(entry)] if entry.body else []
            later = (visible[j] for j in islice(group, place.get(k, 0) + 1, place.get(k, 0) + 1 + MAX_COPY_CANDIDATES))
            others = [o for o in later if (o.anchor or "") != (entry.anchor or "")]
            if not any(self.holds(o.body, entry.body) and self.holds(entry.body, o.body) for o in others):
                out.append(entry)
        return out

    def copy_key(self, entry: Entry) -> tuple[str, str]:
        """What a copy of a post shares with it: the headline and the first paragraph."""
        return self.key(entry), self.norm.key(entry.body[0]) if entry.body else ""

    def key(self, entry: Entry) -> str:
        return self.norm.key(entry.headline)

    def minute(self, entry: Entry) -> tuple[int, int] | None:
        """The entry's time of day in the source's timezone."""
        if entry.published is not None:
            local = entry.published.astimezone(self.tz)
            return local.hour, local.minute
        return entry.clock

    def pair(self, updates: list[Entry], visible: list[Entry]) -> dict[int, int]:
        """Which visible entry shows which update: update index → visible index (indexed lookups: linear)."""
        pairs = _pair_by_id(updates, visible)
        by_key: dict[str, list[int]] = {}
        by_key_minute: dict[tuple, list[int]] = {}
        by_minute: dict[tuple, list[int]] = {}
        by_cut: dict[str, list[int]] = {}
        for i, update in enumerate(updates):
            k, m = self.key(update), self.minute(update)
            by_key.setdefault(k, []).append(i)
            by_key_minute.setdefault((k, m), []).append(i)
            by_minute.setdefault(m, []).append(i)
            if update.headline.endswith(ELLIPSIS) and (cut := _cut_key(k)):
                by_cut.setdefault(cut, []).append(i)
        rules = (
            lambda k, m: by_key_minute.get((k, m), []) if k and m is not None else [],  # same headline and time
            lambda k, m: by_key.get(k, []) if k and m is None else [],  # same headline, the page prints no time
            lambda k, m: by_minute.get(m, []) if not k and m is not None else [],  # no headline, same time
            lambda k, m: [i for cut in _word_prefixes(k) for i in by_cut.get(cut, [])],  # the data cuts it short
            lambda k, m: by_key.get(k, []) if k else [],  # the one update with this headline, whatever the times
        )
        taken = set(pairs.values())
        for n, rule in enumerate(rules):
            for v, entry in enumerate(visible):
                if v in taken:
                    continue
                found = [i for i in rule(self.key(entry), self.minute(entry)) if i not in pairs]
                if found and (n == 0 or len(found) == 1):
                    pairs[found[0]] = v
                    taken.add(v)
        return pairs

    def resolve_clocks(self, visible: list[Entry], pairs: dict[int, int], updates: list[Entry],
                       reference: datetime | None) -> list[Entry]:
        """Visible times of day made full times: each the day nearest the post above it, never after the page."""
        if reference is None:
            return visible
        known = {v: updates[i].published for i, v in pairs.items() if updates[i].published}
        previous, out = reference, []
        for v, entry in enumerate(visible):
            if entry.published is None and entry.clock is not None and v not in known:  # paired: see join
                entry = replace(entry, published=_nearest_day(entry.clock, previous, reference + CLOCK_SKEW,
                                                              entry.zone or self.tz))
            previous = entry.published or known.get(v) or previous
            out.append(entry)
        return out

    def join(self, update: Entry | None, shown: Entry | None) -> Entry:
        """One post from its update and its visible entry: the update's headline and id; the time a reader sees
        where the two disagree (to the minute); the body the page shows when it holds the update's (it keeps
        lists and embeds that articleBody drops, in paragraphs)."""
        if update is None or shown is None:
            return update or shown
        body_from = shown if self.holds(shown.body, update.body) else update
        cards = body_from.cards if body_from.body else _union_cards(update.cards, shown.cards)
        cut = update.headline.endswith(ELLIPSIS) and shown.headline and _cut_key(self.key(update)) in \
            _word_prefixes(self.key(shown))
        headline = shown.headline if cut else update.headline or shown.headline  # the page's, when the data cuts it
        return Entry(headline, body_from.body, cards, _seen_time(update, shown, self.tz),
                     shown.byline or update.byline, update.source_id or shown.source_id,
                     update.anchor or shown.anchor, shown.line, shown.clock, body_from.removed, shown.zone)

    def holds(self, larger: tuple[str, ...], smaller: tuple[str, ...]) -> bool:
        """Whether the text `larger` holds `smaller` (its word 3-grams, by the configured containment)."""
        if not larger:
            return False
        if not smaller:
            return True
        small, large = self.norm.shingles(" ".join(smaller)), self.norm.shingles(" ".join(larger))
        return containment(small, large) >= self.reading.matching.containment and len(large) >= len(small)

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

    def summary(self, soup: BeautifulSoup, blog: dict | None,
                blocks: list[Block]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The live blog's description, then the visible intro's paragraphs, each once; and what was dropped."""
        paragraphs = [fragment_text(as_text(blog.get("description")))] if blog is not None else []
        lead = _intro(blocks)
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


def _intro(blocks: list[Block]) -> Tag | None:
    """The visible intro: the element just before the feed, when it holds paragraphs and no time."""
    if not blocks or blocks[0].opened:
        return None
    feed = blocks[0].nodes[0].parent
    intro = feed.find_previous_sibling(True) if feed is not None else None
    if intro is None or intro.find("time") is not None or intro.find(LEAD_BLOCKS, recursive=False) is None:
        return None
    return intro


def _depth(soup: BeautifulSoup) -> int:
    """How deep the page's elements nest (iterative)."""
    deepest, stack = 0, [(soup, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((c, depth + 1) for c in node.contents if isinstance(c, Tag))
    return deepest


def main_text(soup: BeautifulSoup) -> list[str]:
    """The page's main text as paragraphs: its <main>, else its <body>, without navigation, asides, headers
    and footers."""
    root = soup.find("main") or soup.body or soup
    skip = frozenset(id(n) for n in root.find_all(OUTSIDE_TEXT))
    return Blocks(skip=skip).walk(root).paragraphs


def _is_headline(node: Tag) -> bool:
    return node.name in HEADINGS or "headline" in (node.get("itemprop") or "").split()


def _is_author(node: Tag) -> bool:
    """An author slot by its meaning: `rel="author"` or `itemprop="author"`."""
    return "author" in (node.get("rel") or []) or "author" in (node.get("itemprop") or "").split()


def _is_body(node: Tag) -> bool:
    """A post's body by its meaning: `itemprop="articleBody"`."""
    return "articleBody" in (node.get("itemprop") or "").split()


def _first(root: Tag, test, skip: tuple[Tag, ...] = ()) -> Tag | None:
    """The first element under `root` that passes `test`, not looking inside `skip` (iterative)."""
    avoid = {id(n) for n in skip}
    stack = [c for c in reversed(root.contents) if isinstance(c, Tag)]
    while stack:
        node = stack.pop()
        if id(node) in avoid:
            continue
        if test(node):
            return node
        stack.extend(c for c in reversed(node.contents) if isinstance(c, Tag))
    return None


def _cut_key(key: str) -> str:
    """A headline cut short ("…"), as a key without its last, perhaps broken, word; '' when too short to tell."""
    words = key.split()[:-1]
    return " ".join(words) if len(words) >= MIN_CUT_WORDS else ""


def _word_prefixes(key: str) -> list[str]:
    """The key's starts of MIN_CUT_WORDS words or more."""
    words = key.split()
    return [" ".join(words[:n]) for n in range(MIN_CUT_WORDS, len(words) + 1)]


def _anchor(source_id: str | None) -> str | None:
    """The element id an update names: its URL's #fragment, or an @id that is no address."""
    if not source_id:
        return None
    parts = urlsplit(source_id)
    if parts.fragment:
        return parts.fragment
    return source_id if not parts.scheme and "/" not in source_id else None


def _pair_by_id(updates: list[Entry], visible: list[Entry]) -> dict[int, int]:
    """Updates paired with the visible posts whose element id they name: the same id, else the only element id
    holding the update's id as a word (`80` in `80_parent`, `64f0c2` in `block-64f0c2`), else the only one
    sharing its long number (`liveblogPost1288914` and `post-1288914`)."""
    exact = {e.anchor: v for v, e in enumerate(visible) if e.anchor}
    indexes = [_id_index(visible, pattern) for pattern in (ID_WORD, ID_NUMBER)]
    pairs: dict[int, int] = {}
    for i, update in enumerate(updates):
        if not update.anchor:
            continue
        v = exact.get(update.anchor)
        for pattern, words in zip((ID_WORD, ID_NUMBER), indexes):
            if v is None:
                found = {w for word in pattern.findall(update.anchor) if len(words.get(word, ())) == 1
                         for w in words[word]}
                v = found.pop() if len(found) == 1 else None
        if v is not None and v not in pairs.values():
            pairs[i] = v
    return pairs


def _id_index(visible: list[Entry], pattern: re.Pattern) -> dict[str, list[int]]:
    words: dict[str, list[int]] = {}
    for v, entry in enumerate(visible):
        for word in set(pattern.findall(entry.anchor or "")):
            words.setdefault(word, []).append(v)
    return words


def _without_placeholders(updates: list[Entry], title: str | None, norm: Normalizer) -> list[Entry]:
    """Updates with placeholder headlines and times dropped: a headline that is the blog's own title, or one
    headline (or one time) shared by every update, says nothing about the post; the visible page tells."""
    if len(updates) < PLACEHOLDER_FROM:
        return updates
    keys = {norm.key(u.headline) for u in updates}
    title_key = norm.key(title or "")
    same_headline = len(keys) == 1
    same_time = len({u.published for u in updates}) == 1 and updates[0].published is not None
    out = []
    for u in updates:
        placeholder = same_headline or (title_key and norm.key(u.headline) == title_key)
        out.append(replace(u, headline="" if placeholder else u.headline, published=None if same_time else u.published))
    return out


def _without_headline(paragraphs: list[str], headline: str, norm: Normalizer) -> list[str]:
    """A body that opens by repeating its headline, without that first paragraph."""
    if paragraphs and headline and norm.key(paragraphs[0]) == norm.key(headline):
        return paragraphs[1:]
    return paragraphs


def _mark_text(marks: tuple[Tag, ...]) -> str:
    """The text of a post's time marks and what is printed beside them (a date split over several elements)."""
    first = marks[0]
    around = first.parent.get_text(" ") if first.parent is not None and is_time(first) else ""
    texts = [around if around and len(around) <= MAX_BYLINE_CHARS else first.get_text(" ")]
    texts += [m.get_text(" ") for m in marks[1:]]
    return " ".join(t for t in texts if len(t) <= MAX_BYLINE_CHARS)


def _slot(author: Tag | None) -> Tag | NavigableString | None:
    """What to leave out of the body for the author slot: all of it, or only its first line when broken markup
    left the post inside it."""
    if author is None or len(author.get_text()) <= MAX_BYLINE_CHARS:
        return author
    return next((t for t in author.strings if t.strip()), None)


def _beside_marks(block: Block) -> Tag | None:
    """The author slot of a post: a short element beside its first time mark, in the same line."""
    mark = next((m for m in block.marks if all(m is not n for n in block.nodes)), block.marks[0])
    parent = mark.parent
    if block.opened or parent is None:
        return None
    for sibling in parent.find_all(True, recursive=False):
        if sibling is mark or sibling.name in HEADINGS or any(sibling is m for m in block.marks):
            continue
        text = collapse(sibling.get_text(" "))
        if text and not any(c.isdigit() for c in text):
            return sibling
    return None


def _visible_time(block: Block, printed: Printed, tz: tzinfo) -> tuple[datetime | None, tuple[int, int] | None,
                                                                       tzinfo | None]:
    """A visible post's full time (from <time> attributes, the entry's epoch or a printed date and time), else
    its printed time of day, with the zone the page names for it."""
    for mark in block.marks:
        for attribute in TIME_ATTRIBUTES:
            if is_time(mark) and (moment := parse_time(mark.get(attribute), printed.zone or tz)):
                return moment, printed.clock, printed.zone
    for attribute in EPOCH_ATTRIBUTES:
        for node in (*block.nodes, *block.marks):
            if moment := parse_epoch(node.get(attribute), printed.zone or tz):
                return moment, printed.clock, printed.zone
    if printed.clock is not None and printed.day is not None:
        zone = printed.zone or tz
        moment = datetime.combine(printed.day, datetime.min.time(), zone).replace(hour=printed.clock[0],
                                                                                  minute=printed.clock[1])
        return moment, printed.clock, printed.zone
    return None, printed.clock, printed.zone


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
    if not any(stamps):  # no data says when the page was made: the latest machine-readable time it shows
        stamps += [parse_time(t.get("datetime"), tz) for t in soup.find_all("time", attrs={"datetime": True})]
    stamps = [s for s in stamps if s is not None]
    return max(stamps) if stamps else None


def _seen_time(update: Entry, shown: Entry, tz: tzinfo) -> datetime | None:
    """The time a reader sees: the data's when the page prints the same time of day (in the page's zone),
    else the page's own full time if it prints that, else the printed time on the data's day."""
    if update.published is None or shown.published is None and shown.clock is None:
        return update.published or shown.published
    zone = shown.zone or tz
    clock = shown.clock or _hm(shown.published, zone)
    if _hm(update.published, zone) == clock:
        return update.published
    if shown.published is not None and _hm(shown.published, zone) == clock:
        return shown.published
    return _nearest_day(clock, update.published, update.published + timedelta(days=1), zone)


def _hm(moment: datetime, zone: tzinfo) -> tuple[int, int]:
    local = moment.astimezone(zone)
    return local.hour, local.minute


def _page_zone(updates: list[Entry], visible: list[Entry], pairs: dict[int, int]) -> tzinfo | None:
    """The zone a page prints its times in when it names none, told by its data: the one offset (whole
    quarter-hours) between every paired update's time and the time of day the page prints for it."""
    offsets = set()
    for i, v in pairs.items():
        moment, clock = updates[i].published, visible[v].clock
        if moment is None or clock is None or visible[v].zone is not None:
            continue
        utc = moment.astimezone(timezone.utc)
        offsets.add((clock[0] * 60 + clock[1] - utc.hour * 60 - utc.minute + MINUTES_PER_DAY // 2) % MINUTES_PER_DAY
                    - MINUTES_PER_DAY // 2)
    if len(offsets) != 1 or (offset := offsets.pop()) % QUARTER_HOUR:
        return None
    return timezone(timedelta(minutes=offset))


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
    return HtmlReader(furniture.reading, furniture).read(snapshot, text)
