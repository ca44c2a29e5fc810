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
