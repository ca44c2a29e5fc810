"""Capturing pages: saved as fetched, named by time and hash, listed in the manifest, never saved twice."""
from __future__ import annotations

import gzip
import hashlib
import json
import socket
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import ROOT

from generator.capture import FAILED, SAVED, STATE_FILE, UNCHANGED, USER_AGENT, capture, read_urls
from generator.snapshots import decode, find_snapshots, read_manifest

T0 = datetime(2024, 11, 6, 10, 30, tzinfo=timezone.utc)
FAST = dict(timeout=2.0, retries=2, backoff=0.01)
SLOW_ANSWER = 1.0
"""Seconds the slow page takes, well beyond the timeout the test gives."""
LAST_MODIFIED = "Wed, 06 Nov 2024 09:00:00 GMT"
TRICKLE_BYTES = 100
"""Bytes (or headers) the trickling pages send, a tenth of a second apart: ten seconds in all."""


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime = T0):
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def tick(self, minutes: int = 10) -> None:
        self.moment += timedelta(minutes=minutes)


class Site:
    """A tiny live-blog server on 127.0.0.1: every request is recorded with its headers."""

    def __init__(self):
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.version = 1
        self.flaky_failures = 1
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                site.answer(self)

            def log_message(self, *args):
                pass  # keep the test output clean

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def hits(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.requests if p == path]

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        path = urlsplit(handler.path).path
        route = {
            "/live": self.live, "/etag": self.etag, "/modified": self.modified, "/flaky": self.flaky,
            "/slow": self.slow, "/moved": self.moved, "/missing": self.missing, "/plain": self.plain,
            "/trickle": self.trickle, "/trickle-headers": self.trickle_headers, "/to-ftp": self.to_ftp,
            "/to-file": self.to_file, "/loop": self.loop, "/png": self.png, "/json": self.json,
            "/disguised": self.disguised, "/numbered": self.numbered,
        }.get(path, self.missing)
        try:
            route(handler)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the slow page)

    @staticmethod
    def send(handler, status: int, body: bytes = b"", content_type: str = "text/html; charset=utf-8",
             **headers: str) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            handler.send_header(name.replace("_", "-"), value)
        handler.end_headers()
        handler.wfile.write(body)

    def page(self) -> bytes:
        return f"<html><body><h3>Update {self.version}</h3><p>Ferry news, version {self.version}.</p></body></html>"\
            .encode()

    def live(self, handler) -> None:
        """Changes whenever the test bumps `version`; no validators."""
        self.send(handler, 200, self.page())

    def etag(self, handler) -> None:
        tag = f'"v{self.version}"'
        if handler.headers.get("If-None-Match") == tag:
            self.send(handler, 304, ETag=tag)
        else:
            self.send(handler, 200, self.page(), ETag=tag)

    def modified(self, handler) -> None:
        if handler.headers.get("If-Modified-Since") == LAST_MODIFIED:
            self.send(handler, 304)
        else:
            self.send(handler, 200, b"<html><p>Dated page</p></html>", Last_Modified=LAST_MODIFIED)

    def flaky(self, handler) -> None:
        if self.flaky_failures:
            self.flaky_failures -= 1
            self.send(handler, 500, b"oops")
        else:
            self.send(handler, 200, b"<html><p>Back again</p></html>")

    def slow(self, handler) -> None:
        time.sleep(SLOW_ANSWER)
        self.send(handler, 200, b"<html><p>Too late</p></html>")

    def moved(self, handler) -> None:
        self.send(handler, 302, Location="/live")

    def missing(self, handler) -> None:
        self.send(handler, 404, b"not here")

    @staticmethod
    def trickle(handler) -> None:
        """A page that never ends: one byte every tenth of a second."""
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        for _ in range(TRICKLE_BYTES):
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.1)

    @staticmethod
    def trickle_headers(handler) -> None:
        """Headers that never end: one more every tenth of a second."""
        handler.send_response(200)
        for n in range(TRICKLE_BYTES):
            handler.send_header(f"X-Slow-{n}", "1")
            handler.flush_headers()
            time.sleep(0.1)

    def to_ftp(self, handler) -> None:
        self.send(handler, 302, Location="ftp://127.0.0.1/secret.html")

    def to_file(self, handler) -> None:
        self.send(handler, 301, Location="file:///etc/passwd")

    def loop(self, handler) -> None:
        self.send(handler, 302, Location="/loop")

    def png(self, handler) -> None:
        self.send(handler, 200, b"\x89PNG\r\n\x1a\n" + bytes(64), content_type="image/png")

    def json(self, handler) -> None:
        self.send(handler, 200, b'{"posts": []}', content_type="application/json")

    def disguised(self, handler) -> None:
        self.send(handler, 200, b"\x89PNG\r\n\x1a\n" + bytes(64), content_type="text/html")

    def numbered(self, handler) -> None:
        self.send(handler, 200, f"<html><p>Page {handler.path}</p></html>".encode())

    def plain(self, handler) -> None:
        self.send(handler, 200, b"A plain-text scrape\nLine two\n", content_type="text/plain; charset=utf-8")


@pytest.fixture
def site():
    server = Site()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()
    server.thread.join(timeout=5)


def manifest_entries(folder: Path) -> dict:
    return yaml.safe_load((folder / "snapshots.yml").read_text(encoding="utf-8"))["snapshots"]


def snapshot_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".html.gz", ".txt.gz", ".html", ".txt")))


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_changing_page_is_saved_each_time_it_changes_and_only_then(site, tmp_path):
    clock = Clock()
    [first] = capture([f"{site.base}/live"], tmp_path, now=clock, **FAST)
    body = gzip.decompress((tmp_path / first.path.name).read_bytes())
    assert first.outcome == SAVED and first.status == 200
    assert first.path.name == f"2024-11-06T103000Z-{sha(body)[:12]}.html.gz"
    assert body == site.page()  # saved as it came, byte for byte, compressed
    clock.tick()
    [again] = capture([f"{site.base}/live"], tmp_path, now=clock, **FAST)
    assert (again.outcome, again.reason) == (UNCHANGED, f"same content as {first.path.name}")
    site.version = 2
    clock.tick()
    [changed] = capture([f"{site.base}/live"], tmp_path, now=clock, **FAST)
    assert changed.outcome == SAVED and changed.path.name.startswith("2024-11-06T105000Z-")
    assert snapshot_files(tmp_path) == sorted([first.path.name, changed.path.name])
    assert manifest_entries(tmp_path) == {
        first.path.name: {"captured_at": "2024-11-06T10:30:00+00:00", "url": f"{site.base}/live"},
        changed.path.name: {"captured_at": "2024-11-06T10:50:00+00:00", "url": f"{site.base}/live"},
    }


def test_the_user_agent_is_sent(site, tmp_path):
    capture([f"{site.base}/live"], tmp_path, **FAST)
    [headers] = site.hits("/live")
    assert headers["user-agent"] == USER_AGENT
    assert USER_AGENT.startswith("livedigest/0.1 (live-blog snapshot capture")


def test_etag_is_sent_back_and_304_saves_nothing(site, tmp_path):
    clock = Clock()
    [first] = capture([f"{site.base}/etag"], tmp_path, now=clock, **FAST)
    clock.tick()
    [second] = capture([f"{site.base}/etag"], tmp_path, now=clock, **FAST)
    assert first.outcome == SAVED
    assert (second.outcome, second.status, second.reason) == (UNCHANGED, 304, "HTTP 304 Not Modified")
    assert second.path == first.path  # the capture it is the same as
    assert [h.get("if-none-match") for h in site.hits("/etag")] == [None, '"v1"']
    state = json.loads((tmp_path / STATE_FILE).read_text())
    assert state[f"{site.base}/etag"]["etag"] == '"v1"'
    site.version = 2
    clock.tick()
    [third] = capture([f"{site.base}/etag"], tmp_path, now=clock, **FAST)
    assert third.outcome == SAVED and len(snapshot_files(tmp_path)) == 2


def test_last_modified_is_sent_back_as_if_modified_since(site, tmp_path):
    clock = Clock()
    capture([f"{site.base}/modified"], tmp_path, now=clock, **FAST)
    clock.tick()
    [second] = capture([f"{site.base}/modified"], tmp_path, now=clock, **FAST)
    assert (second.outcome, second.status) == (UNCHANGED, 304)
    assert [h.get("if-modified-since") for h in site.hits("/modified")] == [None, LAST_MODIFIED]
    assert len(snapshot_files(tmp_path)) == 1


def test_a_500_is_retried_with_backoff_then_saved(site, tmp_path):
    waits: list[float] = []
    [result] = capture([f"{site.base}/flaky"], tmp_path, sleep=waits.append, **FAST)
    assert (result.outcome, result.attempts) == (SAVED, 2)
    assert waits == [0.01]
    assert len(site.hits("/flaky")) == 2


def test_every_500_exhausts_the_retries_with_exponential_backoff(site, tmp_path):
    site.flaky_failures = 10
    waits: list[float] = []
    [result] = capture([f"{site.base}/flaky"], tmp_path, sleep=waits.append, timeout=2.0, retries=3, backoff=0.01)
    assert (result.outcome, result.status, result.attempts) == (FAILED, 500, 4)
    assert result.reason.startswith("HTTP 500") and "after 4 attempts" in result.reason
    assert waits == [0.01, 0.02, 0.04]
    assert snapshot_files(tmp_path) == []


def test_a_4xx_is_not_retried(site, tmp_path):
    waits: list[float] = []
    [result] = capture([f"{site.base}/missing"], tmp_path, sleep=waits.append, **FAST)
    assert (result.outcome, result.status, result.attempts) == (FAILED, 404, 1)
    assert waits == [] and len(site.hits("/missing")) == 1


def test_a_slow_answer_times_out_and_is_retried(site, tmp_path):
    waits: list[float] = []
    started = time.monotonic()
    [result] = capture([f"{site.base}/slow"], tmp_path, sleep=waits.append, timeout=0.2, retries=1, backoff=0.01)
    assert result.outcome == FAILED and "timed out after 0.2s" in result.reason
    assert result.attempts == 2 and waits == [0.01]
    assert time.monotonic() - started < SLOW_ANSWER * 2
    assert snapshot_files(tmp_path) == []


def test_network_errors_are_retried(tmp_path):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    waits: list[float] = []
    [result] = capture([f"http://127.0.0.1:{port}/"], tmp_path, sleep=waits.append, **FAST)
    assert result.outcome == FAILED and result.reason.startswith("network error")
    assert waits == [0.01, 0.02]


def test_a_redirect_is_followed_and_the_asked_url_recorded(site, tmp_path):
    [result] = capture([f"{site.base}/moved"], tmp_path, **FAST)
    assert result.outcome == SAVED and result.final_url == f"{site.base}/live"
    assert manifest_entries(tmp_path)[result.path.name]["url"] == f"{site.base}/moved"
    assert [headers["user-agent"] for headers in site.hits("/live")] == [USER_AGENT]  # kept across the redirect


def test_a_plain_text_answer_is_saved_as_txt(site, tmp_path):
    [result] = capture([f"{site.base}/plain"], tmp_path, **FAST)
    assert result.path.name.endswith(".txt.gz")


def test_a_page_saved_uncompressed_before_is_not_saved_again(site, tmp_path):
    body = site.page()
    earlier = tmp_path / f"2024-11-05T080000Z-{sha(body)[:12]}.html"
    earlier.write_bytes(body)
    [result] = capture([f"{site.base}/live"], tmp_path, now=Clock(), **FAST)
    assert (result.outcome, result.reason) == (UNCHANGED, f"same content as {earlier.name}")
    assert snapshot_files(tmp_path) == [earlier.name]


def test_the_same_page_compresses_to_the_same_bytes(site, tmp_path):
    [first] = capture([f"{site.base}/live"], tmp_path / "one", now=Clock(), **FAST)
    [second] = capture([f"{site.base}/live"], tmp_path / "two", now=Clock(T0 + timedelta(hours=1)), **FAST)
    assert first.path.read_bytes() == second.path.read_bytes()  # no time or name in the gzip header


def test_no_existing_file_is_overwritten(site, tmp_path):
    body = site.page()
    name = f"2024-11-06T103000Z-{sha(body)[:12]}.html.gz"
    (tmp_path / name).write_bytes(b"something else entirely")  # same name, other content
    [result] = capture([f"{site.base}/live"], tmp_path, now=Clock(), **FAST)
    assert result.outcome == FAILED and "not overwritten" in result.reason
    assert (tmp_path / name).read_bytes() == b"something else entirely"
    assert not (tmp_path / "snapshots.yml").exists()


def test_the_manifest_keeps_its_source_entries_and_comments(site, tmp_path):
    manifest = ("# Captures of the ferry blog.\n"
                "source:\n  title: \"Ferry strike live\"\n  timezone: Europe/London\n"
                "snapshots:\n  old.txt:\n    captured_at: \"2024-11-05T08:00:00+00:00\"  # by hand\n")
    (tmp_path / "snapshots.yml").write_text(manifest, encoding="utf-8")
    (tmp_path / "old.txt").write_text("Ferry strike live\n", encoding="utf-8")
    [result] = capture([f"{site.base}/live"], tmp_path, now=Clock(), **FAST)
    text = (tmp_path / "snapshots.yml").read_text(encoding="utf-8")
    assert text.startswith(manifest)  # everything that was there is there, as written
    read = read_manifest(tmp_path)
    assert read.title == "Ferry strike live"
    assert dict(read.captured) == {"old.txt": datetime(2024, 11, 5, 8, 0, tzinfo=timezone.utc),
                                   result.path.name: T0}
    assert not [p for p in tmp_path.iterdir() if p.name.endswith((".tmp", ".part"))]


def test_results_say_what_was_done_for_each_url(site, tmp_path):
    results = capture([f"{site.base}/live", f"{site.base}/live", "ftp://example.org/x", f"{site.base}/missing"],
                      tmp_path, **FAST)
    assert [r.outcome for r in results] == [SAVED, UNCHANGED, FAILED, FAILED]
    assert results[2].reason == "not an http(s) URL"
    assert results[0].describe() == f"saved {site.base}/live -> {results[0].path.name} ({results[0].reason})"
    assert [r.ok for r in results] == [True, True, False, False]


def test_url_lists_skip_comments_and_blank_lines(tmp_path):
    path = tmp_path / "capture-urls.txt"
    path.write_text("# live blogs to capture\n\nhttps://a.example/live\n  https://b.example/live  \n", encoding="utf-8")
    assert read_urls(path) == ["https://a.example/live", "https://b.example/live"]


def test_the_command_line_saves_reports_and_fails_on_a_missing_page(site, tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# the blog\n{site.base}/live\n")
    run = subprocess.run([sys.executable, "-m", "generator", "capture", "--urls-file", str(urls),
                          "--into", str(tmp_path / "snaps"), "--retries", "0", "--timeout", "2"],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert len(snapshot_files(tmp_path / "snaps")) == 1 and "saved" in run.stdout
    run = subprocess.run([sys.executable, "-m", "generator", "capture", f"{site.base}/missing",
                          "--into", str(tmp_path / "snaps"), "--retries", "0", "--timeout", "2"],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 1 and "failed" in run.stdout and "404" in run.stdout


@pytest.mark.parametrize("path", ["/trickle", "/trickle-headers"])
def test_one_deadline_covers_the_whole_download(site, tmp_path, path):
    started = time.monotonic()
    [result] = capture([f"{site.base}{path}"], tmp_path, timeout=0.5, retries=0)
    assert (result.outcome, result.reason) == (FAILED, "timed out after 0.5s (after 1 attempts)")
    assert time.monotonic() - started < 3  # not the ten seconds the server would take
    assert snapshot_files(tmp_path) == []


@pytest.mark.parametrize("path, scheme", [("/to-ftp", "ftp"), ("/to-file", "file")])
def test_a_redirect_away_from_http_is_not_followed(site, tmp_path, path, scheme):
    [result] = capture([f"{site.base}{path}"], tmp_path, **FAST)
    assert result.outcome == FAILED
    assert result.reason == f"redirected to a {scheme}: URL; only http and https are followed"
    assert result.attempts == 1 and snapshot_files(tmp_path) == []


def test_a_redirect_loop_gives_up(site, tmp_path):
    [result] = capture([f"{site.base}/loop"], tmp_path, **FAST)
    assert (result.outcome, result.reason) == (FAILED, "more than 5 redirects")


def test_the_final_url_is_recorded_in_the_manifest(site, tmp_path):
    [result] = capture([f"{site.base}/moved"], tmp_path, **FAST)
    assert manifest_entries(tmp_path)[result.path.name] == {
        "captured_at": result.captured_at.isoformat(), "url": f"{site.base}/moved", "final_url": f"{site.base}/live"}


@pytest.mark.parametrize("path, reason", [
    ("/png", "image/png is not an HTML or text page; not saved"),
    ("/json", "application/json is not an HTML or text page; not saved"),
    ("/disguised", "binary content (NUL bytes), not an HTML or text page; not saved"),
])
def test_answers_that_are_no_page_are_refused_by_name(site, tmp_path, path, reason):
    [result] = capture([f"{site.base}{path}"], tmp_path, **FAST)
    assert (result.outcome, result.reason, result.attempts) == (FAILED, reason, 1)
    assert snapshot_files(tmp_path) == [] and not (tmp_path / "snapshots.yml").exists()


@pytest.mark.parametrize("url, reason", [
    ("http://[::1/live", "bad URL: Invalid IPv6 URL"),
    ("http://127.0.0.1:99999/live", "bad URL: Port out of range 0-65535"),
    ("http:///live", "not an http(s) URL"),
    ("not a url at all", "not an http(s) URL"),
    ("http://exa mple.org/live", "bad URL: the host name holds characters no host name has"),
    ("ftp://example.org/x", "not an http(s) URL"),
])
def test_a_bad_url_is_one_failed_line(tmp_path, url, reason):
    [result] = capture([url], tmp_path, **FAST)
    assert (result.outcome, result.reason) == (FAILED, reason)
    assert result.describe().count("\n") == 0


def test_a_bad_url_on_the_command_line_fails_without_a_traceback(site, tmp_path):
    run = subprocess.run([sys.executable, "-m", "generator", "capture", "http://[::1/live", f"{site.base}/live",
                          "--into", str(tmp_path), "--retries", "0"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stdout.splitlines()[0] == "failed http://[::1/live (bad URL: Invalid IPv6 URL)"
    assert run.stdout.splitlines()[1].startswith(f"saved {site.base}/live -> ")


def test_credentials_are_never_written_or_printed(site, tmp_path):
    port = site.base.rsplit(":", 1)[1]
    url = (f"http://reader:hunter2pass@127.0.0.1:{port}/live?token=tok3n&page=2&api_key=k3y&X-Amz-Signature=s1g"
           "&access_token=acc3ss&password=pw0rd&sig=s1g2&auth=au7h&key=plainkey")
    run = subprocess.run([sys.executable, "-m", "generator", "capture", url, "--into", str(tmp_path),
                          "--retries", "0"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    clean = f"http://127.0.0.1:{port}/live?page=2"
    assert run.stdout.startswith(f"saved {clean} -> ")
    [name] = snapshot_files(tmp_path)
    assert manifest_entries(tmp_path)[name]["url"] == clean
    assert list(json.loads((tmp_path / STATE_FILE).read_text())) == [clean]
    kept = "".join(p.read_text() for p in tmp_path.iterdir() if p.suffix in (".yml", ".json"))
    written = run.stdout + run.stderr + kept
    for secret in ("hunter2pass", "reader", "tok3n", "k3y", "s1g", "acc3ss", "pw0rd", "au7h", "plainkey"):
        assert secret not in written
    [headers] = site.hits("/live?token=tok3n&page=2&api_key=k3y&X-Amz-Signature=s1g&access_token=acc3ss"
                          "&password=pw0rd&sig=s1g2&auth=au7h&key=plainkey")
    assert headers["authorization"].startswith("Basic ")  # the page itself was still asked for with them


def test_a_failure_message_never_shows_a_secret(tmp_path):
    [result] = capture(["http://127.0.0.1/a b?token=sekr1t"], tmp_path, **FAST)
    assert result.outcome == FAILED and "sekr1t" not in result.describe()
    assert result.url == "http://127.0.0.1/a b"


def test_concurrent_captures_into_one_folder_lose_no_entry(site, tmp_path):
    batches = [[f"{site.base}/numbered?n={batch}-{n}" for n in range(16)] for batch in range(3)]
    threads = [threading.Thread(target=capture, args=(urls, tmp_path), kwargs=FAST) for urls in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    entries = manifest_entries(tmp_path)
    assert len(snapshot_files(tmp_path)) == 48 and set(entries) == set(snapshot_files(tmp_path))
    assert sorted(e["url"] for e in entries.values()) == sorted(u for urls in batches for u in urls)
    assert len(json.loads((tmp_path / STATE_FILE).read_text())) == 48


def test_a_folder_that_is_a_file_stops_the_command_with_one_line(tmp_path):
    (tmp_path / "snaps").write_text("not a folder")
    run = subprocess.run([sys.executable, "-m", "generator", "capture", "http://127.0.0.1:9/live",
                          "--into", str(tmp_path / "snaps")], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.strip() == f"error: {tmp_path / 'snaps'}: cannot save snapshots there: File exists"


def test_a_compressed_capture_is_read_back_as_the_page(site, tmp_path):
    [result] = capture([f"{site.base}/live"], tmp_path, now=Clock(), **FAST)
    [found] = find_snapshots(tmp_path, read_manifest(tmp_path), timezone.utc)
    assert (found.name, found.captured_at) == (result.path.name, T0)
    assert decode(found) == site.page().decode("utf-8")
