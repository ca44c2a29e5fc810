"""What a merge carries to the next build: each item as it was made, and the groups and pages it was made from.

An hourly rebuild adds one snapshot to a year of them; it shows about forty posts, and every other item's
copies are the ones the last build merged. Those items are taken as the last build made them (their copies
are the same, so `merge._item` would make them the same), and so is whether each was taken down, when
nothing it was judged on changed. That holds when:

- the last build's pages come first, each the very same (`identity`: its content, the reading that read it,
  its name and capture time), and every page after them is later than all of them;
- an item is taken only when no new page shows any of its copies (its key, the identities of the post
  variants merged into it and how many copies they have, is then the last build's);
- a take-down is taken only for an item no longer on the last build's latest page nor on a new one, and
  only when no new post joined two of the last build's items or parted one (the pages it was judged on show
  the same items as then). Items on those pages are judged again, on those pages alone.

Anything else (a snapshot removed, replaced or inserted before the latest, other settings) merges anew.
Nothing here is trusted: every item is checked field by field as it is read (`cache.DECODERS`), and a carry
that does not fit is dropped with a warning.
"""
from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from datetime import datetime

from .cache import DECODERS, Memo, encode, time_from_json
from .models import Item, Page, Snapshot

log = logging.getLogger(__name__)


def identity(reading: str, content: str, learned: str, form: str, page: Page) -> str:
    """What makes a page the same page for the merge: its snapshot's content hash, the reading settings and
    learned furniture it was read with, its format, name and capture time (both given to every post)."""
    at = page.snapshot.captured_at
    parts = [reading, content, learned, form, page.snapshot.name, at.isoformat() if at else None]
    return hashlib.blake2b(json.dumps(parts).encode(), digest_size=16).hexdigest()


@dataclass(frozen=True)
class Group:
    """One item to make: the post variants merged into it and its copies, as indexes into the build's posts."""

    variants: tuple[str, ...]
    """The identity of each variant (normalised headline, body and page-given id), in the merge's order."""
    copies: tuple[int, ...]
    """Every post merged into it."""

    @cached_property
    def key(self) -> str:
        """What the item is carried under: its variants, and how many copies they have."""
        joined = "".join(self.variants).encode()
        return f"{hashlib.blake2b(joined, digest_size=16).hexdigest()}:{len(self.copies)}"


class Carry:
    """The merge's memo of items (`items`) and of the last build's pages and groups (`last`), for the pages of
    this build (`identities`, one per page)."""

    def __init__(self, items: Memo, last: Memo, identities: Sequence[str]):
        self.items, self.last, self.identities = items, last, tuple(identities)

    def prior(self, pages: Sequence[Page]) -> Prior | None:
        """What this build can take from the last one (see the module's docstring), or None."""
        if len(self.identities) != len(pages):
            return None
        try:
            return self._prior(pages)
        except ValueError as e:
            log.warning("cache %s not used (%s); every item merged anew", self.last.path, e)
            return None

    def _prior(self, pages: Sequence[Page]) -> Prior | None:
        entries = self.items.load()  # checked whatever the last build was: a damaged file is told at once
        last = self.last.load()
        if not last:
            return None
        if last.keys() != {"pages", "groups"} or type(last["pages"]) is not list or type(last["groups"]) is not list:
            raise ValueError("not a carry of ours")
        before = last["pages"]
        if not before or len(before) > len(pages) or tuple(before) != self.identities[:len(before)]:
            return None  # other pages than the last build's, or fewer: merged anew
        if any(p.snapshot.captured_at is None for p in pages):
            return None
        latest = max(range(len(before)), key=lambda n: (pages[n].snapshot.captured_at, pages[n].snapshot.name))
        if any(p.snapshot.captured_at <= pages[latest].snapshot.captured_at for p in pages[len(before):]):
            return None  # a snapshot put between those already merged
        groups: dict[str, datetime | None] = {}
        for pair in last["groups"]:
            if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not str or pair[0] not in entries:
                raise ValueError("a group that is not kept")
            entry = entries[pair[0]]
            if type(entry) is not list or len(entry) != 2 or type(entry[0]) is not list \
                    or not all(type(v) is str for v in entry[0]):
                raise ValueError("an item that is not one")
            groups[pair[0]] = None if pair[1] is None else time_from_json(pair[1])
        starts = [0]
        for page in pages:
            starts.append(starts[-1] + len(page.posts))
        return Prior(entries, groups, starts[len(before)], (starts[latest], starts[latest + 1]))

    def keep(self, groups: Sequence[Group], made: Sequence[Item], flagged: Sequence[Item],
             taken: dict[str, object]) -> None:
        """Carry this build's items (as made, before ids are told apart and take-downs flagged; `taken`: those
        carried from the last build, as they were kept) to the next."""
        values = {}
        for group, item in zip(groups, made):
            key = group.key
            values[key] = taken[key] if key in taken else [list(group.variants), encode(replace(item, snapshots=()))]
        self.items.save(values)
        self.last.save({"pages": list(self.identities),
                        "groups": [[g.key, i.removed_after and encode(i.removed_after)] for g, i in zip(groups, flagged)]})


@dataclass
class Prior:
    """What the last build merged, as this build can take it."""

    entries: dict[str, object]
    """Each item carried, by key: its variants and the item as JSON data."""
    groups: dict[str, datetime | None]
    """The last build's groups by key, each with when it was taken down (None if it was not)."""
    new_from: int
    """The first post of the pages the last build did not have."""
    latest: tuple[int, int]
    """The posts of the last build's latest page."""

    def item(self, group: Group, shown: Sequence[Snapshot]) -> Item | None:
        """The group's item as the last build made it, or None (`shown`: the snapshot of each post)."""
        if max(group.copies) >= self.new_from or group.key not in self.groups:
            return None
        names = tuple(sorted({shown[n].name for n in group.copies}))
        return DECODERS[Item](self.entries[group.key][1], snapshots=names)

    def judged(self, group: Group) -> bool:
        """Whether the group's take-down is judged again: a copy on the last build's latest page or a new one
        (or a group the last build did not have)."""
        return group.key not in self.groups or any(map(self.on_judged_page, group.copies))

    def on_judged_page(self, post: int) -> bool:
        """Whether the post is on the last build's latest page or a new one."""
        return post >= self.new_from or self.latest[0] <= post < self.latest[1]

    def same_items(self, groups: Sequence[Group]) -> bool:
        """Whether every item of the last build is in exactly one group, holding all of its variants and no
        variant of another (only new variants join it)."""
        owner = {v: key for key in self.groups for v in self.entries[key][0]}
        continued = set()
        for group in groups:
            old = [owner[v] for v in group.variants if v in owner]
            if not old:
                continue
            if len(set(old)) > 1 or len(old) != len(self.entries[old[0]][0]) or old[0] in continued:
                return False
            continued.add(old[0])
        return len(continued) == len(self.groups)
