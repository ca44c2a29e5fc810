"""The lines of a text snapshot: split, re-joined where a browser split one thing, and cut where it glued two.

Copies of a page made in a browser break a date over several lines (`November` / `02` / `2023` /
`21:06 (IST)`), put an "updated" word on a line of its own above the time it introduces, print a
post's time at the start of its headline (`12.31 Uhr: Headline`), or lose every line break (one
huge line of summary and posts). These functions undo that before the lines are classified.
"""
from __future__ import annotations

import re

from typing import Callable

from ..dates import month_number
from ..furniture import Line
from ..normalize import spaced

BLANK_SEPARATED = 0.3
"""A file whose blank lines number this share of its text lines separates paragraphs by them."""
GLUED_LINE_CHARS = 2_000
"""A line longer than this holds several paragraphs that lost their line breaks."""
SENTENCE_END = re.compile(r"(?<=[a-z0-9\u00e0-\u00ff)\"'\u201d\u2019][.!?])\s+(?=[A-Z\u00c0-\u00de\"\u201c\u2018])")
"""A sentence boundary inside a glued line: where it may be cut back into paragraphs."""
GLUED_PARAGRAPH_CHARS = 600
"""Sentences of a glued line are gathered into paragraphs of about this length."""
NUMBER = re.compile(r"^\d{1,4}$")
MONTH_WORD = re.compile(r"^[^\W\d_]{3,10}\.?$")
STAMP_SEPARATOR = re.compile(r"\s*(?::|\u2013|\u2014|\s-|\|)\s+")
"""Between a time printed at the start of a headline and the headline (`12.31 Uhr: …`, `09:15 – …`)."""
SEPARATOR_MARKS = (":", "\u2013", "\u2014", "-", "|")
"""What every such separator holds: a line whose opening holds none of them has no time before its headline."""
STAMP_PREFIX_CHARS = 40
"""A time opening a headline is at most this long."""


def split_lines(text: str) -> list[Line]:
    """Numbered, trimmed, non-blank lines; hard-wrapped paragraphs of blank-separated files joined."""
    raw = text.lstrip("\ufeff").splitlines()
    lines = [Line(i, spaced(t)) for i, t in enumerate(raw, 1)]
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


def unglue(lines: list[Line]) -> tuple[list[Line], int]:
    """Lines too long to be one paragraph cut back into paragraphs at sentence boundaries; and how many were cut."""
    out: list[Line] = []
    glued = 0
    for line in lines:
        if len(line.text) <= GLUED_LINE_CHARS:
            out.append(line)
            continue
        glued += 1
        paragraph = ""
        for sentence in SENTENCE_END.split(line.text):
            paragraph = f"{paragraph} {sentence}".strip()
            if len(paragraph) >= GLUED_PARAGRAPH_CHARS:
                out.append(Line(line.no, paragraph))
                paragraph = ""
        if paragraph:
            out.append(Line(line.no, paragraph))
    return out, glued


def join_split_dates(lines: list[Line]) -> list[Line]:
    """A date a browser broke over lines (`November` / `02` / `2023` [/ `21:06 (IST)`]) as one line."""
    out: list[Line] = []
    k = 0
    while k < len(lines):
        numbers = _date_parts(lines, k)
        if numbers:
            out.append(Line(lines[k].no, " ".join(line.text for line in lines[k:k + numbers])))
            k += numbers
        else:
            out.append(lines[k])
            k += 1
    return out


def _date_parts(lines: list[Line], k: int) -> int:
    """How many lines from k make one date: a month name and two numbers (day, year), in any order."""
    first = lines[k].text
    if len(first) > 10 or not (MONTH_WORD.match(first) or NUMBER.match(first)) or len(lines) < k + 3:
        return 0
    window = [line.text for line in lines[k:k + 3]]
    months = [n for n, t in enumerate(window) if MONTH_WORD.match(t) and month_number(t) is not None]
    numbers = [n for n, t in enumerate(window) if NUMBER.match(t)]
    if len(months) != 1 or len(numbers) != 2 or not any(len(window[n]) == 4 for n in numbers):
        return 0
    return 3


def join_update_words(lines: list[Line], updated: re.Pattern | None, is_stamp: Callable[[str], bool]) -> list[Line]:
    """A line that is only an "updated" word, joined to the time under it (`updated` / `1692004628`)."""
    if updated is None:
        return lines
    out: list[Line] = []
    for line in lines:
        if out and updated.fullmatch(out[-1].text) and is_stamp(line.text):
            out[-1] = Line(out[-1].no, f"{out[-1].text} {line.text}")
        else:
            out.append(line)
    return out


def stamp_prefix(text: str) -> tuple[str, str] | None:
    """(time, headline) of a line that opens with something before a separator (`12.31 Uhr: Headline`)."""
    opening = text[:STAMP_PREFIX_CHARS + 4]
    if not any(mark in opening for mark in SEPARATOR_MARKS):  # most lines: no pattern search needed
        return None
    match = STAMP_SEPARATOR.search(text, 0, STAMP_PREFIX_CHARS + 4)
    if match is None or match.start() == 0 or match.start() > STAMP_PREFIX_CHARS or match.end() >= len(text):
        return None
    return text[:match.start()], text[match.end():]
