"""The benchmark of "A year of snapshots": `python bench/bench.py [--size week|quarter|year|heavy|all] [--out FILE]`.

For each size it generates the synthetic corpus (bench/corpus.py) into bench-cache/<size>-<seed>/, reused
while its parameters and the corpus code are unchanged, then measures, each build in a child process of
its own (peak memory is that child's maximum resident set, from os.wait4):

- the cold build (`python -m generator build`, output folder deleted first) and its throughput;
- the rebuild after one new snapshot (the next hour's, added to the folder, then taken out again), the median
  of three, each from the cache and output the cold build left;
- the time of each phase of `generator.build.build`, by wrapping the functions it calls;
- merge precision and recall, pairwise over post occurrences, against the corpus's truth;
- the same merge done with datasketch's MinHashLSH, for comparison;
- `mkdocs build` of the digest and its search index;
- search as a reader meets it, in headless Chromium (bench/search.py): the first query of a visit, later
  queries, and the bytes fetched until the first results;
- the feeds the cold build wrote, read back with a feed parser (bench/feeds.py): valid Atom with `rel="self"`,
  one per theme linked from its page, each entry a post's full text linking to it on its day page.

It prints a Markdown table with each target and writes it to the results file. The in-process measures
(phases, merge quality, MinHashLSH) are in bench/measure.py, the tables in bench/report.py.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402
import feeds  # noqa: E402
import report  # noqa: E402
import search  # noqa: E402
from measure import Run, phases_child  # noqa: E402
from report import format_run  # noqa: E402

CACHE = ROOT / "bench-cache"
RESULTS = ROOT / "bench-results" / "results.md"
PYTHON = sys.executable
REBUILDS = 3
"""Rebuilds after one new snapshot, each from the same cache and output: the median is reported (a machine's
speed varies from run to run)."""
SAMPLES = 12
"""Post sentences looked up in the search index."""
SAMPLE = 0.1
"""Seconds between two readings of a build's memory (all its processes)."""
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


# -- child processes -----------------------------------------------------------------------------------------

def run_child(command: list[str], timeout: float, log: Path) -> Run:
    """Run a command in a process group of its own; peak memory is the whole group's (its workers included).

    The group's memory is summed from /proc every SAMPLE seconds (see group_rss); os.wait4's peak of the
    largest single process is the least it reports (all there is where /proc cannot be read).
    """
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with open(log, "wb") as err:
        began = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err, env=env,
                                 start_new_session=True)
        status, usage, group_peak, sampled = None, None, 0, 0.0
        while True:
            pid, wait_status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                status = os.waitstatus_to_exitcode(wait_status)
                break
            if time.perf_counter() - began > timeout:
                os.killpg(child.pid, signal.SIGKILL)
                _, _, usage = os.wait4(child.pid, 0)
                break
            if time.perf_counter() - sampled >= SAMPLE:
                group_peak, sampled = max(group_peak, group_rss(child.pid)), time.perf_counter()
            time.sleep(0.02)
        seconds = time.perf_counter() - began
        child.returncode = status if status is not None else -9
    tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
    peak = max(group_peak, usage.ru_maxrss * 1024)  # the largest process alone, when sampling missed its peak
    return Run(seconds, peak / 2**20, status, tail, usage.ru_utime + usage.ru_stime)


def group_rss(group: int) -> int:
    """Bytes of memory the processes of a process group hold (0 where /proc is not there).

    Each process counts its proportional set size (memory it shares with another process, as a worker
    shares its parent's pages after a fork, counted once between them), else its resident size.
    """
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if len(fields) > 22 and int(fields[2]) == group:
                total += _proportional(stat.parent) or int(fields[21]) * PAGE
        except (OSError, IndexError, ValueError):
            continue  # ended meanwhile
    return total


def _proportional(process: Path) -> int | None:
    """A process's proportional set size in bytes, from /proc/PID/smaps_rollup (None where the system has none)."""
    try:
        for line in (process / "smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


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
    heavy = size in corpus.HEAVY
    stamp = {"days": days, "seed": seed, "per_day": 24, "visible": 40, "heavy": heavy, "code": _code_digest()}
    made = Corpus(size, days, seed, folder, None)
    try:
        if json.loads(made.stamp.read_text(encoding="utf-8")) == stamp:
            return made
    except (OSError, ValueError):
        pass
    shutil.rmtree(made.snapshots, ignore_errors=True)
    began = time.perf_counter()
    corpus.generate(made.snapshots, days=days, seed=seed, heavy=heavy)
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


def indexed_text(site: Path) -> tuple[str, int, int]:
    """The text search holds, its size in bytes and its documents: Pagefind's fragments where the site has
    them (the served build), else Material's lunr index."""
    fragments = sorted((site / "pagefind" / "fragment").glob("*.pf_fragment"))
    if fragments:
        pages = [json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd")) for f in fragments]
        size = sum(f.stat().st_size for f in (site / "pagefind").rglob("*") if f.is_file())
        return "\n".join(p.get("content", "") for p in pages), size, len(pages)
    index = site / "search" / "search_index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    return "\n".join(doc.get("text", "") for doc in data.get("docs", [])), index.stat().st_size, len(data["docs"])


def index_check(site: Path, out: Path) -> dict:
    """Search index size, and how often each of a few post sentences is in it (1 is right)."""
    text, size, documents = indexed_text(site)
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
    return {"bytes": size, "documents": documents, "counts": counts,
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
    print(f"[{size}] cold build: {format_run(cold)} ({cold.cpu:.1f} s of CPU), peak {cold.peak_mb:.0f} MB "
          f"(all processes)", flush=True)
    if cold.status != 0:
        return result
    result["feeds"] = feeds.check(out)
    print(f"[{size}] {report.feed_line(result['feeds'])}", flush=True)
    if site:
        result["site"] = bench_site(out, work, timeout)
        print(f"[{size}] mkdocs build: {result['site'].get('seconds', 0):.1f} s", flush=True)
        print(f"[{size}] {report.search_line(result['site'].get('search'))}", flush=True)
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
    again, seconds = rebuild(made, out, cache, timeout, logs)
    result["rebuild"], result["rebuild_runs"] = asdict(again), seconds
    print(f"[{size}] rebuild after one new snapshot: {format_run(again)} (median of "
          f"{', '.join(f'{s:.2f}' for s in seconds)} s)", flush=True)
    return result


def rebuild(made: Corpus, out: Path, cache: Path | None, timeout: float, logs: Path) -> tuple[Run, list[float]]:
    """Add the next hour's snapshot to the folder, build into the existing output, then take it out again;
    `REBUILDS` times, each from the output and cache the cold build left. The median run, and every run's time."""
    manifest = made.snapshots / "snapshots.yml"
    kept = manifest.read_bytes()
    stamp = made.stamp.read_bytes()
    saved = out.parent / "rebuild-saved"
    shutil.rmtree(saved, ignore_errors=True)
    folders = [folder for folder in (out, cache) if folder is not None]
    for folder in folders:
        shutil.copytree(folder, saved / folder.name, symlinks=True)
    made.stamp.unlink()  # if the bench dies half-way, the corpus is generated afresh next time
    runs = []
    try:
        for _ in range(REBUILDS):
            for folder in folders:  # the same starting point for every run
                shutil.rmtree(folder)
                shutil.copytree(saved / folder.name, folder, symlinks=True)
            name, _ = corpus.next_snapshot(made.snapshots, days=made.days, seed=made.seed,
                                           heavy=made.size in corpus.HEAVY)
            try:
                runs.append(run_child(build_command(made.snapshots, out, cache), timeout, logs / "rebuild.log"))
            finally:
                (made.snapshots / name).unlink()
                manifest.write_bytes(kept)
            if runs[-1].status != 0:
                break
    finally:
        made.stamp.write_bytes(stamp)
        shutil.rmtree(saved, ignore_errors=True)
    ordered = sorted(runs, key=lambda run: (run.status != 0, run.seconds))
    return ordered[(len(ordered) - 1) // 2] if runs[-1].status == 0 else runs[-1], [run.seconds for run in runs]


def bench_site(out: Path, work: Path, timeout: float) -> dict:
    config = mkdocs_config(out, work)
    shutil.rmtree(work / "site", ignore_errors=True)
    run = run_child([str(Path(PYTHON).parent / "mkdocs"), "build", "-f", str(config)], timeout,
                    work / "logs" / "mkdocs.log")
    found = {"seconds": run.seconds, "status": run.status, "peak_mb": run.peak_mb,
             "warnings": len(re.findall(r"^WARNING", run.stderr, re.M))}
    if run.status == 0:
        found.update(index_check(work / "site", out))
        found["search"] = search_figures(work / "site", out)
    else:
        found["error"] = run.stderr[-600:]
    return found


def search_figures(site: Path, out: Path) -> dict:
    """A reader's search in headless Chromium: the first query of a visit, later ones, bytes fetched."""
    words = search.pick_words(json.loads((out / "digest.json").read_text(encoding="utf-8")))
    try:
        return search.summary(search.measure(site, words))
    except Exception as error:  # no Chromium or Playwright here: the rest of the benchmark stands
        return {"error": f"{type(error).__name__}: {str(error)[:300]}"}


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
    text = report.write(results, command.strip(), args.out)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
