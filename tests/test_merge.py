"""Merging posts across snapshots: each post once, its fullest body, every headline kept."""
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from generator.merge import Seen, _oldest_first, merge_posts, merge_summaries, similar_pairs
from generator.models import Page, Post, Snapshot

T0 = datetime(2025, 3, 7, 8, 0, tzinfo=timezone.utc)
BODY = ("Police have closed the Eden bridge in Carlisle after the river rose above the warning mark overnight.",
        "Drivers are being sent north through Stanwix, and the council says the bridge will stay shut until Saturday.")


def page(name: str, hours: float | None, *posts: Post, summary=()) -> Page:
    captured = None if hours is None else T0 + timedelta(hours=hours)
    snapshot = Snapshot(captured, name, Path(name))
    return Page(snapshot, "Storm live", None, tuple(summary),
                tuple(Post(**{**p.__dict__, "snapshot": name, "position": i}) for i, p in enumerate(posts)))


def post(headline: str, *body: str, **extra) -> Post:
    return Post(snapshot="", position=0, line=1, headline=headline, body=tuple(body), **extra)


def test_quote_and_spelling_variants_are_one_item(config):
    a = post("Zelensky’s bridge visit", "Mr Zelensky said “the bridge will hold” as he toured Carlisle with Kim Jong Un’s envoy today.")
    b = post("Zelensky's bridge visit", "Zelenskyy said \"the bridge will hold\" as he toured Carlisle with Kim Jong-un's envoy today.")
    items = merge_posts([page("a.txt", 0, a), page("b.txt", 1, b)], config.matching)
    assert len(items) == 1
    assert items[0].snapshots == ("a.txt", "b.txt")


def test_retitled_post_keeps_every_headline_and_shows_the_latest(config):
    items = merge_posts([page("a.txt", 0, post("Eden bridge closed", *BODY)),
                         page("b.txt", 2, post("Eden bridge to stay shut until Saturday", *BODY))], config.matching)
    [item] = items
    assert item.headline == "Eden bridge to stay shut until Saturday"
    assert item.headlines == ("Eden bridge closed", "Eden bridge to stay shut until Saturday")
    assert (item.first_seen, item.last_seen) == (T0, T0 + timedelta(hours=2))


def test_the_most_complete_body_is_kept(config):
    short = post("Eden bridge closed", BODY[0])
    longer = post("Eden bridge closed", *BODY)
    [item] = merge_posts([page("a.txt", 0, longer), page("b.txt", 1, short)], config.matching)
    assert item.body == BODY


def test_agency_copy_beside_the_original_in_one_snapshot(config):
    original = post("Bridge shut in Carlisle", *BODY)
    agency = post("Carlisle's Eden bridge shut by police", *BODY, "The Environment Agency has 40 flood warnings in force.")
    [item] = merge_posts([page("a.txt", 0, original, agency)], config.matching)
    assert item.headline == "Bridge shut in Carlisle"
    assert set(item.headlines) == {"Bridge shut in Carlisle", "Carlisle's Eden bridge shut by police"}
    assert len(item.body) == 3 and item.copies == 2


def test_bare_repost_joins_the_card_it_repeats(config):
    card = post("How to check your flood risk", "The Environment Agency's map shows warnings street by street across England",
                kind="card")
    repost = post("How to check your flood risk", published=T0 + timedelta(days=1))
    [item] = merge_posts([page("a.txt", 0, card), page("b.txt", 26, repost)], config.matching)
    assert item.first_seen == T0 and item.published == T0 + timedelta(days=1)
    assert item.kind == "post"


def test_templated_posts_stay_apart(config):
    monday = post("Drones shot down overnight", "Russia launched 54 drones and 3 missiles at Ukraine overnight, the air force said, "
                  "and 41 of the drones were shot down over the Kyiv, Sumy and Poltava regions.")
    tuesday = post("Drones shot down overnight", "Russia launched 71 drones and 5 missiles at Ukraine overnight, the air force said, "
                   "and 60 of the drones were shot down over the Odesa, Mykolaiv and Kherson regions.")
    items = merge_posts([page("a.txt", 0, monday), page("b.txt", 24, tuesday)], config.matching)
    assert len(items) == 2


def test_item_ids_are_stable_and_unique(config):
    pages = [page("a.txt", 0, post("Eden bridge closed", *BODY), post("Eden bridge closed", "Quite another story that "
                                                                     "happens to share the headline but not one sentence of its body text."))]
    ids = [i.id for i in merge_posts(pages, config.matching)]
    assert len(set(ids)) == 2 and all(i.startswith("eden-bridge-closed-") for i in ids)
    assert ids == [i.id for i in merge_posts(pages, config.matching)]


def test_summary_paragraphs_are_merged_and_keep_their_latest_wording(config):
    first = "The Met Office has issued amber warnings for three counties as the rain continues to fall."
    later = "The Met Office has issued amber warnings for three counties as the rain continues to fall today."
    paragraphs = merge_summaries([page("a.txt", 0, summary=[first]), page("b.txt", 3, summary=[later, "Schools are shut."])],
                                 config.matching)
    assert [(p.text, p.first_seen) for p in paragraphs] == [(later, T0), ("Schools are shut.", T0 + timedelta(hours=3))]


def test_similar_pairs_finds_contained_sets_without_comparing_all_pairs():
    small, large, other = frozenset(range(10)), frozenset(range(12)), frozenset(range(100, 110))
    assert similar_pairs([small, large, other], 0.8) == [(0, 1)]
    assert similar_pairs([frozenset(range(10)), frozenset(range(3, 13))], 0.8) == []


CAPTURES = st.sampled_from([None, T0, T0 + timedelta(hours=1), T0 + timedelta(hours=2)])


@given(st.lists(st.tuples(CAPTURES, st.integers(0, 3), st.sampled_from(["Floods", "Rain", ""])), max_size=8))
@example([(T0, 2, "Rain"), (T0, 1, "Floods")])  # one capture time, two places on the page
@example([(T0 + timedelta(hours=1), 0, ""), (T0, 0, "")])  # an earlier capture after a later one
@example([(T0, 0, ""), (None, 0, "")])
def test_copies_come_oldest_first_as_sorting_puts_them(copies):
    made = [Seen(Snapshot(at, f"s{n}.txt", Path(f"s{n}.txt")), Post(f"s{n}.txt", place, 1, headline, ("Body.",)))
            for n, (at, place, headline) in enumerate(copies)]
    expected = sorted(made, key=Seen.ordering)
    _oldest_first(made)
    assert made == expected
