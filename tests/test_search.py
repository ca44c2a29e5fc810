"""Search on the example site, as a reader uses it: posts rank above index pages and each hit shows once.

The served site is answered by Pagefind through Material's search box; the offline build (file://) by
Material's lunr. Both are checked the same way: a name the tags carry (so the Tags page and theme pages would
match it too) is typed, the first hit must be a day page, no page may be listed twice, and no hit may show
its tag chips more than once. The hostile snapshots' site checks that no snapshot text becomes markup in the
results.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from urllib.parse import urlsplit

import pytest

from conftest import ROOT
from test_browser import (DIGEST, hostile_site, injected, offline_site, open_page, page,  # noqa: F401
                          shot, site_url)

sys.path.insert(0, str(ROOT / "bench"))
import search as measure  # noqa: E402

pytestmark = pytest.mark.browser
HITS = ".md-search-result__list > .md-search-result__item"


def most_tagged_name() -> str:
    """The tag most posts carry: a name that the Tags page, theme pages and day pages all hold."""
    tags = Counter(tag for day in DIGEST["days"] for item in day["items"] for tag in item.get("tags", ()))
    return tags.most_common(1)[0][0].split()[-1]


def hits(page, word: str) -> list[dict]:
    """Type a word in the header's search box; each hit's page address and how many tag chip rows it shows."""
    from playwright.sync_api import expect
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(word, delay=20)
    expect(page.locator(HITS).first).to_be_visible()
    page.wait_for_timeout(300)  # a second, fuller answer may follow the first
    return page.locator(HITS).evaluate_all("""items => items.map(li => {
      const u = new URL(li.querySelector("a").href); u.search = ""; u.hash = "";
      return {page: u.href, tag_rows: li.querySelectorAll(".md-tags").length,
              text: li.innerText, html: li.innerHTML};
    })""")


def assert_posts_first_and_once(found: list[dict], word: str) -> None:
    pages = [hit["page"] for hit in found]
    assert found, f"no hit for {word!r}"
    assert re.search(r"/days/\d{4}-\d\d-\d\d(/|\.html)$", pages[0]), f"first hit for {word!r} is {pages[0]}"
    assert len(pages) == len(set(pages)), f"a page is listed twice: {pages}"
    assert all(hit["tag_rows"] <= 1 for hit in found), "a hit shows its tags more than once"
    assert not any(re.search(r"/(tags|archive)(/|\.html|/index\.html)", p) for p in pages), pages
    assert word.lower() in found[0]["text"].lower()


def test_served_search_ranks_a_day_first_and_shows_each_hit_once(page, site_url):
    word = most_tagged_name()
    page.goto(site_url)
    found = hits(page, word)
    shot(page, "search-ranking")
    assert_posts_first_and_once(found, word)
    assert page.evaluate("JSON.parse(document.getElementById('__config').textContent).search").endswith(
        "pagefind-search.js")
    assert not page.js_errors


def test_offline_search_ranks_a_day_first_and_shows_each_hit_once(page, offline_site):
    word = most_tagged_name()
    page.goto((offline_site / "index.html").as_uri())
    found = hits(page, word)
    assert_posts_first_and_once(found, word)
    assert not (offline_site / "pagefind").exists(), "the offline build has a Pagefind index it cannot fetch"
    assert not page.js_errors


def test_served_search_works_at_phone_width(browser, site_url):
    word = most_tagged_name()
    run = measure.visit(browser, site_url, [word, "Kharkiv"], width=360)
    assert run.first.ms is not None and run.first.results, "no results at phone width"
    assert urlsplit(run.first.results[0]).path.startswith("/days/")
    assert run.later[0].results, "no results for a second query at phone width"


def test_index_pages_are_out_of_the_served_index(site_url):
    built = ROOT / "content"
    for name in ("tags.md", "archive/index.md", "days/index.md"):
        assert "search:\n  exclude: true" in (built / name).read_text(encoding="utf-8"), name
    for name in ("index.md", "themes/index.md"):
        assert "search:\n  boost: 0.1" in (built / name).read_text(encoding="utf-8"), name


def test_search_results_of_hostile_snapshots_are_text(browser, hostile_site):
    """Words of a snapshot full of markup come back in the results as text, on the served site."""
    site = hostile_site / "site"
    assert (site / "pagefind" / "pagefind.js").is_file()
    context, page = open_page(browser)
    with measure.serve(site) as url:
        page.goto(url)
        found = hits(page, "bridge")
        assert found
        for hit in found:
            assert injected(hit["html"]) == [], "markup from a snapshot got into the search results"
            assert "<script" not in hit["html"] and "<img" not in hit["html"]
        assert page.evaluate("window.__pwned") is None
    context.close()
