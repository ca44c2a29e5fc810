"""The near-copy search: a search updated with added sets finds exactly what a search anew finds."""
from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from generator.similar import PROBE, Search, _needed, ident, search, similar_pairs

SETS = st.lists(st.frozensets(st.integers(0, 45) | st.sampled_from([2**32 - 1, 2**32 - 2]), max_size=32), min_size=1, max_size=24)
THRESHOLDS = st.sampled_from([0.5, 0.8, 0.9])


def named(sets):
    return [ident([str(n)]) for n in range(len(sets))]


def subset(sets, keep):
    """The sets kept (in the same order) and their names, as an earlier build had them."""
    names = named(sets)
    picked = [n for n in range(len(sets)) if keep[n % len(keep)]]
    return [sets[n] for n in picked], [names[n] for n in picked]


@given(SETS, THRESHOLDS, st.lists(st.booleans(), min_size=1, max_size=24),
       st.lists(st.booleans(), min_size=1, max_size=24))
def test_a_search_updated_twice_finds_what_a_search_anew_finds(sets, threshold, first, second):
    earliest = subset(sets, first)
    later = subset(sets, [a or b for a, b in zip(first * 24, second * 24)])
    _, kept = search(*_args(earliest, threshold))
    pairs, kept = search(*_args(later, threshold), Search.from_bytes(kept.to_bytes()))
    assert pairs == similar_pairs(later[0], threshold)
    pairs, kept = search(sets, threshold, named(sets), Search.from_bytes(kept.to_bytes()))
    assert pairs == similar_pairs(sets, threshold)
    assert search(sets, threshold, named(sets), kept)[0] == pairs  # nothing added: the same pairs


def _args(named_sets, threshold):
    sets, names = named_sets
    return sets, threshold, names


def test_an_update_searches_again_only_what_the_added_sets_touch():
    common = frozenset(range(100, 140))
    old = [frozenset(range(n * 50, n * 50 + 40)) for n in range(1, 2)] + [common]
    _, kept = search(old, 0.8, [b"a" * 16, b"b" * 16])
    asked = []

    class Watched(list):
        def __getitem__(self, n):
            asked.append(n)
            return list.__getitem__(self, n)

    copy = frozenset(range(100, 136))  # mostly the common set: it and its partner are searched, nothing else
    sets = Watched([old[0], common, copy])
    pairs, _ = search(sets, 0.8, [b"a" * 16, b"b" * 16, b"c" * 16], kept)
    assert pairs == [(1, 2)]
    assert 0 not in asked


def test_a_search_missing_sets_is_made_anew():
    sets = [frozenset(range(20)), frozenset(range(2, 20)), frozenset(range(40, 60))]
    _, kept = search(sets, 0.8, named(sets))
    fewer = [sets[0], sets[2]]
    assert search(fewer, 0.8, [named(sets)[0], named(sets)[2]], kept)[0] == similar_pairs(fewer, 0.8) == []


@pytest.mark.parametrize("damage", [b"", b"{}\n", b'{"sets": 1}\n', b"not json\nxx"])
def test_a_damaged_search_is_refused(damage):
    with pytest.raises(ValueError):
        Search.from_bytes(damage)


def test_a_search_with_a_partner_out_of_range_is_refused():
    sets = [frozenset(range(20)), frozenset(range(2, 20))]
    kept = search(sets, 0.8, named(sets))[1]
    assert kept.found == ((), (0,))
    with pytest.raises(ValueError):
        Search.from_bytes(replace(kept, found=((), (99,))).to_bytes())


def test_members_must_be_32_bit():
    with pytest.raises(ValueError):
        similar_pairs([frozenset({1 << 40}), frozenset({1 << 40})], 0.8)


def probed_pairs(sets, threshold):
    """The search as its docstring says, set by set: largest first, each probing the larger sets with its rarest
    members that some other set has too (at most PROBE, and no more than the prefix-filtering bound)."""
    frequency = Counter(m for s in sets for m in s)
    order = sorted(range(len(sets)), key=lambda n: (-len(sets[n]), n))
    pairs = set()
    for place, i in enumerate(order):
        needed = _needed(threshold, len(sets[i]))
        shared = sorted((m for m in sets[i] if frequency[m] > 1), key=lambda m: (frequency[m], m))
        if not sets[i] or len(shared) < needed:
            continue
        probe = shared[:min(PROBE, len(shared) - needed + 1)]
        pairs |= {tuple(sorted((i, j))) for j in order[:place] if sets[j] & set(probe)
                  and len(sets[i] & sets[j]) >= needed}
    return sorted(pairs)


RARE_FIRST = [frozenset(range(10, 30)) | frozenset(range(200, 225)),  # shares 10..29 with the copy
              frozenset(range(10, 30)) | frozenset(range(400, 450)),  # and so does this one: 10..29 are common
              frozenset(range(10, 30)) | frozenset(range(100, 120)),  # the copy: it probes with 100..109, its rarest
              frozenset(range(100, 120)) | frozenset(range(300, 331))]
"""A set whose probe, its ten rarest shared members, finds one partner and misses two (all with enough in common)."""


DECOYS = [frozenset({n}) | frozenset(range(100 * n + 100, 100 * n + 160)) for n in range(8)] + \
         [frozenset(range(8, 40)) | frozenset(range(2000, 2030)), frozenset(range(40))]
"""Eight larger sets each sharing one of the last set's rarest members and nothing else, and one holding 32 of
its 40 members (0.8 of it)."""


@given(st.lists(st.frozensets(st.integers(0, 30) | st.sampled_from([2**32 - 1, 2**32 - 2]), max_size=40),
                min_size=1, max_size=30), THRESHOLDS)
@example(RARE_FIRST, 0.5)
@example(DECOYS, 0.7)
def test_a_search_anew_finds_what_probing_set_by_set_finds(sets, threshold):
    assert similar_pairs(sets, threshold) == probed_pairs(sets, threshold)
    if sets == RARE_FIRST:
        assert similar_pairs(sets, threshold) == [(2, 3)]
    if sets == DECOYS:  # the decoys are turned away before the full comparison, the set holding it is not
        assert similar_pairs(sets, threshold) == [(8, 9)]
