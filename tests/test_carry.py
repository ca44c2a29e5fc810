"""A merge that takes the last build's items (generator.carry) gives exactly the items of a merge anew."""
from __future__ import annotations

import hashlib
import logging
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import generator.merge as merge_module
from generator.cache import Memo
from generator.carry import Carry, identity
from generator.config import load_config
from generator.merge import merge_posts
from generator.models import Page, Post, Snapshot

CONFIG = load_config()
T0 = datetime(2025, 6, 2, 6, 0, tzinfo=timezone.utc)
STORIES = [
    ("Ferry crossings halted", "The harbour master stopped every ferry crossing to the islands this morning as gusts "
                               "reached seventy miles an hour along the coast."),
    ("School roof torn off", "Pupils were sent home after part of the school roof in Brora was lifted by the wind and "
                             "dropped onto the playing field behind the hall."),
    ("Power cut in the glen", "Around four thousand homes in the glen have had no power since midnight, and engineers "
                              "say the lines will not be mended before the evening."),
    ("Rail line reopens", "The line between Inverness and Thurso reopened at noon once crews had cleared the fallen "
                          "trees from the track near Lairg station."),
]
"""Stories the generated pages tell (our own sentences)."""


def snapshot_page(hour: int, posts: list[Post], name: str | None = None) -> Page:
    name = name or f"{hour:03d}.txt"
    snapshot = Snapshot(T0 + timedelta(hours=hour), name, Path(name))
    return Page(snapshot, "Storm live", None, (), tuple(Post(name, n, n + 1, p.headline, p.body, p.labels,
                                                             source_id=p.source_id) for n, p in enumerate(posts)))


def post(story: int, variant: int = 0, label: str | None = None, source_id: str | None = None) -> Post:
    """A post of one story: variant 1 adds a paragraph, 2 rewords its end, 3 drops the body (a headline alone),
    4 joins it to the next story's text (a post that bridges two items)."""
    headline, body = STORIES[story % len(STORIES)]
    paragraphs = {0: (body,), 1: (body, "Forecasters expect the wind to ease after dark."),
                  2: (body.replace("this morning", "at dawn").replace("at noon", "at midday"),), 3: (),
                  4: (body, STORIES[(story + 1) % len(STORIES)][1])}[variant]
    return Post("", 0, 1, headline, paragraphs, (label,) if label else (), source_id=source_id)


def identities(pages: list[Page]) -> list[str]:
    """Each page's identity as a build gives it, its content standing for the snapshot's hash."""
    return [identity("reading", hashlib.sha256(repr(p.posts).encode()).hexdigest(), "", "text", p) for p in pages]


def carry(folder: Path, pages: list[Page]) -> Carry:
    return Carry(Memo(folder, "items", CONFIG.matching), identities(pages))


def merged_snapshot_by_snapshot(folder: Path, pages: list[Page]) -> list[list]:
    """The merge after each page, each build taking what the last one carried."""
    return [merge_posts(pages[:n], CONFIG.matching, carry=carry(folder, pages[:n])) for n in range(1, len(pages) + 1)]


def made_items(monkeypatch) -> list[int]:
    """A list that grows by one for each item the merge makes (rather than takes)."""
    made, item = [], merge_module._item
    monkeypatch.setattr(merge_module, "_item", lambda *args: made.append(1) or item(*args))
    return made


shown = st.tuples(st.integers(0, 2), st.lists(st.tuples(st.integers(0, 5), st.integers(0, 4),
                                                        st.sampled_from([None, None, None, "PINNED"]),
                                                        st.sampled_from([None, None, None, "u1", "u2"])), max_size=6))
"""One capture: hours since the last (0: the same time), and the stories it shows (by number, some beyond the
list's end repeat one) with their variants, labels and the ids a page may give them."""


@settings(max_examples=100, deadline=None)
@given(st.lists(shown, min_size=1, max_size=7))
def test_merging_with_what_the_last_build_carried_gives_the_items_of_a_merge_anew(captures):
    hours = [sum(gap for gap, _ in captures[:n + 1]) for n in range(len(captures))]
    pages = [snapshot_page(hour, [post(*p) for p in shown], f"{n:03d}.txt")
             for n, (hour, (_, shown)) in enumerate(zip(hours, captures))]
    with tempfile.TemporaryDirectory() as folder:
        incremental = merged_snapshot_by_snapshot(Path(folder), pages)
    assert incremental == [merge_posts(pages[:n], CONFIG.matching) for n in range(1, len(pages) + 1)]


def test_a_new_snapshot_makes_only_the_items_it_shows(tmp_path, monkeypatch):
    pages = [snapshot_page(h, [post(s) for s in range(h, h + 3)]) for h in range(6)]
    merge_posts(pages[:5], CONFIG.matching, carry=carry(tmp_path, pages[:5]))
    made = made_items(monkeypatch)
    items = merge_posts(pages, CONFIG.matching, carry=carry(tmp_path, pages))
    assert len(made) == 3  # the three stories on the new page; the fourth taken
    assert items == merge_posts(pages, CONFIG.matching) and len(items) == 4


def test_an_item_gone_from_the_new_snapshot_between_two_that_stayed_is_taken_down(tmp_path):
    before = snapshot_page(0, [post(0), post(1), post(2)])
    after = snapshot_page(1, [post(0), post(2)])
    merge_posts([before], CONFIG.matching, carry=carry(tmp_path, [before]))
    items = merge_posts([before, after], CONFIG.matching, carry=carry(tmp_path, [before, after]))
    assert items == merge_posts([before, after], CONFIG.matching)
    assert [i.headline for i in items if i.removed_after] == [STORIES[1][0]]


def test_an_empty_latest_page_hides_no_take_down(tmp_path):
    pages = [snapshot_page(0, [post(0), post(1), post(2)]), snapshot_page(1, []), snapshot_page(2, [post(0), post(2)])]
    for n in (1, 2, 3):
        items = merge_posts(pages[:n], CONFIG.matching, carry=carry(tmp_path, pages[:n]))
    assert items == merge_posts(pages, CONFIG.matching)
    assert [i.headline for i in items if i.removed_after] == [STORIES[1][0]]


def test_pages_of_one_time_are_judged_in_the_order_of_their_names(tmp_path):
    pages = [snapshot_page(0, [post(0), post(2)], "a.txt"), snapshot_page(0, [post(0), post(1), post(2)], "b.txt"),
             snapshot_page(1, [post(0), post(2)], "c.txt")]
    for n in (1, 2, 3):
        items = merge_posts(pages[:n], CONFIG.matching, carry=carry(tmp_path, pages[:n]))
        assert items == merge_posts(pages[:n], CONFIG.matching)
    assert [i.headline for i in items if i.removed_after] == [STORIES[1][0]]  # b.txt came last of the first two


def test_a_post_joining_two_items_judges_every_take_down_again(tmp_path, monkeypatch):
    pages = [snapshot_page(0, [post(0), post(1)]), snapshot_page(1, [post(1)]), snapshot_page(2, [post(0, 4)])]
    merge_posts(pages[:2], CONFIG.matching, carry=carry(tmp_path, pages[:2]))
    judged = []
    flag = merge_module.flag_removals
    monkeypatch.setattr(merge_module, "flag_removals", lambda items, seen: judged.append(len(items)) or flag(items, seen))
    items = merge_posts(pages, CONFIG.matching, carry=carry(tmp_path, pages))
    assert items == merge_posts(pages, CONFIG.matching)
    assert len(items) == 1 and judged == [1, 1]  # one item, judged on every page (then for the merge anew)


def test_a_snapshot_put_between_those_merged_merges_anew(tmp_path, monkeypatch):
    pages = [snapshot_page(h, [post(n)]) for n, h in enumerate((0, 2, 4))]
    merge_posts(pages, CONFIG.matching, carry=carry(tmp_path, pages))
    inserted = sorted([*pages, snapshot_page(3, [post(3)])], key=lambda p: p.snapshot.captured_at)
    made = made_items(monkeypatch)
    items = merge_posts(inserted, CONFIG.matching, carry=carry(tmp_path, inserted))
    assert len(made) == len(items) == 4


def test_a_damaged_carry_is_told_and_every_item_merged_anew(tmp_path, caplog, monkeypatch):
    pages = [snapshot_page(h, [post(h), post(h + 1)]) for h in range(3)]
    merge_posts(pages[:2], CONFIG.matching, carry=carry(tmp_path, pages[:2]))
    memo = Memo(tmp_path, "items", CONFIG.matching)
    kept = memo.load()
    memo._whole = None  # written whole again, with every item's headline a number
    memo.save({key: value if key.startswith("last:") else [value[0], {**value[1], "headline": 7}]
               for key, value in kept.items()})
    made = made_items(monkeypatch)
    with caplog.at_level(logging.WARNING):
        items = merge_posts(pages, CONFIG.matching, carry=carry(tmp_path, pages))
    assert "every item merged anew" in caplog.text and "headline is of the wrong type" in caplog.text
    assert len(made) == len(items) == 4  # none taken: every item made
    assert items == merge_posts(pages, CONFIG.matching)


@pytest.mark.parametrize("field, value, why", [
    ("id", '"><script>alert(1)</script>-abcdef', "an item whose id is not of the merge's making"),
    ("published", {"$time": "2025-06-02T09:00:00", "zone": None, "fold": 0}, "published is of the wrong type"),
    ("published", {"$time": "9999-12-31T23:59:59-14:00", "zone": None, "fold": 0}, "published is of the wrong type"),
])
def test_a_carried_item_of_another_making_is_refused(tmp_path, caplog, field, value, why):
    pages = [snapshot_page(h, [post(0), post(h + 1)]) for h in range(3)]
    merge_posts(pages[:2], CONFIG.matching, carry=carry(tmp_path, pages[:2]))
    memo = Memo(tmp_path, "items", CONFIG.matching)
    kept = memo.load()
    memo._whole = None
    memo.save({key: v if key.startswith("last:") else [v[0], {**v[1], field: value}] for key, v in kept.items()})
    with caplog.at_level(logging.WARNING):
        items = merge_posts(pages, CONFIG.matching, carry=carry(tmp_path, pages))
    assert why in caplog.text and "every item merged anew" in caplog.text
    assert items == merge_posts(pages, CONFIG.matching)


def test_what_the_copies_tell_or_later_phases_set_is_never_taken_from_the_carry(tmp_path):
    pages = [snapshot_page(h, [post(0), post(h + 1)]) for h in range(3)]
    merge_posts(pages[:2], CONFIG.matching, carry=carry(tmp_path, pages[:2]))
    memo = Memo(tmp_path, "items", CONFIG.matching)
    kept = memo.load()
    memo._whole = None
    forged = {"theme": "forged", "tags": ["forged"], "day": {"$day": "1999-01-01"}, "copies": 99, "snapshots": ["x"],
              "first_seen": {"$time": "2020-01-01T00:00:00+00:00", "zone": None, "fold": 0},
              "removed_after": {"$time": "2025-06-02T09:00:00+00:00", "zone": None, "fold": 0}}
    memo.save({key: v if key.startswith("last:") else [v[0], {**v[1], **forged}] for key, v in kept.items()})
    assert merge_posts(pages, CONFIG.matching, carry=carry(tmp_path, pages)) == merge_posts(pages, CONFIG.matching)
