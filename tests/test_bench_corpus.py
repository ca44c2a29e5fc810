"""The benchmark's synthetic corpus (bench/corpus.py): deterministic, read as written, merged right."""
from __future__ import annotations

import re
import sys

import pytest

from conftest import ROOT
from generator.cli import main

sys.path.insert(0, str(ROOT / "bench"))
import corpus  # noqa: E402
import feeds  # noqa: E402
import measure  # noqa: E402

SMALL = {"days": 2, "per_day": 4}


def files(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    return folder, corpus.generate(folder, **SMALL)


@pytest.fixture(scope="module")
def built(small, tmp_path_factory):
    folder, _ = small
    return measure.run_phases(folder, tmp_path_factory.mktemp("out"))


def test_same_seed_writes_the_same_bytes(small, tmp_path):
    folder, _ = small
    corpus.generate(tmp_path / "again", **SMALL)
    corpus.generate(tmp_path / "other", seed=8, **SMALL)
    assert files(tmp_path / "again") == files(folder)
    assert files(tmp_path / "other") != files(folder)


def test_next_snapshot_is_the_next_hour_of_a_longer_corpus(tmp_path):
    short, longer = tmp_path / "short", tmp_path / "long"
    corpus.generate(short, days=1, per_day=4)
    name, posts = corpus.next_snapshot(short, days=1, per_day=4)
    truth = corpus.generate(longer, days=2, per_day=4)
    assert (name, posts) == (truth.snapshots[4][0], truth.snapshots[4][2])
    assert (short / name).read_bytes() == (longer / name).read_bytes()
    assert all((short / n).read_bytes() == (longer / n).read_bytes() for n, _, _ in truth.snapshots[:4])
    assert f"  {name}:\n    captured_at: \"2024-01-02T00:00:00+00:00\"" in (short / "snapshots.yml").read_text()


def test_snapshots_have_the_shape_of_the_examples(small):
    folder, truth = small
    names = [name for name, _, _ in truth.snapshots]
    assert sorted(p.name for p in folder.glob("*.txt")) == names
    assert names[0].startswith("2024-01-01T0000Z-") and names[1].startswith("2024-01-01T0600Z-")
    paragraphs = (folder / names[-1]).read_text(encoding="utf-8").split("\n\n")
    assert paragraphs[0].startswith("Ukraine war live: ") and not paragraphs[1].endswith(".")
    glued = next(p for p in paragraphs if p.startswith("A gift of any size"))
    assert re.search(r"Every contribution keeps us reporting\.[A-Z]", glued)  # the appeal glued to the summary
    assert paragraphs[-1] == "Comments\n"
    assert truth.occurrences == sum(len(posts) for _, _, posts in truth.snapshots) > 0


def test_the_generator_builds_it_without_warnings(small, tmp_path, capsys):
    folder, truth = small
    assert main(["build", "--snapshots", str(folder), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "warning:" not in err
    assert f"read {len(truth.snapshots)} snapshots, skipped 0" in err
    assert f"{truth.occurrences} posts seen, {truth.posts} items after merging" in err
    assert " 0 warnings" in err


def test_truth_covers_every_post_occurrence(small, built):
    _, truth = small
    seen = {(page.snapshot.name, post.position) for page in built["pages"] for post in page.posts}
    assert seen == set(truth.post_of())


def test_merge_precision_and_recall_on_the_corpus(small, built):
    _, truth = small
    quality = measure.merge_quality(built["pages"], built["config"], truth)
    assert quality["unaligned_count"] == 0 and quality["unmapped"] == 0
    assert quality["score"]["precision"] >= 0.99, quality["errors"]["merged"]
    assert quality["score"]["recall"] >= 0.98, quality["errors"]["split"]


def test_distinct_posts_never_overlap_like_one_post(small, built):
    _, truth = small
    assert measure.corpus_check(built["pages"], built["config"], truth)["indistinct_pairs"] == 0


def test_pairwise_scores_come_from_the_contingency_table():
    truth = {"a": 1, "b": 1, "c": 1, "d": 2}
    assert measure.pairwise(truth, {"a": 9, "b": 9, "c": 9, "d": 8}).precision == 1.0
    split = measure.pairwise(truth, {"a": 9, "b": 9, "c": 7, "d": 8})  # 1 of the 3 true pairs kept
    assert (split.precision, split.recall, split.split) == (1.0, 1 / 3, 1)
    lumped = measure.pairwise(truth, {"a": 9, "b": 9, "c": 9, "d": 9})  # 3 of 6 predicted pairs are true
    assert (lumped.precision, lumped.recall, lumped.merged) == (0.5, 1.0, 1)


def test_the_feed_check_passes_on_a_build_and_names_each_fault(small, tmp_path):
    folder, _ = small
    out = tmp_path / "out"
    assert main(["build", "--snapshots", str(folder), "--out", str(out)]) == 0
    found = feeds.check(out)
    assert found["problems"] == [] and found["feeds"] > 3 and found["entries"] > 10
    first, second, third = sorted((out / "feeds").glob("*.xml"))[:3]
    first.write_text(first.read_text(encoding="utf-8").replace('rel="self"', 'rel="other"'), encoding="utf-8")
    second.write_text(re.sub(r'rel="self" type="application/atom\+xml" href="[^"]*"',
                             'rel="self" type="application/atom+xml" href="elsewhere.xml"',
                             second.read_text(encoding="utf-8")), encoding="utf-8")
    third.unlink()
    site = out / "feed.xml"
    text = site.read_text(encoding="utf-8")
    text = re.sub(r'href="days/([^"#]*)#', r'href="days/\1#gone-', text, count=1)
    text = re.sub(r'<content type="html">[^<]*</content>', '<content type="html">A word.</content>', text, count=2)
    site.write_text(text, encoding="utf-8")
    page = out / "themes" / f"{first.stem}.md"
    page.write_text(page.read_text(encoding="utf-8").replace(f"feeds/{first.stem}.xml", f"feeds/{first.stem}.xml.old"),
                    encoding="utf-8")
    (out / "feeds" / "broken.xml").write_text("<feed><entry>", encoding="utf-8")
    problems = feeds.check(out)["problems"]
    assert f'feeds/{first.stem}.xml: no rel="self" link to itself ([])' in problems
    assert f"feeds/{second.stem}.xml: no rel=\"self\" link to itself (['elsewhere.xml'])" in problems
    assert f"themes/{third.stem}.md: no feed feeds/{third.stem}.xml" in problems
    assert f"themes/{first.stem}.md: no link to its feed" in problems
    assert "feeds/broken.xml: no theme page" in problems
    assert any(p.startswith("feeds/broken.xml: not well-formed Atom") for p in problems)
    assert any(p.startswith("feed.xml: entry ") and "holds no anchor 'gone-" in p for p in problems)
    assert sum(1 for p in problems if p.startswith("feed.xml: entry ") and " paragraphs" in p) >= 1
