"""Theme accuracy on the project's labelled example blogs: `make quality`.

Each example folder holds snapshots and a gold.yml answer key (the format of the real seeds' key);
a post is right when the item holding its key phrase is under one of the key's themes ("other"
meaning any theme the key never names).
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
    return 0 if right / total >= FLOOR else 1


if __name__ == "__main__":
    sys.exit(main())
