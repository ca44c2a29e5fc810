"""Telling terms: words weighed by TF-IDF over the digest's items, for theme fallback and tags."""
from __future__ import annotations

import math
import re
from collections import Counter
from itertools import chain
from operator import mul
from pathlib import Path

STOPWORDS = frozenset((Path(__file__).with_name("stopwords.txt")).read_text(encoding="utf-8").split())
WORD = re.compile(r"[^\W\d_][^\W_]*(?:['\u2019][^\W_]+)?")
MIN_LENGTH = 3
"""Shorter words are never telling terms."""


def words(text: str) -> list[str]:
    """Lower-case content words, possessives and stop words dropped."""
    out = []
    for word in WORD.findall(text.casefold()):
        if word.endswith(("'s", "\u2019s")):
            word = word[:-2]
        if len(word) >= MIN_LENGTH and word not in STOPWORDS:
            out.append(word)
    return out


NAME = re.compile(r"[A-Z][\w\u2019'-]*(?: (?:(?:of|for|the|de|von) )?[A-Z][\w\u2019'-]*)*")
SENTENCE_START = re.compile(r"(?:^|[.!?:\"\u201c\u2018(\u2013\u2014-])\s*$")
ADJECTIVE_ENDINGS = ("ian", "ean", "ese", "ish", "ican", "ic")
"""A single capitalised word ending so is an adjective of a place (Ukrainian, Korean, Polish), not a name."""


def names(paragraphs: list[str], drop: frozenset[str] = frozenset()) -> Counter:
    """Capitalised names (`Keir Starmer`, `Isle of Man`, `Met Office`), leading honorifics dropped.

    A single capitalised word opening a sentence is no name; a run of them (`Network Rail`) is. A run is
    cut after a possessive (`Ukraine's Western allies` names Ukraine; `Nigeria's Michelle Alozie` names
    both) and before `of` that follows a person's two names (`Andriy Kovalenko of Ukraine`); a count
    glued to a word (`Gaza398`, from a list of tags) is no part of the name.
    """
    found: Counter = Counter()
    for paragraph in paragraphs:
        for match in NAME.finditer(paragraph):
            opening = SENTENCE_START.search(paragraph[:match.start()]) is not None
            for parts, starts in _pieces(match.group(0).split(), opening):
                name = _name(parts, starts, drop)
                if name:
                    found[name] += 1
    return found


POSSESSIVE = re.compile(r"(?:['\u2019]s|s['\u2019])$")
GLUED_COUNT = re.compile(r"(?<=[^\W\d_]{3})\d+$")
"""Digits glued to the end of a word of three letters or more: a count from a list of tags (`Gaza398`)."""


def _pieces(parts: list[str], opening: bool) -> list[tuple[list[str], bool]]:
    """A capitalised run cut into names: after a possessive, before `of` after two names; whether each opens a sentence."""
    pieces, current, starts = [], [], opening
    for i, part in enumerate(parts):
        if part == "of" and len(current) >= 2 and i + 1 < len(parts):
            pieces.append((current, starts))
            current, starts = [], False
            continue
        stripped = GLUED_COUNT.sub("", part)
        current.append(POSSESSIVE.sub(lambda m: "s" if m.group(0)[0] == "s" else "", stripped).rstrip("'\u2019"))
        if POSSESSIVE.search(stripped) or stripped != part:
            pieces.append((current, starts))
            current, starts = [], True  # what follows a possessive stands alone only as a run of names
    if current:
        pieces.append((current, starts))
    return pieces


def _name(parts: list[str], opening: bool, drop: frozenset[str]) -> str | None:
    """The name a piece of a capitalised run makes, or None."""
    parts = [p for p in parts if p]
    while parts and (parts[0].casefold() in drop or opening and parts[0].casefold() in STOPWORDS):
        parts.pop(0)  # a capitalised stop word inside a sentence is part of the name: "in New York"
        opening = False  # "The Kremlin": the name itself does not open the sentence
    if not parts or len(parts) == 1 and (opening or parts[0].casefold() in STOPWORDS
                                         or parts[0].casefold().endswith(ADJECTIVE_ENDINGS)):
        return None
    return " ".join(parts)


class Paragraphs:
    """Words and names of paragraphs, each worked out once however often the paragraph recurs.

    Neither a word nor a name spans two paragraphs, or a space: the words of texts joined by spaces are
    the words of each text in turn, and the names of paragraphs are the sum of each paragraph's.
    """

    def __init__(self, drop: frozenset[str] = frozenset()):
        self.drop = drop
        self._words: dict[str, list[str]] = {}
        self._names: dict[str, Counter] = {}

    def words(self, text: str) -> list[str]:
        found = self._words.get(text)
        if found is None:
            found = self._words[text] = words(text)
        return found

    def names(self, paragraphs: list[str]) -> Counter:
        total: Counter = Counter()
        for paragraph in paragraphs:
            found = self._names.get(paragraph)
            if found is None:
                found = self._names[paragraph] = names([paragraph], self.drop)
            total.update(found)
        return total


def tfidf(documents: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    """Unit-length TF-IDF vectors of word lists, by document key."""
    frequency = Counter(chain.from_iterable(map(set, documents.values())))
    n = len(documents)
    idf = {w: math.log((n + 1) / (f + 1)) + 1 for w, f in frequency.items()}
    vectors = {}
    for key, ws in documents.items():
        vector = {w: c * idf[w] for w, c in Counter(ws).items()}
        values = vector.values()
        norm = math.sqrt(sum(map(mul, values, values))) or 1.0
        vectors[key] = {w: v / norm for w, v in vector.items()}
    return vectors


def centroid(vectors: list[dict[str, float]]) -> dict[str, float]:
    """The unit-length mean of unit vectors."""
    total: dict[str, float] = {}
    get = total.get
    for vector in vectors:  # as Counter.update adds, a term at a time
        for w, v in vector.items():
            total[w] = v + get(w, 0)
    values = total.values()
    norm = math.sqrt(sum(map(mul, values, values))) or 1.0
    return {w: v / norm for w, v in total.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())

