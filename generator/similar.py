"""The near-copy search: pairs of sets where one holds at least a share of the other, found anew or updated.

Sets are taken largest first; each probes an index of the sets already taken (so only larger ones) with
its rarest members that some other set has too. Probing with as many as the prefix-filtering bound asks
(shared - needed + 1) misses no pair; the search probes with at most PROBE of them, the rarest: a 3-gram
that few posts share is one a copy of the same post most likely has. A set found so is compared in full only
when it holds all but `slack` of the probing set's rarest shared members, `slack` being how many of its shared
members a set that holds enough of it may lack: most sets a probe finds share one rare member and little else.

A search is kept (`Search`) and updated when sets are added: the sets that can find other pairs than the
last time are searched again, the others keep what they found. The result is the same as a search anew:
a set's probe changes only when one of its members that no other set had is now shared, or when a member
it probes with is in an added set (a member's count only grows, so it can only leave the probe); and
what a probe finds changes only with sets added that hold one of its members.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from itertools import chain
from typing import Callable, Sequence

import numpy

PROBE = 10
"""How many of a set's rarest members look for the sets that might contain it."""
CHECKED = 8
"""A candidate must hold at least this many of a set's `slack + CHECKED` rarest shared members (all but the `slack`
shared members a set contained enough may lack) before it is compared in full."""
FEW = 4
"""Fewer candidates than this are compared in full straight away."""
SLOT_BITS = 32
"""Postings are (member << SLOT_BITS | slot): members are 32-bit hashes, slots count the sets."""
POSTING = numpy.dtype("<u8")
"""A posting as kept: 8 bytes, little-endian on every machine."""


@dataclass(frozen=True)
class Search:
    """A search as the next one needs it: each set's identity, size, probe and what it found (by slot, the set's
    number in this search), and two sorted arrays of postings: every member of every set, every probe."""

    threshold: float
    idents: tuple[bytes, ...]
    sizes: tuple[int, ...]
    probes: tuple[tuple[int, ...], ...]
    found: tuple[tuple[int, ...], ...]
    postings: numpy.ndarray
    probing: numpy.ndarray

    def to_bytes(self) -> bytes:
        """The search as bytes (`Search.from_bytes` reads them back): a JSON line of counts, then arrays."""
        arrays = self._arrays()
        head = {"threshold": self.threshold, "sets": len(self.idents), **{k: len(v) for k, v in arrays.items()}}
        return json.dumps(head).encode() + b"\n" + b"".join(self.idents) + b"".join(a.tobytes() for a in arrays.values())

    @classmethod
    def from_bytes(cls, raw: bytes) -> Search:
        """The search `to_bytes` wrote; ValueError for anything else."""
        line, _, rest = raw.partition(b"\n")
        try:
            head = json.loads(line)
            sets, threshold = head["sets"], head["threshold"]
            counts = {k: head[k] for k in _ARRAYS}
        except (ValueError, TypeError, KeyError, RecursionError):
            raise ValueError("no search of ours") from None
        if type(sets) is not int or type(threshold) is not float or any(type(c) is not int or c < 0
                                                                        for c in (sets, *counts.values())):
            raise ValueError("no search of ours")
        sizes = [sets * 16] + [counts[k] * numpy.dtype(code).itemsize for k, code in _ARRAYS.items()]
        if sum(sizes) != len(rest) or counts["sizes"] != sets or counts["probe_lengths"] != sets \
                or counts["found_lengths"] != sets:
            raise ValueError("a search of another size")
        idents = tuple(rest[n:n + 16] for n in range(0, sets * 16, 16))
        arrays, at = {}, sets * 16
        for (name, code), size in zip(_ARRAYS.items(), sizes[1:]):
            arrays[name] = numpy.frombuffer(rest, dtype=code, count=size // numpy.dtype(code).itemsize, offset=at)
            at += size
        lengths = {name: arrays[name].tolist() for name in ("probe_lengths", "found_lengths")}
        if sum(lengths["probe_lengths"]) != len(arrays["probes"]) or sum(lengths["found_lengths"]) != len(arrays["found"]):
            raise ValueError("not a search")
        probes = _split(arrays["probes"].tolist(), lengths["probe_lengths"])
        found = _split(arrays["found"].tolist(), lengths["found_lengths"])
        postings = arrays["postings"].astype(numpy.uint64)
        if len(set(idents)) != sets or any(j >= sets for j in arrays["found"].tolist()) \
                or any(len(p) > PROBE for p in probes) or _slots_beyond(postings, sets) \
                or _slots_beyond(arrays["probing"], sets):
            raise ValueError("not a search")
        return cls(threshold, idents, tuple(arrays["sizes"].tolist()), probes, found, postings,
                   arrays["probing"].astype(numpy.uint64))

    def _arrays(self) -> dict[str, numpy.ndarray]:
        return {"sizes": numpy.array(self.sizes, dtype=_ARRAYS["sizes"]),
                "probe_lengths": numpy.array([len(p) for p in self.probes], dtype=_ARRAYS["probe_lengths"]),
                "probes": numpy.fromiter(chain.from_iterable(self.probes), dtype=_ARRAYS["probes"]),
                "found_lengths": numpy.array([len(f) for f in self.found], dtype=_ARRAYS["found_lengths"]),
                "found": numpy.fromiter(chain.from_iterable(self.found), dtype=_ARRAYS["found"]),
                "postings": self.postings.astype(POSTING), "probing": self.probing.astype(POSTING)}

    def holders(self, member: int) -> list[int]:
        """The slots of the sets holding this member (in slot order)."""
        return _range(self.postings, member)

    def probers(self, member: int) -> list[int]:
        return _range(self.probing, member)


def ident(parts: Sequence[str]) -> bytes:
    """A set's identity from the text it was made of (unambiguous: each part's length goes first)."""
    return hashlib.blake2b("".join(f"{len(p)}:{p}" for p in parts).encode(), digest_size=16).digest()


def similar_pairs(sets: Sequence[frozenset[int]], threshold: float) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, where at least `threshold` of the smaller set lies in the larger one."""
    return search(sets, threshold)[0]


def search(sets: Sequence[frozenset[int]], threshold: float, idents: Sequence[bytes] = (),
           last: Search | None = None) -> tuple[list[tuple[int, int]], Search]:
    """The pairs, and the search to keep: updated from `last` when it holds every set of `idents` but perhaps
    not all (sets by index, each named by its identity in `idents`), else made anew.

    `sets` may work a set out when it is first asked for: an update asks only for the added sets, those
    that search again and what they find.
    """
    idents = list(idents) or [i.to_bytes(16, "big") for i in range(len(sets))]
    if last is not None and last.threshold == threshold and len(idents) < 2 * len(last.idents):
        slot_of = {x: n for n, x in enumerate(last.idents)}
        slots = [slot_of.get(x) for x in idents]
        if len({s for s in slots if s is not None}) == len(last.idents):  # nothing taken away
            return _update(sets, threshold, idents, slots, last)
    return _anew(sets, threshold, idents)


def _anew(sets: Sequence[frozenset[int]], threshold: float, idents: list[bytes]) -> tuple[list, Search]:
    """Each set, largest first, probing the larger sets with its rarest shared members: every member's count and
    holders come from the sorted postings, so that each set's probe is a few array operations."""
    everything = [sets[n] for n in range(len(sets))]
    sizes = [len(s) for s in everything]
    flat = _members(everything, sum(sizes))
    postings = _postings(everything, range(len(everything)), flat)
    slots, distinct, starts, counts = _held(postings)
    order = sorted(range(len(everything)), key=lambda n: (-sizes[n], n))
    rank = numpy.empty(len(everything), dtype=numpy.int64)
    rank[order] = numpy.arange(len(everything))
    ends = numpy.cumsum(sizes).tolist()
    places = numpy.searchsorted(distinct, flat)  # each member's place among the distinct ones, set after set
    frequencies = counts[places]
    probes: list[tuple[int, ...]] = [()] * len(everything)
    found: list[tuple[int, ...]] = [()] * len(everything)
    for i in order:
        s, needed = everything[i], _needed(threshold, sizes[i])
        if not s:
            continue
        own, where, frequency = (a[ends[i] - sizes[i]:ends[i]] for a in (flat, places, frequencies))
        shared = frequency > 1  # a member no other set has finds none, and never probes
        held = int(shared.sum())
        if held < needed:
            continue
        own, where, frequency = own[shared], where[shared], frequency[shared]
        by_rarity = numpy.lexsort((own, frequency))  # rarest first, then by value
        rarest = by_rarity[:min(PROBE, held - needed + 1)]
        probe = own[rarest]
        holders = _holding(slots, starts, counts, where[rarest]).astype(numpy.int64)
        candidates = numpy.unique(holders[rank[holders] < rank[i]])
        candidates = _contained_enough(candidates, where[by_rarity[:held - needed + CHECKED]], held - needed,
                                       slots, starts, counts)
        probes[i] = tuple(probe.tolist())
        found[i] = tuple(j for j in candidates.tolist() if len(s & everything[j]) >= needed)
    kept = Search(threshold, tuple(idents), tuple(sizes), tuple(probes), tuple(found), postings, _probing(probes))
    return _pairs(found, list(range(len(everything)))), kept


def _holding(slots: numpy.ndarray, starts: numpy.ndarray, counts: numpy.ndarray, at: numpy.ndarray) -> numpy.ndarray:
    """The slots of the sets holding each of these members (by their place among the distinct members), in turn."""
    lengths = counts[at]
    ends = numpy.cumsum(lengths)
    return slots[numpy.repeat(starts[at] - ends + lengths, lengths) + numpy.arange(ends[-1] if len(ends) else 0)]


def _contained_enough(candidates: numpy.ndarray, rarest: numpy.ndarray, slack: int, slots: numpy.ndarray,
                      starts: numpy.ndarray, counts: numpy.ndarray) -> numpy.ndarray:
    """The candidates that can hold enough of a set: each must hold all but `slack` of its shared members, and so
    all but `slack` of its rarest ones (`rarest`, by their place among the distinct members); the others cannot
    pass the full comparison, which is left for those kept."""
    if len(candidates) < FEW or len(rarest) - slack < 2:
        return candidates
    holders, held = numpy.unique(_holding(slots, starts, counts, rarest), return_counts=True)
    return candidates[held[numpy.searchsorted(holders, candidates)] >= len(rarest) - slack]


def _update(sets: Sequence[frozenset[int]], threshold: float, idents: list[bytes], slots: list[int | None],
            last: Search) -> tuple[list, Search]:
    """The search of `last` with the sets it lacks added (see the module's docstring)."""
    added = [n for n, s in enumerate(slots) if s is None]
    slots = list(slots)
    for n, slot in zip(added, range(len(last.idents), len(last.idents) + len(added))):
        slots[n] = slot
    at = {slot: n for n, slot in enumerate(slots)}  # slot -> index in this search
    new_members: Counter = Counter(chain.from_iterable(sets[n] for n in added))
    again = {slots[n] for n in added}
    for h in new_members:
        holders = last.holders(h)
        if len(holders) == 1:  # held by one set only until now: that set's shared members grow
            again.add(holders[0])
        again.update(last.probers(h))
    sizes = list(last.sizes) + [len(sets[n]) for n in added]
    probes, found = list(last.probes) + [()] * len(added), list(last.found) + [()] * len(added)

    wanted = sorted({h for slot in again for h in sets[at[slot]]})
    counted = dict(zip(wanted, (old + new_members[h] for h, old in zip(wanted, _counts(last.postings, wanted)))))
    frequency = counted.__getitem__

    def holding(h: int) -> list[int]:  # slots of every set holding h, the added ones included
        old = last.holders(h)
        return old + [slots[n] for n in added if h in sets[n]] if h in new_members else old

    for slot in again:
        n = at[slot]
        s = sets[n]
        shared = [h for h in s if frequency(h) > 1]
        needed = _needed(threshold, len(s))
        probes[slot], found[slot] = (), ()
        if s and len(shared) >= needed:
            probe = _probe(shared, needed, frequency)
            rank = (-len(s), n)
            candidates = {j for h in probe for j in holding(h) if (-sizes[j], at[j]) < rank}
            probes[slot] = tuple(probe)
            found[slot] = tuple(sorted(j for j in candidates if len(s & sets[at[j]]) >= needed))
    more = _postings([sets[n] for n in added], [slots[n] for n in added])
    postings = numpy.insert(last.postings, numpy.searchsorted(last.postings, more), more)
    kept = Search(threshold, tuple(last.idents) + tuple(idents[n] for n in added), tuple(sizes), tuple(probes),
                  tuple(found), postings, _probing(probes))
    return _pairs(found, [at[slot] for slot in range(len(slots))]), kept


def _held(postings: numpy.ndarray) -> tuple[numpy.ndarray, ...]:
    """The postings' slots, then each distinct member, where its postings start and how many sets hold it."""
    members = postings >> numpy.uint64(SLOT_BITS)
    first = numpy.ones(len(members), dtype=bool)
    first[1:] = members[1:] != members[:-1]
    starts = numpy.flatnonzero(first)
    return ((postings & _SLOT_MASK).astype(numpy.uint32), members[starts].astype(numpy.uint32), starts,
            numpy.diff(numpy.append(starts, len(members))))


def _needed(threshold: float, size: int) -> int:
    return int(threshold * size + 0.999999)


def _probe(shared: list[int], needed: int, frequency: Callable[[int], int]) -> list[int]:
    shared.sort()
    shared.sort(key=frequency)  # rarest first, then by value
    return shared[:min(PROBE, len(shared) - needed + 1)]


def _pairs(found: list[tuple[int, ...]], index: list[int]) -> list[tuple[int, int]]:
    """Every pair found, as indexes of this search (`index` by slot), smaller first, sorted."""
    pairs = []
    for slot, partners in enumerate(found):
        i = index[slot]
        pairs += [(i, index[j]) if i < index[j] else (index[j], i) for j in partners]
    return sorted(pairs)


def _members(sets: Sequence[frozenset[int]], total: int) -> numpy.ndarray:
    """Every member of the sets in turn (each set's in its own order); ValueError unless all are 32-bit."""
    try:
        members = numpy.fromiter(chain.from_iterable(sets), dtype=numpy.int64, count=total)
    except OverflowError:
        raise ValueError("set members must be 32-bit numbers") from None
    if len(members) and (members.min() < 0 or members.max() >> SLOT_BITS):
        raise ValueError("set members must be 32-bit numbers")
    return members.astype(numpy.uint32)


def _postings(sets: Sequence[frozenset[int]], slots: Sequence[int], members: numpy.ndarray | None = None
              ) -> numpy.ndarray:
    """Every (member, slot) of the sets, sorted (`members`: theirs in turn, when already made)."""
    members = numpy.fromiter(chain.from_iterable(sets), dtype=numpy.uint64, count=sum(map(len, sets))) \
        if members is None else members.astype(numpy.uint64)
    owners = numpy.repeat(numpy.asarray(slots, dtype=numpy.uint64), [len(s) for s in sets])
    return numpy.sort(members << numpy.uint64(SLOT_BITS) | owners)


def _probing(probes: list[tuple[int, ...]]) -> numpy.ndarray:
    return _postings([frozenset(p) for p in probes], range(len(probes)))


_SLOT_MASK = numpy.uint64((1 << SLOT_BITS) - 1)
_ARRAYS = {"sizes": "<u4", "probe_lengths": "<u4", "probes": "<u4", "found_lengths": "<u4", "found": "<u4",
           "postings": "<u8", "probing": "<u8"}
"""The arrays of a kept search, in the order written, and their types."""


def _slots_beyond(postings: numpy.ndarray, sets: int) -> bool:
    return bool(len(postings)) and int((postings & _SLOT_MASK).max()) >= sets


def _split(flat: list[int], lengths: list[int]) -> tuple[tuple[int, ...], ...]:
    out, at = [], 0
    for n in lengths:
        out.append(tuple(flat[at:at + n]))
        at += n
    return tuple(out)


def _range(postings: numpy.ndarray, member: int) -> list[int]:
    """The slots posted for this member."""
    low = numpy.uint64(member << SLOT_BITS)
    start, end = numpy.searchsorted(postings, low), numpy.searchsorted(postings, low | _SLOT_MASK, side="right")
    return (postings[start:end] & _SLOT_MASK).tolist()


def _counts(postings: numpy.ndarray, members: list[int]) -> list[int]:
    """How many postings each member has."""
    low = numpy.array(members, dtype=numpy.uint64) << numpy.uint64(SLOT_BITS)
    return (numpy.searchsorted(postings, low | _SLOT_MASK, side="right") - numpy.searchsorted(postings, low)).tolist()
