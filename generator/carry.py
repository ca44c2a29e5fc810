"""What a merge carries to the next build: each item as it was made, and the pages and groups it was made from.

An hourly rebuild adds one snapshot to a year of them; it shows about forty posts, and every other item's
copies are the ones the last build merged. Those items are taken as the last build made them (their copies
are the same, so `merge._item` would make them the same), and so is whether each was taken down, when
nothing it was judged on changed. That holds when:

- the last build's pages come first, each the very same (`identity`: its content, the reading that read it,
  its name and capture time), every page after them is later than all of them, and no two pages share a
  name (take-downs are judged page by page, by name);
- an item is taken only when no new page shows any of its copies (its key, the identities of the post
  variants merged into it and how many copies they have, is then the last build's);
- a take-down is taken only for an item on neither the last build's latest page that shows posts nor a
  new one, and only when no new post joined two of the last build's items or parted one (the pages it was
  judged on show the same items as then). Items on those pages are judged again, on those pages alone.

Anything else (a snapshot removed, replaced or put before the latest, other settings) merges anew. The
last build's pages and groups are kept in the same memo as its items, under a key of their own, so that
both are written in one go and a build stopped between two writes leaves no items of another build's
pages. Nothing carried is trusted: each item taken is checked field by field (`cache.DECODERS`: times with
their zone and inside the calendar) and its id is of the shape the merge makes; its snapshots,
first and last capture and number of copies are worked out from its copies, and the fields later phases
set are left unset. A carry that does not pass is named in a warning, and every item is merged anew.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property

from .cache import DECODERS, Memo, WrongRecord, decode_time, encode
from .models import Item, Page, Snapshot

log = logging.getLogger(__name__)
LAST = "last:"
"""Keys starting so hold a build's pages and groups (then its number); every other key is an item's."""
ITEM_ID = re.compile(r"[a-z0-9-]{1,48}-[0-9a-f]{6}")
"""An item's id as the merge makes it: a slug of its first headline, then a hash of its text."""


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


class Unfit(Exception):
    """A carried value that does not pass its checks."""


class Carry:
    """The merge's memo of items and of the last build's pages and groups (`memo`), for the pages of this build
    (`identities`, one per page)."""

    def __init__(self, memo: Memo, identities: Sequence[str]):
        self.memo, self.identities = memo, tuple(identities)
        self.number = 0
        """The number of the last build whose pages and groups the memo holds (0: none)."""

    def prior(self, pages: Sequence[Page]) -> Prior | None:
        """What this build can take from the last one (see the module's docstring), or None."""
        entries = self.memo.load()
        try:
            last = self._last(entries)
            return None if last is None else self._prior(pages, entries, *last)
        except Unfit as e:
            self.refused(e)
            return None

    def refused(self, why: Exception) -> None:
        log.warning("cache %s not used (%s); every item merged anew", self.memo.path, why)

    def _last(self, entries: dict[str, object]) -> tuple[list, list] | None:
        """The last build's pages and groups, or None when the memo holds none."""
        numbers = [number for key in entries if key.startswith(LAST) and (number := _number(key[len(LAST):]))]
        if not numbers:
            return None
        self.number = max(numbers)
        last = entries[f"{LAST}{self.number}"]
        if type(last) is not dict or last.keys() != {"pages", "groups"} or type(last["pages"]) is not list \
                or type(last["groups"]) is not list or not all(type(p) is str for p in last["pages"]):
            raise Unfit("not a carry of ours")
        return last["pages"], last["groups"]

    def _prior(self, pages: Sequence[Page], entries: dict[str, object], before: list[str], kept: list
               ) -> Prior | None:
        if len(self.identities) != len(pages) or not before or len(before) > len(pages) \
                or tuple(before) != self.identities[:len(before)]:
            return None  # other pages than the last build's, or fewer: merged anew
        if any(p.snapshot.captured_at is None for p in pages) or len({p.snapshot.name for p in pages}) < len(pages):
            return None
        merged_until = max(p.snapshot.captured_at for p in pages[:len(before)])
        if any(p.snapshot.captured_at <= merged_until for p in pages[len(before):]):
            return None  # a snapshot put between those already merged
        groups: dict[str, datetime | None] = {}
        for pair in kept:
            if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not str or pair[0] not in entries \
                    or pair[0].startswith(LAST):
                raise Unfit("a group that is not kept")
            entry = entries[pair[0]]
            if type(entry) is not list or len(entry) != 2 or type(entry[0]) is not list \
                    or not all(type(v) is str for v in entry[0]):
                raise Unfit("an item that is not one")
            groups[pair[0]] = None if pair[1] is None else _time(pair[1])
        starts = [0]
        for page in pages:
            starts.append(starts[-1] + len(page.posts))
        shown = [n for n in range(len(before)) if pages[n].posts]
        latest = max(shown, key=lambda n: (pages[n].snapshot.captured_at, pages[n].snapshot.name), default=None)
        return Prior(entries, groups, starts[len(before)],
                     (starts[latest], starts[latest + 1]) if latest is not None else (0, 0))

    def keep(self, groups: Sequence[Group], made: Sequence[Item], flagged: Sequence[Item],
             taken: dict[str, object]) -> None:
        """Carry this build's items (as made, before ids are told apart and take-downs flagged; `taken`: those
        carried from the last build, as they were kept) and its pages and groups to the next."""
        values = {}
        for group, item in zip(groups, made):
            key = group.key
            values[key] = taken[key] if key in taken else [list(group.variants), encode(replace(item, snapshots=()))]
        values[f"{LAST}{self.number + 1}"] = {
            "pages": list(self.identities),
            "groups": [[g.key, i.removed_after and encode(i.removed_after)] for g, i in zip(groups, flagged)]}
        self.memo.save(values)


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
    """The posts of the last build's latest page that shows any."""

    def item(self, group: Group, shown: Sequence[Snapshot]) -> Item | None:
        """The group's item as the last build made it, or None (`shown`: the snapshot of each post); Unfit when
        what was kept does not pass its checks."""
        if max(group.copies) >= self.new_from or group.key not in self.groups:
            return None
        snapshots = [shown[n] for n in group.copies]
        times = [s.captured_at for s in snapshots]
        try:
            item = DECODERS[Item](self.entries[group.key][1], snapshots=tuple(sorted({s.name for s in snapshots})),
                                  first_seen=min(times), last_seen=max(times), copies=len(snapshots),
                                  removed_after=None, day=None, theme=None, tags=())
        except WrongRecord as e:
            raise Unfit(e) from None
        if not ITEM_ID.fullmatch(item.id):
            raise Unfit("an item whose id is not of the merge's making")
        return item

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


def _time(value: object) -> datetime:
    try:
        return decode_time(value)
    except ValueError as e:
        raise Unfit(f"a take-down time that is not one ({e})") from None


def _number(text: str) -> int:
    """A build's number as kept in a key; 0 for anything else."""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else 0
