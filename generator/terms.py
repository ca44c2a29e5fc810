"""Telling terms: words weighed by TF-IDF over the digest's items, for theme fallback and tags."""
from __future__ import annotations

import math
import re
from collections import Counter
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


def display_forms(text: str) -> dict[str, str]:
    """Each word's most frequent capitalised spelling inside sentences (names), by lower-case word."""
    forms: dict[str, Counter] = {}
    for match in re.finditer(r"(?<=[\w,;:’'\"”)] )[A-Z][\w’'-]*", text):
        word = re.sub(r"['\u2019]s$", "", match.group(0))
        forms.setdefault(word.casefold(), Counter())[word] += 1
    return {k: c.most_common(1)[0][0] for k, c in forms.items()}


NAME = re.compile(r"[A-Z][\w\u2019'-]*(?: (?:(?:of|for|the|de|von) )?[A-Z][\w\u2019'-]*)*")
SENTENCE_START = re.compile(r"(?:^|[.!?:\"\u201c\u2018(\u2013\u2014-])\s*$")
ADJECTIVE_ENDINGS = ("ian", "ean", "ese", "ish", "ican", "ic")
"""A single capitalised word ending so is an adjective of a place (Ukrainian, Korean, Polish), not a name."""


def names(paragraphs: list[str], drop: frozenset[str] = frozenset()) -> Counter:
    """Capitalised names (`Keir Starmer`, `Isle of Man`, `Met Office`), leading honorifics dropped.

    A single capitalised word opening a sentence is no name; a run of them (`Network Rail`) is.
    """
    found: Counter = Counter()
    for paragraph in paragraphs:
        for match in NAME.finditer(paragraph):
            parts = match.group(0).split()
            parts[-1] = re.sub(r"['\u2019]s$", "", parts[-1])
            opening = SENTENCE_START.search(paragraph[:match.start()]) is not None
            while parts and (parts[0].casefold() in drop or parts[0].casefold() in STOPWORDS):
                parts.pop(0)
                opening = False  # "The Kremlin": the name itself does not open the sentence
            if not parts or len(parts) == 1 and (opening or parts[0].casefold() in STOPWORDS
                                                 or parts[0].casefold().endswith(ADJECTIVE_ENDINGS)):
                continue
            found[" ".join(parts)] += 1
    return found


def tfidf(documents: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    """Unit-length TF-IDF vectors of word lists, by document key."""
    frequency = Counter(w for ws in documents.values() for w in set(ws))
    n = len(documents)
    vectors = {}
    for key, ws in documents.items():
        counts = Counter(ws)
        vector = {w: c * (math.log((n + 1) / (frequency[w] + 1)) + 1) for w, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors[key] = {w: v / norm for w, v in vector.items()}
    return vectors


def centroid(vectors: list[dict[str, float]]) -> dict[str, float]:
    """The unit-length mean of unit vectors."""
    total: Counter = Counter()
    for vector in vectors:
        total.update(vector)
    norm = math.sqrt(sum(v * v for v in total.values())) or 1.0
    return {w: v / norm for w, v in total.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def top_terms(vector: dict[str, float], n: int) -> list[str]:
    """The n heaviest terms, ties broken alphabetically."""
    return [w for w, _ in sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]
