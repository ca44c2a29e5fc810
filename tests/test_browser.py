"""The built site in a real browser: Playwright drives the system Chromium (/usr/bin/chromium).

The site is built from the committed content/ into a temporary folder and served on 127.0.0.1; the
offline build (OFFLINE=true) is opened from file://. Screenshots go to tests/output/browser/.

Without Chromium or the playwright package these tests skip, except when CI is set: there they
fail, so that CI cannot pass by skipping them. Playwright's own browser download is never used.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from collections import Counter
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from conftest import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "tests" / "output" / "browser"
DIGEST = json.loads((ROOT / "content" / "digest.json").read_text(encoding="utf-8"))
TIMEOUT = 15_000  # ms, for search results and page loads
WORD = re.compile(r"[^\W\d_]+")


# --- what the pages should show, from digest.json and mkdocs.yml ---------------------------------

def site_name() -> str:
    # mkdocs.yml has !ENV tags that safe_load refuses: read just this one key.
    line = re.search(r"^site_name:.*$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    return yaml.safe_load(line.group(0))["site_name"]


def items() -> list[tuple[dict, dict]]:
    """(day, item) for every dated item."""
    return [(day, item) for day in DIGEST["days"] for item in day["items"]]


def search_word() -> tuple[str, dict, dict]:
    """A word of 7 letters or more found in one item's body and nowhere else in digest.json.

    Search matches word stems and prefixes, so the word must also be the only one in digest.json
    to start with its first five letters. The longest such word is taken (then alphabetical order).
    """
    everywhere = Counter(WORD.findall(json.dumps(DIGEST, ensure_ascii=False).lower()))
    candidates = []
    for day, item in items():
        for word, count in Counter(WORD.findall(" ".join(item["body"]).lower())).items():
            if len(word) < 7 or everywhere[word] != count:
                continue
            if any(other != word and other.startswith(word[:5]) for other in everywhere):
                continue
            candidates.append((-len(word), word, day, item))
    assert candidates, "no word of 7 letters or more is unique to one post's body"
    _, word, day, item = min(candidates, key=lambda c: c[:2])
    return word, day, item


def page_url(base: str, markdown_path: str, directory_urls: bool = True) -> str:
    """Where a page of content/ ends up: days/2024-11-06.md -> days/2024-11-06/ (or .html)."""
    stem = markdown_path.removesuffix(".md")
    return urljoin(base, stem + "/" if directory_urls else stem + ".html")


def heading_texts(page) -> list[str]:
    texts = page.locator("article :is(h2, h3, h4)").all_inner_texts()
    return [t.replace("¶", "").strip() for t in texts]


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


# --- fixtures ----------------------------------------------------------------------------------

def unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so the browser tests must run, not skip", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright():
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        unavailable(f"no Chromium at {CHROMIUM} (install the Debian package: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    with sync_playwright() as p:
        yield p


def launch(playwright, *extra_args: str):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                      args=CHROMIUM_ARGS + list(extra_args))


@pytest.fixture(scope="session")
def browser(playwright):
    browser = launch(playwright)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def file_browser(playwright):
    """Chromium for pages opened from file://.

    Chromium will not start a web worker (where Material runs its search) from a file:// page. The
    offline plugin works around that with the iframe-worker shim, which the built pages load from
    unpkg.com: without a network connection there is no search from file://. These tests reach no
    network, so this browser is allowed to start workers from files instead. What is tested is the
    rest of the offline build: the search index inlined in search/search_index.js, links to .html
    files, and search from file:// without a server.
    """
    browser = launch(playwright, "--allow-file-access-from-files")
    yield browser
    browser.close()


def build_site(site_dir: Path, offline: bool) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("OFFLINE", None)
    if offline:
        env["OFFLINE"] = "true"
    mkdocs = Path(sys.executable).parent / "mkdocs"
    done = subprocess.run([str(mkdocs), "build", "--strict", "--site-dir", str(site_dir)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        pytest.fail(f"mkdocs build failed ({done.returncode}):\n{done.stdout}\n{done.stderr}", pytrace=False)
    assert (site_dir / "index.html").is_file()
    return site_dir


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def site_url(tmp_path_factory):
    """The site built from content/, served over HTTP on 127.0.0.1 on a free port."""
    site = build_site(tmp_path_factory.mktemp("site"), offline=False)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory):
    """The OFFLINE=true build, to open from file://."""
    site = build_site(tmp_path_factory.mktemp("site-offline"), offline=True)
    assert (site / "search" / "search_index.js").is_file(), "the offline plugin did not inline the index"
    return site


def open_page(browser):
    """A fresh page (light scheme, no stored palette) that reaches nothing beyond 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    context.set_default_timeout(TIMEOUT)

    def local_only(route):
        host = urlsplit(route.request.url).hostname
        route.continue_() if host in ("127.0.0.1", None, "") else route.abort()

    context.route(re.compile(r"^https?://"), local_only)
    page = context.new_page()
    page.js_errors = []
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    return context, page


@pytest.fixture
def page(browser):
    context, page = open_page(browser)
    yield page
    context.close()


@pytest.fixture
def file_page(file_browser):
    context, page = open_page(file_browser)
    yield page
    context.close()


def search(page, word: str):
    """Type a word in the header's search box and wait for the first result; return its link."""
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(word, delay=20)
    first = page.locator(".md-search-result__item a.md-search-result__link").first
    first.wait_for(state="visible", timeout=TIMEOUT)
    return first


def assert_search_lands_on_the_post(page, word: str, expected_url: str, screenshot: str) -> None:
    from playwright.sync_api import expect

    result = search(page, word)
    expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile(r"\b1 matching document"))
    expect(page.locator(".md-search-result")).to_contain_text(word, ignore_case=True)
    shot(page, screenshot)
    result.click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile("^" + re.escape(expected_url) + r"([?#].*)?$"))
    article = page.locator("article")
    expect(article).to_contain_text(word, ignore_case=True)
    assert word in article.inner_text().lower()
    assert not page.js_errors


# --- tests -------------------------------------------------------------------------------------

def test_home_page_has_the_title_and_links_to_every_day(page, site_url):
    page.goto(site_url)
    assert site_name() in page.title()
    assert page.locator("article h1").inner_text().replace("¶", "").strip() == DIGEST["title"]
    links = page.locator("article a[href]").evaluate_all("links => links.map(a => a.href)")
    assert DIGEST["days"], "digest.json has no days"
    for day in DIGEST["days"]:
        assert page_url(site_url, day["page"]) in links, day["date"]
    assert not page.js_errors
    shot(page, "home")


def test_a_day_link_leads_to_the_day_page_with_its_headline_and_posts(page, site_url):
    day = DIGEST["days"][0]
    page.goto(site_url)
    link = page.locator(f'article a[href*="{day["date"]}"]')
    day_title = link.first.inner_text().strip()
    link.first.click()
    page.wait_for_url(page_url(site_url, day["page"]))
    assert page.locator("article h1").inner_text().replace("¶", "").strip() == day_title
    article = page.locator("article").inner_text()
    assert day["titles"], "the day has no blog headline"
    assert day["titles"][0] in article
    headlines = {item["headline"] for item in day["items"]}
    shown = [h for h in heading_texts(page) if h in headlines]
    assert shown, f"no post heading on {page.url}"
    assert not page.js_errors
    shot(page, "day")


def test_search_finds_a_word_of_one_post_and_leads_to_it(page, site_url):
    word, day, _ = search_word()
    page.goto(site_url)
    assert_search_lands_on_the_post(page, word, page_url(site_url, day["page"]), "search")


def test_the_palette_toggle_switches_to_dark_and_back(page, site_url):
    page.goto(site_url)
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    page.locator('label[title="Switch to dark mode"]').click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    assert body.get_attribute("data-md-color-scheme") == "slate"
    shot(page, "dark")
    page.locator('label[title="Switch to light mode"]').click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")
    assert not page.js_errors


def test_the_offline_build_searches_from_file(file_page, offline_site):
    word, day, _ = search_word()
    home = (offline_site / "index.html").as_uri()
    file_page.goto(home)
    assert site_name() in file_page.title()
    links = file_page.locator("article a[href]").evaluate_all("links => links.map(a => a.href)")
    assert page_url(home, day["page"], directory_urls=False) in links
    assert_search_lands_on_the_post(file_page, word, page_url(home, day["page"], directory_urls=False),
                                    "offline-search")
