"""Reader for plain-text page scrapes: one paragraph per line, newest post first.

Every line is given a kind (headline-like, paragraph, timestamp, dateline, card intro, heading), then
one pass over the kinds builds the summary and the posts. Where a snapshot prints times, they — not
headline-like lines — mark where posts begin and end; each kind of timestamp (its shape: clock, date,
relative, epoch, with or without byline or zone) is found to stand before its posts, after their
headline, or at their end. A shape seen only once or twice among many of another is a dateline or a
video's duration, not a post's time.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from ..config import Reading
from ..dates import month_number, parse_stamp
from ..furniture import VERDICTS, Edges, Furniture, Line, WatchedLine, either
from ..models import Card, Page, Post, Snapshot
from .lines import join_split_dates, join_update_words, split_lines, stamp_prefix, unglue
from .shape import (byline_name, ends_with_time, footer_start, is_name, is_sentence, is_short, link_lists, shape_of,
                    short_runs, stamp_byline)

BULLET = re.compile(r"^[\u2022\u00b7\u25aa\u25cf\u25e6*\u2013-]\s+")
HEAD, PARA, TIME, INTRO, HEADING, DATE, EDIT = "head", "para", "time", "intro", "heading", "date", "edit"
MINORITY_FROM = 5
"""Timestamp shapes are told apart only in snapshots whose commonest shape is seen this often."""
MINORITY_SHARE = 0.25
"""A shape seen less than this share as often as the commonest (or at most twice) is no post time."""
MINORITY_COUNT = 2
"""A shape seen at most this often among many of another is no post time either."""
CLOCK_AND_NAME = re.compile(r"(?P<clock>\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?)\s+(?P<byline>\S.{0,60})", re.IGNORECASE)
LETTER_DIGIT = re.compile(r"[^\W\d_](?=\d)")
MAX_GLUED_STAMPS_CHARS = 90
"""Two glued times (and a byline) fit in this many characters."""
MENU_LINES = 4
"""This many short lines at the very top of a copy are the site's menu, not the page's title."""
EXCLAIMED_HEADLINE_WORDS = 12
"""A line this short ending in `!` opens a timestamped post as its headline (`India WIN!!!`)."""
__all__ = ["TextReader", "read_text", "split_lines"]


@dataclass
class Unit:
    """A line with what it looks like, and the rule that said so."""

    line: Line
    kind: str
    stamps: tuple[dict, ...] = ()
    shapes: tuple[tuple, ...] = ()
    rule: str = ""
    joined: tuple[Unit, ...] = ()
    """Stamps on the lines right under this one, read with it as one post's times."""

    @property
    def text(self) -> str:
        return self.line.text


@dataclass
class Reading:
    """How one line of a snapshot was read: for `inspect`."""

    no: int
    """Line number in the file."""
    text: str
    """The line (or the part of it) read."""
    role: str
    """title, standfirst, summary, headline, time, byline, body, card, caption, furniture …"""
    rule: str = ""
    """Which rule decided: a configured pattern, learned, or a reading rule."""


class TextReader:
    """Splits a text snapshot into title, summary and posts."""

    def __init__(self, reading: Reading, furniture: Furniture):
        self.reading = reading
        self.furniture = furniture
        labels = "|".join(re.escape(label) for label in reading.labels)
        self.label = re.compile(rf"^({labels})\s*:\s*", re.IGNORECASE) if labels else None
        self.heading = either(reading.summary_headings)
        self.marker = either(reading.post_markers)
        self.updated = either(reading.update_words)
        # Hourly snapshots repeat most lines: each distinct line is classified once, and kept once in memory.
        self.kinds = lru_cache(maxsize=VERDICTS)(self._kind)
        self.stamp = lru_cache(maxsize=VERDICTS)(self._stamp)
        """The named groups of the first timestamp pattern the whole line matches, and its index."""
        self.update_stamp = lru_cache(maxsize=VERDICTS)(self._update_stamp)
        self.two_stamps = lru_cache(maxsize=VERDICTS)(self._two_stamps)

    def looks_like_headline(self, text: str) -> bool:
        """Short, capitalised, and not ended like a sentence (but `?` and `…` are fine)."""
        if not text or len(text) > self.reading.max_headline_chars or text[0].islower() or BULLET.match(text):
            return False
        if text.endswith(("...", "\u2026", "?")):
            return True
        if text[-1] in "'\u2019":
            return len(text) < 2 or text[-2] not in ".!?,"
        return text[-1] not in '.!,;:"\u201d'

    def _stamp(self, text: str) -> tuple[dict[str, str | None], int] | None:
        """The named groups of the first timestamp pattern the whole line matches, and its index."""
        for index, pattern in enumerate(self.reading.timestamps):
            match = pattern.fullmatch(text)
            if match is None:
                continue
            groups = match.groupdict()
            month = groups.get("month") or ""
            if month and not (month.isdigit() and 1 <= int(month) <= 12) and month_number(month) is None:
                continue  # "Sarah Jones 12 Downing 2024 10:10" is no date
            return groups, index
        clock = CLOCK_AND_NAME.fullmatch(text)  # `11:48 Jon King`: a time and the name of its author
        if clock and is_name(clock["byline"]) and (found := self._stamp(clock["clock"])) is not None:
            return {**found[0], "byline": clock["byline"]}, found[1]
        return None

    def _update_stamp(self, text: str) -> tuple[dict, int] | None:
        """A time introduced by an "updated" word (`Updated at 12.08 BST`): when a post was edited."""
        match = self.updated.match(text) if self.updated is not None else None
        if match is None or match.end() == 0:
            return None
        return self.stamp(text[match.end():].strip(" :"))

    def dateline(self, text: str) -> str | None:
        """The rule of a line that is only a date (`Dienstag, 27. August 2024`), if it is one."""
        for index, pattern in enumerate(self.reading.datelines):
            match = pattern.fullmatch(text)
            if match and month_number(match.groupdict().get("month") or "") is not None:
                return f"reader.datelines[{index}]"
        return None

    def classify(self, line: Line) -> Unit:
        """The line with its kind; its text shared with every other line that reads the same."""
        text, kind, stamps, shapes, rule = self.kinds(line.text)
        return Unit(Line(line.no, text), kind, stamps, shapes, rule)

    def _kind(self, text: str) -> tuple[str, str, tuple, tuple, str]:
        """What a line of this text is: its kind, its timestamps, their shapes and the rule (once per text)."""
        text, kind, stamps, rule = self._looks(text)
        return text, kind, stamps, tuple(shape_of(s, text) for s in stamps), rule

    def _looks(self, text: str) -> tuple[str, str, tuple, str]:
        if (found := self.update_stamp(text)) is not None:  # before the others: `Updated 6 March 2025 10:10`
            return text, EDIT, (found[0],), "reader.update_words"
        if (found := self.stamp(text)) is not None:
            return text, TIME, (found[0],), f"reader.timestamps[{found[1]}]"
        if self.marker is not None and self.marker.fullmatch(text):
            return text, TIME, ({},), "reader.post_markers"  # a post number: where a post begins, no time
        if rule := self.dateline(text):
            return text, DATE, (), rule
        if self.furniture.is_card_intro(text):
            return text, INTRO, (), "furniture.card_intros"
        if self.heading is not None and self.heading.search(text):
            return text, HEADING, (), "reader.summary_headings"
        return text, HEAD if self.looks_like_headline(text) else PARA, (), ""

    def split_head(self, lines: list[Line]) -> tuple[str | None, str | None, list[Line]]:
        """Title and standfirst (headline-like first lines), and the lines after them."""
        count = 0
        while count < 2 and count < len(lines) and self.looks_like_headline(lines[count].text) \
                and not (self.heading is not None and self.heading.search(lines[count].text)) \
                and self.update_stamp(lines[count].text) is None \
                and not self.furniture.is_furniture(lines[count].text) and self.stamp(lines[count].text) is None \
                and (count + 1 >= len(lines) or lines[count + 1].text != lines[count].text
                     and self.stamp(lines[count + 1].text) is None):  # a line over a time is a post's headline
            count += 1
        texts = [line.text for line in lines[:count]] + [None, None]
        return texts[0], texts[1], lines[count:]

    def prepare(self, lines: list[Line]) -> tuple[list[Line], int]:
        """Lines as the page meant them: glued text cut into paragraphs, split dates joined, leading times cut off."""
        lines, glued = unglue(lines)
        lines = join_update_words(join_split_dates(lines), self.updated, lambda t: self.stamp(t) is not None)
        out: list[Line] = []
        for line in lines:
            if self.stamp(line.text) is not None:
                out.append(line)
            elif (two := self.two_stamps(line.text)) is not None:
                out += [Line(line.no, two[0]), Line(line.no, two[1])]  # `21 mins ago11:48 Jon King`
            elif (cut := stamp_prefix(line.text)) and self.stamp(cut[0]) is not None and self.looks_like_headline(cut[1]):
                out += [Line(line.no, cut[0]), Line(line.no, cut[1])]  # `12.31 Uhr: Headline`
            else:
                out.append(line)
        return out, glued

    def _two_stamps(self, text: str) -> tuple[str, str] | None:
        """A line of two times glued together (`21 mins ago11:48`), cut where a letter meets a digit."""
        if len(text) > MAX_GLUED_STAMPS_CHARS:
            return None
        for match in LETTER_DIGIT.finditer(text):
            first, second = text[:match.start() + 1].strip(), text[match.start() + 1:].strip()
            if self.stamp(first) is not None and self.stamp(second) is not None:
                return first, second
        return None

    def menu(self, lines: list[Line]) -> list[Line]:
        """The run of short lines a copy starts with when it took the site's menu along (`Home` / `News` / …)."""
        count = 0
        while count < len(lines) and is_short(lines[count].text) and self.stamp(lines[count].text) is None \
                and (count + 1 >= len(lines) or lines[count + 1].text != lines[count].text):  # a card's title, twice
            count += 1
        return lines[:count] if count >= MENU_LINES and count < len(lines) else []

    def read(self, snapshot: Snapshot, lines: list[Line]) -> Page:
        """The snapshot's page: title, standfirst, summary and posts, furniture removed."""
        return self.read_traced(snapshot, lines)[0]

    def read_traced(self, snapshot: Snapshot, lines: list[Line]) -> tuple[Page, list[Reading]]:
        """The page, and how each line was read."""
        lines, glued = self.prepare(lines)
        menu = self.menu(lines)
        lines = lines[len(menu):]
        title, standfirst, rest = self.split_head(lines)
        kept, removed = self.furniture.clean(rest)
        units = settle(_leading([self.classify(line) for line in kept]))
        feed = _Feed(self, snapshot, units, (lines[1].no, standfirst) if standfirst else None)
        summary, posts = feed.parse()
        standfirst = None if feed.standfirst_taken else standfirst
        trace = [Reading(lines[0].no, title, "title")] if title else []
        trace += [Reading(lines[1].no, standfirst, "standfirst")] if standfirst else []
        where: dict[str, list[int]] = {}
        for line in rest:
            where.setdefault(line.text, []).append(line.no)
        trace += [Reading(_take(where, text) or next((ln.no for ln in rest if text in ln.text), 0), text,
                          "furniture", self.furniture.why(text) or "an appeal glued to the next paragraph")
                  for text in removed]
        trace += [Reading(line.no, line.text, "furniture", "the site's menu, above the page") for line in menu]
        page = Page(snapshot, title, standfirst, tuple(summary), tuple(posts),
                    tuple([line.text for line in menu] + removed + feed.dropped), glued=glued)
        return page, sorted(trace + feed.trace, key=lambda r: r.no)


def _take(where: dict[str, list[int]], text: str) -> int | None:
    """The next line number a text stood on (repeated lines, such as share buttons, in their order)."""
    numbers = where.get(text)
    return numbers.pop(0) if numbers else None


def _leading(units: list[Unit]) -> list[Unit]:
    """Times cut from the start of a headline line (same line number as the headline) marked as such."""
    for unit, after in zip(units, units[1:]):
        if unit.kind == TIME and after.kind != TIME and after.line.no == unit.line.no:
            unit.shapes = tuple(shape + ("lead",) for shape in unit.shapes)
    return units


def settle(units: list[Unit]) -> list[Unit]:
    """Timestamps of a shape seen once or twice among many of another made datelines; stamps in a row joined."""
    counts = Counter(shape for u in units if u.kind == TIME for shape in u.shapes)
    top = max(counts.values(), default=0)
    minority = {s for s, n in counts.items()
                if top >= MINORITY_FROM and (n < MINORITY_SHARE * top or n <= MINORITY_COUNT)}
    out: list[Unit] = []
    for unit in units:
        if unit.kind == TIME and set(unit.shapes) <= minority:
            unit = Unit(unit.line, DATE, unit.stamps, unit.shapes, unit.rule + " (a rare kind of time here)")
        if unit.kind == TIME and out and out[-1].kind == TIME:
            last = out[-1]
            out[-1] = Unit(last.line, TIME, last.stamps + unit.stamps, last.shapes + unit.shapes, last.rule,
                           last.joined + (unit,))
            continue
        out.append(unit)
    return out


@dataclass
class _Draft:
    line: int
    headline: str
    labels: tuple[str, ...] = ()
    body: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    stamp: dict | None = None
    byline: str | None = None
    kind: str = "post"
    shown: str = ""
    breaks: list[int] = field(default_factory=list)
    """Places in the body where a dateline stood: where a page's footer may begin."""
    stamp_texts: list[str] = field(default_factory=list)
    """Those times as printed."""


class _Feed:
    """One pass over a snapshot's units, building the summary and the posts."""

    def __init__(self, reader: TextReader, snapshot: Snapshot, units: list[Unit],
                 standfirst: tuple[int, str] | None = None):
        self.reader, self.snapshot, self.units = reader, snapshot, units
        self.standfirst = standfirst
        self.standfirst_taken = False
        self.summary: list[str] = []
        self.modes = _modes(units)
        self.before = any(mode == "before" for mode in self.modes.values())
        self.after = any(mode == "after" for mode in self.modes.values())
        self.reference = snapshot.captured_at or _latest(units, reader)
        self.drafts: list[_Draft] = []
        self.dropped: list[str] = []
        self.trace: list[Reading] = []
        self.draft: _Draft | None = None
        self.pending_stamp: dict | None = None
        self.pending_texts: list[str] = []
        self.pending_byline: str | None = None
        self.k = 0
        for shape, mode in sorted(self.modes.items()):
            self.trace.append(Reading(0, f"{describe(shape)}: {MODES[mode]}", "note", "where times stand"))

    @property
    def timed(self) -> bool:
        return bool(self.modes)

    def kind(self, k: int) -> str | None:
        return self.units[k].kind if 0 <= k < len(self.units) else None

    def text(self, k: int) -> str | None:
        return self.units[k].text if 0 <= k < len(self.units) else None

    def note(self, unit: Unit, role: str, rule: str = "") -> None:
        self.trace.append(Reading(unit.line.no, unit.text, role, rule or unit.rule))

    def relabel(self, lines: set[int], role: str, to: str, rule: str) -> None:
        """Readings of these lines in `role` given another role and rule (a line found to be furniture after all)."""
        for reading in self.trace:
            if reading.no in lines and reading.role == role:
                reading.role, reading.rule = to, rule

    def drop(self, unit: Unit, why: str) -> None:
        self.dropped.append(unit.text)
        self.note(unit, "furniture", why)

    def is_card(self, k: int) -> bool:
        """A title shown twice: a video or article card."""
        return self.kind(k) in (HEAD, PARA) and self.text(k) == self.text(k + 1)

    def mode_of(self, unit: Unit) -> set[str]:
        return {self.modes.get(shape, "end") for shape in unit.shapes}

    def starts_post(self, k: int) -> bool:
        kind = self.kind(k)
        if self.before:
            return kind == TIME and "before" in self.mode_of(self.units[k])
        if self.after:
            return kind == HEAD and self.kind(k + 1) == TIME or self.is_card(k)
        return kind == HEAD or kind == TIME

    def parse(self) -> tuple[list[str], list[Post]]:
        summary = self.summary
        points = None  # summary lines from here on follow a `Key points` heading: a list, but no menu
        k = 0
        while k < len(self.units) and not self.starts_post(k):
            unit = self.units[k]
            if unit.kind in (HEADING, INTRO, DATE, EDIT):
                self.drop(unit, unit.rule)
                points = len(summary) if unit.kind == HEADING else points
            else:
                summary.append(_bulleted(unit.text))
                self.note(unit, "summary")
            k += 1
        listed = len(summary) if points is None else points
        summary[:] = self.without_lists(summary[:listed], short_runs) + self.without_lists(summary[listed:])
        while k < len(self.units):
            k = self.step(k)
        self.close()
        if self.pending_stamp is not None:  # a time with nothing under it: the end of a list of links
            self.dropped += self.pending_texts
        return summary, self.finish()

    def without_lists(self, summary: list[str], menus=None) -> list[str]:
        """The summary without lists of headlines with their times (key events), and, with `menus`, without runs of
        short lines (navigation, tag lists, score boxes): counted as furniture."""
        runs = short_runs(summary, ends_with_time) + (menus(summary) if menus else [])
        cut = {i for start, end in runs for i in range(start, end)}
        gone = {summary[i] for i in cut}
        self.dropped += [summary[i] for i in sorted(cut)]
        for reading in self.trace:
            if reading.role == "summary" and reading.text in gone:
                reading.role, reading.rule = "furniture", "a list of short lines or of headlines with times"
        return [p for i, p in enumerate(summary) if i not in cut]

    def step(self, k: int) -> int:
        """Take the unit at k (and any it owns); return the next index."""
        self.k = k
        unit = self.units[k]
        if unit.kind == TIME:
            return self.on_time(k)
        if unit.kind == INTRO:
            return self.on_intro(k)
        if unit.kind in (HEADING, EDIT):
            self.drop(unit, unit.rule)
            return k + 1
        if unit.kind == DATE:
            if self.draft is not None:
                self.draft.breaks.append(len(self.draft.body))
            self.drop(unit, unit.rule)
            return k + 1
        if self.draft and not self.draft.body and unit.text == self.draft.shown:
            self.note(unit, "card", "a video titled like its post")
            return self.take_description(k + 1, into_body=True)
        if self.is_card(k):
            return self.on_card(k)
        if self.at_top and unit.kind == HEAD and self.is_card(k + 1) and self.text(k + 1) != unit.text:
            self.drop(unit, "the lead picture's caption, over the first card")
            return k + 1
        if self.draft is None or self.opens_post(k):
            self.open(unit)
            return k + 1
        if self.draft.stamp is not None and not self.draft.body and self.draft.byline is None \
                and unit.kind == HEAD and is_name(byline_name(unit.text)) and self.kind(k + 1) in (HEAD, PARA):
            self.draft.byline = byline_name(unit.text)
            self.note(unit, "byline", "a name under the post's time")
            return k + 1
        if self.draft.stamp is not None and not self.draft.headline and not self.draft.body \
                and self.is_headline_after_stamp(k):
            self.retitle(unit)
            return k + 1
        self.add_body(unit)
        return k + 1

    def add_body(self, unit: Unit) -> None:
        self.draft.body.append(_bulleted(unit.text))
        self.draft.lines.append(unit.line.no)
        self.note(unit, "body")

    @property
    def at_top(self) -> bool:
        """No post read yet: just under the summary, where the lead picture sits."""
        return self.draft is None and not self.drafts

    def opens_post(self, k: int) -> bool:
        if self.units[k].kind != HEAD or self.before:
            return False
        if not self.timed:
            return True
        if self.after:
            return self.kind(k + 1) == TIME
        return False  # 'end': only a timestamp ends a post

    def is_headline_after_stamp(self, k: int) -> bool:
        """The first line under a post's time is its headline when it reads like one (`OUT!` is fine)."""
        unit = self.units[k]
        if self.kind(k + 1) not in (HEAD, PARA, INTRO):
            return unit.kind == HEAD and self.kind(k + 1) is None
        if unit.kind == HEAD:
            return True
        words = len(unit.text.split())
        return unit.text.endswith("!") and words <= EXCLAIMED_HEADLINE_WORDS

    def open(self, unit: Unit) -> None:
        self.close()
        self.draft = _Draft(unit.line.no, "")
        if self.pending_stamp is not None:
            self.draft.stamp, self.pending_stamp = self.pending_stamp, None
            self.draft.stamp_texts, self.pending_texts = self.pending_texts, []
            self.draft.byline, self.pending_byline = self.pending_byline, None
        if unit.kind == PARA and not (self.before and unit.text.endswith("!")
                                      and len(unit.text.split()) <= EXCLAIMED_HEADLINE_WORDS):
            self.add_body(unit)
            return
        self.retitle(unit)

    def retitle(self, unit: Unit) -> None:
        """The unit as the draft's headline, its labels split off; a name with nothing else is its byline."""
        headline, labels = unit.text, []
        while self.reader.label and (m := self.reader.label.match(headline)) and len(headline) > m.end():
            labels.append(headline[:m.end()].rstrip(": ").strip())
            headline = headline[m.end():]
        if self.timed and self.draft.byline is None and self.signs(headline):
            self.draft.byline = byline_name(headline)
            self.note(unit, "byline", "a name under the post's time")
            return
        if self.draft.byline and headline.startswith(self.draft.byline):
            self.add_body(unit)  # "Jane Smith reports from Brussels": the post's first line, not its headline
            return
        self.draft.headline, self.draft.labels, self.draft.shown = headline, tuple(labels), unit.text
        self.draft.line = unit.line.no
        self.note(unit, "headline")

    def signs(self, text: str) -> bool:
        """Whether a line under a post's time is its byline: a name after `By`, or a name over a headline-like line
        or over a line that starts with it (`Jane Smith` / `Jane Smith reports from Leeds`); a name-like line over
        plain text is the headline (`Harbour Cup`)."""
        name = byline_name(text)
        if not is_name(name):
            return False
        if name != text:
            return True
        after = self.units[self.k + 1] if self.k + 1 < len(self.units) else None
        return after is not None and (after.kind == HEAD or after.text.startswith(name))

    def close(self) -> None:
        draft, self.draft = self.draft, None
        if draft is not None:
            self.drafts.append(draft)

    def finish(self) -> list[Post]:
        """The drafts as posts, without lists of links and without the page's footer under the last post."""
        drafts = self.drafts
        if self.timed:
            lists = link_lists([(d.kind, d.body, bool(d.cards)) for d in drafts])
            for i in sorted(lists):
                self.dropped += [drafts[i].shown] + drafts[i].body + drafts[i].stamp_texts
                self.retrace(drafts[i], "a list of links (headlines with no text of their own)")
                if i - 1 not in lists and i - 1 >= 0:
                    self.first_entry(drafts[i - 1])
            drafts = [d for i, d in enumerate(drafts) if i not in lists]
        if drafts and self.timed:
            self.cut_footer(drafts)
            drafts = self.without_trailing(drafts)
        return [self.post(position, draft) for position, draft in enumerate(drafts)]

    def first_entry(self, draft: _Draft) -> None:
        """A list whose times stand under its headlines leaves its first headline in the post above: take it back."""
        if len(draft.body) > 1 and not is_sentence(draft.body[-1]) and is_sentence(draft.body[-2]):
            self.dropped.append(draft.body.pop())
            self.relabel({draft.lines.pop()}, "body", "furniture", "a list of links (headlines with no text of their own)")

    def cut_footer(self, drafts: list[_Draft]) -> None:
        """Under the last post, the page's own footer (a dateline, or a run of short lines) is furniture."""
        last = drafts[-1]
        start = footer_start(last.body, last.breaks)
        if start is None:
            return
        self.dropped += last.body[start:]
        self.relabel(set(last.lines[start:]), "body", "furniture", "the page's footer, under the last post")
        del last.body[start:], last.lines[start:]

    def without_trailing(self, drafts: list[_Draft]) -> list[_Draft]:
        """Posts after the last timed one that hold no sentence: footer links where posts end with their time."""
        if "end" not in self.modes.values():
            return drafts
        while len(drafts) > 1 and drafts[-1].stamp is None and drafts[-1].kind == "post" \
                and not any(is_sentence(p) for p in drafts[-1].body):
            gone = drafts.pop()
            self.dropped += [gone.shown] + gone.body
            self.retrace(gone, "the page's footer, after the last post's time")
        return drafts

    def retrace(self, draft: _Draft, why: str) -> None:
        lines = set(draft.lines) | {draft.line}
        self.trace = [r for r in self.trace if r.no not in lines or r.role in ("time", "furniture")] + \
            ([Reading(draft.line, draft.shown, "furniture", why)] if draft.shown else []) + \
            [Reading(n, text, "furniture", why) for n, text in zip(draft.lines, draft.body)]

    def post(self, position: int, draft: _Draft) -> Post:
        stamp = draft.stamp or {}
        published = parse_stamp(stamp, self.reader.reading.timezone, self.reference) if stamp else None
        byline = stamp_byline(stamp) or draft.byline or None
        return Post(snapshot=self.snapshot.name, position=position, line=draft.line, headline=draft.headline,
                    body=tuple(draft.body), labels=draft.labels, published=published, byline=byline,
                    cards=tuple(draft.cards), kind=draft.kind)

    def on_time(self, k: int) -> int:
        unit = self.units[k]
        modes = self.mode_of(unit)
        stamps = dict(zip(unit.shapes, unit.stamps))
        self.note(unit, "time")
        for joined in unit.joined:
            self.note(joined, "time")
        best = _best([s for shape, s in stamps.items() if self.modes.get(shape) != "before"] or unit.stamps)
        closing = [s for shape, s in stamps.items() if self.modes.get(shape) == "end"]
        if self.draft is not None and closing and self.draft.stamp is not None:
            self.draft.byline = self.draft.byline or stamp_byline(closing[0]) or None  # `Jane Smith7 March 2025 10:01`
            if "before" not in modes:
                self.take_byline_above()
                self.close()
                return k + 1
        if "before" in modes:
            if self.draft is not None and self.draft.stamp is None and modes - {"before"}:
                self.draft.stamp = best
            self.close()
            self.pending_stamp = _best([s for shape, s in stamps.items() if self.modes.get(shape) == "before"])
            self.pending_texts = [unit.text] + [u.text for u in unit.joined]
            self.pending_byline = next((b for stamp in unit.stamps if (b := stamp_byline(stamp))), None)
        elif "end" in modes and not self.drafts and self.standfirst and self.summary \
                and (self.draft is None or not self.draft.headline and not self.draft.body):
            byline = self.draft.byline if self.draft else None
            self.draft = self.first_post_from_head(best)  # the 'standfirst' was the first post's headline
            self.draft.byline = byline
            self.take_byline_above()
            self.close()
        elif self.draft is not None and self.draft.stamp is None:
            self.draft.stamp = best
            if "end" in modes:
                self.take_byline_above()
                self.close()
        else:
            self.dropped.append(unit.text)
            self.trace[-1].role, self.trace[-1].rule = "furniture", "a second time for one post"
        return k + 1

    def first_post_from_head(self, stamp: dict) -> _Draft:
        """The first post of a feed whose posts end with their time, when its headline was read as the standfirst."""
        line, text = self.standfirst
        draft = _Draft(line, text, stamp=stamp, shown=text)
        draft.body, draft.lines = list(self.summary), [r.no for r in self.trace if r.role == "summary"]
        for reading in self.trace:
            reading.role = "body" if reading.role == "summary" else reading.role
        self.trace.append(Reading(line, text, "headline", "the line under the title, over the first post's text"))
        self.summary.clear()
        self.standfirst_taken = True
        return draft

    def take_byline_above(self) -> None:
        """A name alone on the line over a post's closing time is its byline (`Jane Smith` / `7 March 2025 10:01`)."""
        draft = self.draft
        if draft.body and draft.byline is None and not stamp_byline(draft.stamp or {}) \
                and is_name(byline_name(draft.body[-1])) and len(draft.body) > 1:
            draft.byline = byline_name(draft.body.pop())
            self.relabel({draft.lines.pop()}, "body", "byline", "a name over the post's closing time")

    def on_intro(self, k: int) -> int:
        self.drop(self.units[k], self.units[k].rule)
        if self.kind(k + 1) not in (HEAD, PARA):
            return k + 1  # the card it announces is missing
        title = self.text(k + 1)
        self.note(self.units[k + 1], "card", "after a card intro")
        k += 3 if self.text(k + 2) == title else 2
        description, k = self.description(k)
        card = Card(title, description)
        if self.draft is None:
            self.draft = _Draft(self.units[k - 1].line.no, title, body=[description] if description else [],
                                kind="card", shown=title)
        else:
            self.draft.cards.append(card)
        return k

    def on_card(self, k: int) -> int:
        """A card standing in the feed: a video or article post of its own, or a card inside a post."""
        title = self.units[k].text
        self.note(self.units[k], "card", "a title shown twice")
        self.note(self.units[k + 1], "card", "a title shown twice")
        if (not self.after) and self.timed and self.draft is not None and self.draft.headline:
            description, k = self.description(k + 2)
            self.draft.cards.append(Card(title, description))
            return k
        self.open(self.units[k])
        self.draft.kind = "card"
        k = self.take_description(k + 2, into_body=True)
        if (not self.after) and self.timed and self.draft.stamp is None and not self.before:
            self.close()  # a card carries no timestamp of its own: it ends where its description does
        return k

    def take_description(self, k: int, into_body: bool) -> int:
        description, k = self.description(k)
        if description and into_body:
            self.draft.body.append(description)
            self.draft.lines.append(self.units[k - 1].line.no)
        return k

    def description(self, k: int) -> tuple[str, int]:
        """A card's one-line description at k, if there is one, and the index after it."""
        kind, after = self.kind(k), self.kind(k + 1)
        if kind == PARA:
            self.note(self.units[k], "card", "the card's description")
            return self.units[k].text, k + 1
        if kind != HEAD or self.is_card(k):
            return "", k
        inside_post = self.timed and not self.after
        if after in (None, HEAD, INTRO) or inside_post and after in (PARA, TIME):
            self.note(self.units[k], "card", "the card's description")
            return self.units[k].text, k + 1
        return "", k


def _modes(units: list[Unit]) -> dict[tuple, str]:
    """Where each shape of timestamp stands: 'before' its post, 'after' its headline, or at its 'end'."""
    groups = [k for k, u in enumerate(units) if u.kind == TIME]
    by_shape: dict[tuple, list[int]] = {}
    for k in groups:
        for shape in units[k].shapes:
            by_shape.setdefault(shape, []).append(k)
    modes = {}
    cards = _cards(units)
    for shape, places in by_shape.items():
        if shape[0] == "marker" or shape[-1] == "lead":
            modes[shape] = "before"  # a post number, or a time printed at the start of the headline
            continue
        after = sum(1 for k in places if k and units[k - 1].kind == HEAD and _text_follows(units, k + 1))
        signed = sum(1 for k in places if k and is_name(byline_name(units[k - 1].text)))
        follows, precedes = _post_follows(units, places[-1], cards), _post_precedes(units, places[0], cards)
        if after * 2 > len(places):
            modes[shape] = "after"
        elif signed * 2 > len(places):
            modes[shape] = "end"  # a name over the time: the post's byline and time close it
        elif follows:  # text after the last time: the last post's (a footer seldom holds sentences)
            modes[shape] = "before"
        elif precedes:
            modes[shape] = "end"
        else:  # neither: a time that carries a byline ends its post, a bare one heads it
            modes[shape] = "end" if shape[1] else "before"
    return modes


def _text_follows(units: list[Unit], k: int) -> bool:
    """Whether a paragraph starts at k, or a byline line with a paragraph under it."""
    if _kind(units, k) == HEAD and is_name(byline_name(units[k].text)):
        k += 1
    return _kind(units, k) == PARA


def _kind(units: list[Unit], k: int) -> str | None:
    return units[k].kind if 0 <= k < len(units) else None


def _post_follows(units: list[Unit], k: int, cards: set[int]) -> bool:
    """Whether text with a sentence follows the stamp at k before the next stamp (cards aside)."""
    for n in range(k + 1, len(units)):
        unit = units[n]
        if unit.kind == TIME:
            return False
        if n not in cards and unit.kind in (HEAD, PARA) and is_sentence(unit.text):
            return True
    return False


def _post_precedes(units: list[Unit], k: int, cards: set[int]) -> bool:
    """Whether a headline with a sentence under it comes before the stamp at k (cards aside)."""
    head = False
    for n in range(k):
        unit = units[n]
        head = head or unit.kind == HEAD and n not in cards
        if head and n not in cards and unit.kind == PARA and is_sentence(unit.text):
            return True
    return False


def _cards(units: list[Unit]) -> set[int]:
    """Indexes of card lines: a title shown twice and the line under it."""
    out: set[int] = set()
    for n in range(len(units) - 1):
        if units[n].kind in (HEAD, PARA) and units[n].text == units[n + 1].text:
            out.update((n, n + 1, n + 2))
    return out


MODES = {"before": "opens each post (the headline under it)", "after": "stands under each post's headline",
         "end": "ends each post"}


def describe(shape: tuple) -> str:
    """A timestamp shape in words (`clock time with zone, 12.05`)."""
    kind, *rest = shape
    words = {"marker": "post number", "epoch": "Unix time", "iso": "ISO 8601 time", "relative": "relative time",
             "dated": "date and time", "clock": "time of day"}[kind]
    if rest:
        byline, zone, separator = rest[:3]
        words += (" with byline" + (" glued to it" if byline == "glued" else "")) if byline else ""
        words += " and zone" if zone else ""
        words += f" (HH{separator}MM)" if separator else ""
        words += ", at the start of the headline" if rest[-1] == "lead" else ""
    return words


PRECISION = ("epoch", "iso", "dated", "clock", "relative", "marker")
"""Which time of a group of stamps a post takes: the most exact first."""


def _best(stamps: list[dict]) -> dict | None:
    if not stamps:
        return None
    return min(stamps, key=lambda s: PRECISION.index(shape_of(s, "")[0]))


def _latest(units: list[Unit], reader: TextReader) -> datetime | None:
    """The latest full date and time the snapshot prints: the capture time's best stand-in."""
    moments = [parse_stamp(stamp, reader.reading.timezone, None)
               for unit in units if unit.kind in (TIME, DATE, EDIT) for stamp in unit.stamps if stamp]
    moments = [m for m in moments if m is not None]
    return max(moments) if moments else None


def _bulleted(text: str) -> str:
    return BULLET.sub("\u2022 ", text, count=1)


IN_POST = frozenset({"headline", "body", "card", "byline"})
"""Roles of lines that belong to a post."""


def text_reader(furniture: Furniture) -> TextReader:
    """The text reader for this furniture, made once and shared by every snapshot read with it."""
    reader = furniture.readers.get("text")
    if not isinstance(reader, TextReader):
        reader = furniture.readers["text"] = TextReader(furniture.reading, furniture)
        earlier = furniture.like.readers.get("text") if furniture.like is not None else None
        if isinstance(earlier, TextReader):  # what a line looks like does not depend on learned furniture
            reader.kinds, reader.stamp = earlier.kinds, earlier.stamp
            reader.update_stamp, reader.two_stamps = earlier.update_stamp, earlier.two_stamps
    return reader


def read_text(snapshot: Snapshot, text: str, furniture: Furniture) -> Page:
    """Read one text snapshot (see TextReader)."""
    return text_reader(furniture).read(snapshot, split_lines(text))


EDGE_LINES = 4
"""Raw lines read per watched line at each edge (blank lines and wrapped paragraphs take room)."""


def edges_of_text(snapshot: Snapshot, text: str, furniture: Furniture, zone: int) -> Edges:
    """The title and the first and last `zone` lines after title and standfirst, each marked with its post.

    A long scrape is read only at its two ends (a stretch of `EDGE_LINES * zone` lines each), which is
    enough to tell the posts there from what surrounds them.
    """
    raw = text.splitlines()
    if len(raw) <= 2 * EDGE_LINES * zone:
        return _edges(snapshot, [text], furniture, zone)
    head, tail = "\n".join(raw[:EDGE_LINES * zone]), "\n".join(raw[-EDGE_LINES * zone:])
    return _edges(snapshot, [head, tail], furniture, zone, offset=len(raw) - EDGE_LINES * zone)


def _edges(snapshot: Snapshot, parts: list[str], furniture: Furniture, zone: int, offset: int = 0) -> Edges:
    reader = text_reader(furniture)
    title, watched = None, []
    for n, part in enumerate(parts):
        lines = split_lines(part)
        if n:
            lines = [Line(line.no + offset, line.text) for line in lines]
        page, trace = reader.read_traced(snapshot, lines)
        in_post = {r.no for r in trace if r.role in IN_POST}
        times = {r.no for r in trace if r.role == "time"}
        starts = sorted(((post.line, post) for post in page.posts), key=lambda start: start[0])
        head_title, _, rest = reader.split_head(lines)
        title = title if n else head_title
        ends = (rest[:zone] + rest[max(zone, len(rest) - zone):]) if len(parts) == 1 else \
            (rest[:zone] if n == 0 else lines[-zone:])
        watched += [WatchedLine(line.text, timed=True) if line.no in times  # a time is structure, never furniture
                    else _watched(line, in_post, starts) for line in ends]
    return Edges(title, tuple(watched))


def _watched(line: Line, in_post: set[int], starts: list[tuple[int, Post]]) -> WatchedLine:
    """The line with the post it was read in: the last post starting at or above it."""
    if line.no not in in_post:
        return WatchedLine(line.text)
    post = next((p for start, p in reversed(starts) if start <= line.no), None)
    if post is None:
        return WatchedLine(line.text)
    return WatchedLine(line.text, post.headline or " ".join(post.body[:1])[:80], post.position,
                       post.published is not None, any(is_sentence(p) for p in post.body))

