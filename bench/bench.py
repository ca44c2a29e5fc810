"""The benchmark of "A year of snapshots": `python bench/bench.py [--size week|quarter|year|all] [--out FILE]`.

For each size it generates the synthetic corpus (bench/corpus.py) into bench-cache/<size>-<seed>/, reused
while its parameters and the corpus code are unchanged, then measures, each build in a child process of
its own (peak memory is that child's maximum resident set, from os.wait4):

- the cold build (`python -m generator build`, output folder deleted first) and its throughput;
- the rebuild after one new snapshot (the next hour's, added to the folder, then taken out again);
- the time of each phase of `generator.build.build`, by wrapping the functions it calls;
- merge precision and recall, pairwise over post occurrences, against the corpus's truth;
- the same merge done with datasketch's MinHashLSH, for comparison;
- `mkdocs build` of the digest and its search index.

It prints a Markdown table with each target and writes it to the results file.
"""
from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import logging
import os
import platform
import pstats
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402
from generator.config import load_config  # noqa: E402
from generator.merge import MIN_WORDS, UnionFind, group_posts, merge_posts, similar_pairs  # noqa: E402
from generator.models import Card, Page  # noqa: E402
from generator.normalize import Normalizer  # noqa: E402

CACHE = ROOT / "bench-cache"
RESULTS = ROOT / "bench-results" / "results.md"
PYTHON = sys.executable
PHASES = ("read_manifest", "find_snapshots", "read_snapshots", "extract", "merge_posts", "date_items",
          "assign_themes", "merge_summaries", "arrange_days", "render", "write")
"""Functions `build()` calls, timed where generator.build has them."""
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
"""MinHashLSH thresholds tried; the best F1 is compared with ours."""
NUM_PERM = 128
SAMPLES = 12
"""Post sentences looked up in the search index."""
TAG = "bench-occurrence"
"""Title of the card each post occurrence is tagged with, to find the item it is merged into."""
TARGETS = {
    "cold": 60.0, "memory": 1536.0, "ratio": 4.4, "rebuild": 3.0, "precision": 0.99, "recall": 0.98, "mkdocs": 180.0,
}


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


def our_grouping(pages: list[Page], config, truth: corpus.Truth) -> dict:
    """Our grouping alone (generator.merge.group_posts, as merge_posts runs it), without building the
    items: the like-for-like counterpart of minhash_merge."""
    occurrences = [(page.snapshot.name, post.position) for page in pages for post in page.posts]
    started = time.perf_counter()
    groups = group_posts([post for page in pages for post in page.posts], config)
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
    from datasketch import MinHash, MinHashLSH

    post_of = truth.post_of()
    start = time.perf_counter()
    norm = Normalizer(config.aliases, config.honorifics)
    variants: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for page in pages:
        for post in page.posts:
            variants[(norm.key(post.headline), norm.key(" ".join(post.body)))].append((page.snapshot.name,
                                                                                      post.position))
    keys = list(variants)
    shingles = []
    for _, body in keys:
        words = body.split()
        shingles.append([] if len(words) < MIN_WORDS else
                        list({" ".join(words[i:i + 3]).encode() for i in range(len(words) - 2)}))
    by_headline: dict[str, list[int]] = defaultdict(list)
    for v, (headline, _) in enumerate(keys):
        if headline:
            by_headline[headline].append(v)
    hashed = [n for n, s in enumerate(shingles) if s]
    signatures = dict(zip(hashed, MinHash.bulk([shingles[n] for n in hashed], num_perm=NUM_PERM)))
    prepared = time.perf_counter() - start
    runs = []
    for threshold in THRESHOLDS:
        began = time.perf_counter()
        sets = UnionFind(len(keys))
        for group in by_headline.values():  # no body to speak of: the same headline decides, as in ours
            anchor = next((v for v in group if shingles[v]), group[0])
            for v in group:
                if not shingles[v]:
                    sets.union(v, anchor)
        lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        with lsh.insertion_session() as session:
            for n in hashed:
                session.insert(n, signatures[n])
        for n in hashed:
            for m in lsh.query(signatures[n]):
                if m > n and signatures[n].jaccard(signatures[m]) >= threshold:
                    sets.union(n, m)
        seconds = prepared + time.perf_counter() - began
        predicted = {occ: sets.find(v) for v, key in enumerate(keys) for occ in variants[key]}
        score = pairwise(post_of, predicted)
        runs.append({"threshold": threshold, "seconds": seconds, "score": asdict(score), "f1": score.f1})
    best = max(runs, key=lambda r: (r["f1"], -r["seconds"]))
    return {"variants": len(keys), "prepare_seconds": prepared, "runs": runs, "best": best}


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


# -- child processes -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    """One child process: wall time, peak resident memory, exit status and the end of its stderr."""

    seconds: float
    peak_mb: float
    status: int | None
    """Exit status; None when it was stopped at the time limit."""
    stderr: str


def run_child(command: list[str], timeout: float, log: Path) -> Run:
    """Run a command in a process group of its own; peak memory is its own, from os.wait4."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with open(log, "wb") as err:
        began = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err, env=env,
                                 start_new_session=True)
        status, usage = None, None
        while True:
            pid, wait_status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                status = os.waitstatus_to_exitcode(wait_status)
                break
            if time.perf_counter() - began > timeout:
                os.killpg(child.pid, signal.SIGKILL)
                _, _, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - began
        child.returncode = status if status is not None else -9
    tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
    return Run(seconds, usage.ru_maxrss / 1024, status, tail)


def build_command(snapshots: Path, out: Path, cache: Path | None) -> list[str]:
    command = [PYTHON, "-m", "generator", "build", "--snapshots", str(snapshots), "--out", str(out)]
    return command + ["--cache", str(cache)] if cache else command


def cache_option() -> bool:
    """Whether the generator has a build cache (`build --cache DIR`) that a cold build must start without."""
    help_text = subprocess.run([PYTHON, "-m", "generator", "build", "--help"], cwd=ROOT, capture_output=True,
                               text=True).stdout
    return "--cache" in help_text


# -- the corpus ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Corpus:
    size: str
    days: int
    seed: int
    folder: Path
    """bench-cache/<size>-<seed>/: the snapshots and the work folders."""
    seconds: float | None
    """Generation time, None when the cached corpus was reused."""

    @property
    def snapshots(self) -> Path:
        return self.folder / "snapshots"

    @property
    def truth(self) -> Path:
        return self.snapshots / "truth.json"

    @property
    def stamp(self) -> Path:
        return self.folder / "stamp.json"

    def text_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.snapshots.glob("*.txt"))


def _code_digest() -> str:
    here = Path(__file__).resolve().parent
    return hashlib.sha1(b"".join((here / n).read_bytes() for n in ("corpus.py", "corpus_text.py"))).hexdigest()


def ensure_corpus(size: str, seed: int) -> Corpus:
    """The size's corpus in the cache, generated unless one with the same parameters and code is there."""
    days = corpus.SIZES[size]
    folder = CACHE / f"{size}-{seed}"
    stamp = {"days": days, "seed": seed, "per_day": 24, "visible": 40, "code": _code_digest()}
    made = Corpus(size, days, seed, folder, None)
    try:
        if json.loads(made.stamp.read_text(encoding="utf-8")) == stamp:
            return made
    except (OSError, ValueError):
        pass
    shutil.rmtree(made.snapshots, ignore_errors=True)
    began = time.perf_counter()
    corpus.generate(made.snapshots, days=days, seed=seed)
    seconds = time.perf_counter() - began
    made.stamp.write_text(json.dumps(stamp), encoding="utf-8")
    return replace(made, seconds=seconds)


# -- the site ----------------------------------------------------------------------------------------------

def mkdocs_config(out: Path, work: Path) -> Path:
    """The project's mkdocs.yml with its folders pointed at the benchmark's output, written into `work`."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    docs = re.search(r"^docs_dir:\s*(\S+)", text, re.M).group(1)

    def point(match: re.Match) -> str:
        key, value = match.group(2), match.group(3)
        if key == "docs_dir":
            value = str(out)
        elif key == "site_dir":
            value = str(work / "site")
        elif key == "INHERIT" and value.startswith(docs + "/"):
            value = str(out / value[len(docs) + 1:])
        else:
            value = str(ROOT / value)
        return f"{match.group(1)}{key}: {value}"

    config = work / "mkdocs.yml"
    config.write_text(re.sub(r"^(\s*)(INHERIT|docs_dir|site_dir|custom_dir):\s*(\S+)", point, text, flags=re.M),
                      encoding="utf-8")
    return config


def index_check(site: Path, out: Path) -> dict:
    """Search index size, and how often each of a few post sentences is in it (1 is right)."""
    index = site / "search" / "search_index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    text = "\n".join(doc.get("text", "") for doc in data.get("docs", []))
    digest = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    items = [item for day in digest["days"] for item in day["items"]]
    sentences: dict[str, set[str]] = defaultdict(set)
    for item in items:
        for paragraph in (*item["body"], *item.get("earlier", ())):
            for sentence in re.split(r"(?<=\.) ", paragraph):
                if re.fullmatch(r"[A-Za-z0-9 ,.]{40,}", sentence):
                    sentences[sentence].add(item["id"])
    own = defaultdict(list)  # sentences found in one item only, by item
    for sentence, ids in sentences.items():
        if len(ids) == 1:
            own[next(iter(ids))].append(sentence)
    picked = [item["id"] for item in items if own[item["id"]]]
    counts = [(own[i][0], text.count(own[i][0])) for i in picked[::max(1, len(picked) // SAMPLES)][:SAMPLES]]
    return {"bytes": index.stat().st_size, "documents": len(data.get("docs", [])), "counts": counts,
            "once": bool(counts) and all(n == 1 for _, n in counts)}


# -- one size ---------------------------------------------------------------------------------------------

def bench_size(size: str, seed: int, timeout: float, site: bool, profile: bool) -> dict:
    made = ensure_corpus(size, seed)
    truth = corpus.Truth.load(made.truth)
    work = made.folder
    out, logs = work / "out", work / "logs"
    logs.mkdir(exist_ok=True)
    cache = work / "cache" if cache_option() else None
    result = {"size": size, "days": made.days, "snapshots": len(truth.snapshots), "posts": truth.posts,
              "occurrences": truth.occurrences, "edits": dict(truth.edits), "generated_seconds": made.seconds,
              "text_bytes": made.text_bytes(), "cache_option": cache is not None}
    print(f"[{size}] corpus: {result['snapshots']} snapshots, {result['text_bytes'] / 1e6:.1f} MB, "
          f"{truth.posts} posts" + (f" (generated in {made.seconds:.1f} s)" if made.seconds else " (cached)"),
          flush=True)
    for folder in (out, cache, made.snapshots / ".livedigest-cache", out / ".livedigest-cache"):
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    cold = run_child(build_command(made.snapshots, out, cache), timeout, logs / "cold.log")
    result["cold"] = asdict(cold)
    print(f"[{size}] cold build: {_secs(cold)}, peak {cold.peak_mb:.0f} MB", flush=True)
    if cold.status != 0:
        return result
    if site:
        result["site"] = bench_site(out, work, timeout)
        print(f"[{size}] mkdocs build: {result['site'].get('seconds', 0):.1f} s", flush=True)
    phases_json = work / "phases.json"
    phases_json.unlink(missing_ok=True)
    child = run_child([PYTHON, str(Path(__file__).resolve()), "--phases", str(made.snapshots), str(work / "phases-out"),
                       str(made.truth), str(phases_json)] + (["--profile"] if profile else []), 3 * timeout,
                      logs / "phases.log")
    if child.status == 0:
        result["phases"] = json.loads(phases_json.read_text(encoding="utf-8"))
        quality = result["phases"]["quality"]["score"]
        print(f"[{size}] merge: precision {quality['precision']:.4f}, recall {quality['recall']:.4f}", flush=True)
    else:
        result["phases_error"] = child.stderr[-600:] if child.status is not None else f"over {3 * timeout:.0f} s"
    result["rebuild"] = asdict(rebuild(made, out, cache, timeout, logs))
    print(f"[{size}] rebuild after one new snapshot: {_secs(Run(**result['rebuild']))}", flush=True)
    return result


def rebuild(made: Corpus, out: Path, cache: Path | None, timeout: float, logs: Path) -> Run:
    """Add the next hour's snapshot to the folder, build into the existing output, then take it out again."""
    manifest = made.snapshots / "snapshots.yml"
    kept = manifest.read_bytes()
    stamp = made.stamp.read_bytes()
    made.stamp.unlink()  # if the bench dies half-way, the corpus is generated afresh next time
    name, _ = corpus.next_snapshot(made.snapshots, days=made.days, seed=made.seed)
    try:
        return run_child(build_command(made.snapshots, out, cache), timeout, logs / "rebuild.log")
    finally:
        (made.snapshots / name).unlink()
        manifest.write_bytes(kept)
        made.stamp.write_bytes(stamp)


def bench_site(out: Path, work: Path, timeout: float) -> dict:
    config = mkdocs_config(out, work)
    shutil.rmtree(work / "site", ignore_errors=True)
    run = run_child([str(Path(PYTHON).parent / "mkdocs"), "build", "-f", str(config)], timeout,
                    work / "logs" / "mkdocs.log")
    found = {"seconds": run.seconds, "status": run.status, "peak_mb": run.peak_mb,
             "warnings": len(re.findall(r"^WARNING", run.stderr, re.M))}
    if run.status == 0:
        found.update(index_check(work / "site", out))
    else:
        found["error"] = run.stderr[-600:]
    return found


def _secs(run: Run) -> str:
    if run.status is None:
        return f"stopped at {run.seconds:.0f} s"
    return f"{run.seconds:.2f} s" + ("" if run.status == 0 else f" (exit {run.status})")


# -- the report ---------------------------------------------------------------------------------------------

def _verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("PASS" if ok else "MISS")


def _get(result: dict | None, *path, default=None):
    for key in path:
        if not isinstance(result, dict) or key not in result:
            return default
        result = result[key]
    return result


def _ok_run(result: dict | None, key: str) -> float | None:
    run = _get(result, key)
    return run["seconds"] if run and run["status"] == 0 else None


def targets(results: dict[str, dict]) -> list[tuple[str, str, str]]:
    """(target, measured, verdict) rows."""
    year, quarter = results.get("year"), results.get("quarter")
    rows = []
    cold = _ok_run(year, "cold")
    stopped = _get(year, "cold", "status", default=0) is None
    rows.append(("year cold build ≤ 60 s", f"{cold:.1f} s" if cold is not None else
                 ("over the time limit" if stopped else "not measured"),
                 _verdict(None if cold is None and not stopped else cold is not None and cold <= TARGETS["cold"])))
    peaks = {s: r["cold"]["peak_mb"] for s, r in results.items() if _ok_run(r, "cold") is not None}
    peak = peaks.get("year")
    rows.append(("peak memory ≤ 1.5 GB (year)", f"{peak:.0f} MB" if peak else "not measured; " + ", ".join(
        f"{s} {v:.0f} MB" for s, v in peaks.items()), _verdict(None if peak is None else peak <= TARGETS["memory"])))
    q = _ok_run(quarter, "cold")
    ratio = cold / q if cold and q else None
    rows.append(("quarter → year cold time ≤ 4.4×", f"{ratio:.2f}×" if ratio else "not measured",
                 _verdict(None if ratio is None else ratio <= TARGETS["ratio"])))
    again = _ok_run(year, "rebuild")
    rows.append(("year rebuild after one new snapshot ≤ 3 s", f"{again:.2f} s" if again is not None else "not measured",
                 _verdict(None if again is None else again <= TARGETS["rebuild"])))
    for size, result in results.items():
        score = _get(result, "phases", "quality", "score")
        if not score:
            continue
        rows.append((f"merge precision ≥ 0.99, recall ≥ 0.98 ({size})",
                     f"P {score['precision']:.4f}, R {score['recall']:.4f}",
                     _verdict(score["precision"] >= TARGETS["precision"] and score["recall"] >= TARGETS["recall"])))
        # like for like: our grouping (merge_posts less building the items) against MinHashLSH's grouping
        grouping = _get(result, "phases", "grouping")
        theirs = _get(result, "phases", "minhash", "best")
        if not grouping or not theirs:
            continue
        mine = grouping["seconds"]
        rows.append((f"ours faster than MinHashLSH at equal or better P/R ({size})",
                     f"grouping {mine:.2f} s, P {grouping['score']['precision']:.4f}, "
                     f"R {grouping['score']['recall']:.4f} vs {theirs['seconds']:.2f} s "
                     f"(MinHashLSH t={theirs['threshold']}: "
                     f"P {theirs['score']['precision']:.4f}, R {theirs['score']['recall']:.4f})",
                     _verdict(mine < theirs["seconds"]
                              and grouping["score"]["precision"] >= theirs["score"]["precision"]
                              and grouping["score"]["recall"] >= theirs["score"]["recall"])))
    site = _get(year, "site")
    rows.append(("year mkdocs build ≤ 3 min", f"{site['seconds']:.0f} s" if site and site.get("status") == 0
                 else "not measured", _verdict(site["seconds"] <= TARGETS["mkdocs"] if site and site.get("status") == 0
                                               else None)))
    for size, result in results.items():
        site = _get(result, "site")
        if site and "once" in site:
            found = ", ".join(str(n) for _, n in site["counts"])
            rows.append((f"search index holds each post's text once ({size})",
                         f"{len(site['counts'])} sentences found {found} times", _verdict(site["once"])))
    return rows


def markdown(results: dict[str, dict], command: str) -> str:
    sizes = list(results)
    lines = ["# Benchmark: a year of snapshots", "",
             f"`{command}` — {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, commit {_commit()}, "
             f"Python {platform.python_version()}, {os.cpu_count()} CPUs. Corpus: bench/corpus.py, seed "
             f"{_get(results[sizes[0]], 'seed', default=7) if sizes else 7}, 24 snapshots a day, 40 posts shown.", "",
             "## Targets", "", "| target | measured | verdict |", "| --- | --- | --- |"]
    lines += [f"| {t} | {m} | {v} |" for t, m, v in targets(results)]
    lines += ["", "## Figures", "", "| figure | " + " | ".join(sizes) + " |", "| --- |" + " --- |" * len(sizes)]
    for label, show in FIGURES:
        lines.append(f"| {label} | " + " | ".join(_cell(show, results[s]) for s in sizes) + " |")
    phase_names = list(dict.fromkeys(n for s in sizes for n, _ in _get(results[s], "phases", "phases", default=[])))
    if phase_names:
        lines += ["", "## Phases of the build (in-process, seconds)", "",
                  "| phase | " + " | ".join(sizes) + " |", "| --- |" + " --- |" * len(sizes)]
        for name in phase_names + ["total"]:
            cells = []
            for s in sizes:
                got = dict(_get(results[s], "phases", "phases", default=[]))
                value = _get(results[s], "phases", "total") if name == "total" else got.get(name)
                cells.append("" if value is None else f"{value:.2f}")
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    for s in sizes:
        runs = _get(results[s], "phases", "minhash", "runs")
        if runs:
            lines += ["", f"## MinHashLSH by threshold ({s})", "", "| threshold | seconds | precision | recall | F1 |",
                      "| --- | --- | --- | --- | --- |"]
            lines += [f"| {r['threshold']} | {r['seconds']:.2f} | {r['score']['precision']:.4f} | "
                      f"{r['score']['recall']:.4f} | {r['f1']:.4f} |" for r in runs]
        errors = _get(results[s], "phases", "quality", "errors")
        if errors and (errors["split"] or errors["merged"]):
            lines += ["", f"## Merge errors, examples ({s})", ""]
            lines += [f"- split: {' / '.join(h)}" for h in errors["split"]]
            lines += [f"- merged: {' / '.join(h)}" for h in errors["merged"]]
        profile = _get(results[s], "phases", "profile")
        if profile:
            lines += ["", f"## Profile of the in-process build ({s}), by own time", "", "```",
                      *[line for line in profile.splitlines() if line.strip()][-30:], "```"]
        if _get(results[s], "phases_error"):
            lines += ["", f"Phases run failed ({s}): `{results[s]['phases_error'][-300:]}`"]
    return "\n".join(lines) + "\n"


def _mb(n: float | None) -> str:
    return "" if n is None else f"{n:.0f}"


FIGURES = (
    ("snapshots", lambda r: f"{r['snapshots']:,}"),
    ("snapshot text (MB)", lambda r: f"{r['text_bytes'] / 1e6:.1f}"),
    ("distinct posts / occurrences", lambda r: f"{r['posts']:,} / {r['occurrences']:,}"),
    ("corpus generated in (s)", lambda r: "cached" if r["generated_seconds"] is None else f"{r['generated_seconds']:.1f}"),
    ("cold build (s)", lambda r: _secs(Run(**r["cold"]))),
    ("peak memory, cold build (MB)", lambda r: _mb(r["cold"]["peak_mb"])),
    ("throughput (MB/s of snapshot text)", lambda r: f"{r['text_bytes'] / 1e6 / r['cold']['seconds']:.2f}"
     if r["cold"]["status"] == 0 else ""),
    ("rebuild after one new snapshot (s)", lambda r: _secs(Run(**r["rebuild"])) if "rebuild" in r else ""),
    ("posts seen / items (build report)", lambda r: f"{r['phases']['report']['posts']:,} / "
     f"{r['phases']['report']['items']:,}" if "phases" in r else ""),
    ("build warnings", lambda r: str(len(r["phases"]["warnings"])) if "phases" in r else ""),
    ("reader alignment: occurrences off the truth", lambda r: str(r["phases"]["quality"]["unaligned_count"])
     if "phases" in r else ""),
    ("corpus: distinct posts overlapping like one post (pairs)", lambda r: str(
        r["phases"]["corpus"]["indistinct_pairs"]) if "phases" in r else ""),
    ("merge precision / recall (ours)", lambda r: "{precision:.4f} / {recall:.4f}".format(
        **r["phases"]["quality"]["score"]) if "phases" in r else ""),
    ("true posts split / items merging posts", lambda r: "{split} / {merged}".format(
        **r["phases"]["quality"]["score"]) if "phases" in r else ""),
    ("merge_posts time (s)", lambda r: f"{dict(r['phases']['phases']).get('merge_posts', 0):.2f}" if "phases" in r
     else ""),
    ("MinHashLSH best: threshold, P / R, time (s)", lambda r: "{t}, {p:.4f} / {rc:.4f}, {s:.2f}".format(
        t=r["phases"]["minhash"]["best"]["threshold"], p=r["phases"]["minhash"]["best"]["score"]["precision"],
        rc=r["phases"]["minhash"]["best"]["score"]["recall"], s=r["phases"]["minhash"]["best"]["seconds"])
     if "phases" in r else ""),
    ("MinHashLSH best: signatures + LSH (s)", lambda r: "{p:.2f} + {l:.2f}".format(
        p=r["phases"]["minhash"]["prepare_seconds"],
        l=r["phases"]["minhash"]["best"]["seconds"] - r["phases"]["minhash"]["prepare_seconds"])
     if "phases" in r else ""),
    ("ours, grouping only (like for like with MinHashLSH): time (s), P / R", lambda r: "{s:.2f}, {p:.4f} / {rc:.4f}"
     .format(s=r["phases"]["grouping"]["seconds"], p=r["phases"]["grouping"]["score"]["precision"],
             rc=r["phases"]["grouping"]["score"]["recall"]) if "phases" in r else ""),
    ("mkdocs build (s)", lambda r: f"{r['site']['seconds']:.1f}" + ("" if r["site"]["status"] == 0 else " (failed)")
     if "site" in r else ""),
    ("mkdocs warnings", lambda r: str(r["site"]["warnings"]) if "site" in r else ""),
    ("search index (MB, documents)", lambda r: f"{r['site']['bytes'] / 1e6:.1f}, {r['site']['documents']:,}"
     if "bytes" in r.get("site", {}) else ""),
)


def _cell(show, result: dict) -> str:
    try:
        return show(result)
    except (KeyError, TypeError, ZeroDivisionError):
        return ""


def _commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "generator"], cwd=ROOT, capture_output=True,
                               text=True).stdout
        return head.strip() + (" (generator/ modified)" if dirty.strip() else "")
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python bench/bench.py", description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=(*corpus.SIZES, "all"), default="all")
    parser.add_argument("--out", type=Path, default=RESULTS, help="Markdown results file")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=900, help="seconds a build may take before it is stopped")
    parser.add_argument("--no-site", action="store_true", help="skip the mkdocs build")
    parser.add_argument("--profile", action="store_true", help="profile the in-process build (cProfile)")
    parser.add_argument("--phases", nargs=4, metavar=("SNAPSHOTS", "OUT", "TRUTH", "RESULT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phases:
        snapshots, out, truth, result = map(Path, args.phases)
        phases_child(snapshots, out, truth, result, args.profile)
        return 0
    sizes = list(corpus.SIZES) if args.size == "all" else [args.size]
    results = {}
    for size in sizes:
        results[size] = bench_size(size, args.seed, args.timeout, not args.no_site, args.profile)
        results[size]["seed"] = args.seed
    command = "python bench/bench.py " + " ".join(argv if argv is not None else sys.argv[1:])
    text = markdown(results, command.strip())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
