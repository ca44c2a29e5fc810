"""The benchmark's report: the targets table, the figures and phase tables, written as Markdown and JSON."""
from __future__ import annotations

import json
import os
import platform
import subprocess
import time
from pathlib import Path

from measure import Run

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {
    "cold": 30.0, "memory": 1536.0, "ratio": 4.4, "rebuild": 3.0, "precision": 0.99, "recall": 0.98, "mkdocs": 180.0,
}
COLD = {"year": 30.0, "heavy": 60.0}
"""Cold build target in seconds, per size: today's year, and the heavier year (variants in every capture)."""


def format_run(run: Run) -> str:
    if run.status is None:
        return f"stopped at {run.seconds:.0f} s"
    return f"{run.seconds:.2f} s" + ("" if run.status == 0 else f" (exit {run.status})")


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


# -- the targets --------------------------------------------------------------------------------------------

def targets(results: dict[str, dict]) -> list[tuple[str, str, str]]:
    """(target, measured, verdict) rows."""
    year, quarter = results.get("year"), results.get("quarter")
    rows = _speed_rows(results, year, quarter)
    for size, result in results.items():
        rows += _merge_rows(size, result)
    rows.append(_mkdocs_row(year))
    for size, result in results.items():
        rows += _index_rows(size, result)
    for size, result in results.items():
        rows += _search_rows(size, result)
    for size, result in results.items():
        rows += _feed_rows(size, result)
    return rows


def _feed_rows(size: str, result: dict) -> list[tuple[str, str, str]]:
    """The feeds the cold build wrote, read back (see feeds.py)."""
    found = _get(result, "feeds")
    row = (f"feeds: the site's and one per theme, valid Atom with rel=\"self\", each entry a post's full text "
           f"linking to its day page ({size})")
    if not found:
        return [(row, "not measured (no cold build)", "MISS")]
    return [(row, _feed_figures(found), _verdict(not found["problems"]))]


def feed_line(found: dict) -> str:
    """One line for the console: the feed check against its target."""
    return f"feeds: {_feed_figures(found)} ({_verdict(not found['problems'])})"


def _feed_figures(found: dict) -> str:
    problems = found["problems"]
    said = f"{len(problems)} problems, first: {problems[0]}" if problems else "no problem"
    return f"{found['feeds']} feeds, {found['entries']:,} entries, {said}"


def _speed_rows(results: dict[str, dict], year: dict | None, quarter: dict | None) -> list[tuple[str, str, str]]:
    """Each year's cold build time, peak memory and rebuild after one new snapshot; the quarter → year ratio."""
    rows = []
    for size, limit in COLD.items():
        result = results.get(size)
        if result is None and size != "year":
            continue
        cold = _ok_run(result, "cold")
        stopped = _get(result, "cold", "status", default=0) is None
        rows.append((f"{size} cold build ≤ {limit:.0f} s", f"{cold:.1f} s" if cold is not None else
                     ("over the time limit" if stopped else "not measured"),
                     _verdict(None if cold is None and not stopped else cold is not None and cold <= limit)))
        peak = _get(result, "cold", "peak_mb") if cold is not None else None
        rows.append((f"peak memory ≤ 1.5 GB ({size}, all processes)", f"{peak:.0f} MB" if peak else "not measured",
                     _verdict(None if peak is None else peak <= TARGETS["memory"])))
        again = _ok_run(result, "rebuild")
        rows.append((f"{size} rebuild after one new snapshot ≤ 3 s",
                     f"{again:.2f} s" if again is not None else "not measured",
                     _verdict(None if again is None else again <= TARGETS["rebuild"])))
    cold, q = _ok_run(year, "cold"), _ok_run(quarter, "cold")
    ratio = cold / q if cold and q else None
    rows.append(("quarter → year cold time ≤ 4.4×", f"{ratio:.2f}×" if ratio else "not measured",
                 _verdict(None if ratio is None else ratio <= TARGETS["ratio"])))
    return rows


def _merge_rows(size: str, result: dict) -> list[tuple[str, str, str]]:
    """One size's merge precision and recall, and our grouping against MinHashLSH's."""
    score = _get(result, "phases", "quality", "score")
    if not score:
        return []
    rows = [(f"merge precision ≥ 0.99, recall ≥ 0.98 ({size})",
             f"P {score['precision']:.4f}, R {score['recall']:.4f}",
             _verdict(score["precision"] >= TARGETS["precision"] and score["recall"] >= TARGETS["recall"]))]
    # like for like: our grouping (merge_posts less building the items) against MinHashLSH's grouping
    grouping = _get(result, "phases", "grouping")
    theirs = _get(result, "phases", "minhash", "best")
    if not grouping or not theirs:
        return rows
    mine = grouping["seconds"]
    rows.append((f"ours faster than MinHashLSH at equal or better P/R ({size})",
                 f"grouping {mine:.2f} s, P {grouping['score']['precision']:.4f}, "
                 f"R {grouping['score']['recall']:.4f} vs {theirs['seconds']:.2f} s "
                 f"(MinHashLSH t={theirs['threshold']}: "
                 f"P {theirs['score']['precision']:.4f}, R {theirs['score']['recall']:.4f})",
                 _verdict(mine < theirs["seconds"]
                          and grouping["score"]["precision"] >= theirs["score"]["precision"]
                          and grouping["score"]["recall"] >= theirs["score"]["recall"])))
    return rows


def _mkdocs_row(year: dict | None) -> tuple[str, str, str]:
    site = _get(year, "site")
    return ("year mkdocs build ≤ 3 min", f"{site['seconds']:.0f} s" if site and site.get("status") == 0
            else "not measured", _verdict(site["seconds"] <= TARGETS["mkdocs"] if site and site.get("status") == 0
                                          else None))


def _index_rows(size: str, result: dict) -> list[tuple[str, str, str]]:
    site = _get(result, "site")
    if site and "once" in site:
        found = ", ".join(str(n) for _, n in site["counts"])
        return [(f"search index holds each post's text once ({size})",
                 f"{len(site['counts'])} sentences found {found} times", _verdict(site["once"]))]
    return []


def _search_rows(size: str, result: dict) -> list[tuple[str, str, str]]:
    """A reader's search on the size's site: first query, later queries, bytes until the first results."""
    found = _get(result, "site", "search")
    if not found:
        return []
    if "error" in found:
        return [(f"search in Chromium ({size})", f"not measured: {found['error'][:120]}", "—")]
    first, later, verdicts = found["first"]["ms"], found["later_ms"], found["verdicts"]
    return [(f"search: first results of a visit ≤ 1 s ({size})", _ms(first), _verdict(verdicts["first"])),
            (f"search: later queries ≤ 200 ms ({size}, slowest of {len(found['later'])})", _ms(later),
             _verdict(verdicts["later"])),
            (f"search: ≤ 2 MB fetched for the first query, page included ({size})",
             f"{found['first_bytes'] / 1e6:.2f} MB (search {found['search_bytes'] / 1e6:.2f} MB)",
             _verdict(verdicts["bytes"]))]


def search_line(found: dict | None) -> str:
    """One line for the console: each search figure against its target."""
    if not found or "error" in found:
        return "search: not measured" + (f" ({found['error'][:120]})" if found else "")
    v = found["verdicts"]
    return (f"search: first query {_ms(found['first']['ms'])} (≤ 1 s {_verdict(v['first'])}), later "
            f"{_ms(found['later_ms'])} (≤ 200 ms {_verdict(v['later'])}), first query fetched "
            f"{found['first_bytes'] / 1e6:.2f} MB (≤ 2 MB {_verdict(v['bytes'])})")


def _ms(value: float | None) -> str:
    return "no results within the time limit" if value is None else f"{value:.0f} ms"


# -- the tables ---------------------------------------------------------------------------------------------

def markdown(results: dict[str, dict], command: str) -> str:
    sizes = list(results)
    lines = ["# Benchmark: a year of snapshots", "",
             f"`{command}` — {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, commit {_commit()}, "
             f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load average {_load()}. Corpus: bench/corpus.py, seed "
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


def _load() -> str:
    """The machine's load average over the last minute, five and fifteen (a shared machine slows every figure)."""
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _mb(n: float | None) -> str:
    return "" if n is None else f"{n:.0f}"


FIGURES = (
    ("snapshots", lambda r: f"{r['snapshots']:,}"),
    ("snapshot text (MB)", lambda r: f"{r['text_bytes'] / 1e6:.1f}"),
    ("distinct posts / occurrences", lambda r: f"{r['posts']:,} / {r['occurrences']:,}"),
    ("corpus generated in (s)", lambda r: "cached" if r["generated_seconds"] is None else f"{r['generated_seconds']:.1f}"),
    ("cold build (s)", lambda r: format_run(Run(**r["cold"]))),
    ("peak memory, cold build, all processes (MB)", lambda r: _mb(r["cold"]["peak_mb"])),
    ("CPU time of the cold build, all processes (s)", lambda r: f"{r['cold']['cpu']:.1f}" if "cpu" in r["cold"]
     else ""),
    ("throughput (MB/s of snapshot text)", lambda r: f"{r['text_bytes'] / 1e6 / r['cold']['seconds']:.2f}"
     if r["cold"]["status"] == 0 else ""),
    ("rebuild after one new snapshot (s)", lambda r: (format_run(Run(**r["rebuild"])) + (
        f" (median of {', '.join(f'{s:.2f}' for s in r['rebuild_runs'])})" if len(r.get("rebuild_runs", ())) > 1
        else "")) if "rebuild" in r else ""),
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
    ("search: first query / slowest later query (ms)", lambda r: "{} / {}".format(
        _ms(r["site"]["search"]["first"]["ms"]), _ms(r["site"]["search"]["later_ms"]))),
    ("search: fetched until the first results (MB, requests)", lambda r: "{:.2f}, {}".format(
        r["site"]["search"]["first_bytes"] / 1e6, r["site"]["search"]["requests"])),
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



def write(results: dict[str, dict], command: str, out: Path) -> str:
    """The Markdown report to `out` and the results beside it as JSON (`out` with .json); returns the Markdown."""
    text = markdown(results, command)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    return text
