"""Merge the posts of every snapshot into items: each post once, its fullest version kept.

Posts the page gives the same stable id (`source_id`, an HTML update's URL) are always one. Otherwise
two posts are one when their normalised headlines are equal and one of them has no body, or when at
least `match.containment` of the shorter body's word 3-grams are in the longer one. Candidate pairs
come from prefix filtering (generator.similar: each set probes the index with only its rarest 3-grams),
so the search never compares all pairs; the search is kept in the cache and updated with the bodies a new
snapshot adds.
"""
from __future__ import annotations

import hashlib
import logging
from collections import Counter, defaultdict
from itertools import islice
from operator import lt
from dataclasses import replace
from datetime import datetime, timezone
from typing import Callable, NamedTuple

from slugify import slugify

from .changes import Version, flag_removals, history
from .cache import Memo
from .carry import Carry, Group, Prior, Unfit
from .config import Matching
from .models import Card, Item, Page, Paragraph, Post, Snapshot
from .normalize import Normalizer, key_shingles, plain
from .similar import Search, ident, search, similar_pairs

MIN_WORDS = 12
"""A body shorter than this many words is too slight to match on its own."""
EARLIEST = datetime.min.replace(tzinfo=timezone.utc)
log = logging.getLogger(__name__)


class Seen(NamedTuple):
    """One post and the snapshot it was seen in (a pair: a year's build makes 350,000 of them)."""

    snapshot: Snapshot
    post: Post

    def ordering(self) -> tuple:
        """Oldest first; within a snapshot, top of the page first; then by text, never by file name."""
        return (self.snapshot.captured_at or EARLIEST, self.post.position, self.post.shown_headline, self.post.body)


class UnionFind:
    """Union-find over indexes; two groups holding different page-given ids never join."""

    def __init__(self, n: int, ids: list[str | None] | None = None):
        self.parent = list(range(n))
        self.ids = {i: {x} for i, x in enumerate(ids or ()) if x}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a == b:
            return
        ids_a, ids_b = self.ids.get(a, set()), self.ids.get(b, set())
        if ids_a and ids_b and ids_a != ids_b:
            return  # two posts the page itself tells apart
        root, other = min(a, b), max(a, b)
        self.parent[other] = root
        if ids_a or ids_b:
            self.ids[root] = ids_a | ids_b

    def groups(self) -> list[list[int]]:
        out = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return list(out.values())


def merge_posts(pages: list[Page], matching: Matching, memo: Memo | None = None,
                kept: Memo | None = None, carry: Carry | None = None) -> list[Item]:
    """Every post of every page, merged into items (unordered days and themes).

    `memo` remembers the normalised key of each text between builds (the same keys, sooner); `kept` (a raw
    memo) the search for near copies, which a build with more posts updates instead of searching anew;
    `carry` the items themselves, which a build with one more snapshot takes where their copies are the same
    (see generator.carry).
    """
    known = memo.load() if memo is not None else {}
    if not all(type(k) is str for k in known.values()):
        known = {}
    norm = Normalizer(matching.aliases, matching.honorifics, known)
    posts = [post for page in pages for post in page.posts]
    shown = [page.snapshot for page in pages for _ in page.posts]
    keys = _Keys(norm)
    last = _kept_search(kept)
    groups, searched = _groups(posts, matching, keys, last)
    if kept is not None and (last is None or searched.idents != last.idents):
        kept.save_bytes(searched.to_bytes())
    prior = carry.prior(pages) if carry is not None else None
    copies = _Copies(groups, posts, shown)
    try:
        made, taken = _made(groups, copies, norm, keys, prior)
    except Unfit as e:  # a carried item that does not pass its checks
        carry.refused(e)
        prior = None
        made, taken = _made(groups, copies, norm, keys, prior)
    items = _unique_ids(made)
    flagged = _flagged(items, groups, copies, prior)
    if memo is not None and norm.used != known.keys():
        memo.save(norm.keys_used())
    if carry is not None:
        carry.keep(groups, made, flagged, taken)
    return flagged


class _Copies:
    """Each group's copies as (snapshot, post) pairs, made when first asked for (by the group's number)."""

    def __init__(self, groups: list[Group], posts: list[Post], shown: list[Snapshot]):
        self.groups, self.posts, self.shown = groups, posts, shown
        self.made: dict[int, list[Seen]] = {}

    def __getitem__(self, n: int) -> list[Seen]:
        if n not in self.made:
            indexes = self.groups[n].copies
            self.made[n] = list(map(Seen._make, zip(map(self.shown.__getitem__, indexes),
                                                    map(self.posts.__getitem__, indexes))))
        return self.made[n]

    def on(self, n: int, kept: Callable[[int], bool]) -> list[Seen]:
        """The group's copies among the posts `kept` keeps."""
        return [Seen(self.shown[c], self.posts[c]) for c in self.groups[n].copies if kept(c)]


def _made(groups: list[Group], copies: _Copies, norm: Normalizer, keys: _Keys,
          prior: Prior | None) -> tuple[list[Item], dict[str, object]]:
    """Each group's item, as the last build made it where `prior` has it, else made; and those taken, as kept."""
    made, taken = [], {}
    for n, group in enumerate(groups):
        item = prior.item(group, copies.shown) if prior is not None else None
        if item is None:
            item = _item(copies[n], norm, keys)
        else:
            taken[group.key] = prior.entries[group.key]
        made.append(item)
    return made, taken


def _flagged(items: list[Item], groups: list[Group], copies: _Copies, prior: Prior | None) -> list[Item]:
    """The items with their take-downs: judged on every page, or, where `prior` can tell, only those on the
    last build's latest page or a new one (on those pages alone) and the others as the last build judged."""
    if prior is None or not prior.same_items(groups):
        return flag_removals(items, {item.id: copies[n] for n, item in enumerate(items)})
    judged = [n for n, group in enumerate(groups) if prior.judged(group)]
    again = flag_removals([items[n] for n in judged], {items[n].id: copies.on(n, prior.on_judged_page) for n in judged})
    out = [replace(item, removed_after=removed) if (removed := prior.groups.get(group.key)) else item
           for item, group in zip(items, groups)]
    for n, item in zip(judged, again):
        out[n] = item
    return out


def _kept_search(kept: Memo | None) -> Search | None:
    raw = kept.load_bytes() if kept is not None else None
    if raw is None:
        return None
    try:
        return Search.from_bytes(raw)
    except ValueError as e:
        log.warning("cache %s not used (%s); near copies searched anew", kept.path, e)
        return None


def group_posts(posts: list[Post], matching: Matching, keys: _Keys | None = None,
                last: Search | None = None) -> tuple[list[list[int]], Search]:
    """The posts that are one, as groups of indexes into `posts` (see the module's docstring), and the search
    for near copies made (updated from `last`, the last build's, when it can be)."""
    groups, searched = _groups(posts, matching, keys or _Keys(Normalizer(matching.aliases, matching.honorifics)), last)
    return [list(group.copies) for group in groups], searched


def _groups(posts: list[Post], matching: Matching, keys: _Keys, last: Search | None) -> tuple[list[Group], Search]:
    """The groups of `group_posts`, each with the identities of its variants."""
    variants: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for n, post in enumerate(posts):
        variants[(keys.headline(post.headline), keys.body(post.body), post.source_id or "")].append(n)
    order = sorted(variants)
    sets = UnionFind(len(order), [source_id or None for _, _, source_id in order])
    _union_source_ids(order, sets)
    by_headline: dict[str, list[int]] = defaultdict(list)
    for v, (headline, _body, _) in enumerate(order):
        if headline:
            by_headline[headline].append(v)
    for group in by_headline.values():
        slight = [v for v in group if len(order[v][1].split()) < MIN_WORDS]
        anchor = next((v for v in group if v not in slight), group[0])
        for v in slight:  # no body, or too slight to tell: the same headline decides
            sets.union(v, anchor)
    idents = [ident(v) for v in order]
    pairs, searched = search(_Bodies(order), matching.containment, idents, last)
    for a, b in pairs:
        sets.union(a, b)
    return [Group(tuple(idents[v].hex() for v in group), tuple(n for v in group for n in variants[order[v]]))
            for group in sets.groups()], searched


class _Bodies:
    """The 3-gram sets of the variants' body keys, each worked out when first asked for (a body too slight to
    match on its own has none)."""

    def __init__(self, variants: list[tuple[str, str, str]]):
        self.variants, self.made = variants, {}

    def __len__(self) -> int:
        return len(self.variants)

    def __getitem__(self, n: int) -> frozenset[int]:
        if n not in self.made:
            body = self.variants[n][1]
            self.made[n] = frozenset() if len(body.split()) < MIN_WORDS else key_shingles(body)
        return self.made[n]


def _union_source_ids(keys: list[tuple[str, str, str]], sets: UnionFind) -> None:
    """Posts the page itself gives one id (an HTML update's URL) are one item, however retitled or rewritten."""
    by_id: dict[str, list[int]] = defaultdict(list)
    for v, (_, _, source_id) in enumerate(keys):
        if source_id:
            by_id[source_id].append(v)
    for group in by_id.values():
        for v in group[1:]:
            sets.union(group[0], v)


class _Keys:
    """Normalised keys of headlines and bodies, each worked out once however often the text recurs."""

    def __init__(self, norm: Normalizer):
        self.norm = norm
        self.headlines: dict[str, str] = {}
        self.bodies: dict[tuple[str, ...], str] = {}
        self.lengths: dict[tuple[str, ...], int] = {}

    def headline(self, text: str) -> str:
        if text not in self.headlines:
            self.headlines[text] = self.norm.key(text)
        return self.headlines[text]

    def body(self, paragraphs: tuple[str, ...]) -> str:
        if paragraphs not in self.bodies:  # paragraph by paragraph: an edited body shares most of them
            self.bodies[paragraphs] = " ".join(k for k in map(self.norm.key, paragraphs) if k)
        return self.bodies[paragraphs]

    def words(self, paragraphs: tuple[str, ...]) -> int:
        """How many words the body's key has."""
        if paragraphs not in self.lengths:
            self.lengths[paragraphs] = len(self.body(paragraphs).split())
        return self.lengths[paragraphs]


def _item(copies: list[Seen], norm: Normalizer, keys: _Keys) -> Item:
    _oldest_first(copies)
    latest = copies[max(range(len(copies)), key=lambda n: (copies[n].snapshot.captured_at or EARLIEST,
                                                          -copies[n].post.position, n))]
    bodies = list(dict.fromkeys(s.post.body for s in copies))  # distinct bodies, in the order seen
    lengths = {b: keys.words(b) for b in bodies}
    longest = max(lengths.values())
    fullest = next(s for s in reversed(copies) if lengths[s.post.body] == longest)
    headlines: dict[str, str] = {}
    for shown in dict.fromkeys(s.post.shown_headline for s in copies):
        headlines.setdefault(plain(shown).casefold(), shown)
    captures = [s.snapshot.captured_at for s in copies if s.snapshot.captured_at]
    printed = [s.post.published for s in copies if s.post.published]
    first = copies[0].post
    # the key of headline and body together, from the keys already worked out (words never span the space)
    whole = " ".join(k for k in (keys.headline(first.headline), keys.body(first.body)) if k)
    digest = hashlib.sha1(whole.encode()).hexdigest()[:6]
    return Item(
        id=f"{slugify(first.headline or ' '.join(first.body), max_length=48, word_boundary=True) or 'post'}-{digest}",
        headline=latest.post.headline or fullest.post.headline,
        headlines=tuple(h for h in headlines.values() if h),
        labels=latest.post.labels,
        body=fullest.post.body,
        published=min(printed) if printed else None,
        byline=next((s.post.byline for s in copies if s.post.byline), None),
        cards=_cards(copies, norm),
        earlier=_earlier(fullest.post.body, list(dict.fromkeys(p for b in bodies for p in b)), norm),
        kind="post" if any(s.post.kind == "post" for s in copies) else "card",
        first_seen=min(captures) if captures else None,
        last_seen=max(captures) if captures else None,
        snapshots=tuple(sorted({s.snapshot.name for s in copies})),
        copies=len(copies),
        position=copies[0].post.position,
        changes=history(_versions(copies), norm),
    )


def _oldest_first(copies: list[Seen]) -> None:
    """The copies sorted by `Seen.ordering`; as they are when each was captured later than the one before (a
    build's pages come in capture order, and so do most items' copies)."""
    times = [s.snapshot.captured_at for s in copies]
    try:
        rising = all(map(lt, times, islice(times, 1, None)))
    except TypeError:  # a copy with no capture time
        rising = False
    if not rising:
        copies.sort(key=Seen.ordering)


def _versions(copies: list[Seen]) -> list[Version]:
    """One version per snapshot, oldest first: the copy highest on that page."""
    first: dict[str, Seen] = {}
    for s in copies:  # sorted oldest first, top of the page first
        first.setdefault(s.snapshot.name, s)
    return [Version(s.snapshot, s.post.headline, s.post.body) for s in first.values()]


def _earlier(kept: tuple[str, ...], seen: list[str], norm: Normalizer) -> tuple[str, ...]:
    """Paragraphs seen that the kept text does not hold, each once, in the order seen."""
    holds = " ".join(norm.key(p) for p in kept)
    out: dict[str, str] = {}
    for paragraph in seen:
        key = norm.key(paragraph)
        if key and key not in holds and key not in out:
            out[key] = paragraph
    return tuple(out.values())


def _cards(copies: list[Seen], norm: Normalizer) -> tuple[Card, ...]:
    cards: dict[str, Card] = {}
    for s in copies:
        for card in s.post.cards:
            k = norm.key(card.title)
            if k not in cards or len(card.description) > len(cards[k].description):
                cards[k] = card
    return tuple(cards.values())


def _unique_ids(items: list[Item]) -> list[Item]:
    """The items in the same order, a clashing id suffixed -2, -3… in an order set by content alone."""
    order = sorted(range(len(items)), key=lambda n: (items[n].id, items[n].first_seen or EARLIEST,
                                                     items[n].headlines, items[n].body))
    counts: Counter = Counter()
    out = list(items)
    for n in order:
        counts[items[n].id] += 1
        if counts[items[n].id] > 1:
            out[n] = replace(items[n], id=f"{items[n].id}-{counts[items[n].id]}")
    return out


def merge_summaries(pages: list[Page], matching: Matching) -> list[Paragraph]:
    """The summary paragraphs of every page, each once, in its latest wording."""
    norm = Normalizer(matching.aliases, matching.honorifics)
    seen = [(page.snapshot, k, text) for page in pages for k, text in enumerate(page.summary)]
    seen.sort(key=lambda s: (s[0].captured_at or EARLIEST, s[1], s[2]))
    keys = sorted({norm.key(text) for _, _, text in seen})
    position = {k: i for i, k in enumerate(keys)}
    sets = UnionFind(len(keys))
    for a, b in similar_pairs([norm.shingles(k) if len(k.split()) >= MIN_WORDS else frozenset() for k in keys],
                              matching.containment):
        sets.union(a, b)
    groups: dict[int, list] = defaultdict(list)
    for s in seen:
        groups[sets.find(position[norm.key(s[2])])].append(s)
    out = []
    for group in groups.values():
        captures = [snap.captured_at for snap, _, _ in group if snap.captured_at]
        latest = group[-1][2]
        out.append(Paragraph(text=latest, first_seen=min(captures) if captures else None,
                             snapshots=tuple(sorted({snap.name for snap, _, _ in group})),
                             earlier=_earlier((latest,), [text for _, _, text in group], norm)))
    return out  # groups keep the order in which each was first seen
