"""The Atom feed: valid XML, one entry per day, stable ids, linked from every page."""
import json
from xml.etree import ElementTree as ET

from conftest import ROOT

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = ROOT / "content"


def test_the_feed_has_one_entry_per_day_with_stable_unique_ids():
    feed = ET.parse(CONTENT / "feed.xml").getroot()
    digest = json.loads((CONTENT / "digest.json").read_text())
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(digest["days"])
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    newest = digest["days"][-1]
    assert entries[0].find(f"{ATOM}link").get("href") == f"days/{newest['date']}/"
    assert entries[0].findtext(f"{ATOM}title").endswith(f"{len(newest['items'])} posts")
    for entry in entries:
        assert entry.findtext(f"{ATOM}updated").endswith("Z")
        assert "<li>" in entry.findtext(f"{ATOM}content")


def test_feed_ids_do_not_change_when_the_digest_grows(tmp_path, config):
    from generator.build import build
    import shutil
    folder = tmp_path / "snaps"
    shutil.copytree(ROOT / "examples" / "snapshots", folder)
    (folder / "04_d2c79a.txt").unlink()
    build(folder, tmp_path / "out", config)
    before = {e.findtext(f"{ATOM}title").split(":")[0]: e.findtext(f"{ATOM}id")
              for e in ET.parse(tmp_path / "out" / "feed.xml").getroot().findall(f"{ATOM}entry")}
    after = {e.findtext(f"{ATOM}title").split(":")[0]: e.findtext(f"{ATOM}id")
             for e in ET.parse(CONTENT / "feed.xml").getroot().findall(f"{ATOM}entry")}
    assert before and all(after[day] == id_ for day, id_ in before.items())


def test_every_built_page_links_the_feed(tmp_path):
    import os
    import subprocess
    import sys
    mkdocs = os.path.join(os.path.dirname(sys.executable), "mkdocs")
    done = subprocess.run([mkdocs, "build", "--strict", "--site-dir", str(tmp_path)], cwd=ROOT,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    pages = list(tmp_path.rglob("index.html"))
    assert pages and all('type="application/atom+xml"' in p.read_text() for p in pages)
    assert (tmp_path / "feed.xml").is_file() and (tmp_path / "digest.json").is_file()
