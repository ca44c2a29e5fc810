"""What changed: each item's versions over time, and posts taken down from the page.

A version is what the page showed of a post in one snapshot (the copy highest on the page when an
agency copy sits beside it). Consecutive versions are compared on normalised text, so a curly quote
turning straight is no edit; a new headline, paragraphs added, removed or reworded are.
"""
from __future__ import annotations

import bisect
import difflib
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime

from .models import Change, Item, Post, Snapshot
from .normalize import Normalizer

CONTEXT_WORDS = 3
"""Words of context kept around a reworded span."""


@dataclass(frozen=True)
class Version:
    """One snapshot's copy of a post."""

    snapshot: Snapshot
    headline: str
    body: tuple[str, ...]


def history(versions: list[Version], norm: Normalizer) -> tuple[Change, ...]:
    """The changes between consecutive versions (oldest first), each with the capture that showed it."""
    out = []
    for before, after in zip(versions, versions[1:]):
        if before.headline == after.headline and before.body == after.body:
            continue  # the usual case: the page showed it unchanged
        change = compare(before, after, norm)
        if change is not None:
            out.append(change)
    return tuple(out)


def compare(before: Version, after: Version, norm: Normalizer) -> Change | None:
    """How `after` differs from `before`, or None when only spelling and quotes did."""
    headline = (before.headline, after.headline) if norm.key(before.headline) != norm.key(after.headline) else None
    old, new = [norm.key(p) for p in before.body], [norm.key(p) for p in after.body]
    added, removed, edited = [], [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "insert":
            added += range(j1, j2)
        elif op == "delete":
            removed += [before.body[i] for i in range(i1, i2)]
        elif op == "replace":
            pairs = min(i2 - i1, j2 - j1)
            edited += [(before.body[i1 + k], after.body[j1 + k]) for k in range(pairs)]
            removed += [before.body[i] for i in range(i1 + pairs, i2)]
            added += range(j1 + pairs, j2)
    if headline is None and not (added or removed or edited):
        return None
    return Change(at=after.snapshot.captured_at, snapshot=after.snapshot.name, headline=headline,
                  added=tuple(i + 1 for i in added), removed=tuple(removed), edited=tuple(edited))


def reworded(old: str, new: str) -> tuple[str, str]:
    """The differing stretch of two wordings of a paragraph, with a few words of context each side."""
    a, b = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    blocks = [(i1, i2, j1, j2) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]
    if not blocks:
        return old, new
    i1, j1 = max(0, blocks[0][0] - CONTEXT_WORDS), max(0, blocks[0][2] - CONTEXT_WORDS)
    i2, j2 = blocks[-1][1] + CONTEXT_WORDS, blocks[-1][3] + CONTEXT_WORDS
    def cut(words: list[str], start: int, end: int) -> str:
        return ("… " if start > 0 else "") + " ".join(words[start:end]) + (" …" if end < len(words) else "")
    return cut(a, i1, i2), cut(b, j1, j2)


def flag_removals(items: list[Item], sightings: dict[str, list[tuple[Snapshot, Post]]]) -> list[Item]:
    """Items taken down: gone from the next snapshot while posts both above and below them there stayed.

    `sightings` gives, per item id, each dated snapshot that showed it and the post it showed. A post pushed
    off the bottom takes the posts below it with it, and a capture that shows less of the feed loses those
    above or below: neither is a take-down. Only plain posts that kept their order between the two snapshots
    count as evidence; cards, labelled posts (pinned, re-posted) and posts that moved do not.
    """
    dated: dict[tuple, Snapshot] = {}
    page: dict[str, dict[str, int]] = defaultdict(dict)
    set_apart: dict[str, set[str]] = defaultdict(set)
    last_of: dict[str, Snapshot] = {}
    """Each item's latest dated snapshot (the last by name among those of one time)."""
    for item_id, seen in sightings.items():  # one pass over every sighting: a year holds 350,000
        last = None
        for snapshot, post in seen:
            shown = page[snapshot.name]
            if post.position < shown.get(item_id, post.position + 1):
                shown[item_id] = post.position
            if post.labels or post.kind == "card":
                set_apart[snapshot.name].add(item_id)
            at = snapshot.captured_at
            if at is not None:
                dated[at, snapshot.name] = snapshot
                if last is None or at > last.captured_at or at == last.captured_at and snapshot.name > last.name:
                    last = snapshot
        if last is not None:
            last_of[item_id] = last
    snapshots = [dated[key] for key in sorted(dated)]
    following = {s.name: nxt for s, nxt in zip(snapshots, snapshots[1:])}
    steady: dict[tuple[str, str], list[int]] = {}
    out = []
    for item in items:
        last = last_of.get(item.id)
        nxt = following.get(last.name) if last else None
        removed: datetime | None = None
        if nxt is not None:
            pair = (last.name, nxt.name)
            if pair not in steady:
                ignored = set_apart[last.name] | set_apart[nxt.name]
                steady[pair] = _kept_in_order(page[last.name], page[nxt.name], ignored)
            here = page[last.name][item.id]
            if any(p < here for p in steady[pair]) and any(p > here for p in steady[pair]):
                removed = last.captured_at
        out.append(replace(item, removed_after=removed) if removed else item)
    return out


def _kept_in_order(before: dict[str, int], after: dict[str, int], ignored: set[str]) -> list[int]:
    """Places on `before` of the posts both pages show in the same order (the longest such run), `ignored` aside."""
    shared = sorted((p, after[i], i) for i, p in before.items() if i in after and i not in ignored)
    return [shared[n][0] for n in _longest_rising([q for _, q, _ in shared])]


def _longest_rising(values: list[int]) -> list[int]:
    """Indexes of a longest strictly rising subsequence of `values` (the earliest such, patience sorting)."""
    tails: list[int] = []
    """tails[k]: index of the smallest value ending a rising run of length k + 1."""
    ends: list[int] = []
    """The values at `tails`, for the binary search."""
    back: list[int | None] = []
    for n, v in enumerate(values):
        k = bisect.bisect_left(ends, v)
        back.append(tails[k - 1] if k else None)
        tails[k:k + 1], ends[k:k + 1] = [n], [v]
    chain, n = [], tails[-1] if tails else None
    while n is not None:
        chain.append(n)
        n = back[n]
    return chain[::-1]
