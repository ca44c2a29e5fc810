"""Page furniture: configured patterns, plus lines learned from how snapshots repeat themselves."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from .config import Learning, Reading
from .patterns import anchored_at_start, refers_to_groups, required_text
from .models import Snapshot
from .normalize import marks, plain, replaced

GLUE = re.compile(r"(?<=[a-z0-9)][.!?])(?=[A-Z\u201c\u2018\"])|(?<=[a-z0-9][.!?][\u201d\u2019\"])(?=[A-Z])")
"""Where a scrape glued two sentences of different blocks together (`difference.North`)."""
VERDICTS = 1 << 18
"""Distinct lines whose furniture verdict is remembered during a build."""
MAX_APPEAL_LINES = 4
"""At most this many lines between an appeal's first furniture line and its glued last sentence."""


@dataclass(frozen=True)
class Line:
    """One line of a text snapshot."""

    no: int
    """1-based line number in the file."""
    text: str
    """The line, white space trimmed."""


@dataclass(frozen=True)
class Edges:
    """What furniture learning watches in one snapshot: its title and the lines at its top and bottom."""

    title: str | None
    """The page title, if any."""
    lines: tuple[WatchedLine, ...] = ()
    """Each watched line, with the post the reader read it in, if any."""


@dataclass(frozen=True)
class WatchedLine:
    """A line at the edge of a snapshot, as its reader read it."""

    text: str
    """The line."""
    post: str = ""
    """The headline (or first words) of the post it was read in; '' when it was read in none."""
    position: int = -1
    """That post's place in the feed (0 = top)."""
    timed: bool = False
    """Whether that post carries a time: a post beyond doubt."""
    prose: bool = False
    """Whether that post has a sentence of text."""


def either(patterns: tuple[re.Pattern, ...]) -> re.Pattern | None:
    """One pattern matching wherever any of the given ones does."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE) if patterns else None


class AnyOf:
    """Whether any of the patterns is found in a text (as searching with each in turn tells), sooner.

    One pattern of many alternatives is tried alternative by alternative at every place in the text (84 µs
    for a paragraph against the default furniture lines). So the patterns anchored at the text's start are
    joined and tried there alone (those that refer to their own groups, or whose flags cannot be joined, one
    by one); every other one searches on its own, and only in a text that holds the letters each of its
    matches holds (`patterns.required_text`), looked for in the text in lower case.
    """

    def __init__(self, patterns: tuple[re.Pattern, ...]):
        anchored = tuple(p for p in patterns if anchored_at_start(p))
        joined = tuple(p for p in anchored if not refers_to_groups(p))
        try:
            start = either(joined)
        except re.error:  # a flag set for the whole pattern, which only its own start may set
            start, joined = None, ()
        self.starts = (start,) * (start is not None) + tuple(p for p in anchored if p not in joined)
        self.anywhere = tuple((required_text(p), p) for p in patterns if p not in anchored)

    def __call__(self, text: str) -> bool:
        if any(p.match(text) is not None for p in self.starts):
            return True
        folded = _folded(text)
        return any(p.search(text) is not None for needed, p in self.anywhere if needed in folded)


CASE_INSENSITIVE_TWINS = marks(str.maketrans({"\u0307": None, "\u0131": "i", "\u017f": "s"}))
"""What `str.lower` leaves of the letters a case-insensitive pattern takes for `i`, `s` or `k` (İ, ı, ſ, K)
other than `I`, `S`, `K`: lower() makes K a `k` and İ an `i` with a dot above, dropped here with the dot."""


def _folded(text: str) -> str:
    """The text in lower case, every letter that a case-insensitive `i`, `s` or `k` matches made that letter (so
    that any plain stretch such a pattern matches is found in it)."""
    low = text.lower()
    return low if low.isascii() else replaced(low, CASE_INSENSITIVE_TWINS)


def key(text: str) -> str:
    """How furniture lines are compared."""
    return plain(text).casefold()


@lru_cache(maxsize=VERDICTS)
def pieces(text: str) -> tuple[str, ...]:
    """A line cut where sentences of different blocks were glued together."""
    return tuple(p for p in GLUE.split(text) if p.strip())


class Furniture:
    """Decides what is furniture, from the configuration and the lines learned across snapshots."""

    def __init__(self, reading: Reading, learned: frozenset[str] = frozenset(), like: Furniture | None = None):
        """`like`: the furniture of the same reading settings without learning, whose verdicts can be reused."""
        self.reading = reading
        self.learned = learned
        self.like = like
        # The same lines recur in snapshot after snapshot: each verdict is worked out once per build.
        self.is_furniture = lru_cache(maxsize=VERDICTS)(self._is_furniture)
        if like is not None:
            self.configured, self.is_caption, self.is_card_intro = like.configured, like.is_caption, like.is_card_intro
        else:
            self.configured = lru_cache(maxsize=VERDICTS)(AnyOf(reading.furniture_lines))
            self.is_caption = lru_cache(maxsize=VERDICTS)(AnyOf(reading.caption_lines))
            self.is_card_intro = lru_cache(maxsize=VERDICTS)(AnyOf(reading.card_intros))
        self.why = lru_cache(maxsize=VERDICTS)(self._why)
        self.readers: dict[str, object] = {}
        """Readers made for this furniture, shared by every snapshot a build reads with it."""

    def _is_furniture(self, text: str) -> bool:
        """A line or glued sentence that is furniture wherever it stands."""
        return bool(self.learned) and key(text) in self.learned or self.configured(text)

    def _why(self, text: str) -> str:
        """Which rule makes `text` furniture: `learned`, the configured pattern that matches it, or ''."""
        if self.learned and key(text) in self.learned:
            return "learned"
        for name, patterns in (("furniture.lines", self.reading.furniture_lines),
                               ("furniture.captions", self.reading.caption_lines),
                               ("furniture.card_intros", self.reading.card_intros)):
            for index, pattern in enumerate(patterns):
                if pattern.search(text):
                    return f"{name}[{index}]"
        return ""

    def clean(self, lines: list[Line]) -> tuple[list[Line], list[str]]:
        """The lines without furniture, and the furniture removed."""
        kept: list[Line] = []
        removed: list[str] = []
        start = end = None  # the current run of furniture lines, as indexes into `kept`
        for line in lines:
            parts = list(pieces(line.text))
            while parts and self.is_furniture(parts[0]):
                removed.append(parts.pop(0))
                near = end is not None and len(kept) - end <= MAX_APPEAL_LINES
                if parts and near:  # an appeal's last sentence glued to the next block: drop the appeal
                    removed += [k.text for k in kept[start:]]
                    del kept[start:]
                start = start if near else len(kept)
                end = len(kept)
            while parts and self.is_furniture(parts[-1]):
                removed.append(parts.pop())
            text = "".join(parts).strip()
            if not text:
                continue
            if self.is_caption(text):
                removed.append(text)
                continue
            kept.append(Line(line.no, text))
        return kept, removed


def learn(snapshots: list[tuple[Snapshot, Edges]], learning: Learning) -> frozenset[str]:
    """Lines that recur near the top or bottom of snapshots from different days or page titles, never in a post.

    Each entry is a snapshot and the lines watched at its edges (the first and last `learn.zone` after
    title and standfirst). A line counts when it recurs in `learn.min_contexts` distinct (title, capture
    day) contexts and in at least `learn.min_share` of the snapshots — summaries change with the day,
    posts scroll away, furniture stays — and when no snapshot's reader read it as part of a post: a post
    that stays on top of a slow blog all day recurs as much as furniture does, and must not be lost.
    """
    if not learning.enabled or len(snapshots) < 2:
        return frozenset()
    keyed: dict[str, tuple[str, ...]] = {}  # the edges of hourly captures repeat the same lines: each keyed once
    posts: dict[str, str] = {}
    timed: set[str] = set()
    places: dict[str, set] = defaultdict(set)  # the feed positions of the post each line was read in
    shown: dict[tuple, set[str]] = defaultdict(set)
    """The lines seen under each (title, capture day) context."""
    showing: Counter = Counter()
    """How many snapshots show each line."""
    for snapshot, edges in snapshots:
        context = (key(edges.title or ""), snapshot.captured_at.date() if snapshot.captured_at else None)
        seen: set[str] = set()
        for line in edges.lines:
            keys = keyed.get(line.text) or keyed.setdefault(line.text, tuple(map(key, pieces(line.text))))
            seen.update(keys)
            if line.timed:
                timed.update(keys)
            elif line.post and line.prose:
                post = posts.get(line.post) or posts.setdefault(line.post, key(line.post))
                for k in keys:
                    places[k].add((post, line.position))
        showing.update(seen)
        shown[context] |= seen
    contexts = Counter(k for seen in shown.values() for k in seen)
    needed = max(2, learning.min_share * len(snapshots))
    return frozenset(k for k, count in showing.items()
                     if contexts[k] >= learning.min_contexts and count >= needed
                     and k not in timed and not _moves(places.get(k, ())))


def _moves(places: set[tuple[str, int]]) -> bool:
    """Whether a post was seen at two places in the feed: posts move down as newer ones come; furniture stays."""
    positions: dict[str, set[int]] = defaultdict(set)
    for post, position in places:
        positions[post].add(position)
    return any(len(p) > 1 for p in positions.values())
