"""Theme accuracy on the labelled example blogs stays at 90 % or more."""
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import quality  # noqa: E402


def test_theme_accuracy_on_the_labelled_examples_is_at_least_the_floor():
    results = quality.measure_all()
    right, total = sum(r.right for r in results), sum(r.total for r in results)
    assert total >= 40 and len(results) == 2
    assert right / total >= quality.FLOOR, [m for r in results for m in r.misses]


def test_the_measure_catches_a_wrong_configuration():
    """The floods blog read with the war blog's themes scores far below the floor."""
    name, snapshots, _ = quality.BLOGS[1]
    result = quality.measure(name, snapshots, ROOT / "digest.yml")
    assert result.right / result.total < 0.5


def test_automatic_themes_on_blogs_of_other_subjects_keep_pairs_together():
    """Built with no theme rules, posts a reader puts together mostly land together (pairwise)."""
    results = quality.pairs_all()
    assert len(results) >= 3 and all(15 <= r.posts <= 40 for r in results)
    precision, recall = quality.overall(results)
    assert precision >= quality.PAIR_FLOOR[0] and recall >= quality.PAIR_FLOOR[1], results
    assert all(r.other <= 0.2 * r.posts and r.themes >= 3 for r in results)


def test_a_blog_on_another_subject_is_not_filed_under_other_by_the_example_configuration():
    results = quality.pairs_all(ROOT / "digest.yml")
    assert all(r.other <= 0.2 * r.posts for r in results), results
