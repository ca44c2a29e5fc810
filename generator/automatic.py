"""Automatic themes: items no rule claims, grouped by the telling names and words they share.

Two parts, kept apart so the first can be remembered per item: `item_terms` reads one item's names
and words (the same item always gives the same terms); `group` weighs the terms over the whole blog
and picks the groups. Language-agnostic: a term on a large share of the blog's items (its subject,
and the function words of any language) is never telling; names (capitalised inside a sentence)
weigh more than other words. Greedy and linear in the items: no comparison of item pairs.
"""
from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter

from slugify import slugify

from .models import Item, Theme
from .terms import Paragraphs

HEADLINE_WEIGHT = 3
"""A term in the headline counts this many times a mention in the body."""
NAME_BONUS = 2.0
"""A name (capitalised inside a sentence) weighs this many times an ordinary word."""
MAX_NAME_WORDS = 4
"""A longer run of capitalised words is a title-case headline, not a name."""
SUBJECT_SHARE = 0.5
"""A term on more than this share of the items is the blog's subject (or a function word): never telling."""
WORD_SHARE = 0.2
"""A word that is no name and is on more of the items than this share (or than `WORD_ITEMS`) is a common
word of the blog's language (`degli`, `anche`, `detto`), never telling: a name may be on up to `SUBJECT_SHARE`."""
WORD_ITEMS = 3
"""In a small blog a word that is no name may always be on this many items."""
MIN_WORD_LETTERS = 4
"""A shorter word that is no name is a function word in most languages, never telling."""
MIN_GROUP = 2
"""An automatic theme holds at least this many items."""
TELLING = 4
"""How many of an item's heaviest terms can found a group."""
PAIR_SHARE = 0.6
"""A second name joins a theme's title when at least this share of its items tell it too."""
MAX_THEMES = 60
"""At most this many automatic themes; the items of smaller groups join one of them or go to Other."""


@dataclass(frozen=True)
class ItemTerms:
    """One item's terms, as counted for grouping."""

    id: str
    counts: tuple[tuple[str, float], ...]
    """Each term (case-folded) and its count, headline mentions counted `HEADLINE_WEIGHT` times."""
    names: tuple[tuple[str, str], ...]
    """The terms that are names here, with the spelling seen."""


@dataclass(frozen=True)
class Group:
    """An automatic theme and the terms that define it."""

    theme: Theme
    terms: tuple[str, ...]
    """The terms its title is made of, as spelled in the title."""


def item_terms(item: Item, honorifics: frozenset[str] = frozenset(),
               paragraphs: Paragraphs | None = None) -> ItemTerms:
    """The names and content words of one item (per-item work, independent of the other items).

    `paragraphs` remembers the words and names of paragraphs already read (the same answer, sooner).
    """
    memo = paragraphs if paragraphs is not None else Paragraphs(honorifics)
    headline = " ".join(dict.fromkeys((item.headline, *item.headlines)))
    body = [*item.body, *(f"{c.title}. {c.description}" for c in item.cards)]
    counts: Counter = Counter()
    spelled: dict[str, str] = {}
    for texts, factor in (([headline], HEADLINE_WEIGHT), (body, 1)):
        found = {n: c for n, c in memo.names(texts).items() if len(n.split()) <= MAX_NAME_WORDS}
        inside = {w for n in found if " " in n for w in memo.words(n)}
        for name, count in found.items():
            key = name.casefold()
            counts[key] += count * factor
            spelled.setdefault(key, name)
        for text in texts:
            for word in memo.words(text):
                if word not in inside and word not in spelled:
                    counts[word] += factor
    return ItemTerms(item.id, tuple(sorted(counts.items())), tuple(sorted(spelled.items())))


def group(terms: list[ItemTerms], leftovers: set[str], taken: set[str], title: str | None = None) -> dict[str, Group]:
    """Automatic themes for the leftover items, by item id (items in no group are left out).

    Terms are weighed over all the blog's items (`terms`); a term of the blog's title names its subject
    and founds no theme.
    """
    weights, spelling = _weights(terms, f" {' '.join(words_of(title))} " if title else "", leftovers)
    telling = {item_id: _top(w, TELLING) for item_id, w in weights.items()}
    chosen = _cover(telling, spelling)
    out: dict[str, Group] = {}
    groups: list[tuple[str, list[str]]] = []
    for key, members in chosen:
        if len(groups) == MAX_THEMES:
            break
        title, parts = _title(key, members, telling, spelling)
        if slugify(title) in taken or not slugify(title):
            continue
        taken.add(slugify(title))
        found = Group(Theme(slugify(title), title, f"Posts about {title}, grouped automatically."), parts)
        groups.append((key, members))
        out.update({m: found for m in members})
    return out | _attach(weights, groups, out)


def _attach(weights: dict[str, dict[str, float]], groups: list[tuple[str, list[str]]],
            out: dict[str, Group]) -> dict[str, Group]:
    """Items that founded no group, each joined to the group whose items share most of its weight.

    A shared term counts its weight in the item times the share of the group's items holding it;
    an item sharing no term with any group is left out. Linear: through an index of terms to groups.
    """
    holding: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for g, (_, members) in enumerate(groups):
        for term, count in Counter(k for m in members for k in weights[m]).items():
            holding[term].append((g, count / len(members)))
    joined = {}
    for item_id, terms in weights.items():
        if item_id in out:
            continue
        score: Counter = Counter()
        for term, weight in terms.items():
            for g, share in holding.get(term, ()):
                score[g] += weight * share
        if score:
            best = max(score, key=lambda g: (score[g], -g))
            joined[item_id] = out[groups[best][1][0]]
    return joined


def words_of(text: str) -> list[str]:
    """Every word of a text, case-folded (a term compared with a title)."""
    return re.findall(r"[^\W_]+", text.casefold())


def _eligible(key: str, frequency: int, items: int, named: bool, heading: str) -> bool:
    """Whether a term can tell a group: shared, not the subject, no short or common word, not the title's."""
    if not MIN_GROUP <= frequency <= SUBJECT_SHARE * items:
        return False
    if not named and (len(key) < MIN_WORD_LETTERS or frequency > max(WORD_SHARE * items, WORD_ITEMS)):
        return False
    return not in_title(key, heading)


def in_title(term: str, heading: str) -> bool:
    """Whether a term is the title's: all of it, or two words of it in a row, are in the title (` a b c `)."""
    parts = words_of(term)
    runs = [parts] + [parts[i:i + 2] for i in range(len(parts) - 1)]
    return bool(heading) and any(f" {' '.join(run)} " in heading for run in runs)


def _weights(terms: list[ItemTerms], heading: str, leftovers: set[str]
             ) -> tuple[dict[str, dict[str, float]], dict[str, str]]:
    """Each leftover item's eligible terms weighed by count × IDF (× the name bonus), the IDF over all the
    items; the spelling of each name."""
    n = len(terms)
    frequency = Counter(map(itemgetter(0), chain.from_iterable(t.counts for t in terms)))
    forms: dict[str, Counter] = defaultdict(Counter)
    for t in terms:
        for key, form in t.names:
            forms[key][form] += 1
    spelling = {k: max(c, key=lambda f: (c[f], f)) for k, c in forms.items()}
    named = {k for k, c in forms.items() if sum(c.values()) * 2 > frequency[k]}
    eligible = {k for k in frequency if _eligible(k, frequency[k], n, k in named, heading)}
    idf = {k: math.log((n + 1) / (f + 1)) + 1 for k, f in frequency.items() if k in eligible}
    weights = {}
    for t in terms:
        if t.id in leftovers:
            weights[t.id] = {k: c * idf[k] * (NAME_BONUS if k in named else 1.0) for k, c in t.counts if k in eligible}
    return weights, {k: v for k, v in spelling.items() if k in named}


def _top(weights: dict[str, float], n: int) -> tuple[str, ...]:
    return tuple(k for k, _ in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


def _cover(telling: dict[str, tuple[str, ...]], spelling: dict[str, str]) -> list[tuple[str, list[str]]]:
    """Greedy: the term most unassigned items tell founds a group of them, until no term is told twice."""
    holders: dict[str, list[str]] = defaultdict(list)
    for item_id, keys in telling.items():
        for key in keys:
            holders[key].append(item_id)
    count = {k: len(v) for k, v in holders.items()}
    heap = [(-c, k not in spelling, k) for k, c in count.items() if c >= MIN_GROUP]
    heapq.heapify(heap)
    assigned: set[str] = set()
    out = []
    while heap:
        negative, plain, key = heapq.heappop(heap)
        if -negative != count[key]:  # stale: items were taken by an earlier group
            if count[key] >= MIN_GROUP:
                heapq.heappush(heap, (-count[key], plain, key))
            continue
        members = [i for i in holders[key] if i not in assigned]
        assigned.update(members)
        for member in members:
            for other in telling[member]:
                count[other] -= 1
        out.append((key, members))
    return out


def _title(key: str, members: list[str], telling: dict[str, tuple[str, ...]],
           spelling: dict[str, str]) -> tuple[str, tuple[str, ...]]:
    """The group's name: its founding term, and a second name most of its items tell too.

    A group founded by a word that is no name is named by such a name alone when there is one.
    """
    second = Counter(k for m in members for k in telling[m] if k != key and k in spelling)
    pair = [k for k, c in sorted(second.items(), key=lambda kv: (-kv[1], kv[0]))
            if c >= max(MIN_GROUP, PAIR_SHARE * len(members)) and not set(k.split()) & set(key.split())][:1]
    parts = tuple(_shown(k, spelling) for k in ([key] + pair if key in spelling or not pair else pair))
    return " and ".join(parts), parts


def _shown(key: str, spelling: dict[str, str]) -> str:
    return spelling.get(key) or key[:1].upper() + key[1:]


def rule_pattern(term: str) -> str:
    """A configuration term matching `term` literally (any white space between its words)."""
    return r"\s+".join(re.escape(w) for w in term.split())
