"""A cache of read snapshots, keyed by content: a rebuild reads only the snapshots it has not seen.

One file (`snapshots.pickle` in the cache folder) holds, per snapshot content hash, the lines that
furniture learning looks at and the page the reader made of it (for a given configuration, learned
furniture and capture time). Pickle keeps each distinct string once, so the file stays small for
hourly snapshots that repeat each other. The folder is safe to delete; a cache that cannot be read
(made by other code or another configuration, a damaged file) is ignored and rebuilt. It is a local file: do not load one from
someone you do not trust.
"""
from __future__ import annotations

import hashlib
import logging
import pickle
from dataclasses import replace
from pathlib import Path

from .models import Page, Snapshot
from .writer import atomic_write

log = logging.getLogger(__name__)
VERSION = 1
"""Bumped whenever the cached records change shape."""
FILE = "snapshots.pickle"


def fingerprint(*parts: object) -> str:
    """A short stable hash of the reprs of the given values."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def code_fingerprint() -> str:
    """A hash of the generator's own source: a cache made by other code is not trusted."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".txt")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class SnapshotCache:
    """Edges and pages of snapshots already read, by content hash; an empty cache when `folder` is None."""

    def __init__(self, folder: Path | None, config_key: str):
        self.path = folder / FILE if folder else None
        self.config_key = config_key
        self.stats: dict[str, tuple[int, int, str]] = {}
        self.edges: dict[str, tuple] = {}
        self.pages: dict[tuple, Page] = {}
        self.used_edges: set[str] = set()
        self.used_pages: set[tuple] = set()
        self.changed = False
        if self.path and self.path.exists():
            self._load()

    def _load(self) -> None:
        try:
            with open(self.path, "rb") as f:
                data = pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError) as e:
            log.warning("cache %s unreadable (%s); reading every snapshot again", self.path, e)
            return
        if not isinstance(data, dict) or data.get("version") != VERSION or data.get("config") != self.config_key:
            return  # another version or another configuration: start afresh
        self.stats, self.edges, self.pages = data["stats"], data["edges"], data["pages"]

    def content_hash(self, snapshot: Snapshot) -> str:
        """The snapshot file's SHA-256, from the cache while its size and modification time are unchanged."""
        st = snapshot.path.stat()
        known = self.stats.get(snapshot.name)
        if known and known[:2] == (st.st_size, st.st_mtime_ns):
            return known[2]
        digest = hashlib.sha256(snapshot.path.read_bytes()).hexdigest()
        self.stats[snapshot.name] = (st.st_size, st.st_mtime_ns, digest)
        self.changed = True
        return digest

    def get_edges(self, content: str):
        self.used_edges.add(content)
        return self.edges.get(content)

    def put_edges(self, content: str, edges) -> None:
        self.edges[content] = edges
        self.used_edges.add(content)
        self.changed = True

    def get_page(self, key: tuple, snapshot: Snapshot) -> Page | None:
        """The cached page for this content and reading, given the current snapshot's name."""
        self.used_pages.add(key)
        page = self.pages.get(key)
        if page is None:
            return None
        if page.snapshot.name != snapshot.name:
            page = replace(page, posts=tuple(replace(p, snapshot=snapshot.name) for p in page.posts))
        return replace(page, snapshot=snapshot)

    def put_page(self, key: tuple, page: Page) -> None:
        self.pages[key] = page
        self.used_pages.add(key)
        self.changed = True

    def save(self) -> None:
        """Write the cache, keeping only what this build used."""
        if self.path is None:
            return
        stale = len(self.edges) - len(self.used_edges) + len(self.pages) - len(self.used_pages)
        if not self.changed and stale == 0:
            return
        data = {"version": VERSION, "config": self.config_key, "stats": self.stats,
                "edges": {k: v for k, v in self.edges.items() if k in self.used_edges},
                "pages": {k: v for k, v in self.pages.items() if k in self.used_pages}}
        try:
            atomic_write(self.path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError as e:
            log.warning("cache %s not written: %s", self.path, e)
