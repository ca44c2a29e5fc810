"""Text made comparable: the same words whatever the quotes, dashes, case or spelling of names."""
from __future__ import annotations

import re
import unicodedata
import zlib

PLAIN = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u2026": "...",
})
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
POSSESSIVE = re.compile(r"(?<=[^\W_])'s\b")
SHINGLE = 3
"""Word n-gram size for near-duplicate tests (NOTES: word 3-grams separate variants best)."""


def spaced(text: str) -> str:
    """`" ".join(text.split())`: every run of white space one space, none at either end; sooner for the many
    lines whose only white space is single ASCII spaces (a printable text holds no other white space)."""
    if text.isprintable() and "  " not in text:
        return text.strip(" ")
    return " ".join(text.split())


def plain(text: str) -> str:
    """NFKC, plain quotes and dashes, single spaces: how text is displayed and compared."""
    if text.isascii():  # nothing for NFKC or the quote table to do, but for backticks
        return spaced(text.replace("`", "'"))
    return spaced(replaced(unicodedata.normalize("NFKC", text), MARKS))


def marks(table: dict[int, str | None]) -> tuple[tuple[str, str], ...]:
    """A `str.maketrans` table of single characters as (mark, replacement) pairs, for `replaced`; ValueError when
    a replacement holds a mark (replacing them in turn would then differ from translating)."""
    pairs = tuple((chr(code), "" if by is None else by if isinstance(by, str) else chr(by))
                  for code, by in table.items())
    if any(mark in by for _, by in pairs for mark, _ in pairs):
        raise ValueError("a replacement holds a character the table replaces")
    return pairs


def replaced(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    """`text.translate(table)` for `pairs = marks(table)`, twenty times sooner on a text that is not ASCII:
    translating looks up each of its characters in the table; this looks for each of the few marks in one pass
    of C code."""
    for mark, by in pairs:
        if mark in text:
            text = text.replace(mark, by)
    return text


MARKS = marks(PLAIN)
"""The plain forms of quotes, dashes and spaces, for `replaced`."""


class Normalizer:
    """Turns text into comparable words using the configured aliases and honorifics."""

    def __init__(self, aliases: tuple[tuple[str, str], ...] = (), honorifics: tuple[str, ...] = (),
                 known: dict[str, str] | None = None):
        self.aliases = {plain(k).casefold(): plain(v).casefold() for k, v in aliases}
        self.honorifics = frozenset(h.casefold() for h in honorifics)
        self.known: dict[str, str] = dict(known or {})
        """Keys already worked out, by text (given: remembered from an earlier build with these settings)."""
        self.used: set[str] = set()
        """The texts keyed so far."""

    def words(self, text: str) -> tuple[str, ...]:
        low = plain(text).casefold()
        if "'s" in low:  # no possessive without it
            low = POSSESSIVE.sub("", low)
        words = WORD.findall(low)
        aliases, honorifics = self.aliases, self.honorifics
        if honorifics.isdisjoint(words) and aliases.keys().isdisjoint(words):  # most texts: their words as found
            return tuple(words)
        return tuple(aliases.get(w, w) for w in words if w not in honorifics)

    def key(self, text: str) -> str:
        """The text reduced to its words: equal keys mean the same text."""
        found = self.known.get(text)
        if found is None:
            found = self.known[text] = " ".join(self.words(text))  # each text's words once, kept only as its key
        self.used.add(text)
        return found

    def keys_used(self) -> dict[str, str]:
        """The key of every text keyed so far (to remember for the next build)."""
        return {text: self.known[text] for text in self.used}

    def shingles(self, text: str) -> frozenset[int]:
        """Hashes of the word 3-grams (the words themselves for shorter texts)."""
        return key_shingles(self.key(text))


def key_shingles(key: str) -> frozenset[int]:
    """Hashes of the word 3-grams of a normalised key (see Normalizer.key)."""
    words = key.split()
    if len(words) < SHINGLE:
        return frozenset({zlib.crc32(" ".join(words).encode())}) if words else frozenset()
    grams = map(" ".join, zip(*(words[i:] for i in range(SHINGLE))))
    return frozenset(map(zlib.crc32, map(str.encode, grams)))


def containment(small: frozenset, large: frozenset) -> float:
    """Share of the smaller set found in the larger one."""
    if not small or not large:
        return 0.0
    if len(small) > len(large):
        small, large = large, small
    return len(small & large) / len(small)
