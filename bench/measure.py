"""The benchmark's measures, run in-process: merge quality, the MinHashLSH comparison, phase timing, profiling.

- merge precision and recall, pairwise over post occurrences, against the corpus's truth (`merge_quality`);
- our grouping alone, generator.merge.group_posts (`our_grouping`), and the same merge done with datasketch's
  MinHashLSH (`minhash_merge`), like for like;
- the time of each phase of `generator.build.build`, by wrapping the functions it calls (`run_phases`), all of
  it in the child process `bench.py --phases` starts (`phases_child`).
"""
from __future__ import annotations

import cProfile
import io
import json
import logging
import pstats
import sys
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import corpus  # noqa: E402

from generator.config import load_config  # noqa: E402
from generator.merge import MIN_WORDS, UnionFind, group_posts, merge_posts, similar_pairs  # noqa: E402
from generator.models import Card, Page  # noqa: E402
from generator.normalize import Normalizer  # noqa: E402

PHASES = ("read_manifest", "find_snapshots", "read_snapshots", "extract", "merge_posts", "date_items",
          "assign_themes", "merge_summaries", "arrange_days", "render", "write")
"""Functions `build()` calls, timed where generator.build has them."""
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
"""MinHashLSH thresholds tried; the best F1 is compared with ours."""
NUM_PERM = 128
TAG = "bench-occurrence"
"""Title of the card each post occurrence is tagged with, to find the item it is merged into."""


@dataclass(frozen=True)
class Run:
    """One child process: wall time, peak resident memory, exit status and the end of its stderr."""

    seconds: float
    peak_mb: float
    status: int | None
    """Exit status; None when it was stopped at the time limit."""
    stderr: str
    cpu: float = 0.0
    """CPU seconds, user and system, of the process and the workers it waited for."""


# -- merge quality ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Score:
    """Pairwise precision and recall of a clustering of post occurrences against the truth."""

    precision: float
    recall: float
    occurrences: int
    true_posts: int
    clusters: int
    split: int
    """True posts spread over more than one cluster."""
    merged: int
    """Clusters holding more than one true post."""

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(truth: dict, predicted: dict) -> Score:
    """Precision and recall over pairs of occurrences, from the contingency table (no pair is enumerated)."""
    keys = [k for k in truth if k in predicted]
    cells = Counter((truth[k], predicted[k]) for k in keys)
    true_sizes = Counter(truth[k] for k in keys)
    predicted_sizes = Counter(predicted[k] for k in keys)
    together = sum(_pairs(n) for n in cells.values())
    true_pairs = sum(_pairs(n) for n in true_sizes.values())
    predicted_pairs = sum(_pairs(n) for n in predicted_sizes.values())
    spread = Counter(t for t, _ in cells)
    mixed = Counter(p for _, p in cells)
    return Score(together / predicted_pairs if predicted_pairs else 1.0, together / true_pairs if true_pairs else 1.0,
                 len(keys), len(true_sizes), len(predicted_sizes), sum(1 for n in spread.values() if n > 1),
                 sum(1 for n in mixed.values() if n > 1))


def tagged(pages: list[Page]) -> list[Page]:
    """The pages with each post carrying a card that names its occurrence (cards never decide a merge)."""
    return [replace(page, posts=tuple(replace(post, cards=(*post.cards, Card(f"{TAG} {page.snapshot.name} {post.position}")))
                                      for post in page.posts)) for page in pages]


def occurrence_items(pages: list[Page], config) -> dict[tuple[str, int], int]:
    """(snapshot name, position) → index of the item merge_posts puts that post occurrence in.

    merge_posts keeps the union of the cards of the posts it merges, so tagging each occurrence with a card
    of its own and reading the cards back off the items gives the exact grouping.
    """
    where = {}
    for n, item in enumerate(merge_posts(tagged(pages), config)):
        for card in item.cards:
            if card.title.startswith(TAG + " "):
                name, position = card.title[len(TAG) + 1:].rsplit(" ", 1)
                where[(name, int(position))] = n
    return where


def occurrences(pages: list[Page]) -> dict[tuple[str, int], object]:
    return {(page.snapshot.name, post.position): post for page in pages for post in page.posts}


def merge_quality(pages: list[Page], config, truth: corpus.Truth) -> dict:
    """Our merge scored against the truth, with the reader's alignment and examples of the errors."""
    post_of = truth.post_of()
    posts = occurrences(pages)
    where = occurrence_items(pages, config)
    score = pairwise(post_of, where)
    return {"score": asdict(score), "f1": score.f1, "unaligned": sorted(set(posts) ^ set(post_of))[:5],
            "unaligned_count": len(set(posts) ^ set(post_of)), "unmapped": len(set(posts) - set(where)),
            "errors": _errors(post_of, where, posts)}


def _errors(truth: dict, predicted: dict, posts: dict, limit: int = 4) -> dict:
    """A few true posts split over items and a few items holding several true posts, by headline."""
    items_of, posts_in = defaultdict(set), defaultdict(set)
    example = {}
    for k in truth:
        if k in predicted:
            items_of[truth[k]].add(predicted[k])
            posts_in[predicted[k]].add(truth[k])
            example.setdefault((truth[k], predicted[k]), posts[k].shown_headline)
    split = [[example[(t, i)] for i in sorted(items)] for t, items in sorted(items_of.items()) if len(items) > 1]
    merged = [[example[(t, i)] for t in sorted(ts)] for i, ts in sorted(posts_in.items()) if len(ts) > 1]
    return {"split": split[:limit], "merged": merged[:limit]}


def corpus_check(pages: list[Page], config, truth: corpus.Truth) -> dict:
    """How fair the corpus is: distinct true posts whose bodies overlap as much as one post's versions may.

    Counts pairs of different true posts with a body variant holding `match.containment` or more of its
    word 3-grams in a variant of the other (or the very same body): no merge on bodies could keep them apart.
    """
    norm = Normalizer(config.aliases, config.honorifics)
    post_of = truth.post_of()
    owners: dict[str, set[int]] = defaultdict(set)
    for page in pages:
        for post in page.posts:
            key = norm.key(" ".join(post.body))
            if len(key.split()) >= MIN_WORDS and (page.snapshot.name, post.position) in post_of:
                owners[key].add(post_of[(page.snapshot.name, post.position)])
    keys = list(owners)
    close = {tuple(sorted((a, b))) for k in keys for a in owners[k] for b in owners[k] if a != b}
    for i, j in similar_pairs([norm.shingles(k) for k in keys], config.containment):
        close |= {tuple(sorted((a, b))) for a in owners[keys[i]] for b in owners[keys[j]] if a != b}
    return {"indistinct_pairs": len(close), "examples": sorted(close)[:5]}


# -- ours against MinHashLSH, like for like -----------------------------------------------------------------

def our_grouping(pages: list[Page], config, truth: corpus.Truth) -> dict:
    """Our grouping alone (generator.merge.group_posts, as merge_posts runs it), without building the
    items: the like-for-like counterpart of minhash_merge."""
    occurrences = [(page.snapshot.name, post.position) for page in pages for post in page.posts]
    started = time.perf_counter()
    groups, _ = group_posts([post for page in pages for post in page.posts], config)
    seconds = time.perf_counter() - started
    predicted = {occurrences[n]: g for g, group in enumerate(groups) for n in group}
    score = pairwise(truth.post_of(), predicted)
    return {"seconds": seconds, "score": asdict(score)}


def minhash_merge(pages: list[Page], config, truth: corpus.Truth) -> dict:
    """The same merge by MinHashLSH: word 3-gram shingles of the normalised body, 128 permutations.

    Posts are reduced to distinct (headline, body) variants first and bodies under MIN_WORDS words are
    matched by headline, as ours does; candidates from the LSH index are kept when their estimated
    Jaccard reaches the threshold. Every threshold in THRESHOLDS is tried; the best F1 is reported.
    """
    from datasketch import MinHash

    post_of = truth.post_of()
    start = time.perf_counter()
    variants = _variants(pages, Normalizer(config.aliases, config.honorifics))
    keys = list(variants)
    shingles = [_shingles(body) for _, body in keys]
    by_headline = _by_headline(keys)
    hashed = [n for n, s in enumerate(shingles) if s]
    signatures = dict(zip(hashed, MinHash.bulk([shingles[n] for n in hashed], num_perm=NUM_PERM)))
    prepared = time.perf_counter() - start
    runs = []
    for threshold in THRESHOLDS:
        began = time.perf_counter()
        sets = _lsh_sets(threshold, len(keys), shingles, by_headline, signatures)
        seconds = prepared + time.perf_counter() - began
        predicted = {occ: sets.find(v) for v, key in enumerate(keys) for occ in variants[key]}
        score = pairwise(post_of, predicted)
        runs.append({"threshold": threshold, "seconds": seconds, "score": asdict(score), "f1": score.f1})
    best = max(runs, key=lambda r: (r["f1"], -r["seconds"]))
    return {"variants": len(keys), "prepare_seconds": prepared, "runs": runs, "best": best}


def _variants(pages: list[Page], norm: Normalizer) -> dict[tuple[str, str], list[tuple[str, int]]]:
    """Distinct (normalised headline, normalised body) → the post occurrences showing it."""
    variants: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for page in pages:
        for post in page.posts:
            variants[(norm.key(post.headline), norm.key(" ".join(post.body)))].append((page.snapshot.name,
                                                                                      post.position))
    return variants


def _shingles(body: str) -> list[bytes]:
    """The body's word 3-grams, none when it is under MIN_WORDS words."""
    words = body.split()
    return [] if len(words) < MIN_WORDS else list({" ".join(words[i:i + 3]).encode() for i in range(len(words) - 2)})


def _by_headline(keys: list[tuple[str, str]]) -> dict[str, list[int]]:
    """Non-empty headline → the variants showing it."""
    by_headline: dict[str, list[int]] = defaultdict(list)
    for v, (headline, _) in enumerate(keys):
        if headline:
            by_headline[headline].append(v)
    return by_headline


def _lsh_sets(threshold: float, count: int, shingles: list[list[bytes]], by_headline: dict[str, list[int]],
              signatures: dict) -> UnionFind:
    """The variants grouped at one threshold: by headline when there is no body, else by MinHashLSH."""
    from datasketch import MinHashLSH

    sets = UnionFind(count)
    for group in by_headline.values():  # no body to speak of: the same headline decides, as in ours
        anchor = next((v for v in group if shingles[v]), group[0])
        for v in group:
            if not shingles[v]:
                sets.union(v, anchor)
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    with lsh.insertion_session() as session:
        for n, signature in signatures.items():
            session.insert(n, signature)
    for n, signature in signatures.items():
        for m in lsh.query(signature):
            if m > n and signature.jaccard(signatures[m]) >= threshold:
                sets.union(n, m)
    return sets


# -- the build, phase by phase -------------------------------------------------------------------------------

class _Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_phases(snapshots: Path, out: Path, config=None) -> dict:
    """Run generator.build.build with each phase function it calls timed; returns timings, pages and config.

    The phases are wrapped where build() looks them up (generator.build's names), so they are timed in
    exactly the order and with exactly the arguments build() uses, whatever its current shape.
    """
    import generator.build as gb

    timings: dict[str, float] = defaultdict(float)
    seen: dict[str, object] = {}
    originals = {name: getattr(gb, name) for name in PHASES if callable(getattr(gb, name, None))}

    def timed(name, function):
        def run(*args, **kwargs):
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                timings[name] += time.perf_counter() - began
                if name == "merge_posts":
                    seen["pages"], seen["config"] = args[0], args[1]
        return run

    logger = logging.getLogger("generator")
    warnings = _Warnings()
    logger.addHandler(warnings)
    propagate, logger.propagate = logger.propagate, False
    for name, function in originals.items():
        setattr(gb, name, timed(name, function))
    began = time.perf_counter()
    try:
        report = gb.build(snapshots, out, config or load_config())
    finally:
        total = time.perf_counter() - began
        for name, function in originals.items():
            setattr(gb, name, function)
        logger.removeHandler(warnings)
        logger.propagate = propagate
    return {"phases": [(name, timings[name]) for name in originals if name in timings], "total": total,
            "report": asdict(report), "warnings": warnings.messages, "pages": seen["pages"], "config": seen["config"]}


def phases_child(snapshots: Path, out: Path, truth_path: Path, result: Path, profile: bool) -> None:
    """In a child process: the phases, then merge quality, MinHashLSH and the corpus check; JSON to `result`.

    With `profile`, the build runs a second time under cProfile (the timed run is never profiled).
    """
    run = run_phases(snapshots, out)
    pages, config = run.pop("pages"), run.pop("config")
    truth = corpus.Truth.load(truth_path)
    run["quality"] = merge_quality(pages, config, truth)
    run["corpus"] = corpus_check(pages, config, truth)
    run["grouping"] = our_grouping(pages, config, truth)
    run["minhash"] = minhash_merge(pages, config, truth)
    run["peak_mb"] = _self_peak_mb()
    if profile:
        del pages
        profiler = cProfile.Profile()
        profiler.enable()
        run_phases(snapshots, out.with_name(out.name + "-profiled"))
        profiler.disable()
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(25)
        run["profile"] = text.getvalue()
    result.write_text(json.dumps(run, default=str), encoding="utf-8")


def _self_peak_mb() -> float:
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
