"""HTML made into text: paragraphs split at block elements, links kept as cards, times parsed.

Shared by the HTML reader for the visible page and for the HTML inside JSON-LD strings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone, tzinfo
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, CData, NavigableString, Tag
from bs4.builder import ParserRejectedMarkup

from ..dates import ZONES, month_number
from ..models import Card

PARSER = "html.parser"
"""The standard library's parser: no compiled dependency, and it never gives up on broken markup."""
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt", "fieldset", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "summary", "table", "td", "th", "tr", "ul",
})
"""Elements that start and end a paragraph."""
SKIP_TAGS = frozenset({
    "audio", "button", "canvas", "embed", "figcaption", "figure", "form", "head", "iframe", "img", "input",
    "map", "meta", "noscript", "object", "picture", "script", "select", "source", "style", "svg", "template",
    "textarea", "title", "video", "amp-img", "amp-iframe", "amp-video", "amp-ad",
})
"""Elements whose text is never body text: scripts, media, pictures and their captions, forms."""
BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
"""A paragraph that is only an address: an embed the saved page shows as its URL."""
CLOCK = re.compile(r"(?<!\d)([01]?\d|2[0-3])[:.]([0-5]\d)(?!\d)\s*([ap]\.?m\.?)?", re.IGNORECASE)
"""A time of day printed on the page (`21:22`, `9.05am`)."""
ZONE_AFTER = re.compile(r"\s*\(?\s*([A-Za-z]{2,5})\b\.?\s*\)?")
"""A zone word printed after a time (`12.05 BST`, `21:06 (IST)`, `12.31 Uhr`)."""
SEPARATOR = re.compile(r"^\s*[:|·•–—-]?\s*")
"""What separates a time opening a heading from the headline (`12.31 Uhr: …`)."""
DAY_MONTH_YEAR = re.compile(r"(?<!\d)(\d{1,2})\.?\s+([^\W\d_]{3,12})\.?,?\s+(\d{4})(?!\d)")
MONTH_DAY_YEAR = re.compile(r"\b([^\W\d_]{3,12})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)")
NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")
"""Printed dates: `27. August 2024`, `November 02 2023`, `27.08.2024`."""
HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
NOT_LINKS = ("javascript:", "#", "data:")


def collapse(text: str) -> str:
    """White space runs made single spaces, ends trimmed."""
    return re.sub(r"\s+", " ", text).strip()


def parse_document(text: str) -> BeautifulSoup:
    """The parsed page; markup the parser rejects is retried without its odd declarations."""
    try:
        return BeautifulSoup(text, PARSER)
    except (ParserRejectedMarkup, AssertionError):
        # html.parser rejects some malformed `<![...]>` declarations; they hold no text worth keeping
        return BeautifulSoup(re.sub(r"<!(?!--)[^>]*>", "", text), PARSER)


def fragment_text(value: str) -> str:
    """A JSON-LD string as plain text: entities decoded, tags dropped, white space collapsed."""
    if "<" not in value and "&" not in value:
        return collapse(value)
    return collapse(parse_document(value).get_text())


@dataclass
class Blocks:
    """Text collected from a tree, cut into paragraphs at block elements and line breaks."""

    base_url: str | None = None
    """Where relative links point from."""
    newlines_break: bool = False
    """Whether a newline in the text ends a paragraph (HTML-less JSON-LD bodies use them so)."""
    skip: frozenset[int] = frozenset()
    """ids of elements and strings to leave out (the headline, time and author of a visible post)."""
    paragraphs: list[str] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    _current: list[str] = field(default_factory=list)

    def walk(self, root: Tag) -> Blocks:
        """Collect the text under `root` (iteratively, so deep broken nesting cannot overflow)."""
        stack: list[tuple[object, bool]] = [(child, True) for child in reversed(list(root.children))]
        while stack:
            node, entering = stack.pop()
            if isinstance(node, NavigableString):
                if id(node) not in self.skip:
                    self._text(node)
            elif isinstance(node, Tag) and entering:
                if node.name in SKIP_TAGS or id(node) in self.skip:
                    continue
                if node.name == "br" or node.name in BLOCK_TAGS:
                    self.flush()
                if node.name == "a":
                    self._link(node)
                stack.append((node, False))
                stack.extend((child, True) for child in reversed(list(node.children)))
            elif isinstance(node, Tag) and node.name in BLOCK_TAGS:
                self.flush()
        self.flush()
        return self

    def _text(self, node: NavigableString) -> None:
        if type(node) not in (NavigableString, CData):
            return  # comments, doctypes, processing instructions
        if not self.newlines_break:
            self._current.append(str(node))
            return
        lines = str(node).split("\n")
        for k, line in enumerate(lines):
            if k:
                self.flush()
            self._current.append(line)

    def _link(self, node: Tag) -> None:
        href = (node.get("href") or "").strip()
        title = collapse(node.get_text())
        if not href or not title or href.lower().startswith(NOT_LINKS):
            return
        url = urljoin(self.base_url, href) if self.base_url else href
        if all(card.url != url for card in self.cards):
            self.cards.append(Card(title=title, url=url))

    def flush(self) -> None:
        """End the paragraph being collected; a paragraph that is only an address becomes a card."""
        text = collapse("".join(self._current))
        self._current = []
        if not text:
            return
        if BARE_URL.match(text):
            url = text if urlsplit(text).scheme else f"https://{text}"
            if all(card.url != url for card in self.cards):
                self.cards.append(Card(title=text, url=url))
            return
        self.paragraphs.append(text)


def fragment_blocks(value: str, base_url: str | None) -> Blocks:
    """An HTML string (a JSON-LD articleBody) as paragraphs and link cards."""
    soup = parse_document(value)
    has_blocks = soup.find(lambda tag: tag.name == "br" or tag.name in BLOCK_TAGS) is not None
    return Blocks(base_url, newlines_break=not has_blocks).walk(soup)


def parse_time(value: object, tz: tzinfo) -> datetime | None:
    """An ISO 8601 date and time as an aware datetime (naive ones in `tz`); None for a bare date or junk."""
    if not isinstance(value, str) or not HAS_TIME.search(value):
        return None
    text = value.strip().replace(" ", "T", 1)
    text = text[:-1] + "+00:00" if text[-1:] in "Zz" else text
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


EPOCH_MILLISECONDS_FROM = 10 ** 11
"""An epoch number above this counts milliseconds, not seconds (10^11 s is in the year 5138)."""


def parse_epoch(value: object, tz: tzinfo) -> datetime | None:
    """A Unix time in seconds or milliseconds (a `data-` attribute) as an aware datetime in `tz`."""
    if not isinstance(value, str) or not value.strip().isdigit():
        return None
    number = int(value.strip())
    seconds = number / 1000 if number > EPOCH_MILLISECONDS_FROM else number
    try:
        return datetime.fromtimestamp(seconds, timezone.utc).astimezone(tz)
    except (OverflowError, OSError, ValueError):
        return None


@dataclass(frozen=True)
class Printed:
    """A date and time as a page prints them for a post."""

    day: date | None
    """The date, when one is printed."""
    clock: tuple[int, int] | None
    """The time of day (hour, minute)."""
    zone: tzinfo | None
    """The zone named after the time, when `dates.ZONES` knows it."""
    rest: str
    """The text after an opening time (the headline of `12.31 Uhr: …`)."""


def parse_printed(text: str, opening: bool) -> Printed:
    """The date, time and zone printed in `text`: its opening time (`opening`) or its last one."""
    matches = list(CLOCK.finditer(text))
    if opening:
        matches = [m for m in matches[:1] if not text[:m.start()].strip(" \t\n\u00a0([")]
    if not matches:
        return Printed(_printed_day(text), None, None, text)
    match = matches[-1]
    clock = _clock(match)
    after = ZONE_AFTER.match(text, match.end())
    zone = ZONES.get(after.group(1).lower()) if after else None
    end = after.end() if after and zone else match.end()
    rest = SEPARATOR.sub("", text[end:]) if opening else text
    return Printed(_printed_day(text[:match.start()]), clock, zone, rest)


def _printed_day(text: str) -> date | None:
    """The last date printed in `text`, if any."""
    found = []
    for m in DAY_MONTH_YEAR.finditer(text):
        found.append((m.start(), m.group(3), month_number(m.group(2)), m.group(1)))
    for m in MONTH_DAY_YEAR.finditer(text):
        found.append((m.start(), m.group(3), month_number(m.group(1)), m.group(2)))
    for m in NUMERIC_DATE.finditer(text):
        found.append((m.start(), m.group(3), int(m.group(2)), m.group(1)))
    for _, year, month, day in sorted(found, reverse=True):
        try:
            if month:
                return date(int(year), month, int(day))
        except ValueError:
            continue
    return None


def _clock(match: re.Match) -> tuple[int, int] | None:
    hour_text, minute_text, ampm = match.groups()
    hour, minute = int(hour_text), int(minute_text)
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
    return hour, minute
