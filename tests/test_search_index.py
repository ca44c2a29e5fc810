"""What the site's search indexes hold (no browser): generator/sitesearch.py and the pages' search settings."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from generator.sitesearch import lists_left_out, section_without_tags


def build(site: Path, offline: bool) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("OFFLINE", None)
    if offline:
        env.update(OFFLINE="true", OFFLINE_INSTANT="navigation.footer")
    done = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "--site-dir", str(site)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return site


@pytest.fixture(scope="module")
def offline_index(tmp_path_factory):
    site = build(tmp_path_factory.mktemp("offline"), offline=True)
    assert not (site / "pagefind").exists(), "the offline build carries a Pagefind index it cannot fetch"
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_a_list_under_a_named_heading_is_left_out_of_both_indexes():
    html = ('<h2 id="at-a-glance">At a glance<a class="headerlink" href="#at-a-glance">¶</a></h2>\n<ul>\n<li>a</li>'
            '</ul>\n<h2 id="summary">Summary</h2>\n<ul><li>b</li></ul>')
    marked = lists_left_out(html, ["at-a-glance"])
    assert marked.count("data-search-exclude data-pagefind-ignore") == 1
    assert '<ul data-search-exclude data-pagefind-ignore>\n<li>a</li>' in marked
    assert marked.endswith("<ul><li>b</li></ul>")


def test_a_sections_tags_are_dropped_and_the_pages_kept():
    page = {"location": "days/2024-11-04/", "title": "Monday", "text": "", "tags": ["Kyiv"]}
    section = {"location": "days/2024-11-04/#summary", "title": "Summary", "text": "", "tags": ["Kyiv"]}
    assert section_without_tags(page) == page
    assert "tags" not in section_without_tags(section) and section_without_tags(section)["title"] == "Summary"


def test_the_offline_index_holds_posts_once_and_no_list_pages(offline_index):
    locations = [doc["location"] for doc in offline_index]
    assert not [loc for loc in locations if loc.split("#")[0] in ("tags.html", "archive/index.html",
                                                                   "days/index.html")], "a list page is indexed"
    tagged = [doc["location"] for doc in offline_index if doc.get("tags")]
    assert tagged and all("#" not in loc for loc in tagged), "a section carries its page's tags"
    glance = [doc for doc in offline_index if doc["location"].endswith("#at-a-glance")]
    assert glance and all("<li>" not in doc["text"] for doc in glance), "the day's list of its posts is indexed"
    boosted = {doc["location"].split("#")[0]: doc.get("boost") for doc in offline_index}
    assert boosted["index.html"] == 0.1 and boosted["themes/north-korean-troops.html"] == 0.1
