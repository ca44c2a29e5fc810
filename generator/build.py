"""The build, in one straight line: read → extract → merge → date → themes → render → write."""
from __future__ import annotations

import gc
import hashlib
import logging
import sys
from contextlib import contextmanager, nullcontext
from copy import copy
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from tqdm import tqdm

from .cache import FileHashes, Memo, Pack, SnapshotCache
from .carry import Carry, identity
from .config import Config, Reading
from .dates import arrange_days, date_items
from .errors import BuildError, SnapshotError
from .furniture import Edges, Furniture, learn
from .merge import merge_posts, merge_summaries
from .models import Digest, Page, Post, Snapshot
from .parallel import Workers
from .readers import READERS
from .render import render
from .snapshots import decode, find_snapshots, format_of, read_manifest, record_hash
from .themes import assign_themes, remembered_analyses
from .writer import write

log = logging.getLogger(__name__)
COLLECTION_THRESHOLDS = (10_000, 50, 50)
"""Allocations between two young collections, and young (then middle) collections between two older ones."""
PROGRESS_FROM = 20
"""Show a progress bar when reading at least this many snapshots."""


@dataclass(frozen=True)
class Report:
    """What a build did, for the closing summary."""

    read: int
    """Snapshots read."""
    skipped: tuple[tuple[str, str], ...]
    """Snapshots skipped, with the reason."""
    posts: int
    """Posts seen across all snapshots."""
    items: int
    """Items after merging."""
    days: int
    """Days in the digest."""
    undated: int
    """Items with no day."""
    written: int
    """Files written or changed."""
    removed: int
    """Stale files removed."""
    furniture: tuple[tuple[str, int], ...] = ()
    """Lines removed, by the mechanism that removed them (configured patterns, learned, reading rules)."""
    learned: tuple[str, ...] = ()
    """The lines furniture learning found, as compared (case-folded)."""


@dataclass(frozen=True)
class Extraction:
    """What reading the snapshots gave."""

    pages: list[Page]
    """One per snapshot read."""
    skipped: list[tuple[str, str]]
    """Snapshots that could not be read, with the reason."""
    learned: frozenset[str]
    """Lines learned as furniture."""
    furniture: tuple[tuple[str, int], ...] = ()
    """Lines removed, by mechanism."""
    identities: tuple[str, ...] = ()
    """What makes each page the same page for the merge (see `carry.identity`), one per page."""


def build(snapshots: Path, out: Path, config: Config, cache: Path | None = None, url: str | None = None) -> Report:
    """Build the digest of the snapshots in `snapshots` into `out` (reusing what `cache` remembers).

    With `url`, only the web-archive records of that address are read.
    """
    with fewer_collections():
        return _build(snapshots, out, config, cache, url)


@contextmanager
def fewer_collections():
    """Python's cycle collector run less often while building.

    A build makes millions of small records that live to its end and almost never form cycles; at the
    default thresholds the collector walks all of them again and again (a fifth of a year's build).
    """
    global _freezing
    before, was_freezing = gc.get_threshold(), _freezing
    _freezing = gc.get_freeze_count() == 0  # a caller's own frozen objects are left as they are, and so is the rest
    gc.set_threshold(*COLLECTION_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if _freezing:  # what `no_collections` froze, and is still alive, is the collector's again
            gc.unfreeze()
        _freezing = was_freezing


_freezing = False
"""Whether `no_collections` freezes what is alive: only inside a build that found nothing frozen."""


@contextmanager
def no_collections():
    """Python's cycle collector off: while the cache is loaded and in the phases after reading, which make
    records, texts and JSON data, none of them in cycles (a tenth of a year's rebuild went to walking them).
    Reading keeps it on: an HTML reader's parse trees are cycles, which must not pile up over a folder.

    On the way out, what is alive is frozen (left out of collections until the build ends, see
    `fewer_collections`, which allows it when nothing was frozen before): else the first collection after it
    walks every record made meanwhile, all of them young (half a second of a year's rebuild)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if _freezing:
                gc.freeze()
            gc.enable()


def _build(snapshots: Path, out: Path, config: Config, cache: Path | None, url: str | None) -> Report:
    manifest = read_manifest(snapshots)
    reading = replace(config.reading, timezone=manifest.timezone or config.reading.timezone)
    found = find_snapshots(snapshots, manifest, reading.timezone, url)
    remembered = SnapshotCache(cache, reading)
    with no_collections():
        pack, hashes = Pack(remembered, snapshots), FileHashes(cache, snapshots)
    extraction = extract(found, reading, remembered, pack=pack, hashes=hashes)
    pages, skipped = extraction.pages, extraction.skipped
    if not pages:
        reasons = "; ".join(f"{name}: {why}" for name, why in skipped) or "the folder holds no *.txt or *.html file"
        raise BuildError(f"no snapshot could be read in {snapshots} ({reasons})")
    _refuse_emptying_rule(pages, reading, extraction.learned)
    with no_collections():  # from here on, records, texts and JSON data: none in cycles
        merged = merge_posts(pages, config.matching, Memo(cache, "merge", config.matching, snapshots),
                             Memo(cache, "near", config.matching, snapshots, raw=True),
                             Carry(Memo(cache, "items", config.matching, snapshots), extraction.identities))
        items = date_items(merged, reading.timezone)
        # the manifest names the blog; else the blog's own page title; the configuration's only as a last resort
        title = manifest.title or page_title(pages) or config.title or "Live blog digest"
        analysed = remembered_analyses(items, config.theming, Memo(cache, "themes", config.theming, snapshots))
        items, themes = assign_themes(items, config.theming, title, analysed)
        summaries = merge_summaries(pages, config.matching)
        days, undated, undated_summary = arrange_days(items, summaries, pages, reading.timezone)
        if undated:
            log.warning("%d items have no day: no capture time for %s (add them to snapshots.yml)", len(undated),
                        ", ".join(sorted(p.snapshot.name for p in pages if p.snapshot.captured_at is None)))
        digest = Digest(title, themes, days, undated, undated_summary, tuple(p.snapshot for p in pages))
        rendered = render(digest, reading.timezone, config.site, Memo(cache, "render", config.site, snapshots))
        done = write(out, rendered)
        remembered.save()
        return Report(len(pages), tuple(skipped), sum(len(p.posts) for p in pages), len(items), len(days),
                      len(undated), len(done.written), len(done.removed), extraction.furniture,
                      tuple(sorted(extraction.learned)))


def page_title(pages: list[Page]) -> str | None:
    """The title the blog's pages carry most often (the latest capture's on a tie)."""
    titles = Counter(p.title for p in pages if p.title)
    if not titles:
        return None
    latest = {p.title: p.snapshot.captured_at or datetime.min.replace(tzinfo=timezone.utc) for p in pages if p.title}
    return max(titles, key=lambda t: (titles[t], latest[t], t))


def _refuse_emptying_rule(pages: list[Page], reading: Reading, learned: frozenset[str]) -> None:
    """A configured furniture rule that left no post and no summary in any snapshot is an error naming it.

    The previous output stays as it is: a rule that matches everything would otherwise replace the site
    with an empty digest.
    """
    if any(page.posts or page.summary for page in pages):
        return
    furniture = Furniture(reading, learned)
    rules = Counter(why for page in pages for text in page.furniture if (why := furniture.why(text)))
    rule = next((name for name, _ in rules.most_common() if name != "learned"), None)
    if rule is not None:
        raise BuildError(f"the configuration's {rule} removed every line of every snapshot "
                         f"({rules[rule]:,} lines): no post and no summary is left; nothing was written")


def extract(found: list[Snapshot], reading: Reading, cache: SnapshotCache | None = None,
            jobs: int | None = None, pack: Pack | None = None, hashes: FileHashes | None = None) -> Extraction:
    """Each snapshot read by the reader of its format; the unreadable ones named with their reason.

    Its jobs, in order: hash each snapshot (and skip what cannot be read), learn the furniture from
    the edges of every snapshot, read each snapshot with it, and estimate the capture times that the
    manifest and the file names do not give. Snapshots the cache has seen (same content,
    configuration, learned furniture and capture time) are not read again: their edges and pages come
    from the pack of the last build when it has them, else from the cache's entries. A file whose status
    is as `hashes` remembers it is not hashed again.
    """
    cache = cache or SnapshotCache(None)
    pack = pack or Pack(cache)
    cache.entries = pack.path is None  # a pack keeps what this build reads: no file per snapshot besides
    readable, skipped = hashed(found, hashes)
    with Workers(_Reading, (reading, cache), len(readable), jobs) as workers:  # one pool for both passes
        edges, unreadable = watched_edges(readable, reading, cache, workers, pack)
        failed_edges = {name for name, _ in unreadable}
        readable = [entry for entry in readable if entry[0].name not in failed_edges]
        learned = learn(edges, reading.learning)
        read, failed = read_all(readable, reading, learned, cache, workers, pack)
    content = {snapshot.name: hashed for snapshot, hashed in readable}
    by_key = {_edges_key(snapshot, content[snapshot.name]): seen for snapshot, seen in edges}
    if not pack.holds(by_key, read, learned):
        pack.save(by_key, read, learned)
    furniture = Furniture(reading, learned)
    skipped += unreadable + failed
    for _, page in read:
        _warn_if_empty(page)
    pages = [_estimate_capture(page) for _, page in read]
    learned_hash = hashlib.sha256("\n".join(sorted(learned)).encode()).hexdigest()
    identities = tuple(identity(cache.reading, key[0], learned_hash, key[3], page)
                       for (key, _), page in zip(read, pages))
    return Extraction(pages, skipped, learned, _tally(pages, furniture), identities)


MECHANISMS = ("configured patterns", "learned", "reading rules")
"""How a line can be found to be furniture: a pattern of the configuration, learning, or the reader's own rules
(datelines, edit times, lists of links, page footers, headings, card intros)."""


def _tally(pages: list[Page], furniture: Furniture) -> tuple[tuple[str, int], ...]:
    """How many furniture lines each mechanism removed."""
    counts = dict.fromkeys(MECHANISMS, 0)
    for page in pages:
        for text in page.furniture:
            why = furniture.why(text)
            counts["learned" if why == "learned" else "configured patterns" if why else "reading rules"] += 1
    return tuple(counts.items())


def hashed(found: list[Snapshot], hashes: FileHashes | None = None
           ) -> tuple[list[tuple[Snapshot, str]], list[tuple[str, str]]]:
    """Each snapshot with its content hash; those that cannot be read named with the reason."""
    hashes = hashes or FileHashes(None, None)
    readable, skipped = [], []
    for snapshot in _progress(found, "checking snapshots"):
        try:
            readable.append((snapshot, _content(hashes, snapshot)))
        except SnapshotError as e:
            log.warning("skipped %s", e)
            skipped.append((snapshot.name, e.reason))
    hashes.save()
    return readable, skipped


def watched_edges(readable: list[tuple[Snapshot, str]], reading: Reading, cache: SnapshotCache,
                  workers: Workers | None = None, pack: Pack | None = None
                  ) -> tuple[list[tuple[Snapshot, Edges]], list[tuple[str, str]]]:
    """What each snapshot's reader shows at its edges, read with the configured furniture alone."""
    pack = pack or Pack(cache)
    keys = [_edges_key(snapshot, content) for snapshot, content in readable]
    known = {key: seen for key in keys if key is not None and (seen := pack.edges(key)) is not None}
    todo = [entry for entry, key in zip(readable, keys) if key not in known]
    edges, skipped = [], []
    with _pool(workers, reading, cache, len(todo)) as pool:
        done = iter(_progress(pool.map(_edges_of, todo), "learning furniture", len(todo)))
        for (snapshot, content), key in zip(readable, keys):
            if key in known:
                edges.append((snapshot, known[key]))
                continue
            seen, why, used = next(done)
            cache.used.update(used)
            if why is not None:
                skipped.append((snapshot.name, why))
            elif seen is not None:
                edges.append((snapshot, seen))
    return edges, skipped


def _edges_key(snapshot: Snapshot, content: str) -> str | None:
    """What a pack keeps a snapshot's edges under: its content, and whether it has a capture time (relative
    post times are read from it); None for a format whose reader shows no edges."""
    if READERS[format_of(snapshot)].edges is None:
        return None
    return f"{content}:{'dated' if snapshot.captured_at is not None else 'undated'}"


def read_all(readable: list[tuple[Snapshot, str]], reading: Reading, learned: frozenset[str],
             cache: SnapshotCache, workers: Workers | None = None, pack: Pack | None = None
             ) -> tuple[list[tuple[tuple, Page]], list[tuple[str, str]]]:
    """Every snapshot read by its format's reader with the furniture (configured and learned), with the
    key it is remembered by.

    The snapshots are read by a pool of processes (one per core); the pages come back in the order of
    `readable` whichever finishes first, so the build is the same as one read in turn.
    """
    pack = pack or Pack(cache)
    lines = tuple(sorted(learned))
    keys = [(content, lines, snapshot.captured_at, format_of(snapshot)) for snapshot, content in readable]
    with no_collections():  # records made from the pack's data, in no cycles
        known = {n: page for n, ((snapshot, _), key) in enumerate(zip(readable, keys))
                 if (page := pack.page(key, snapshot)) is not None}
    todo = [(snapshot, key) for n, ((snapshot, _), key) in enumerate(zip(readable, keys)) if n not in known]
    pages, skipped = [], []
    with _pool(workers, reading, cache, len(todo)) as pool:
        done = iter(_progress(pool.map(_page_of, todo), "reading snapshots", len(todo)))
        for n, ((snapshot, _), key) in enumerate(zip(readable, keys)):
            if n in known:
                pages.append((key, known[n]))
                continue
            page, why, used = next(done)
            cache.used.update(used)
            if why is not None:
                skipped.append((snapshot.name, why))
            else:
                pages.append((key, page))
    return pages, skipped


def _pool(workers: Workers | None, reading: Reading, cache: SnapshotCache, size: int):
    """The build's workers, left running for its next pass; else workers for this pass alone."""
    return nullcontext(workers) if workers is not None else Workers(_Reading, (reading, cache), size)


class _Reading:
    """What reading needs in each process: the furniture (its verdicts remembered) and the cache."""

    def __init__(self, reading: Reading, cache: SnapshotCache):
        self.reading = reading
        self.configured = Furniture(reading)
        self.learned: dict[frozenset[str], Furniture] = {}
        self.zone = reading.learning.zone
        self.cache = copy(cache)  # its own record of the entries used, handed back item by item
        self.shared: dict = {}
        """Each text and card once: hourly snapshots repeat most of their posts word for word."""

    def share(self, page: Page) -> Page:
        """The page with each value it repeats from an earlier page the same object (less memory, and
        handed back once per batch)."""
        one = self.shared.setdefault
        posts = tuple(Post(p.snapshot, p.position, p.line, one(p.headline, p.headline), one(p.body, p.body),
                           one(p.labels, p.labels), p.published, p.byline and one(p.byline, p.byline),
                           one(p.cards, p.cards), p.kind, p.source_id) for p in page.posts)
        return replace(page, summary=one(page.summary, page.summary), posts=posts,
                       furniture=tuple(one(f, f) for f in page.furniture))

    def furniture(self, learned: frozenset[str]) -> Furniture:
        """The furniture with these lines learned, made once (it shares the configured verdicts)."""
        if not learned:
            return self.configured
        if learned not in self.learned:
            self.learned[learned] = Furniture(self.reading, learned, like=self.configured)
        return self.learned[learned]


def _edges_of(state: _Reading, entry: tuple[Snapshot, str]) -> tuple[Edges | None, str | None, tuple]:
    """One snapshot's edges (None for a format that teaches nothing), or why it cannot be read."""
    snapshot, content = entry
    reader = READERS[format_of(snapshot)]
    if reader.edges is None:
        return None, None, ()
    cache = state.cache
    cache.used = set()
    dated = snapshot.captured_at is not None
    seen = cache.get_edges(content, dated)
    if seen is None:
        try:
            seen = reader.edges(snapshot, decode(snapshot), state.configured, state.zone)
        except SnapshotError as e:
            log.warning("skipped %s", e)
            return None, e.reason, ()
        except MemoryError:
            raise
        except Exception as e:  # noqa: BLE001 (a reader's own failure: this snapshot is lost, not the build)
            return None, _failed(snapshot, e), ()
        cache.put_edges(content, seen, dated)
    return seen, None, tuple(cache.used)


def _page_of(state: _Reading, entry: tuple[Snapshot, tuple]) -> tuple[Page | None, str | None, tuple]:
    """One snapshot's page, from the cache or read afresh, or why it cannot be read."""
    snapshot, key = entry
    cache = state.cache
    cache.used = set()
    page = cache.get_page(key, snapshot)
    if page is None:
        try:
            page = READERS[format_of(snapshot)].read(snapshot, decode(snapshot, report=False),
                                                     state.furniture(frozenset(key[1])))
        except SnapshotError as e:
            log.warning("skipped %s", e)
            return None, e.reason, ()
        except MemoryError:
            raise
        except Exception as e:  # noqa: BLE001 (a reader's own failure: this snapshot is lost, not the build)
            return None, _failed(snapshot, e), ()
        cache.put_page(key, page)
    return state.share(page), None, tuple(cache.used)


def _failed(snapshot: Snapshot, error: Exception) -> str:
    """Why a snapshot whose reader failed is skipped, said as a warning: the build goes on without it."""
    reason = f"the {format_of(snapshot)} reader failed on it ({type(error).__name__}: {error})"
    log.warning("skipped %s: %s; the other snapshots are read (please report this with the file)", snapshot.name,
                reason)
    return reason


def _warn_if_empty(page: Page) -> None:
    """A snapshot that gave nothing, or whose text had lost its line breaks, is named with what was found."""
    name = page.snapshot.name
    if page.glued:
        log.warning("%s: %d line(s) held several paragraphs glued together (the copy lost its line breaks); "
                    "split back at sentence boundaries into %d summary paragraphs and %d posts", name, page.glued,
                    len(page.summary), len(page.posts))
    if not page.posts and not page.summary:
        log.warning("%s: no post and no summary found (title %r, %d lines of furniture): check it with "
                    "`python -m generator inspect`", name, page.title, len(page.furniture))
    elif not page.posts:
        log.warning("%s: no post found, only %d summary paragraphs: its posts may be in a shape the reader does "
                    "not know (see `python -m generator inspect`)", name, len(page.summary))


def _content(hashes: FileHashes, snapshot: Snapshot) -> str:
    try:
        return record_hash(snapshot) or hashes.content_hash(snapshot)
    except OSError as e:
        raise SnapshotError(snapshot.name, f"unreadable: {e.strerror or e}") from e


def _progress(snapshots, what: str, total: int | None = None):
    total = len(snapshots) if total is None else total
    return tqdm(snapshots, desc=what, unit="file", total=total, file=sys.stderr,
                disable=total < PROGRESS_FROM or None)


def _estimate_capture(page: Page) -> Page:
    """A page whose snapshot has no capture time takes its latest printed post time, if any."""
    printed = [post.published for post in page.posts if post.published]
    if page.snapshot.captured_at is not None or not printed:
        return page
    log.warning("%s: no capture time; using its latest post time, %s", page.snapshot.name, max(printed).isoformat())
    return replace(page, snapshot=replace(page.snapshot, captured_at=max(printed)))
