"""Theme accuracy on the project's labelled example blogs: `make quality`.

Each example folder holds snapshots and a gold.yml answer key (the format of the real seeds' key);
a post is right when the item holding its key phrase is under one of the key's themes ("other"
meaning any theme the key never names).

Then automatic themes on the blogs of bench/labelled/ (other subjects, each post labelled with the group
a reader would put it in), built with no theme rules: pairwise precision (of the pairs of posts put under
one theme, the share a reader puts together) and recall (of the pairs a reader puts together, the share
under one theme). A post in Other pairs with nothing.
"""
from __future__ import annotations

import json
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import build  # noqa: E402
from generator.config import load_config  # noqa: E402
from generator.normalize import plain  # noqa: E402

BLOGS = (
    ("war (Daily Ledger)", ROOT / "examples" / "snapshots", ROOT / "digest.yml"),
    ("floods (Northern Courier)", ROOT / "examples" / "floods" / "snapshots", ROOT / "examples" / "floods" / "digest.yml"),
)
FLOOR = 0.9
"""Accuracy below this fails the test suite."""
LABELLED = ROOT / "bench" / "labelled"
CAPTURED = "2026-03-14T18:00:00+00:00"
"""When the labelled blogs' one snapshot was taken (they have no printed times)."""
PAIR_FLOOR = (0.5, 0.5)
"""Overall pairwise precision and recall of automatic themes below these fail the test suite (measured: 0.56, 0.55)."""


@dataclass(frozen=True)
class Pairs:
    blog: str
    posts: int
    themes: int
    other: int
    """Posts under Other."""
    together: int
    """Pairs of posts under one theme."""
    right: int
    """Of those, pairs a reader puts together."""
    wanted: int
    """Pairs a reader puts together."""

    @property
    def precision(self) -> float:
        return self.right / self.together if self.together else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.wanted if self.wanted else 0.0


def write_blog(spec: dict, folder: Path) -> None:
    """A labelled blog written as one plain-text snapshot (title, standfirst, then each post) and its manifest."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [spec["title"], spec["standfirst"]]
    for post in spec["posts"]:
        lines += [post["headline"], *post["body"]]
    (folder / "blog.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    manifest = {"snapshots": {"blog.txt": {"captured_at": CAPTURED}}}
    (folder / "snapshots.yml").write_text(yaml.safe_dump(manifest), encoding="utf-8")


def pairs(name: str, spec: dict, config: Path | None = None) -> Pairs:
    """Pairwise agreement of the automatic themes with the labels of one blog."""
    with tempfile.TemporaryDirectory() as work:
        write_blog(spec, Path(work) / "snapshots")
        if config is None:
            (Path(work) / "digest.yml").write_text("themes: []\n", encoding="utf-8")
        build(Path(work) / "snapshots", Path(work) / "out", load_config(config or Path(work) / "digest.yml"))
        digest = json.loads((Path(work) / "out" / "digest.json").read_text(encoding="utf-8"))
    items = [i for day in digest["days"] for i in day["items"]] + digest["undated"]
    theme = {norm(i["headline"]): i["theme"] for i in items}
    got = [theme.get(norm(p["headline"]), "other") for p in spec["posts"]]
    labels = [p["group"] for p in spec["posts"]]
    together = right = wanted = 0
    for a in range(len(labels)):
        for b in range(a + 1, len(labels)):
            same = got[a] == got[b] != "other"
            together += same
            wanted += labels[a] == labels[b]
            right += same and labels[a] == labels[b]
    return Pairs(name, len(labels), len(set(got) - {"other"}), got.count("other"), together, right, wanted)


def labelled() -> list[tuple[str, dict]]:
    return [(path.stem, yaml.safe_load(path.read_text(encoding="utf-8"))) for path in sorted(LABELLED.glob("*.yml"))]


def pairs_all(config: Path | None = None) -> list[Pairs]:
    return [pairs(name, spec, config) for name, spec in labelled()]


def overall(results: list[Pairs]) -> tuple[float, float]:
    """Precision and recall over the pairs of every blog."""
    together, right, wanted = (sum(getattr(r, f) for r in results) for f in ("together", "right", "wanted"))
    return (right / together if together else 0.0), (right / wanted if wanted else 0.0)


@dataclass(frozen=True)
class Result:
    blog: str
    right: int
    total: int
    misses: tuple[str, ...]


def norm(text: str) -> str:
    return unicodedata.normalize("NFKC", plain(text)).casefold()


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def measure(name: str, snapshots: Path, config: Path) -> Result:
    gold = yaml.safe_load((snapshots / "gold.yml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as out:
        build(snapshots, Path(out), load_config(config))
        digest = json.loads((Path(out) / "digest.json").read_text(encoding="utf-8"))
    items = [i for day in digest["days"] for i in day["items"]] + digest["undated"]
    texts = [[norm(s) for s in strings(i)] for i in items]
    named = {t for post in gold["posts"] for t in post.get("themes", [])} - {"other"}
    right, misses = 0, []
    for post in gold["posts"]:
        key = norm(post["key"])
        hits = [i for i, t in zip(items, texts) if any(key in s for s in t)]
        allowed = set(post.get("themes", []))
        theme = hits[0]["theme"] if len(hits) == 1 else None
        if theme in allowed or theme is not None and "other" in allowed and theme not in named:
            right += 1
        else:
            misses.append(f"{post['id']}: {theme or f'{len(hits)} items'}, expected {sorted(allowed)}")
    return Result(name, right, len(gold["posts"]), tuple(misses))


def measure_all() -> list[Result]:
    return [measure(*blog) for blog in BLOGS if (blog[1] / "gold.yml").exists()]


def main() -> int:
    results = measure_all()
    print(f"{'labelled blog':<28}{'posts':>6}{'right':>7}{'accuracy':>10}")
    for r in results:
        print(f"{r.blog:<28}{r.total:>6}{r.right:>7}{r.right / r.total:>10.1%}")
        for miss in r.misses:
            print(f"    miss {miss}")
    right, total = sum(r.right for r in results), sum(r.total for r in results)
    print(f"{'all':<28}{total:>6}{right:>7}{right / total:>10.1%}   (floor {FLOOR:.0%})")
    grouped = pairs_all()
    print(f"\n{'automatic themes':<28}{'posts':>6}{'themes':>7}{'other':>6}{'precision':>10}{'recall':>8}")
    for r in grouped:
        print(f"{r.blog:<28}{r.posts:>6}{r.themes:>7}{r.other:>6}{r.precision:>10.1%}{r.recall:>8.1%}")
    precision, recall = overall(grouped)
    print(f"{'all':<28}{sum(r.posts for r in grouped):>6}{sum(r.themes for r in grouped):>7}"
          f"{sum(r.other for r in grouped):>6}{precision:>10.1%}{recall:>8.1%}"
          f"   (floor {PAIR_FLOOR[0]:.0%} / {PAIR_FLOOR[1]:.0%})")
    return 0 if right / total >= FLOOR and precision >= PAIR_FLOOR[0] and recall >= PAIR_FLOOR[1] else 1


if __name__ == "__main__":
    sys.exit(main())
