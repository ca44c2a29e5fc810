"""What the themes phase remembers per item between builds: the same themes and tags, sooner, whatever the memo holds."""
import gzip
import logging

import pytest

import generator.themes as themes_module
from conftest import ROOT
from generator.build import build
from generator.cache import MEMOS, Memo
from generator.config import load_config
from generator.models import Card, Item
from generator.terms import Paragraphs, names, words
from generator.themes import analyse, analyses, analysis_from_json, analysis_json, file_items, remembered_analyses

EXAMPLES = ROOT / "examples" / "snapshots"


def tree(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def item(n: int, headline: str, *body: str, cards=()) -> Item:
    return Item(id=f"i{n}", headline=headline, headlines=(headline,), labels=(), body=tuple(body), published=None,
                byline=None, cards=cards, kind="post", first_seen=None, last_seen=None, snapshots=("a.txt",))


ITEMS = [
    item(1, "Harbour wall gives way in Westport", "Mayor Aoife Byrne said the harbour wall at Westport would be "
         "rebuilt.", "The Harbour Board met on Tuesday.", cards=(Card("Storm Ida", "Where the storm goes next"),)),
    item(2, "Ferries stop at Westport", "Irish Ferries cancelled every crossing; Mayor Aoife Byrne asked people "
         "to stay home.", "The harbour wall at Westport is closed."),
    item(3, "Ferries stop at Westport", "Irish Ferries cancelled every crossing; Mayor Aoife Byrne asked people "
         "to stay home.", "The harbour wall at Westport is closed."),  # the same text as item 2: one analysis
]


def counting_analyse(monkeypatch):
    calls = []
    real = themes_module.analyse

    def analyse_(item, theming, paragraphs=None):
        calls.append(item.headline)
        return real(item, theming, paragraphs)
    monkeypatch.setattr(themes_module, "analyse", analyse_)
    return calls


def test_the_paragraph_memo_gives_the_words_and_names_of_the_texts_themselves():
    memo = Paragraphs(frozenset({"mayor"}))
    parts = ["Mayor Aoife Byrne visited Westport's harbour.", "The Harbour Board met.", "", "St Mary's Hall"]
    assert [w for p in parts for w in memo.words(p)] == words(" ".join(parts))
    assert memo.names(parts) == names(parts, frozenset({"mayor"}))
    assert list(memo.names(parts).items()) == list(names(parts, frozenset({"mayor"})).items())  # same order too
    assert memo.words(parts[0]) is memo.words(parts[0])  # worked out once


def test_an_analysis_survives_its_json_and_nothing_else_passes_for_one():
    theming = load_config().theming
    for one in ITEMS:
        analysis = analyse(one, theming)
        assert analysis_from_json(analysis_json(analysis)) == analysis
    good = analysis_json(analyse(ITEMS[0], theming))
    halves_apart = [*good[:2], ["a"], [], *good[4:]]
    names_not_texts = [*good[:6], [1], [2], good[8]]
    for bad in (None, [], "x", good[:5], [good[0], [1, 2], *good[2:]], [[["t", "many", [], []]], *good[1:]],
                halves_apart, names_not_texts, [*good[:8], "tag"]):
        with pytest.raises(ValueError):
            analysis_from_json(bad)


def test_remembered_analyses_file_items_as_fresh_ones_and_are_not_worked_out_again(tmp_path, monkeypatch):
    theming = load_config().theming
    fresh = file_items(ITEMS, theming, "Storm live")
    calls = counting_analyse(monkeypatch)
    first = remembered_analyses(ITEMS, theming, Memo(tmp_path, "themes", theming))
    assert len(calls) == 2  # items 2 and 3 hold the same text
    assert file_items(ITEMS, theming, "Storm live", first) == fresh
    calls.clear()
    again = remembered_analyses(ITEMS, theming, Memo(tmp_path, "themes", theming))
    assert calls == [] and again == first
    edited = [ITEMS[0], item(2, "Ferries stop at Westport", "All crossings cancelled until Friday."), ITEMS[2]]
    remembered_analyses(edited, theming, Memo(tmp_path, "themes", theming))
    assert calls == ["Ferries stop at Westport"]  # only the edited text
    assert analyses(edited, theming) == remembered_analyses(edited, theming, Memo(tmp_path, "themes", theming))


def test_a_theming_change_is_another_memo(tmp_path):
    config = load_config()
    other = config.theming.__class__(**{**config.theming.__dict__, "min_score": 9.0})
    assert Memo(tmp_path, "themes", config.theming).path != Memo(tmp_path, "themes", other).path
    assert Memo(None, "themes", config.theming).load() == {}


def test_a_damaged_memo_is_discarded_with_a_warning_and_the_build_is_the_same(tmp_path, caplog):
    config, cache = load_config(), tmp_path / "cache"
    build(EXAMPLES, tmp_path / "cold", config)
    build(EXAMPLES, tmp_path / "out", config, cache=cache)
    [memo] = (cache / MEMOS).glob("themes-*")
    header, _, body = gzip.decompress(memo.read_bytes()).partition(b"\n")
    memo.write_bytes(gzip.compress(header + b"\n" + body.replace(b'"', b"'", 1)))
    with caplog.at_level(logging.WARNING):
        build(EXAMPLES, tmp_path / "out", config, cache=cache)
    assert "checksum mismatch" in caplog.text and str(memo) in caplog.text
    assert tree(tmp_path / "out") == tree(tmp_path / "cold")
    caplog.clear()
    memo.write_bytes(b"not gzip at all")
    with caplog.at_level(logging.WARNING):
        build(EXAMPLES, tmp_path / "out", config, cache=cache)
    assert "unreadable" in caplog.text and tree(tmp_path / "out") == tree(tmp_path / "cold")


def test_the_merge_remembers_each_texts_key_and_merges_the_same(tmp_path, monkeypatch):
    from generator import merge as merge_module
    from generator.build import extract
    from generator.snapshots import find_snapshots, read_manifest
    config = load_config()
    pages = extract(find_snapshots(EXAMPLES, read_manifest(EXAMPLES), config.reading.timezone), config.reading).pages
    fresh = merge_module.merge_posts(pages, config.matching)
    memo = Memo(tmp_path, "merge", config.matching)
    assert merge_module.merge_posts(pages, config.matching, memo) == fresh
    remembered = memo.load()
    assert remembered and all(type(k) is str and type(v) is str for k, v in remembered.items())
    worked = []
    real = merge_module.Normalizer.words
    monkeypatch.setattr(merge_module.Normalizer, "words", lambda self, text: worked.append(text) or real(self, text))
    assert merge_module.merge_posts(pages, config.matching, Memo(tmp_path, "merge", config.matching)) == fresh
    keyed = set(worked)
    assert not keyed & remembered.keys()  # what the memo holds is not worked out again
    memo.save({text: 7 for text in remembered})  # a memo of the wrong shape is not used
    worked.clear()
    assert merge_module.merge_posts(pages, config.matching, Memo(tmp_path, "merge", config.matching)) == fresh
    assert worked


def test_a_memo_writes_a_few_added_values_beside_it_and_itself_whole_when_they_grow(tmp_path, caplog):
    first = {f"text {n}": n for n in range(100)}
    Memo(tmp_path, "merge", {"x": 1}).save(first)
    memo = Memo(tmp_path, "merge", {"x": 1})
    whole = memo.path.read_bytes()
    assert memo.load() == first
    memo.save({**first, "new": "value"})  # one added: written beside the memo, the memo untouched
    assert memo.path.read_bytes() == whole and memo.added_path.is_file()
    again = Memo(tmp_path, "merge", {"x": 1})
    assert again.load() == {**first, "new": "value"}
    again.save({**first, "new": "value", **{f"more {n}": n for n in range(20)}})  # past the share: whole again
    assert memo.path.read_bytes() != whole and not memo.added_path.exists()
    assert Memo(tmp_path, "merge", {"x": 1}).load() == {**first, "new": "value", **{f"more {n}": n for n in range(20)}}


def test_a_memos_added_values_bound_to_another_memo_are_not_used(tmp_path, caplog):
    first = {f"text {n}": n for n in range(100)}
    memo = Memo(tmp_path, "merge", {"x": 1})
    memo.save(first)
    memo.load()
    memo.save({**first, "new": 1})
    added = memo.added_path.read_bytes()
    Memo(tmp_path, "merge", {"x": 1}).save({"other": 2})  # the memo replaced by another: its added file goes
    memo.added_path.write_bytes(added)  # and one bound to the old memo, put back, is refused
    with caplog.at_level(logging.WARNING):
        assert Memo(tmp_path, "merge", {"x": 1}).load() == {"other": 2}
    assert "another format" in caplog.text and not memo.added_path.exists()


def test_a_memo_whose_values_changed_is_written_whole(tmp_path):
    first = {f"text {n}": n for n in range(100)}
    Memo(tmp_path, "merge", {"x": 1}).save(first)
    memo = Memo(tmp_path, "merge", {"x": 1})
    memo.load()
    memo.save({**first, "text 1": "changed"})
    assert Memo(tmp_path, "merge", {"x": 1}).load()["text 1"] == "changed" and not memo.added_path.exists()
