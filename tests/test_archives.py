"""Web archives as sources: WARC and WACZ records read as snapshots, the same digest as the loose files."""
from __future__ import annotations

import gzip
import io
import json
import shutil
import zipfile
from pathlib import Path

import brotli
import pytest
import yaml
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import FIXTURES
from generator.build import build
from generator.cli import main

BLOG = FIXTURES / "archives"
ADDRESS = "https://news.example/live/ferry-strike"
QUIZ = (b"Weekly quiz live\nTest yourself on the week\nQuiz of the week\n"
        b"Ten questions on the news of the week, with the answers at the bottom.\n")
TYPES = {".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8"}


def captures() -> list[tuple[str, str, bytes]]:
    """(capture time, content type, bytes) of each loose fixture snapshot, as its manifest dates it."""
    manifest = yaml.safe_load((BLOG / "snapshots.yml").read_text(encoding="utf-8"))["snapshots"]
    return [(entry["captured_at"], TYPES[Path(name).suffix], (BLOG / name).read_bytes())
            for name, entry in manifest.items()]


def chunked(data: bytes, size: int = 100) -> bytes:
    parts = [b"%x\r\n%s\r\n" % (len(data[i:i + size]), data[i:i + size]) for i in range(0, len(data), size)]
    return b"".join(parts) + b"0\r\n\r\n"


def response(writer: WARCWriter, uri: str, when: str, kind: str, body: bytes, encode: str = "",
             status: str = "200 OK"):
    headers = [("Content-Type", kind)]
    if encode == "gzip":  # as many servers send a page: gzipped, in chunks
        body = chunked(gzip.compress(body))
        headers += [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]
    elif encode == "br":
        body = brotli.compress(body)
        headers += [("Content-Encoding", "br"), ("Content-Length", str(len(body)))]
    else:
        headers.append(("Content-Length", str(len(body))))
    return writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                     http_headers=StatusAndHeaders(status, headers, protocol="HTTP/1.1"),
                                     warc_headers_dict={"WARC-Date": when.replace("+00:00", "Z")})


def write_warc(out, *, extras: bool = True, gz: bool = True) -> None:
    """The fixture blog's captures as response records, with the requests, assets and repeats a crawler saves."""
    writer = WARCWriter(out, gzip=gz)
    for n, (when, kind, body) in enumerate(captures()):
        writer.write_record(writer.create_warc_record(ADDRESS, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"),
                                                      warc_headers_dict={"WARC-Date": when.replace("+00:00", "Z")}))
        writer.write_record(response(writer, ADDRESS, when, kind, body, encode=("", "gzip", "br")[n]))
        if extras:
            writer.write_record(response(writer, "https://news.example/style.css", when, "text/css", b"p{margin:0}"))
            writer.write_record(response(writer, ADDRESS, when, kind, b"<p>Moved</p>", status="301 Moved"))
    if extras:  # the first page again an hour later, unchanged: the same payload digest
        when, kind, body = captures()[0]
        writer.write_record(response(writer, ADDRESS, "2025-06-10T09:00:00Z", kind, body))
        writer.write_record(writer.create_warc_record(ADDRESS, "metadata", payload=io.BytesIO(b"via: crawler"),
                                                      warc_content_type="text/plain"))
        writer.write_record(response(writer, "https://other.example/live/quiz", "2025-06-10T10:00:00Z", TYPES[".txt"],
                                     QUIZ))


def wacz(path: Path, compression: int = zipfile.ZIP_STORED) -> None:
    data = io.BytesIO()
    write_warc(data, gz=compression == zipfile.ZIP_STORED)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("archive/data.warc" + (".gz" if compression == zipfile.ZIP_STORED else ""), data.getvalue(),
                    compress_type=compression)
        zf.writestr("indexes/index.cdx", "")
        zf.writestr("pages/pages.jsonl", json.dumps({"format": "json-pages-1.0"}) + "\n")
        zf.writestr("datapackage.json", json.dumps({"profile": "data-package", "resources": []}))


def digest(folder: Path, out: Path, url: str | None = ADDRESS) -> dict:
    from generator.config import load_config
    build(folder, out, load_config(), None, url)
    return json.loads((out / "digest.json").read_text(encoding="utf-8"))


def days(data: dict) -> list:
    """What a reader sees, without the snapshot names."""
    return [(d["date"], d["summary"], [(i["headline"], i["body"], i["first_seen"], i["last_seen"]) for i in d["items"]])
            for d in data["days"]]


@pytest.fixture(scope="module")
def loose(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("loose")
    shutil.copytree(BLOG, folder, dirs_exist_ok=True)
    return digest(folder, tmp_path_factory.mktemp("out"))


@pytest.mark.parametrize("name", ["ferry.warc.gz", "ferry.warc", "ferry.wacz", "ferry-deflated.wacz"])
def test_an_archive_builds_the_same_items_and_days_as_the_loose_files(tmp_path, loose, name):
    folder = tmp_path / "in"
    folder.mkdir()
    if name.endswith(".wacz"):
        wacz(folder / name, zipfile.ZIP_DEFLATED if "deflated" in name else zipfile.ZIP_STORED)
    else:
        with open(folder / name, "wb") as out:
            write_warc(out, gz=name.endswith(".gz"))
    data = digest(folder, tmp_path / "out")
    assert days(data) == days(loose)
    first = data["days"][0]["items"][-1]
    assert first["snapshots"][0].startswith(f"{name}#")
    assert first["first_seen_in"]["url"] == ADDRESS


def test_duplicates_assets_redirects_and_other_addresses_are_not_snapshots(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(folder / "ferry.warc.gz", "wb") as out:
        write_warc(out)
    data = digest(folder, tmp_path / "out")
    names = {n for d in data["days"] for i in d["items"] for n in i["snapshots"]}
    assert len(names) == 3
    assert "Quiz of the week" not in json.dumps(data)
    assert "Quiz of the week" in json.dumps(digest(folder, tmp_path / "all", url=None))


def test_archives_and_loose_files_mix_and_a_post_in_both_is_one_item(tmp_path, loose):
    folder = tmp_path / "in"
    shutil.copytree(BLOG, folder)
    with open(folder / "ferry.warc.gz", "wb") as out:
        write_warc(out)
    data = digest(folder, tmp_path / "out")
    assert days(data) == days(loose)
    assert len(data["days"][0]["items"][-1]["snapshots"]) == 4  # two files, two records


def test_a_broken_record_is_skipped_by_name_and_the_rest_is_read(tmp_path, loose, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    buffer = io.BytesIO()
    write_warc(buffer, extras=False, gz=False)
    raw = buffer.getvalue()
    second = raw.index(b"WARC/1.", raw.index(b"WARC-Type: response"))  # the record after the first response
    torn = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/live/ferry-strike\r\n"
    broken = raw[:second] + b"\x00\x17" + torn[:40] + b"\r\n\r\n" + raw[second:]  # a torn write
    (folder / "ferry.warc").write_bytes(broken)
    code = main(["build", "--snapshots", str(folder), "--out", str(tmp_path / "out"), "--no-cache"])
    err = capsys.readouterr().err
    assert code == 0
    assert f"skipped ferry.warc#{second}: broken record" in err
    data = json.loads((tmp_path / "out" / "digest.json").read_text(encoding="utf-8"))
    assert days(data) == days(loose)


def test_a_record_over_the_size_limit_is_skipped_by_name(tmp_path, monkeypatch, capsys):
    from generator import snapshots
    folder = tmp_path / "in"
    folder.mkdir()
    with open(folder / "ferry.warc.gz", "wb") as out:
        write_warc(out, extras=False)
    monkeypatch.setattr(snapshots, "MAX_FILE_BYTES", 800)
    code = main(["build", "--snapshots", str(folder), "--out", str(tmp_path / "out"), "--no-cache"])
    err = capsys.readouterr().err
    assert code == 0
    assert "read 1 snapshots, skipped 2" in err
    assert err.count("over the 800-byte limit") >= 2


def test_a_zip_that_is_no_wacz_is_named_and_the_folder_still_builds(tmp_path, capsys):
    folder = tmp_path / "in"
    shutil.copytree(BLOG, folder)
    with zipfile.ZipFile(folder / "notes.wacz", "w") as zf:
        zf.writestr("readme.txt", "nothing archived here")
    (folder / "torn.wacz").write_bytes(b"PK\x03\x04 not really a zip")
    code = main(["build", "--snapshots", str(folder), "--out", str(tmp_path / "out"), "--no-cache"])
    err = capsys.readouterr().err
    assert code == 0
    assert "notes.wacz: no WARC file under archive/" in err
    assert "torn.wacz: web archive not read" in err


def test_only_http_addresses_become_links_and_they_cannot_break_out(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(BLOG, folder)
    manifest = (folder / "snapshots.yml").read_text(encoding="utf-8")
    manifest = manifest.replace(f'url: "{ADDRESS}"', 'url: "javascript:alert(1)"', 1)
    manifest = manifest.replace(f'url: "{ADDRESS}"', 'url: "https://news.example/a b)<script>x</script>"', 1)
    (folder / "snapshots.yml").write_text(manifest, encoding="utf-8")
    data = digest(folder, tmp_path / "out", url=None)
    page = (tmp_path / "out" / "days" / "2025-06-10.md").read_text(encoding="utf-8")
    assert "javascript:" not in page and "<script>" not in page
    assert "first 10 Jun 09:00" in page  # the capture whose address is no link
    assert "[capture of 10 Jun 12:00](https://news.example/a%20b%29%3Cscript%3Ex%3C/script%3E)" in page
    firsts = {i["first_seen_in"]["url"] for d in data["days"] for i in d["items"]}
    assert "javascript:alert(1)" in firsts  # kept as data in digest.json, never as a link


@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_a_compressed_record_that_inflates_past_the_limit_is_skipped(tmp_path, monkeypatch, capsys, coding):
    from generator import snapshots
    folder = tmp_path / "in"
    shutil.copytree(BLOG, folder)
    with open(folder / "bomb.warc.gz", "wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(response(writer, ADDRESS, "2025-06-10T10:00:00Z", TYPES[".html"],
                                     b"<p>" + b"0" * 4_000_000, encode=coding))
    monkeypatch.setattr(snapshots, "MAX_FILE_BYTES", 1_000_000)
    code = main(["build", "--snapshots", str(folder), "--out", str(tmp_path / "out"), "--no-cache"])
    err = capsys.readouterr().err
    assert code == 0 and "read 3 snapshots, skipped 1" in err
    assert "decoded record over the 1,000,000-byte limit" in err


def test_a_rebuild_from_the_cache_reads_each_record_as_itself(tmp_path, loose):
    from generator.config import load_config
    folder = tmp_path / "in"
    folder.mkdir()
    with open(folder / "ferry.warc.gz", "wb") as out:
        write_warc(out)
    for run in ("cold", "warm"):
        build(folder, tmp_path / run, load_config(), tmp_path / "cache", ADDRESS)
        assert days(json.loads((tmp_path / run / "digest.json").read_text(encoding="utf-8"))) == days(loose)
    assert (tmp_path / "cold" / "digest.json").read_bytes() == (tmp_path / "warm" / "digest.json").read_bytes()


def test_a_damaged_gzip_member_is_skipped_by_name_and_the_next_ones_are_read(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    buffer = io.BytesIO()
    write_warc(buffer, extras=False)
    raw = bytearray(buffer.getvalue())
    members = [i for i in range(len(raw) - 2) if raw[i:i + 3] == b"\x1f\x8b\x08"]
    second_response = members[3]  # request, response, request, response …
    damaged = slice(second_response + 40, second_response + 60)
    raw[damaged] = bytes(b ^ 0x55 for b in raw[damaged])
    (folder / "ferry.warc.gz").write_bytes(bytes(raw))
    code = main(["build", "--snapshots", str(folder), "--out", str(tmp_path / "out"), "--no-cache"])
    err = capsys.readouterr().err
    assert code == 0 and "read 2 snapshots, skipped 1" in err
    assert f"skipped ferry.warc.gz#{second_response}: broken record" in err


def test_record_names_are_safe_and_unique_whatever_ids_the_archive_gives(tmp_path):
    from generator.snapshots import find_snapshots, read_manifest
    from zoneinfo import ZoneInfo
    folder = tmp_path / "in"
    folder.mkdir()
    with open(folder / "ids.warc", "wb") as out:
        writer = WARCWriter(out, gzip=False)
        for n, record_id in enumerate(["<urn:uuid:../../etc/passwd>", "<urn:uuid:same-id>", "<urn:uuid:same-id>"]):
            record = response(writer, ADDRESS, f"2025-06-10T0{n}:00:00Z", TYPES[".txt"], QUIZ + b"%d\n" % n)
            record.rec_headers.replace_header("WARC-Record-ID", record_id)
            writer.write_record(record)
    names = [s.name for s in find_snapshots(folder, read_manifest(folder), ZoneInfo("UTC"))]
    assert len(names) == len(set(names)) == 3
    assert names[1] == "ids.warc#same-id"
    assert all("/" not in name for name in names) and names[0].removeprefix("ids.warc#").isdigit()
