"""Rebuilding a past live blog from the archive: a fake CDX and archive server on 127.0.0.1, never the network."""
from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import FIXTURES
from generator.build import build
from generator.cli import main
from generator.config import load_config
from generator.wayback import Fetcher, capture_wayback, parse_every

BLOG = "https://news.example/live/canal-breach"
HOURS = range(8, 18)
POSTS = {  # a post already up before the first capture, then one an hour
    7: ("Canal bank reported leaking overnight",
        "A dog walker raised the alarm at first light after seeing a trickle from the bank near the aqueduct."),
    8: ("Water pours through the towpath wall",
        "A section of the towpath wall gave way before breakfast and water is running into the fields below."),
    9: ("Narrowboats moored upstream told to stay put",
        "Owners have been asked not to move their boats while the level in the cut keeps falling."),
    10: ("Engineers arrive with sandbags and pumps",
        "Two lorries of sandbags reached the lock cottage and a pump team has started work on the gap."),
    11: ("Footpath closed between the two locks",
        "Walkers heading for the village are being sent along the old railway line instead."),
    12: ("Farmer counts flooded barley",
        "One farmer said a whole field of barley ready for harvest is now under a foot of muddy water."),
    13: ("Trust blames burrowing animals",
        "The waterways trust believes rabbits weakened the bank over several winters without anyone noticing."),
    14: ("Stop planks go in either side of the breach",
        "Volunteers helped lower timber planks into the grooves to hold back what is left in the pound."),
    15: ("Swans rescued from the drained channel",
        "An animal charity lifted four swans and a family of cygnets out of the mud this afternoon."),
    16: ("Repair could take most of the summer",
        "The trust's regional director said rebuilding the wall properly would take at least ten weeks."),
    17: ("Residents invited to an evening meeting",
        "People living along the canal can put questions to the engineers at the village hall at seven."),
}


def page(hour: int) -> bytes:
    """The blog as it stood at `hour` (UTC): every post so far, newest first."""
    posts = "".join(
        f'<article id="post-{h}"><header><h2>{POSTS[h][0]}</h2>'
        f'<time datetime="2025-06-12T{h:02d}:05:00Z">{h}.05</time></header><p>{POSTS[h][1]}</p></article>'
        for h in sorted((h for h in POSTS if h <= hour), reverse=True))
    return (f"<!DOCTYPE html><html><head><title>Canal breach: live</title></head><body><main>"
            f'<h1>Canal breach: live</h1><section class="feed">{posts}</section></main></body></html>').encode()


class Archive(BaseHTTPRequestHandler):
    """The CDX API and the archived copies; `failing` holds statuses to answer downloads with first."""

    stamps = [f"20250612{h:02d}{m}" for h in HOURS for m in ("1200", "3100", "4700")]
    failing: dict[str, list[int]] = {}
    moved: dict[str, str] = {}
    log: list[tuple[str, str]] = []

    def do_GET(self):
        parts = urlsplit(self.path)
        self.log.append((self.path, self.headers.get("User-Agent", "")))
        if parts.path == "/cdx/search/cdx":
            query = parse_qs(parts.query)
            assert query["url"] == [BLOG] and query["output"] == ["json"] and query["collapse"] == ["digest"]
            assert sorted(query["filter"]) == ["mimetype:text/html", "statuscode:200"]
            start, end = query.get("from", ["0"])[0], query.get("to", ["9"])[0]
            rows = [["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]]
            rows += [["key", s, BLOG, "text/html", "200", s, "100"] for s in self.stamps
                     if s[:len(start)] >= start and s[:len(end)] <= end]
            return self.answer(200, json.dumps(rows).encode(), "application/json")
        found = re.fullmatch(r"/web/(\d{14})id_/(.+)", parts.path)
        if not found or found.group(2) != BLOG:
            return self.answer(404, b"not archived")
        if found.group(1) in self.moved:  # the archive answers with a neighbouring capture
            self.send_response(302)
            self.send_header("Location", f"/web/{self.moved[found.group(1)]}id_/{BLOG}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        queue = self.failing.get(found.group(1), [])
        if queue:
            status = queue.pop(0) if len(queue) > 1 or queue[0] != 503 else 503  # a lone 503 stays: the archive is down
            return self.answer(status, b"busy", headers={"Retry-After": "0"})
        self.answer(200, page(int(found.group(1)[8:10])), "text/html; charset=utf-8")

    def answer(self, status: int, body: bytes, kind: str = "text/plain", headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def archive():
    Archive.failing, Archive.moved, Archive.log = {}, {}, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Archive)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def fetcher(pauses: list | None = None) -> Fetcher:
    return Fetcher(pause=0.5, backoff=0.0, retries=2, timeout=5, sleep=(pauses if pauses is not None else []).append)


def downloads() -> list[str]:
    return [path for path, _ in Archive.log if "id_/" in path]


def test_a_day_captured_hourly_resumes_after_an_interruption_and_builds(archive, tmp_path):
    into = tmp_path / "snapshots"
    first = capture_wayback(BLOG, into, base=archive, start="20250612", end="20250612", limit=4, fetcher=fetcher())
    assert [r.outcome for r in first] == ["saved"] * 4
    assert [r.capture.timestamp for r in first] == [f"20250612{h:02d}1200" for h in range(8, 12)]

    Archive.failing = {"20250612121200": [503]}  # the archive falls over on one capture
    second = capture_wayback(BLOG, into, base=archive, start="20250612", end="20250612", fetcher=fetcher())
    assert [r.outcome for r in second].count("already saved") == 4
    [failed] = [r for r in second if not r.ok]
    assert failed.capture.timestamp == "20250612121200" and "HTTP 503" in failed.reason

    Archive.failing, Archive.log = {}, []
    third = capture_wayback(BLOG, into, base=archive, start="20250612", end="20250612", fetcher=fetcher())
    assert downloads() == [f"/web/20250612121200id_/{BLOG}"]  # only what was missing
    assert all(r.ok for r in third) and len(third) == len(HOURS)
    assert all("livedigest" in agent for _, agent in Archive.log)

    out = tmp_path / "out"
    build(into, out, load_config())
    data = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    [day] = data["days"]
    assert day["date"] == "2025-06-12"
    assert sorted(i["headline"] for i in day["items"]) == sorted(h for h, _ in POSTS.values())
    dawn = next(i for i in day["items"] if i["headline"] == POSTS[7][0])
    assert dawn["first_seen"] == "2025-06-12T08:12:00+00:00"
    assert dawn["first_seen_in"]["url"] == f"{archive}/web/20250612081200/{BLOG}"
    text = (out / "days" / "2025-06-12.md").read_text(encoding="utf-8")
    assert f"first in the [capture of 12 Jun 09:12]({archive}/web/20250612081200/{BLOG})" in text


def test_requests_are_paused_and_a_busy_archive_is_retried(archive, tmp_path):
    Archive.failing = {"20250612081200": [429, 500]}
    pauses = []
    results = capture_wayback(BLOG, tmp_path, base=archive, start="2025061208", end="2025061209",
                              fetcher=fetcher(pauses))
    assert [r.outcome for r in results] == ["saved", "saved"]
    assert len(downloads()) == 4  # two failures, then each capture once
    assert pauses.count(0.5) == len(Archive.log) - 1  # a pause before every request but the first


def test_a_capture_the_archive_answers_with_a_neighbour_is_saved_at_the_neighbours_time(archive, tmp_path):
    Archive.moved = {"20250612171200": "20250612171900"}
    [saved] = capture_wayback(BLOG, tmp_path, base=archive, start="2025061217", end="2025061217", fetcher=fetcher())
    assert saved.path.name.startswith("2025-06-12T171900Z-")
    assert f"url: {archive}/web/20250612171900/{BLOG}" in (tmp_path / "snapshots.yml").read_text(encoding="utf-8")
    [again] = capture_wayback(BLOG, tmp_path, base=archive, start="2025061217", end="2025061217", fetcher=fetcher())
    assert again.outcome == "already saved"


def test_the_command_line_saves_one_capture_per_interval(archive, tmp_path, capsys):
    into = tmp_path / "snapshots"
    code = main(["capture", "--wayback", BLOG, "--archive", archive, "--into", str(into), "--pause", "0",
                 "--every", "2h", "--from", "2025-06-12", "--to", "2025-06-12T13:59"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.count("saved 2025") == 3 and "3 saved, 0 already saved, 0 failed" in out
    manifest = (into / "snapshots.yml").read_text(encoding="utf-8")
    assert f"url: {archive}/web/20250612081200/{BLOG}" in manifest
    assert "captured_at: '2025-06-12T08:12:00+00:00'" in manifest


@pytest.mark.parametrize("span", ["0h", "an hour", "1x"])
def test_a_bad_interval_is_refused(span, tmp_path, capsys):
    with pytest.raises(ValueError):
        parse_every(span)
    assert main(["capture", "--wayback", BLOG, "--into", str(tmp_path), "--every", span]) == 1
    assert "not" in capsys.readouterr().err


def test_a_page_saved_from_the_viewer_reads_as_the_live_page(tmp_path):
    out = tmp_path / "out"
    build(FIXTURES / "archives" / "viewer", out, load_config())
    data = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    [day] = data["days"]
    items = {i["headline"]: i for i in day["items"]}
    assert len(items) == 3
    talks = items["Union offers to return to talks"]
    assert talks["first_seen"] == "2025-06-10T11:00:00+00:00"  # from the archive address: no manifest
    capture = "https://archive.example/web/20250610110000/https://news.example/live/ferry-strike"
    assert talks["first_seen_in"]["url"] == capture  # the viewer's own record of the capture
    assert [c["url"] for c in talks["related"]] == ["https://news.example/story/rota-plan"]
    written = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.md"))
    assert "toolbar" not in written.lower() and "__wm" not in written
    assert f"first in the [capture of 10 Jun 12:00]({capture})" in written
    assert "/web/2025" not in written.replace(capture, "")  # links of the page itself restored


def test_viewer_scripts_go_even_without_the_end_marker_and_the_page_keeps_its_own():
    from generator.replay import unwrap
    saved = (FIXTURES / "archives" / "viewer" / "saved_from_archive_viewer.html").read_text(encoding="utf-8")
    saved = saved.replace("<!-- End Wayback Rewrite JS Include -->", "")
    saved = saved.replace("</main>", "</main><script>window.liveBlog = {refresh: 60};</script>")
    page = unwrap("saved_from_archive_viewer.html", saved)
    assert "athena" not in page and "__wm" not in page and "_static" not in page
    assert "window.liveBlog" in page and "Crews walk out at dawn" in page


def test_hostile_viewer_markup_is_unwrapped_in_linear_time():
    import time
    from generator.replay import unwrap, viewer_time
    for hostile in ("<!-- End Wayback Rewrite JS Include -->" + "<script " * 500_000,
                    "<!-- BEGIN WAYBACK TOOLBAR INSERT -->" * 200_000, '__wm.wombat("' * 500_000,
                    "<!-- End Wayback Rewrite JS Include -->" + "<head" * 500_000):
        started = time.perf_counter()
        unwrap("hostile.html", hostile)
        viewer_time(hostile)
        assert time.perf_counter() - started < 5
