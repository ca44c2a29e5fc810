"""Capture live-blog pages as snapshots: each saved byte for byte, named by capture time and content hash.

`capture()` fetches each URL (with a clear User-Agent, a timeout, and retries with exponential
backoff on 5xx answers and network errors, never on 4xx), sends the ETag and Last-Modified it
remembered for that URL so an unchanged page answers 304, and saves a page only when its content
is new, gzip-compressed: `2024-11-06T103000Z-<sha256 of the page, first 12>.html.gz`. Each saved
file gets its `captured_at`, `url` (and `final_url` after redirects) in the folder's `snapshots.yml`
(created if missing; comments, the `source` section and the other entries are kept; written through
a temporary file and os.replace).
What the server said about each URL (validators, content hash, file) is kept in `capture-state.json`
beside it. Both are updated under a lock on the folder, so captures running at the same time lose no
entry. URLs are written and printed without credentials (`fetch.redact`). No existing file is ever
overwritten. With `fetch.py`, this is the only code in the project that touches the network.
"""
from __future__ import annotations

import gzip
import hashlib
import http.client
import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

import yaml

from .errors import GeneratorError, SnapshotError
from .fetch import Answer, FetchError, fetch, problem, redact, scrub
from .snapshots import GZIP, MANIFEST, inflate, is_compressed
from .writer import FILE_MODE, atomic_write, folder_lock, umask

log = logging.getLogger(__name__)
VERSION = "0.1"
USER_AGENT = f"livedigest/{VERSION} (live-blog snapshot capture for a reading digest; hourly at most)"
"""Says what is asking; `--user-agent` adds a contact for site operators who read their logs."""
DEFAULT_TIMEOUT = 30.0
"""Seconds one attempt may take in all: connection, redirects and the whole answer."""
DEFAULT_RETRIES = 3
"""Further attempts after a 5xx answer or a network error."""
DEFAULT_BACKOFF = 2.0
"""Seconds before the first retry; each further retry waits twice as long."""
STATE_FILE = "capture-state.json"
"""Per URL: the ETag, Last-Modified, content hash and file of its last capture (commit it with the snapshots)."""
HASH_CHARS = 12
"""Characters of the SHA-256 hex digest in a file name."""
GZIP_LEVEL = 9
"""Pages are saved once and read on every build: the smallest file is worth the slower compression."""
ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
SAVED, UNCHANGED, FAILED = "saved", "unchanged", "failed"


@dataclass(frozen=True)
class CaptureResult:
    """What capturing one URL did, and why."""

    url: str
    """The URL asked for."""
    outcome: str
    """'saved', 'unchanged' (nothing new to save) or 'failed'."""
    reason: str
    """Why, in a few words (`HTTP 304 Not Modified`, `same content as …`, `HTTP 404`, `timed out after 5s` …)."""
    path: Path | None = None
    """The file saved, or the earlier capture it is the same as."""
    captured_at: datetime | None = None
    """When the answer came (UTC)."""
    status: int | None = None
    """HTTP status of the last answer, if any came."""
    final_url: str | None = None
    """Where redirects led."""
    attempts: int = 1
    """Requests made."""

    @property
    def ok(self) -> bool:
        """Whether the URL was captured or found unchanged."""
        return self.outcome != FAILED

    def describe(self) -> str:
        """One line for the command line: `saved URL -> FILE (HTTP 200)`."""
        where = f" -> {self.path.name}" if self.path is not None and self.outcome == SAVED else ""
        return f"{self.outcome} {self.url}{where} ({self.reason})"


def utc_now() -> datetime:
    """The current time, timezone-aware (UTC)."""
    return datetime.now(timezone.utc)


def capture(urls: Iterable[str], into: Path, *, timeout: float = DEFAULT_TIMEOUT, retries: int = DEFAULT_RETRIES,
            backoff: float = DEFAULT_BACKOFF, user_agent: str = USER_AGENT,
            now: Callable[[], datetime] = utc_now, sleep: Callable[[float], None] = time.sleep) -> list[CaptureResult]:
    """Save each URL's page into `into` unless it is unchanged; one result per URL, in order."""
    try:
        into.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise GeneratorError(f"{into}: cannot save snapshots there: {e.strerror or e}") from e
    results = []
    for url in urls:
        result = _capture_one(url, into, timeout=timeout, retries=retries, backoff=backoff, user_agent=user_agent,
                              now=now, sleep=sleep)
        log.info("%s", result.describe())
        results.append(result)
    return results


def _capture_one(url: str, into: Path, *, timeout: float, retries: int, backoff: float, user_agent: str,
                 now: Callable[[], datetime], sleep: Callable[[float], None]) -> CaptureResult:
    shown, bad = redact(url), problem(url)
    if bad:
        return CaptureResult(shown, FAILED, scrub(bad, url), attempts=0)
    known = read_state(into).get(shown, {})
    fetched = _fetch(url, known, timeout=timeout, retries=retries, backoff=backoff, user_agent=user_agent,
                     sleep=sleep)
    if isinstance(fetched, CaptureResult):
        return fetched
    moment = now().astimezone(timezone.utc).replace(microsecond=0)
    try:
        with folder_lock(into):  # other captures into this folder wait: no manifest or state entry is lost
            return _keep(shown, *fetched, into, moment)
    except OSError as e:
        return CaptureResult(shown, FAILED, f"not saved: {e.strerror or e}", status=fetched[0].status,
                             attempts=fetched[1])


def _keep(url: str, answer: Answer, attempts: int, into: Path, moment: datetime) -> CaptureResult:
    """Save the answer unless an earlier capture holds it; note it in the manifest and the state file."""
    state = read_state(into)
    known = state.get(url, {})
    final = redact(answer.final_url)
    found = dict(status=answer.status, final_url=final, attempts=attempts, captured_at=moment)
    earlier = into / known["file"] if known.get("file") else None
    if answer.status == 304:
        return CaptureResult(url, UNCHANGED, "HTTP 304 Not Modified", earlier, **found)
    digest = hashlib.sha256(answer.body).hexdigest()
    same = earlier if known.get("sha256") == digest and earlier.is_file() else _saved_with_hash(into, digest)
    if same is None:
        path = into / f"{moment:%Y-%m-%dT%H%M%SZ}-{digest[:HASH_CHARS]}{_extension(answer.content_type)}"
        try:
            _write_new(path, compressed(answer.body))
        except FileExistsError:
            return CaptureResult(url, FAILED, f"{path.name} already exists with other content; not overwritten",
                                 path, **found)
        entry = {"captured_at": moment.isoformat(), "url": url, **({"final_url": final} if final != url else {})}
        problem = add_to_manifest(into, {path.name: entry})
        reason = f"HTTP {answer.status}, {len(answer.body):,} bytes" + (f"; {problem}" if problem else "")
        result = CaptureResult(url, SAVED, reason, path, **found)
    else:
        result = CaptureResult(url, UNCHANGED, f"same content as {same.name}", same, **found)
    remembered = {"etag": answer.etag, "last_modified": answer.last_modified, "sha256": digest,
                  "file": result.path.name}
    if known != remembered:  # written only when it changes, so an idle run leaves the folder as it was
        write_state(into, {**state, url: remembered})
    return result


def _fetch(url: str, known: dict, *, timeout: float, retries: int, backoff: float, user_agent: str,
           sleep: Callable[[float], None]) -> tuple[Answer, int] | CaptureResult:
    """The server's answer (a 304 included), retrying 5xx and network errors; a failed result otherwise."""
    headers = {"User-Agent": user_agent, "Accept": ACCEPT}
    if known.get("etag"):
        headers["If-None-Match"] = known["etag"]
    if known.get("last_modified"):
        headers["If-Modified-Since"] = known["last_modified"]
    attempts, shown = max(0, retries) + 1, redact(url)
    for attempt in range(1, attempts + 1):
        status = None
        try:
            return fetch(url, headers, timeout), attempt
        except FetchError as e:
            status, why = e.status, scrub(e.reason, url)
            if not e.retry:
                return CaptureResult(shown, FAILED, why, status=status, attempts=attempt)
        except TimeoutError:
            why = f"timed out after {timeout:g}s"
        except (http.client.InvalidURL, ValueError) as e:  # UnicodeError is a ValueError
            return CaptureResult(shown, FAILED, f"bad URL: {scrub(str(e), url)}", attempts=attempt)
        except (OSError, http.client.HTTPException) as e:
            why = scrub(_network_reason(e, timeout), url)
        if attempt < attempts:
            sleep(backoff * 2 ** (attempt - 1))
    return CaptureResult(shown, FAILED, f"{why} (after {attempts} attempts)", status=status, attempts=attempts)


def _network_reason(error: Exception, timeout: float) -> str:
    reason = getattr(error, "reason", None) or error
    if isinstance(reason, TimeoutError):
        return f"timed out after {timeout:g}s"
    return f"network error: {reason}"


def _extension(content_type: str) -> str:
    """`.txt.gz` for a plain-text answer, `.html.gz` for anything else (the readers' two formats, compressed)."""
    return (".txt" if content_type == "text/plain" else ".html") + GZIP


def compressed(data: bytes) -> bytes:
    """The page gzip-compressed, the same bytes for the same page (no time or name in the header)."""
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def _saved_with_hash(folder: Path, digest: str) -> Path | None:
    """An earlier capture in the folder with exactly this content (found by the hash in its name)."""
    for path in sorted(folder.glob(f"*-{digest[:HASH_CHARS]}.*")):
        if path.is_file() and _content_hash(path) == digest:
            return path
    return None


def _content_hash(path: Path) -> str | None:
    """The SHA-256 of the page a saved file holds (inflated first when compressed); None if unreadable."""
    data = path.read_bytes()
    try:
        return hashlib.sha256(inflate(path.name, data) if is_compressed(path.name) else data).hexdigest()
    except SnapshotError:
        return None


def _write_new(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet: whole or not at all; FileExistsError if it is there."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            os.fchmod(out.fileno(), FILE_MODE & ~umask())
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.link(temp, path)  # atomic, and fails rather than replace an existing file
    finally:
        os.unlink(temp)


def read_state(folder: Path) -> dict[str, dict]:
    """What earlier captures remembered per URL; an unreadable state file is ignored with a warning."""
    path = folder / STATE_FILE
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        log.warning("%s: ignored (%s); every URL is fetched afresh", path, e)
        return {}
    return {url: entry for url, entry in data.items() if isinstance(entry, dict)} if isinstance(data, dict) else {}


def write_state(folder: Path, state: dict[str, dict]) -> None:
    atomic_write(folder / STATE_FILE, (json.dumps(state, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode(),
                 sync=True)


def add_to_manifest(folder: Path, entries: dict[str, dict[str, str]]) -> str | None:
    """Add entries under `snapshots:` in the folder's manifest, keeping the rest of it as written.

    Returns None, or why the manifest was left alone (it is not valid YAML, or not a mapping): the
    file names still carry the capture times.
    """
    path = folder / MANIFEST
    text = path.read_text(encoding="utf-8-sig") if path.exists() else ""
    try:
        updated = with_entries(text, entries)
    except (yaml.YAMLError, ValueError) as e:
        log.warning("%s: not updated: %s", path, e)
        return f"{MANIFEST} not updated: {e}"
    atomic_write(path, updated.encode(), sync=True)
    return None


def with_entries(text: str, entries: dict[str, dict[str, str]]) -> str:
    """The manifest text with entries added to its `snapshots` mapping (ValueError if it is not a mapping)."""
    block = yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=1000)
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None and not isinstance(root, yaml.MappingNode):
        raise ValueError("the manifest is not a mapping")
    node = next((v for k, v in root.value if k.value == "snapshots"), None) if root is not None else None
    if node is None:
        spacer = "" if not text or text.endswith("\n") else "\n"
        return f"{text}{spacer}snapshots:\n{_indent(block, 2)}"
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value \
            and not set(entries) & {k.value for k, _ in node.value}:
        column = node.value[0][0].start_mark.column
        lines = text.splitlines(keepends=True)
        at = len(lines) if node.end_mark.index >= len(text) else node.end_mark.line
        while at > node.start_mark.line + 1 and (not lines[at - 1].strip() or lines[at - 1].strip().startswith("#")):
            at -= 1  # after the last entry, not after comments that lead into the next section
        if at == len(lines) and lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        updated = "".join(lines[:at]) + _indent(block, column) + "".join(lines[at:])
        if _holds(updated, entries):
            return updated
    return _rewritten(text, entries)  # an unusual layout: rewrite it (its comments are lost)


def _holds(text: str, entries: dict[str, dict[str, str]]) -> bool:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return False
    snapshots = data.get("snapshots") if isinstance(data, dict) else None
    return isinstance(snapshots, dict) and all(snapshots.get(name) == entry for name, entry in entries.items())


def _rewritten(text: str, entries: dict[str, dict[str, str]]) -> str:
    data = yaml.safe_load(text) or {}
    snapshots = data.get("snapshots") if isinstance(data.get("snapshots"), dict) else {}
    data["snapshots"] = {**snapshots, **entries}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def _indent(block: str, spaces: int) -> str:
    return "".join(" " * spaces + line if line.strip() else line for line in block.splitlines(keepends=True))


def read_urls(path: Path) -> list[str]:
    """URLs listed in a file, one a line; blank lines and `#` comments are skipped."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
