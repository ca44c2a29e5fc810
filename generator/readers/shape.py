"""What a line or a post looks like: sentences, names, runs of short lines, lists of links, timestamp shapes.

Small general rules used by the text reader; none knows any outlet's words.
"""
from __future__ import annotations

import re

NAME = re.compile(
    r"^(?:[A-Z\u00c0-\u00de][\w'\u2019.-]+)(?:\s+(?:[A-Z\u00c0-\u00de][\w'\u2019.-]+|and|&|de|del|della|di|da|van|von|"
    r"der|den|le|la|el|al|bin|ibn))*$")
"""A person's name: two to five capitalised words, joined by the particles names use."""
NAME_WORDS = (2, 5)
SENTENCE_END = re.compile(r"[.!?\u2026:][\"'\u201d\u2019)\]]*$")
SENTENCE_WORDS = 6
"""A line of at least this many words that ends like a sentence is a sentence."""
LONG_LINE_WORDS = 20
"""A line this long is prose whatever its last character."""
SHORT_LINE_WORDS = 6
"""At most this many words, and no sentence: a line of a menu, a tag list or a score box."""
SHORT_RUN = 3
"""This many short lines in a row are a list of links, not text."""
LINK_LIST_POSTS = 3
"""This many posts in a row with no sentence are a list of links (key events, related stories)."""
BYLINE_WORD = re.compile(r"^(?:by|von|di|de|par|por|door|av)\s+", re.IGNORECASE)
"""The word before an author's name (`By Jane Smith`, `Von Anna Weber`), in a few languages: data."""
CLOCK_SEPARATOR = re.compile(r"\d([:.h])\d{2}")
GLUED_BYLINE = re.compile(r"[^\W\d_]\d")
GLUED_NAME_CHARS = 12
"""A single word before a date longer than this is a name written without spaces, not a weekday."""


def is_sentence(text: str) -> bool:
    """Prose: a line long enough that ends like a sentence, or a long line."""
    words = len(text.split())
    return words >= LONG_LINE_WORDS or words >= SENTENCE_WORDS and SENTENCE_END.search(text) is not None


def is_short(text: str) -> bool:
    """A line of a menu, a tag list or a score box: a few words, no sentence, no bullet."""
    return len(text.split()) <= SHORT_LINE_WORDS and not SENTENCE_END.search(text) and not text.startswith("\u2022")


def is_name(text: str) -> bool:
    """A line that is only a person's name (`Jane Smith`, `Maria de la Cruz`)."""
    words = text.split()
    return NAME_WORDS[0] <= len(words) <= NAME_WORDS[1] and NAME.match(text) is not None \
        and sum(1 for w in words if w[:1].isupper()) >= 2


def stamp_byline(stamp: dict) -> str:
    """The author a timestamp names; a single word before a date is its weekday (`Tue 7 Mar`), not a name."""
    byline = (stamp.get("byline") or "").strip(" ,|\u2013-")
    one_long_word = len(byline) > GLUED_NAME_CHARS and GLUED_BYLINE.search(byline + "0") is not None
    return byline if len(byline.split()) >= 2 or one_long_word else ""


def byline_name(text: str) -> str:
    """A byline line without its `By` word."""
    return BYLINE_WORD.sub("", text, count=1)


def runs(flags: list[bool], least: int) -> list[tuple[int, int]]:
    """(start, end) of every run of `least` or more true flags in a row."""
    out, start = [], None
    for i, flag in enumerate(flags + [False]):
        if flag:
            start = i if start is None else start
            continue
        if start is not None and i - start >= least:
            out.append((start, i))
        start = None
    return out


def short_runs(lines: list[str], test=None) -> list[tuple[int, int]]:
    """(start, end) of every run of SHORT_RUN or more short lines (or lines that pass `test`)."""
    return runs([(test or is_short)(text) for text in lines], SHORT_RUN)

TRAILING_TIME = re.compile(r"(?:\(\s*|(?<=[^\W\d_])|\s)\d{1,2}[:.]\d{2}(?:\s*(?:uhr|h|[ap]\.?m\.?))?\s*\)?$",
                           re.IGNORECASE)
"""A time closing a line (`Headline20:42`, `Headline (11.39 Uhr)`): an entry of a list of key events."""


def ends_with_time(text: str) -> bool:
    """A headline with the time of its post after it: a line of a key-events list."""
    return TRAILING_TIME.search(text) is not None and len(text.split()) > 1


def footer_start(body: list[str], breaks: list[int]) -> int | None:
    """Where the page's footer begins in the body of the last post: a dateline, or a run of short lines."""
    places = [b for b in breaks if b >= 1] + [start for start, _ in short_runs(body) if start >= 1]
    return min(places) if places else None


def link_lists(posts: list[tuple[str, list[str], bool]]) -> set[int]:
    """Indexes of posts in runs of LINK_LIST_POSTS or more that hold no sentence (kind, body, has cards)."""
    bare = [kind == "post" and not cards and not any(is_sentence(p) for p in body) for kind, body, cards in posts]
    return {i for start, end in runs(bare, LINK_LIST_POSTS) for i in range(start, end)}

def shape_of(stamp: dict, text: str) -> tuple:
    """A timestamp's shape: what it gives (clock, date, relative, epoch, ISO, post number), byline, zone, separator."""
    g = {k: v for k, v in stamp.items() if v}
    if not stamp:
        return ("marker",)
    if "epoch" in g:
        kind = "epoch"
    elif "iso" in g:
        kind = "iso"
    elif "ago" in g or "now" in g:
        kind = "relative"
    elif "day" in g:
        kind = "dated"
    else:
        kind = "clock"
    byline = "" if not stamp_byline(stamp) else "glued" if GLUED_BYLINE.search(text) else "spaced"
    separator = CLOCK_SEPARATOR.search(text)
    return (kind, byline, "tz" in g, separator.group(1) if separator else "")
