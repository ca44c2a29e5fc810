"""Configured patterns checked before use: none that can backtrack for ever, none that matches nearly any text."""
from __future__ import annotations

import re

try:  # the standard library's own pattern parser: the only way to see a pattern's structure
    import re._parser as sre_parse
    from re._constants import AT, AT_BEGINNING, AT_BEGINNING_STRING, MAXREPEAT
except ImportError:  # Python before 3.11
    import sre_parse  # type: ignore[no-redef]
    from sre_constants import AT, AT_BEGINNING, AT_BEGINNING_STRING, MAXREPEAT  # type: ignore[no-redef]

NEARLY_ANY_TEXT = ("", "a", "A", "x y z.", "X Y Z.")
"""Texts no useful rule matches: a pattern that finds a match in one of them would match nearly every line."""
REPEATS = ("MAX_REPEAT", "MIN_REPEAT")
"""Repetitions that backtrack (possessive ones and atomic groups do not)."""


def pattern_problem(pattern: re.Pattern) -> str | None:
    """Why a configured pattern is refused, or None when it is fine."""
    try:
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
    except (re.error, RecursionError):
        return None  # compiled already, so the parser accepts it; too deep to inspect is left to the engine
    if _nested_repeat(tree):
        return ("a repeated group whose own length varies, as in (a+)+, can take exponential time on some "
                "lines (repeat the inner part a fixed number of times, or make it possessive: (a++)+)")
    for text in NEARLY_ANY_TEXT:
        if pattern.search(text):
            return f"matches nearly any text (it matches {text!r}), so it would apply to every line"
    return None


def _nested_repeat(tree) -> bool:
    """Whether a repetition repeats something whose own length may vary: `(a+)+`, `(\\w+\\s?)*`, `(\\d{1,2})+`."""
    for op, av in tree:
        name = str(op)
        if name in REPEATS:
            _, high, body = av
            if high > 1 and _varies(body) or _nested_repeat(body):
                return True
        elif any(_nested_repeat(child) for child in _children(name, av)):
            return True
    return False


def _varies(tree) -> bool:
    """Whether a part of a pattern holds a repetition that may match more or fewer times (min != max)."""
    for op, av in tree:
        name = str(op)
        if name in REPEATS and (av[0] != av[1] or _varies(av[2])):
            return True
        if name not in REPEATS and any(_varies(child) for child in _children(name, av)):
            return True
    return False


def _children(name: str, av) -> list:
    """The sub-patterns inside one item of a parsed pattern (groups, alternatives, look-arounds)."""
    if name == "SUBPATTERN":
        return [av[-1]]
    if name == "BRANCH":
        return list(av[1])
    if name in ("ASSERT", "ASSERT_NOT"):
        return [av[1]]
    if name == "GROUPREF_EXISTS":
        return [p for p in av[1:] if p is not None]
    return []


def refers_to_groups(pattern: re.Pattern) -> bool:
    """Whether the pattern names its groups or refers to one by number (`\\1`, `(?(1)…)`), which joining it
    after other patterns would renumber."""
    return bool(pattern.groupindex) or re.search(r"\\[1-9]|\(\?\(", pattern.pattern) is not None


def anchored_at_start(pattern: re.Pattern) -> bool:
    """Whether every match of the pattern starts at the start of the text (`^…` or `\\A…`, not per line)."""
    if pattern.flags & re.MULTILINE:
        return False
    try:
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
    except (re.error, RecursionError):
        return False
    return len(tree) > 0 and tree[0][0] is AT and tree[0][1] in (AT_BEGINNING, AT_BEGINNING_STRING)


def required_text(pattern: re.Pattern) -> str:
    """The longest stretch of plain letters, digits and spaces (at least three) that every match of the pattern
    holds, in lower case; '' when it has none.

    Only what the pattern matches exactly once in line counts: its literal letters, through groups and
    zero-width checks (`\\b`, `^`, look-arounds); any alternative, repetition or class of letters ends a stretch.
    """
    try:
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
    except (re.error, RecursionError):
        return ""
    stretches: list[str] = []
    last = _stretches(tree, stretches, "")
    return max((s for s in (*stretches, last) if len(s) >= REQUIRED_FROM), key=len, default="")


REQUIRED_FROM = 3
"""Letters a required stretch needs to be worth looking for."""
ZERO_WIDTH = ("AT", "ASSERT", "ASSERT_NOT")
"""Parts of a pattern that match no text: a stretch of letters goes on across them."""


def _stretches(tree, out: list[str], run: str) -> str:
    """Each stretch of `tree` added to `out`, but the one still running at its end, which is returned."""
    for op, av in tree:
        name = str(op)
        if name == "LITERAL" and chr(av).isascii() and (chr(av).isalnum() or chr(av) == " "):
            run += chr(av).lower()
        elif name == "SUBPATTERN":
            run = _stretches(av[-1], out, run)
        elif name not in ZERO_WIDTH:
            out.append(run)
            run = ""
    return run
