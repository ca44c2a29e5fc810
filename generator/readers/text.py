"""Reader for plain-text page scrapes: one paragraph per line, newest post first."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..config import Config
from ..dates import month_number, parse_stamp
from ..furniture import VERDICTS, Furniture, Line, either
from ..models import Card, Page, Post, Snapshot

BULLET = re.compile(r"^[\u2022\u00b7\u25aa\u25cf\u25e6*\u2013-]\s+")
BLANK_SEPARATED = 0.3
"""A file whose blank lines number this share of its text lines separates paragraphs by them."""
HEAD, PARA, TIME, INTRO, HEADING = "head", "para", "time", "intro", "heading"


def split_lines(text: str) -> list[Line]:
    """Numbered, trimmed, non-blank lines; hard-wrapped paragraphs of blank-separated files joined."""
    raw = text.lstrip("\ufeff").splitlines()
    lines = [Line(i, " ".join(t.split())) for i, t in enumerate(raw, 1)]
    blanks = sum(1 for line in lines if not line.text)
    if blanks < BLANK_SEPARATED * (len(lines) - blanks):
        return [line for line in lines if line.text]
    out: list[Line] = []
    previous_blank = True
    for line in lines:
        if not line.text:
            previous_blank = True
            continue
        if out and not previous_blank and _continues(out[-1].text, line.text):
            out[-1] = Line(out[-1].no, f"{out[-1].text} {line.text}")
        else:
            out.append(line)
        previous_blank = False
    return out


def _continues(before: str, after: str) -> bool:
    """Whether `after` carries on a paragraph hard-wrapped at the end of `before`."""
    return after[:1].islower() or before.endswith((",", ";", "-", "\u2013"))


@dataclass
class Unit:
    """A line with what it looks like."""

    line: Line
    kind: str
    stamp: dict[str, str | None] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.line.text


class TextReader:
    """Splits a text snapshot into title, summary and posts."""

    def __init__(self, config: Config, furniture: Furniture):
        self.config = config
        self.furniture = furniture
        labels = "|".join(re.escape(label) for label in config.labels)
        self.label = re.compile(rf"^({labels})\s*:\s*", re.IGNORECASE) if labels else None
        self.heading = either(config.summary_headings)
        self.marker = either(config.post_markers)
        # Hourly snapshots repeat most lines: each distinct line is classified once, and kept once in memory.
        self.kinds = lru_cache(maxsize=VERDICTS)(self._kind)

    def looks_like_headline(self, text: str) -> bool:
        """Short, capitalised, and not ended like a sentence (but `?` and `…` are fine)."""
        if not text or len(text) > self.config.max_headline_chars or text[0].islower() or BULLET.match(text):
            return False
        if text.endswith(("...", "\u2026", "?")):
            return True
        if text[-1] in "'\u2019":
            return len(text) < 2 or text[-2] not in ".!?,"
        return text[-1] not in '.!,;:"\u201d'

    def stamp(self, text: str) -> dict[str, str | None] | None:
        """The named groups of the first timestamp pattern the whole line matches."""
        for pattern in self.config.timestamps:
            match = pattern.fullmatch(text)
            if match is None:
                continue
            groups = match.groupdict()
            if groups.get("month") and month_number(groups["month"]) is None:
                continue  # "Sarah Jones 12 Downing 2024 10:10" is no date
            return groups
        return None

    def classify(self, line: Line) -> Unit:
        """The line with its kind; its text shared with every other line that reads the same."""
        text, kind, groups = self.kinds(line.text)
        return Unit(Line(line.no, text), kind, groups)

    def _kind(self, text: str) -> tuple[str, str, dict]:
        if (groups := self.stamp(text)) is not None:
            return text, TIME, groups
        if self.marker is not None and self.marker.fullmatch(text):
            return text, TIME, {}  # a post number: where a post begins, with no time to tell
        if self.furniture.is_card_intro(text):
            return text, INTRO, {}
        if self.heading is not None and self.heading.search(text):
            return text, HEADING, {}
        return text, HEAD if self.looks_like_headline(text) else PARA, {}

    def split_head(self, lines: list[Line]) -> tuple[str | None, str | None, list[Line]]:
        """Title and standfirst (headline-like first lines), and the lines after them."""
        count = 0
        while count < 2 and count < len(lines) and self.looks_like_headline(lines[count].text) \
                and not self.furniture.is_furniture(lines[count].text) \
                and (count + 1 >= len(lines) or lines[count + 1].text != lines[count].text):
            count += 1
        texts = [line.text for line in lines[:count]] + [None, None]
        return texts[0], texts[1], lines[count:]

    def read(self, snapshot: Snapshot, lines: list[Line]) -> Page:
        """The snapshot's page: title, standfirst, summary and posts, furniture removed."""
        title, standfirst, rest = self.split_head(lines)
        kept, removed = self.furniture.clean(rest)
        units = [self.classify(line) for line in kept]
        feed = _Feed(self, snapshot, units)
        summary, posts = feed.parse()
        return Page(snapshot, title, standfirst, tuple(summary), tuple(posts), tuple(removed + feed.dropped))


@dataclass
class _Draft:
    line: int
    headline: str
    labels: tuple[str, ...] = ()
    body: list[str] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    stamp: dict | None = None
    kind: str = "post"
    shown: str = ""


class _Feed:
    """One pass over a snapshot's units, building the summary and the posts."""

    def __init__(self, reader: TextReader, snapshot: Snapshot, units: list[Unit]):
        self.reader, self.snapshot, self.units = reader, snapshot, units
        self.mode = self._time_mode()
        self.posts: list[Post] = []
        self.dropped: list[str] = []
        self.draft: _Draft | None = None
        self.pending_stamp: dict | None = None

    def _time_mode(self) -> str | None:
        """Where this snapshot prints post times: 'end' of post, 'before' or 'after' the headline."""
        times = [k for k, u in enumerate(self.units) if u.kind == TIME]
        if not times:
            return None
        after = sum(1 for k in times if k and self.units[k - 1].kind == HEAD)
        if after * 2 > len(times):
            return "after"
        first_head = next((k for k, u in enumerate(self.units) if u.kind == HEAD), len(self.units))
        return "before" if times[0] < first_head else "end"

    def kind(self, k: int) -> str | None:
        return self.units[k].kind if 0 <= k < len(self.units) else None

    def text(self, k: int) -> str | None:
        return self.units[k].text if 0 <= k < len(self.units) else None

    def is_card(self, k: int) -> bool:
        """A title shown twice: a video or article card."""
        return self.kind(k) in (HEAD, PARA) and self.text(k) == self.text(k + 1)

    def starts_post(self, k: int) -> bool:
        kind = self.kind(k)
        if self.mode == "before":
            return kind == TIME
        if self.mode == "after":
            return kind == HEAD and self.kind(k + 1) == TIME or self.is_card(k)
        return kind == HEAD or kind == TIME

    def parse(self) -> tuple[list[str], list[Post]]:
        summary: list[str] = []
        k = 0
        while k < len(self.units) and not self.starts_post(k):
            unit = self.units[k]
            if unit.kind == HEADING:
                self.dropped.append(unit.text)
            elif unit.kind == INTRO:
                self.dropped.append(unit.text)
            else:
                summary.append(_bulleted(unit.text))
            k += 1
        while k < len(self.units):
            k = self.step(k)
        self.close()
        return summary, self.posts

    def step(self, k: int) -> int:
        """Take the unit at k (and any it owns); return the next index."""
        unit = self.units[k]
        if unit.kind == TIME:
            return self.on_time(k)
        if unit.kind == INTRO:
            return self.on_intro(k)
        if unit.kind == HEADING:
            self.dropped.append(unit.text)
            return k + 1
        if self.draft and not self.draft.body and unit.text == self.draft.shown:
            return self.take_description(k + 1, into_body=True)  # a video titled like its post
        if self.is_card(k):
            return self.on_card(k)
        if self.at_top and unit.kind == HEAD and self.is_card(k + 1) and self.text(k + 1) != unit.text:
            self.dropped.append(unit.text)  # the lead picture's caption, over the first card
            return k + 1
        if self.draft is None or self.opens_post(k):
            self.open(unit)
            return k + 1
        self.draft.body.append(_bulleted(unit.text))
        return k + 1

    @property
    def at_top(self) -> bool:
        """No post read yet: just under the summary, where the lead picture sits."""
        return self.draft is None and not self.posts

    def opens_post(self, k: int) -> bool:
        if self.units[k].kind != HEAD:
            return False
        if self.mode is None:
            return True
        if self.mode == "after":
            return self.kind(k + 1) == TIME
        return False  # 'end' and 'before': only a timestamp ends a post

    def open(self, unit: Unit) -> None:
        self.close()
        headline, labels = unit.text, []
        while self.reader.label and (m := self.reader.label.match(headline)) and len(headline) > m.end():
            labels.append(headline[:m.end()].rstrip(": ").strip())
            headline = headline[m.end():]
        if unit.kind == PARA and len(unit.text) > self.reader.config.max_headline_chars:
            self.draft = _Draft(unit.line.no, "", body=[unit.text])
        else:
            self.draft = _Draft(unit.line.no, headline, tuple(labels), shown=unit.text)
        if self.pending_stamp is not None:
            self.draft.stamp, self.pending_stamp = self.pending_stamp, None

    def close(self) -> None:
        draft, self.draft = self.draft, None
        if draft is None:
            return
        stamp = draft.stamp or {}
        published = parse_stamp(stamp, self.reader.config.timezone, self.snapshot.captured_at) if stamp else None
        byline = (stamp.get("byline") or "").strip(" ,|\u2013-") or None
        self.posts.append(Post(
            snapshot=self.snapshot.name, position=len(self.posts), line=draft.line, headline=draft.headline,
            body=tuple(draft.body), labels=draft.labels, published=published, byline=byline,
            cards=tuple(draft.cards), kind=draft.kind))

    def on_time(self, k: int) -> int:
        stamp = self.units[k].stamp
        if self.mode == "before":
            self.close()
            self.pending_stamp = stamp
        elif self.draft is not None and self.draft.stamp is None:
            self.draft.stamp = stamp
            if self.mode == "end":
                self.close()
        else:
            self.dropped.append(self.units[k].text)
        return k + 1

    def on_intro(self, k: int) -> int:
        self.dropped.append(self.units[k].text)
        if self.kind(k + 1) not in (HEAD, PARA):
            return k + 1  # the card it announces is missing
        title = self.text(k + 1)
        k += 3 if self.text(k + 2) == title else 2
        description, k = self.description(k)
        card = Card(title, description)
        if self.draft is None:
            self.draft = _Draft(self.units[k - 1].line.no, title, body=[description] if description else [],
                                kind="card")
        else:
            self.draft.cards.append(card)
        return k

    def on_card(self, k: int) -> int:
        """A card standing in the feed: a video or article post of its own, or a card inside a post."""
        title = self.units[k].text
        if self.mode in ("end", "before") and self.draft is not None and self.draft.headline:
            description, k = self.description(k + 2)
            self.draft.cards.append(Card(title, description))
            return k
        self.open(self.units[k])
        self.draft.kind = "card"
        k = self.take_description(k + 2, into_body=True)
        if self.mode in ("end", "before") and self.draft.stamp is None:
            self.close()  # a card carries no timestamp of its own: it ends where its description does
        return k

    def take_description(self, k: int, into_body: bool) -> int:
        description, k = self.description(k)
        if description and into_body:
            self.draft.body.append(description)
        return k

    def description(self, k: int) -> tuple[str, int]:
        """A card's one-line description at k, if there is one, and the index after it."""
        kind, after = self.kind(k), self.kind(k + 1)
        if kind == PARA:
            return self.units[k].text, k + 1
        if kind != HEAD or self.is_card(k):
            return "", k
        inside_post = self.mode in ("end", "before")
        if after in (None, HEAD, INTRO) or inside_post and after in (PARA, TIME):
            return self.units[k].text, k + 1
        return "", k


def _bulleted(text: str) -> str:
    return BULLET.sub("\u2022 ", text, count=1)


def read_text(snapshot: Snapshot, lines: list[Line], config: Config, furniture: Furniture) -> Page:
    """Read one text snapshot (see TextReader)."""
    return TextReader(config, furniture).read(snapshot, lines)
