"""Search as a reader meets it: from typing a word to the first results, and the bytes fetched, in headless Chromium.

`python bench/search.py SITE [WORD ...]` serves a built site on 127.0.0.1 (compressed as a static host such as
GitHub Pages compresses it) and, in a fresh browser context (nothing cached), opens the home page, types the
first word in the header's search box (whole, as if pasted: no keystroke before it has loaded anything) and
times the first results (the cold query of a visit), then the later words; three such visits, each query's figure the fastest of the three. Bytes are what the browser received
from opening the page until the first results, the page itself included. bench.py runs it on the benchmark's sites; tests/test_search_scale.py checks its targets.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import threading
from collections import Counter
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import partial
from io import BytesIO
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from statistics import median

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
FIRST_MS = 1000.0
"""Target: the first results of a visit within 1 s of the word being typed."""
LATER_MS = 200.0
"""Target: later queries within 200 ms."""
FIRST_BYTES = 2_000_000
"""Target: at most 2 MB fetched, page included, until the first results."""
VISITS = 3
"""Cold visits measured; each figure is the best of them."""
WAIT_MS = 60_000
"""How long a query may take before the measure gives up (the year's lunr index takes seconds)."""
COMPRESSED = {".html", ".js", ".css", ".json", ".xml", ".svg", ".txt", ".map"}
"""Suffixes a static host serves gzip-compressed; Pagefind's own files are compressed already."""
WORD = re.compile(r"[^\W\d_]{6,}")

TYPE_AND_WAIT = """async ([word, limit, settle]) => {
  // Waits for the answers to a previous word to stop arriving, puts the word in the box and times the
  // first results for it: hit links name the words they answer (Material's ?h= for highlighting), so a
  // late answer to the previous word is never taken for this one's.
  const input = document.querySelector("input.md-search__input");
  const list = document.querySelector(".md-search-result__list");
  const meta = document.querySelector(".md-search-result__meta");
  if (!input || !list) return {error: "no search box on the page"};
  if (settle) await new Promise(resolve => {
    let quiet = setTimeout(done, SETTLE);
    const calm = new MutationObserver(() => { clearTimeout(quiet); quiet = setTimeout(done, SETTLE); });
    const give_up = setTimeout(done, 10 * SETTLE);
    function done() { calm.disconnect(); clearTimeout(give_up); resolve(); }
    calm.observe(list, {childList: true});
  });
  const answers = () => [...list.querySelectorAll(":scope > .md-search-result__item:first-child a")]
    .some(link => new URL(link.href).searchParams.get("h") === word.toLowerCase());
  const began = performance.now();
  const shown = new Promise(resolve => {
    const seen = new MutationObserver(() => {
      if (answers()) { seen.disconnect(); resolve(performance.now() - began); }
    });
    seen.observe(list, {childList: true});
    setTimeout(() => { seen.disconnect(); resolve(null); }, limit);
  });
  input.value = word;
  input.dispatchEvent(new Event("input", {bubbles: true}));
  input.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true, key: word.slice(-1)}));
  const ms = await shown;
  const hits = [...list.querySelectorAll(":scope > .md-search-result__item")];
  const urls = hits.map(li => { const u = new URL(li.querySelector("a").href); u.search = ""; return `${u}`; });
  return {ms, meta: meta.textContent.trim(), urls};
}""".replace("SETTLE", "400")


@dataclass(frozen=True)
class Query:
    """One word typed and what came back."""

    word: str
    ms: float | None
    """From the whole word being in the box to the first result shown; None when none came within WAIT_MS."""
    results: tuple[str, ...]
    """Each hit's address, in the order shown (its own page, not its sections)."""
    meta: str
    """The line above the results (`3 matching documents`)."""


@dataclass(frozen=True)
class SearchRun:
    """A visit: the first query, the later ones, and the bytes received until the first results."""

    first: Query
    later: tuple[Query, ...]
    first_bytes: int
    """Bytes received from opening the page until the first results (bodies as sent, headers left out)."""
    search_bytes: int
    """The part of first_bytes that is search: the index, its worker, Pagefind's files."""
    requests: int

    @property
    def later_ms(self) -> float | None:
        """The slowest later query (None when one got no results)."""
        times = [q.ms for q in self.later]
        return None if not times or None in times else max(times)

    @property
    def later_median_ms(self) -> float | None:
        times = [q.ms for q in self.later if q.ms is not None]
        return median(times) if times else None

    def verdicts(self) -> dict[str, bool]:
        return {"first": self.first.ms is not None and self.first.ms <= FIRST_MS,
                "later": self.later_ms is not None and self.later_ms <= LATER_MS,
                "bytes": self.first_bytes <= FIRST_BYTES}


# -- serving ------------------------------------------------------------------------------------------------

class CompressingHandler(SimpleHTTPRequestHandler):
    """Static files, text ones gzip-compressed when the browser asks for it, as static hosts do."""

    cache: dict[str, bytes] = {}

    def log_message(self, format, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = path / "index.html"
        if not ("gzip" in self.headers.get("Accept-Encoding", "") and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        key = str(path)
        if key not in self.cache:
            self.cache[key] = gzip.compress(path.read_bytes(), compresslevel=6)
        body = self.cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return BytesIO(body)


class QuietServer(ThreadingHTTPServer):
    """A server that says nothing when a browser closes a connection it no longer needs."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(site: Path):
    """The site served on 127.0.0.1 on a free port; yields its address."""
    handler = type("Handler", (CompressingHandler,), {"cache": {}})
    server = QuietServer(("127.0.0.1", 0), partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# -- measuring ----------------------------------------------------------------------------------------------

def is_search(url: str) -> bool:
    """Whether a request is search's: the index, a search worker, Pagefind's files."""
    return bool(re.search(r"/(search/|pagefind/)|workers/search|search-worker", url))


def visit(browser, url: str, words: list[str], width: int = 1280) -> SearchRun:
    """Open the page in a fresh context, type each word in turn; the first is the cold query."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    received = {"bytes": 0, "search": 0, "requests": 0, "done": False}

    def finished(request):
        if received["done"]:
            return
        response = request.response()
        size = request.sizes()["responseBodySize"] if response else 0
        received["bytes"] += size
        received["requests"] += 1
        if is_search(request.url):
            received["search"] += size

    context.on("requestfinished", finished)
    page = context.new_page()
    try:
        page.goto(url, wait_until="load")
        if width < 960:  # at phone width the search box opens from the header's magnifier
            page.locator('label.md-header__button[for="__search"]').click()
        queries = []
        for n, word in enumerate(words):
            found = page.evaluate(TYPE_AND_WAIT, [word, WAIT_MS, n > 0])
            if "error" in found:
                raise RuntimeError(f"{url}: {found['error']}")
            if n == 0:
                received["done"] = True
            queries.append(Query(word, found["ms"], tuple(found["urls"]), found["meta"]))
    finally:
        context.close()
    return SearchRun(queries[0], tuple(queries[1:]), received["bytes"], received["search"], received["requests"])


@contextmanager
def chromium():
    """Headless system Chromium through Playwright."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def best_of(runs: list[SearchRun]) -> SearchRun:
    """Each query at its fastest over several cold visits (another process busy on the machine only ever
    slows a query down), and the most bytes any visit fetched."""
    def fastest(queries):
        return min(queries, key=lambda q: float("inf") if q.ms is None else q.ms)
    return SearchRun(fastest([r.first for r in runs]), tuple(fastest(qs) for qs in zip(*(r.later for r in runs))),
                     max(r.first_bytes for r in runs), max(r.search_bytes for r in runs),
                     max(r.requests for r in runs))


def measure(site: Path, words: list[str], width: int = 1280, visits: int = VISITS) -> SearchRun:
    """Cold visits to the built site, each searching the words in turn; each query at its fastest."""
    with serve(site) as url, chromium() as browser:
        return best_of([visit(browser, url, words, width) for _ in range(visits)])


def pick_words(digest: dict, count: int = 5) -> list[str]:
    """Words a reader might type: names and places each in a few of the digest's posts, then its commonest word."""
    items = [item for day in digest["days"] for item in day["items"]]
    where = Counter()
    for item in items:
        where.update({w.lower() for w in WORD.findall(" ".join((item["headline"], *item["body"])))})
    rare = sorted((n, w) for w, n in where.items() if 2 <= n <= max(3, len(items) // 200))
    if not rare:
        rare = sorted((n, w) for w, n in where.items())
    step = max(1, len(rare) // count)
    common = max(where, key=lambda w: (where[w], w))
    return [w for _, w in rare[::step][:count] if w != common] + [common]


def summary(run: SearchRun) -> dict:
    """The figures bench.py reports, with the verdict of each target."""
    return {**asdict(run), "later_ms": run.later_ms, "later_median_ms": run.later_median_ms,
            "verdicts": run.verdicts()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python bench/search.py", description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site (its folder holds digest.json)")
    parser.add_argument("words", nargs="*", help="words to type, the first cold (default: picked from digest.json)")
    parser.add_argument("--width", type=int, default=1280, help="viewport width in CSS pixels (360 for a phone)")
    args = parser.parse_args(argv)
    words = args.words or pick_words(json.loads((args.site / "digest.json").read_text(encoding="utf-8")))
    run = measure(args.site, words, args.width)
    print(json.dumps(summary(run), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
