"""Properties that hold for any snapshot: the reader never raises, loses nothing, invents nothing,
and the merge does not depend on the order snapshots come in; the quick forms of normalising and weighing
text give what the plain formulas give."""
import math
import random
import re
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from generator.config import load_config
from generator.furniture import CASE_INSENSITIVE_TWINS, AnyOf, Furniture
from generator.merge import merge_posts
from generator.normalize import MARKS, PLAIN, Normalizer, POSSESSIVE, WORD, marks, plain, replaced, spaced
from generator.models import Snapshot
from generator.readers.lines import STAMP_PREFIX_CHARS, STAMP_SEPARATOR, stamp_prefix
from generator.readers.text import TextReader, split_lines
from generator.terms import centroid, tfidf

CONFIG = load_config()
READER = TextReader(CONFIG.reading, Furniture(CONFIG.reading))
T0 = datetime(2025, 3, 7, 8, 0, tzinfo=timezone.utc)

words = st.sampled_from("storm river bridge Carlisle police warning rain flood council train road homes Eden "
                        "said closed rose water levels crews".split())
headline = st.lists(words, min_size=2, max_size=9).map(lambda ws: " ".join(ws).capitalize())
question = headline.map(lambda h: h + "?")
paragraph = st.lists(words, min_size=6, max_size=30).map(lambda ws: " ".join(ws).capitalize() + ".")
quote = paragraph.map(lambda p: f"“{p}”")
stamp = st.tuples(st.sampled_from(["Anna Price", "Tom Reid"]), st.integers(0, 23), st.integers(0, 59)).map(
    lambda t: f"{t[0]}7 March 2025 {t[1]:02d}:{t[2]:02d}")
relative = st.integers(1, 59).map(lambda n: f"{n} mins ago")
labelled = headline.map(lambda h: f"PINNED: {h}")
special = st.sampled_from(["Read the full story below:", "More here.", "Comments", "Key Points",
                           "Sign up to our free breaking news emails", "<script>alert(1)</script>", "# heading",
                           "| a | b |", "---", "{{ x }}", "1. item", "", "   ", "\u00a0"])
noise = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
line = st.one_of(headline, question, paragraph, quote, stamp, relative, labelled, special, noise)


def card(title: str, description: str) -> list[str]:
    return [title, title, description]


lines = st.lists(st.one_of(line.map(lambda x: [x]), st.builds(card, headline, paragraph)), max_size=40).map(
    lambda groups: [x for g in groups for x in g])


def read(text: str, name: str = "a.txt", hours: float = 0):
    snapshot = Snapshot(T0 + timedelta(hours=hours), name, Path(name))
    return READER.read(snapshot, split_lines(text))


@given(lines, st.sampled_from(["\n", "\r\n", "\n\n"]))
def test_the_reader_never_raises(text_lines, newline):
    page = read(newline.join(text_lines))
    assert all(p.snapshot == "a.txt" for p in page.posts)


@given(st.text(max_size=400))
def test_the_reader_never_raises_on_any_text(text):
    read(text)


@given(st.lists(st.one_of(headline, question, paragraph, quote, labelled,
                          st.builds(card, headline, paragraph).map(tuple)), min_size=1, max_size=30))
def test_every_line_lands_once_and_nothing_is_invented(groups):
    text_lines = [x for g in groups for x in (g if isinstance(g, tuple) else [g])]
    page = read("\n".join(text_lines))
    slots = [page.title, page.standfirst, *page.summary, *page.furniture]
    for post in page.posts:
        slots += [post.shown_headline, *post.body, *(c.title for c in post.cards), *(c.description for c in post.cards)]
    slots = [s for s in slots if s]
    assert set(slots) <= set(text_lines), "the reader invented text"
    for text in text_lines:
        assert text in slots, f"lost: {text!r}"
    # each line is used once (a card's title, shown twice, once)
    cards = sum(1 for g in groups if isinstance(g, tuple))
    assert len(slots) <= len(text_lines) - cards


@given(st.lists(st.tuples(headline, st.lists(paragraph, max_size=4)), min_size=1, max_size=8), st.randoms())
def test_the_merge_does_not_depend_on_snapshot_order(posts, rng):
    snapshots = []
    for n in range(4):
        shown = [p for p in posts if rng.random() < 0.7] or posts[:1]
        text = "Storm live\nRain eases by Friday\n" + "\n".join(h + "\n" + "\n".join(b) for h, b in shown)
        snapshots.append(read(text, f"s{n}.txt", hours=n))
    def merged(pages):
        return sorted((i.id, i.headlines, i.body, i.snapshots, i.first_seen) for i in merge_posts(pages, CONFIG.matching))
    shuffled = snapshots[:]
    random.Random(rng.random()).shuffle(shuffled)
    assert merged(snapshots) == merged(shuffled)


FURNITURE_SHAPES = [re.compile(p, re.IGNORECASE) for p in (
    r"^comments?$", r"^(show|view) more\b.{0,30}$", r"\bwe use cookies\b", r"^a|cookies", r"\Aadvert",
    r"(?<!\w)share\b", r"^river|^x$", r"x{0,2}$", r"\bsign(ing)? up\b.{0,20}\bnews", r"(?-i:Kick) off",
    r"\bi(?=s)sland\b", r"(?:sıgn )?link(s)? below", r"^(b)\1", r"(b)(c)\2", r"^(x)?zz(?(1)x|y)", r"(?x) a b c",
    r"(?i)^abc", r"^(?P<n>def)")]
"""Pattern shapes furniture lists have: anchored at the start, searched anywhere, both at the top level, referring
to their own groups, with flags for the whole pattern."""


fragments = st.lists(st.sampled_from(["comments", "Show more", "we use COOKIES", "a", "advert", "Share", "river",
                                      "\n", " ", "x", "Sign up to our newsletter", "\u017fign up to our news",
                                      "we u\u017fe cook\u0130es", "we use cook\u0131es", "\u212aick off", "Kick off",
                                      "i\u0307sland", "island", "links below", "\u0130", "\u0307", "bb", "bcb",
                                      "xzzx", "zzy", "abc", "def"]),
                     max_size=8).map("".join)
"""Texts made of what the patterns look for, with the letters a case-insensitive i, s or k also matches."""


def found_by_each(patterns: tuple, text: str) -> bool:
    return any(p.search(text) is not None for p in patterns)


@given(st.lists(st.sampled_from(FURNITURE_SHAPES), max_size=4, unique=True), fragments)
@example([re.compile(r"^(b)\1", re.I), re.compile(r"^(x)?zz(?(1)x|y)", re.I)], "xzzx")  # joined, (1) would be (b)
@example([re.compile(r"^comments?$", re.I), re.compile(r"(?i)^abc", re.I)], "abc")  # a flag that cannot be joined
def test_any_of_the_patterns_is_found_where_one_of_them_is(patterns, text):
    assert AnyOf(tuple(patterns))(text) is found_by_each(tuple(patterns), text)


@given(st.one_of(line, fragments))
def test_the_default_furniture_lines_are_found_where_one_of_them_is(text):
    patterns = CONFIG.reading.furniture_lines
    assert AnyOf(patterns)(text) is found_by_each(patterns, text)


def prefix_by_pattern(text: str):
    """`stamp_prefix` as the separator pattern alone decides it (no quick test first)."""
    match = STAMP_SEPARATOR.search(text, 0, STAMP_PREFIX_CHARS + 4)
    if match is None or match.start() == 0 or match.start() > STAMP_PREFIX_CHARS or match.end() >= len(text):
        return None
    return text[:match.start()], text[match.end():]


separated = st.lists(st.sampled_from(["12.31 Uhr", "09:15", ":", " ", "\u2013", "\u2014", " -", "-", "|", "\t",
                                      "\u00a0", "Headline", "x", "a" * 20]), max_size=8).map("".join)
"""Lines made of times, the separators and spaces of every kind, at lengths around the opening looked at."""


@given(st.one_of(separated, line))
@example("a" * 40 + " : b")  # the separator just inside the opening
@example("a" * 44 + ": b")  # just outside it
@example("12.31 Uhr | Headline")  # each separator alone
@example("12.31 Uhr \u2013 Headline")
@example("12.31 Uhr \u2014 Headline")
@example("12.31 Uhr - Headline")
@example("12.31 Uhr: Headline")
def test_a_time_before_a_headline_is_cut_where_the_separator_pattern_cuts_it(text):
    assert stamp_prefix(text) == prefix_by_pattern(text)


@given(st.one_of(st.text(), line, st.lists(st.sampled_from([" ", "  ", "\t", "\u00a0", "\u2009", "\u3000", "\x1c",
                                                             "\x85", "\u2028", "\u200b", "a", "Storm", "."]),
                                           max_size=10).map("".join)))
@example(" a b ")  # single spaces at the ends
@example("a  b")  # two spaces in a row
@example("a\u00a0b")  # a no-break space, white space that is no ASCII space
@example("a\x1fb")  # a separator of the ASCII controls, white space to str.split
def test_white_space_is_made_single_spaces_as_splitting_and_joining_makes_it(text):
    assert spaced(text) == " ".join(text.split())


MARKED = st.lists(st.sampled_from(["a", "Kim's", "KIM'S", "Mr", "mr.", " ", "é", "\u00a0", "'s", "`", "’s", "–", "…",
                                   "Dnipro", "Dnepr", "x'sy", "_s", *[mark for mark, _ in MARKS]]),
                  max_size=12).map("".join)


@given(st.one_of(st.text(), MARKED))
@example("\u201cQuoted\u201d \u2014 and \u2026")  # a mark of each kind
@example("`back`")
@example("I\u0307stanbul \u0131 \u017f")  # each of the case-insensitive twins
def test_replacing_the_marks_in_turn_translates_by_the_table(text):
    assert replaced(text, MARKS) == text.translate(PLAIN)
    twins = str.maketrans({"\u0307": None, "\u0131": "i", "\u017f": "s"})
    assert replaced(text, CASE_INSENSITIVE_TWINS) == text.translate(twins)


def test_a_table_whose_replacement_holds_a_mark_is_refused():
    assert marks(str.maketrans({"a": "b", "c": None})) == (("a", "b"), ("c", ""))
    assert marks(str.maketrans("ab", "cd")) == (("a", "c"), ("b", "d"))  # replacements given as code points
    assert replaced("xaby", marks(str.maketrans({"a": 0}))) == "xaby".translate(str.maketrans({"a": 0}))
    with pytest.raises(ValueError):
        marks(str.maketrans({"a": "b", "b": "c"}))  # in turn, "a" would become "c"


@given(st.one_of(st.text(), MARKED))
@example("Kim's visit")  # a possessive
@example("Mr Kim and mr. Lee")  # honorifics
@example("Dnepr is Dnipro")  # an alias
@example("KIM'S")  # a possessive in capitals, found after case folding
def test_words_are_those_of_the_patterns_and_tables_applied_in_full(text):
    norm = Normalizer((("Dnepr", "Dnipro"),), ("Mr", "Mrs"))
    found = WORD.findall(POSSESSIVE.sub("", plain(text).casefold()))
    assert norm.words(text) == tuple(norm.aliases.get(w, w) for w in found if w not in norm.honorifics)


def _centroid_by_counter(vectors):
    """The centroid as a Counter adds the vectors up, a vector at a time."""
    total = Counter()
    for vector in vectors:
        total.update(vector)
    norm = math.sqrt(sum(v * v for v in total.values())) or 1.0
    return {w: v / norm for w, v in total.items()}


def _tfidf_in_full(documents):
    frequency = Counter(w for ws in documents.values() for w in set(ws))
    idf = {w: math.log((len(documents) + 1) / (f + 1)) + 1 for w, f in frequency.items()}
    vectors = {}
    for key, ws in documents.items():
        vector = {w: c * idf[w] for w, c in Counter(ws).items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors[key] = {w: v / norm for w, v in vector.items()}
    return vectors


vectors = st.dictionaries(st.sampled_from("abcdefgh"), st.floats(-1e3, 1e3, allow_nan=False), max_size=8)


@given(st.lists(vectors, max_size=12))
@example([{"a": 0.1, "b": 0.2}, {"b": 0.7, "a": 0.3}, {"c": 1e-17, "a": 1e17}])
def test_a_centroid_is_the_vectors_added_as_a_counter_adds_them_to_the_last_bit(vectors):
    assert list(centroid(vectors).items()) == list(_centroid_by_counter(vectors).items())


@given(st.dictionaries(st.text("xyz", max_size=2), st.lists(words, max_size=12), max_size=8))
def test_tfidf_vectors_are_those_of_the_formula_in_full_to_the_last_bit(documents):
    made = tfidf(documents)
    assert list(made) == list(documents)
    assert all(list(made[k].items()) == list(v.items()) for k, v in _tfidf_in_full(documents).items())
